/**
 * The attrition analysis reads the CONSORT flow and the analysed outcomes: the differential-
 * attrition test on the bundled study's flow equals R's fisher.test (tests/fixtures/stats/fisher.R,
 * case bundled_attrition), and the bounds of a contrast built from the R reference case
 * sixths_reference_trimmed (tests/fixtures/stats/attrition-bounds.R) equal R's, with analysed
 * participants who lack the outcome counted as missing, like the lost.
 */
import { describe, expect, it } from 'vitest';
import { attritionBounds, differentialAttritionTest } from '../../pipeline/analyze/attrition.ts';
import type { Consort } from '../../pipeline/ingest/tables.ts';
import type { ScoredParticipant } from '../../pipeline/score/types.ts';
import type { Arm } from '../../pipeline/study.ts';
import { expectClose, loadFixture } from '../stats/fixture.ts';

function consortWith(rows: Record<Arm, { allocated: number; analysed: number }>): Consort {
  const arm = (a: Arm) => ({ allocated: rows[a].allocated, lost: [{ id: 'E2', reason: 'incomplete', n: rows[a].allocated - rows[a].analysed }], analysed: rows[a].analysed });
  const randomised = rows.control.allocated + rows.video.allocated + rows.coach.allocated;
  const analysed = rows.control.analysed + rows.video.analysed + rows.coach.analysed;
  return { schema: 'lend-an-ear-consort/1', enrolled: randomised, excluded_before_randomisation: [], randomised, by_arm: { control: arm('control'), video: arm('video'), coach: arm('coach') }, analysed };
}

function participant(arm: Arm, round3: number | null): ScoredParticipant {
  const round = (alignment: number | null) => ({ scores: {} as ScoredParticipant['rounds'][1]['scores'], alignment, scenario: null, self_report: {} as ScoredParticipant['rounds'][1]['self_report'] });
  return { participant_id: 'p', arm, trait_jes: null, trait_sites: null, rounds: { 1: round(3), 2: round(3), 3: round(round3) }, perception_share: null, perception_items: 0 };
}

describe('differentialAttritionTest', () => {
  const fisher = loadFixture<{ cases: { name: string; p: number }[] }>('fisher').cases.find((c) => c.name === 'bundled_attrition') as { p: number };

  it('is Fisher exact on arm × (analysed, lost) from the CONSORT flow (R fisher.test)', () => {
    const test = differentialAttritionTest(consortWith({ control: { allocated: 343, analysed: 324 }, video: { allocated: 344, analysed: 323 }, coach: { allocated: 343, analysed: 321 } }));
    expect(test.by_arm.coach).toEqual({ allocated: 343, lost: 22, analysed: 321 });
    expectClose(test.p as number, fisher.p, 1e-9, 'p');
    expect(test.status).toBe('exploratory');
  });

  it('has no p and says why when fewer than two arms were allocated', () => {
    const test = differentialAttritionTest(consortWith({ control: { allocated: 0, analysed: 0 }, video: { allocated: 0, analysed: 0 }, coach: { allocated: 5, analysed: 4 } }));
    expect(test.p).toBeNull();
    expect(test.note).toMatch(/fewer than two arms/);
  });
});

describe('attritionBounds', () => {
  interface BoundsCase { name: string; treated: number[]; treated_allocated: number; reference: number[]; reference_allocated: number; lee: { lower: number; upper: number }; worst_case: { lower: number; upper: number } }
  const c = loadFixture<{ cases: BoundsCase[] }>('attrition-bounds').cases.find((k) => k.name === 'sixths_reference_trimmed') as BoundsCase;

  it('bounds coach − control from the analysed outcomes and the allocated counts (R reference)', () => {
    // Two analysed coach participants without a round-3 outcome count as missing, like the lost.
    const participants = [
      ...c.treated.map((v) => participant('coach', v)),
      participant('coach', null),
      participant('coach', null),
      ...c.reference.map((v) => participant('control', v)),
      participant('video', 4),
    ];
    const consort = consortWith({
      control: { allocated: c.reference_allocated, analysed: c.reference.length },
      video: { allocated: 1, analysed: 1 },
      coach: { allocated: c.treated_allocated, analysed: c.treated.length + 2 },
    });
    const b = attritionBounds(participants, consort, { treatment: 'coach', reference: 'control' }, 'alignment', 3, 'H1');
    expect(b.observed).toEqual({ treatment: c.treated.length, reference: c.reference.length });
    expect(b.allocated).toEqual({ treatment: c.treated_allocated, reference: c.reference_allocated });
    expectClose(b.lee?.lower as number, c.lee.lower, 1e-12, 'Lee lower');
    expectClose(b.lee?.upper as number, c.lee.upper, 1e-12, 'Lee upper');
    expectClose(b.worst_case?.lower as number, c.worst_case.lower, 1e-12, 'worst-case lower');
    expectClose(b.worst_case?.upper as number, c.worst_case.upper, 1e-12, 'worst-case upper');
    expect(b.contrast).toBe('coach - control');
  });

  it('gives worst-case bounds but no Lee bounds when an arm has no observed outcome', () => {
    const consort = consortWith({ control: { allocated: 2, analysed: 1 }, video: { allocated: 1, analysed: 1 }, coach: { allocated: 2, analysed: 2 } });
    const b = attritionBounds([participant('coach', 4), participant('coach', 5), participant('control', null)], consort, { treatment: 'coach', reference: 'control' }, 'alignment', 3);
    expect(b.lee).toBeNull();
    expect(b.note).toMatch(/no observed round-3 alignment in control/);
    expect([b.worst_case?.lower, b.worst_case?.upper]).toEqual([4.5 - 5, 4.5 - 1]);
  });
});
