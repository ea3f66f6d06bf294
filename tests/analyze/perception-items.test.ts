/**
 * H7's exploratory companions at the edges: choices of participants outside the analysis are left
 * out, a two-way variance that is not positive gives no SE, interval or test but a note (the 4 × 4
 * Latin square of tests/fixtures/stats/cluster-vcov.R, where sandwich::vcovCL gives −1/60), and
 * too few items or no variation give notes, never a crash. Their numbers on real-sized studies are
 * pinned to R in against-r.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { perceptionItemAnalyses } from '../../pipeline/analyze/perception-items.ts';
import type { HypothesisSpec } from '../../pipeline/prereg/types.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import type { ScoredParticipant, ScoredPerceptionChoice } from '../../pipeline/score/types.ts';

const { prereg } = loadPreregistration();
const h7 = prereg.hypotheses.find((h) => h.id === 'H7') as HypothesisSpec;
const context = { scoring: prereg.scoring, confidenceLevel: prereg.confidence_level };

function participants(ids: string[]): ScoredParticipant[] {
  return ids.map((participant_id) => ({ participant_id, arm: 'control', trait_jes: null, trait_sites: null, rounds: {} as ScoredParticipant['rounds'], perception_share: 0.5, perception_items: 4 }));
}

/** Participant p chose the aligned response on item i when p + i is even: every row and column half aligned. */
function latinSquare(): ScoredPerceptionChoice[] {
  const out: ScoredPerceptionChoice[] = [];
  for (let p = 1; p <= 4; p++) for (let i = 1; i <= 4; i++) out.push({ participant_id: `p${p}`, item_id: `i${i}`, chose_aligned: (p + i) % 2 === 0 });
  return out;
}

describe('perceptionItemAnalyses', () => {
  it('gives H7-by-item and H7-two-way, exploratory and not preregistered, with no decision', () => {
    const [byItem, twoWay] = perceptionItemAnalyses(h7, participants(['p1', 'p2', 'p3', 'p4']), latinSquare(), context);
    expect([byItem.id, twoWay.id]).toEqual(['H7-by-item', 'H7-two-way']);
    for (const r of [byItem, twoWay]) expect([r.status, r.tag, r.decision]).toEqual(['exploratory', 'not_preregistered', null]);
  });

  it('gives no two-way SE when the variance is not positive, and says why (vcovCL: −1/60)', () => {
    const [, twoWay] = perceptionItemAnalyses(h7, participants(['p1', 'p2', 'p3', 'p4']), latinSquare(), context);
    expect(twoWay.estimate).toBe(0.5);
    expect([twoWay.se, twoWay.ci_low, twoWay.ci_high, twoWay.p]).toEqual([null, null, null, null]);
    expect(twoWay.note).toMatch(/not positive \(-0\.01666/);
    expect(twoWay.clusters).toEqual({ participants: 4, items: 4 });
  });

  it('leaves out the choices of participants who are not in the analysis', () => {
    const extra: ScoredPerceptionChoice[] = [{ participant_id: 'outsider', item_id: 'i9', chose_aligned: true }];
    const [byItem, twoWay] = perceptionItemAnalyses(h7, participants(['p1', 'p2', 'p3', 'p4']), [...latinSquare(), ...extra], context);
    expect(byItem.n_items).toBe(4);
    expect(byItem.items?.map((i) => i.item_id)).toEqual(['i1', 'i2', 'i3', 'i4']);
    expect(twoWay.n).toBe(4);
  });

  it('has notes, not numbers, with one item or no variation', () => {
    const one = latinSquare().filter((c) => c.item_id === 'i1');
    const [byItem, twoWay] = perceptionItemAnalyses(h7, participants(['p1', 'p2', 'p3', 'p4']), one, context);
    expect(byItem.note).toMatch(/too few perception items were answered \(1; at least 2 needed\)/);
    expect(twoWay.note).toMatch(/at least 2 participants and 2 items/);
    const same = latinSquare().map((c) => ({ ...c, chose_aligned: true }));
    const [sameByItem, sameTwoWay] = perceptionItemAnalyses(h7, participants(['p1', 'p2', 'p3', 'p4']), same, context);
    expect(sameByItem.note).toMatch(/every item has the same share/);
    expect(sameTwoWay.note).toMatch(/every choice is the same/);
    expect(sameTwoWay.p).toBeNull();
  });
});
