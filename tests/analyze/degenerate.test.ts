/**
 * Never report noise as a finding: each analysis method, on the degenerate inputs of
 * tests/fixtures/stats/degenerate.R (where R 4.2 warns "essentially perfect fit", stops with "data
 * are essentially constant", returns NaN, or reports a t made of round-off), returns its result
 * with null statistics, a note and the decision `not_estimable`; just above the tolerance it
 * returns R's numbers from the same fixture.
 */
import { describe, expect, it } from 'vitest';
import { ancovaTest } from '../../pipeline/analyze/ancova.ts';
import type { MethodContext } from '../../pipeline/analyze/context.ts';
import { traitCorrelationTest } from '../../pipeline/analyze/correlation.ts';
import { decide } from '../../pipeline/analyze/decisions.ts';
import { selfVersusJudgedTest } from '../../pipeline/analyze/mcnemar.ts';
import { mixedModelTests } from '../../pipeline/analyze/mixed.ts';
import { perceptionTest } from '../../pipeline/analyze/perception.ts';
import type { TestResult } from '../../pipeline/analyze/types.ts';
import { changeScoreWelchTest } from '../../pipeline/analyze/welch.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import type { HypothesisSpec } from '../../pipeline/prereg/types.ts';
import type { DimensionScores, ScoredParticipant } from '../../pipeline/score/types.ts';
import { DIMENSIONS, type Arm, type Round } from '../../pipeline/study.ts';
import { expectClose, loadFixture } from '../stats/fixture.ts';

const { prereg } = loadPreregistration();
const context: MethodContext = { scoring: prereg.scoring, confidenceLevel: prereg.confidence_level };
const spec = (id: string) => prereg.hypotheses.find((h) => h.id === id) as HypothesisSpec;
const fixture = loadFixture<{ cases: Record<string, unknown>[] }>('degenerate');
const rCase = <T>(name: string) => fixture.cases.find((c) => c.name === name) as T;

const noScores = (): DimensionScores => Object.fromEntries(DIMENSIONS.map((d) => [d.name, null])) as DimensionScores;

/** A scored participant with the given alignment per round (and nothing else unless set). */
function participant(id: string, arm: Arm, alignment: Partial<Record<Round, number>>, extra: Partial<ScoredParticipant> = {}): ScoredParticipant {
  const round = (r: Round) => ({ scores: noScores(), alignment: alignment[r] ?? null, scenario: null, self_report: noScores() });
  return { participant_id: id, arm, trait_jes: null, trait_sites: null, rounds: { 1: round(1), 2: round(2), 3: round(3) }, perception_share: null, perception_items: 0, ...extra };
}

/** The result as analyzeStudy leaves it: corrections aside (p_adjusted = p), then the decision. */
function decided(result: TestResult, id = result.id): TestResult {
  result.p_adjusted = result.p;
  result.decision = decide(result, spec(id), prereg.alpha);
  return result;
}

function expectNotEstimable(result: TestResult, note: RegExp): void {
  expect(result.decision).toBe('not_estimable');
  expect(result.note).toMatch(note);
  for (const field of ['statistic', 'p', 'p_adjusted', 'ci_low', 'ci_high', 'se', 'df'] as const) expect(result[field], field).toBeNull();
}

interface AncovaCase { arm: Arm[]; pre: number[]; post: number[]; contrasts: Record<string, Record<'estimate' | 'se' | 'statistic' | 'df' | 'p', number>> }
const ancovaParticipants = (c: AncovaCase) => c.pre.map((pre, i) => participant(`p${i}`, c.arm[i], { 1: pre, 3: c.post[i] }));

describe('ANCOVA (H1–H4, X3)', () => {
  it('is not estimable when round 3 is an exact linear function of round 1 (R warns "essentially perfect fit")', () => {
    const result = decided(ancovaTest(spec('H1'), ancovaParticipants(rCase('ancova_linear')), context));
    expectNotEstimable(result, /^essentially perfect fit/);
    expect(result.estimate).toBeNull();
    expect(result.n).toBe(18);
  });

  it('is not estimable where R, past its own bound, reports a t of round-off', () => {
    for (const id of ['H1', 'H3']) expectNotEstimable(decided(ancovaTest(spec(id), ancovaParticipants(rCase('ancova_offset_roundoff')), context)), /^essentially perfect fit/);
  });

  it('gives R\'s HC3 contrast just above the tolerance', () => {
    const c = rCase<AncovaCase>('ancova_just_above');
    const result = decided(ancovaTest(spec('H1'), ancovaParticipants(c), context));
    const r = c.contrasts.coach_vs_control;
    for (const field of ['estimate', 'se', 'statistic', 'p'] as const) expectClose(result[field] as number, r[field], 1e-5, field);
    expect(result.decision).toBe('not_supported');
    expect(result.note).toBeNull();
  });

  it('is not estimable when every round-3 value is the same, or every baseline', () => {
    const c = rCase<AncovaCase>('ancova_linear');
    const flat3 = c.pre.map((pre, i) => participant(`p${i}`, c.arm[i], { 1: pre, 3: 4 }));
    expectNotEstimable(decided(ancovaTest(spec('H1'), flat3, context)), /no spread in round-3 alignment/);
    const flat1 = c.post.map((post, i) => participant(`p${i}`, c.arm[i], { 1: 2.5, 3: post }));
    expectNotEstimable(decided(ancovaTest(spec('H1'), flat1, context)), /no spread in round-1 alignment/);
  });

  it('is not estimable with an empty arm or one participant an arm', () => {
    const c = rCase<AncovaCase>('ancova_just_above');
    const noVideo = ancovaParticipants(c).filter((p) => p.arm !== 'video');
    expectNotEstimable(decided(ancovaTest(spec('H1'), noVideo, context)), /too few participants.*video 0/);
    const one = ['control', 'video', 'coach'].map((arm) => ancovaParticipants(c).find((p) => p.arm === arm) as ScoredParticipant);
    expectNotEstimable(decided(ancovaTest(spec('H2'), one, context)), /too few participants/);
  });
});

interface WelchCase { pre: number[]; post: number[]; result: Record<'estimate' | 'se' | 'statistic' | 'df' | 'p', number> }
// The fixture's first six are the treatment (coach), the last six the reference (control).
const welchParticipants = (c: WelchCase) => c.pre.map((pre, i) => participant(`p${i}`, i < 6 ? 'coach' : 'control', { 1: pre, 3: c.post[i] }));

describe('Welch test of change scores (X1)', () => {
  it('is not estimable when nobody changed (R: t = NaN; before, the run crashed)', () => {
    expectNotEstimable(decided(changeScoreWelchTest(spec('X1.coach_vs_control'), welchParticipants(rCase('changes_all_zero')), context)), /no spread in the change/);
  });

  it('is not estimable when everyone changed by the same amount, where R reports a t of round-off', () => {
    expectNotEstimable(decided(changeScoreWelchTest(spec('X1.coach_vs_control'), welchParticipants(rCase('changes_constant_roundoff')), context)), /no spread in the change/);
  });

  it('gives R\'s Welch test just above the tolerance, with no decision (exploratory)', () => {
    const c = rCase<WelchCase>('changes_just_above');
    const result = decided(changeScoreWelchTest(spec('X1.coach_vs_control'), welchParticipants(c), context));
    for (const field of ['estimate', 'se', 'statistic', 'df', 'p'] as const) expectClose(result[field] as number, c.result[field], 1e-8, field);
    expect(result.decision).toBeNull();
  });
});

describe('one-sample t test of perception shares (H7)', () => {
  const sharesOf = (x: number[]) => x.map((share, i) => participant(`p${i}`, 'coach', {}, { perception_share: share, perception_items: 4 }));

  it('is not estimable, with the mean share kept, when every share is the same (R: "data are essentially constant"; before, the run crashed)', () => {
    const result = decided(perceptionTest(spec('H7'), sharesOf(rCase<{ x: number[] }>('shares_constant').x), context));
    expectNotEstimable(result, /no spread in the perception shares/);
    expect(result.estimate).toBe(0.75);
  });

  it('gives R\'s t test just above the tolerance', () => {
    const c = rCase<{ x: number[]; result: Record<'estimate' | 'se' | 'statistic' | 'df' | 'p' | 'ci_low' | 'ci_high', number> }>('shares_just_above');
    const result = decided(perceptionTest(spec('H7'), sharesOf(c.x), context));
    for (const field of ['estimate', 'se', 'statistic', 'df', 'p', 'ci_low', 'ci_high'] as const) expectClose(result[field] as number, c.result[field], 1e-6, field);
    expect(result.decision).toBe('supported');
  });
});

describe('Pearson r with Fisher-z equivalence (H6)', () => {
  const pairs = (x: number[], y: number[]) => x.map((trait, i) => participant(`p${i}`, 'control', { 1: y[i] }, { trait_jes: trait, trait_sites: 3 + (i % 4) }));

  it('is not estimable with a constant trait (R: "the standard deviation is zero")', () => {
    const c = rCase<{ x: number[]; y: number[] }>('trait_constant');
    const result = decided(traitCorrelationTest(spec('H6.jes'), pairs(c.x, c.y), context));
    expectNotEstimable(result, /no spread in trait_jes/);
    expect(result.equivalence_p).toBeNull();
  });

  it('is not estimable, r kept, on an exact line (R: t = Inf, CI [1, 1])', () => {
    const c = rCase<{ x: number[]; y: number[] }>('alignment_exact_line');
    const result = decided(traitCorrelationTest(spec('H6.jes'), pairs(c.x, c.y), context));
    expectNotEstimable(result, /exact linear function of trait_jes/);
    expect(result.equivalence_p).toBeNull();
    expect(result.estimate).toBeCloseTo(1, 12);
  });

  it('reports no joint R² when the outcome has no spread', () => {
    const c = rCase<{ x: number[] }>('alignment_exact_line');
    const result = traitCorrelationTest(spec('H6.jes'), pairs(c.x, c.x.map(() => 3.5)), context);
    expect(result.joint_r_squared).toBeNull();
  });
});

describe('exact McNemar (H5)', () => {
  it('is not estimable without a discordant pair (R: binom.test(0, 0) stops), the shares kept', () => {
    const r = rCase<{ r_error: string }>('mcnemar_no_discordant');
    expect(r.r_error).toMatch(/'n' must be a positive integer/);
    const h5 = spec('H5.validating_emotions');
    const agreeing = [5, 4, 2, 1, 3, 4].map((said, i) => {
      const p = participant(`p${i}`, 'coach', {});
      p.rounds[1].self_report.validating_emotions = said;
      p.rounds[1].scores.validating_emotions = said; // judged the same side of the threshold
      return p;
    });
    const result = decided(selfVersusJudgedTest(h5, agreeing, context));
    expectNotEstimable(result, /no discordant pairs/);
    expect(result.estimate).toBe(0);
    expect(result.discordant).toEqual([0, 0]);
    expect(result.self_share).toBe(0.5);
  });
});

interface MixedCase { participant: string[]; arm: Arm[]; round: Round[]; y: number[]; result: Record<'estimate' | 'se', number> }
function mixedParticipants(c: MixedCase): ScoredParticipant[] {
  const ids = [...new Set(c.participant)];
  return ids.map((id) => {
    const rows = c.participant.flatMap((p, i) => (p === id ? [i] : []));
    return participant(id, c.arm[rows[0]], Object.fromEntries(rows.map((i) => [c.round[i], c.y[i]])));
  });
}

describe('mixed model (X2)', () => {
  it('is not estimable when arm and round explain the outcome exactly (lme4: fails to converge; before, t = 1e15)', () => {
    for (const result of mixedModelTests(spec('X2'), mixedParticipants(rCase('mixed_exact')), context)) {
      expectNotEstimable(decided(result, 'X2'), /essentially perfect fit|could not be estimated/);
    }
  });

  it('gives lme4\'s coach − control difference in change just above the tolerance', () => {
    const c = rCase<MixedCase>('mixed_just_above');
    const result = decided(mixedModelTests(spec('X2'), mixedParticipants(c), context).find((r) => r.id === 'X2.coach_vs_control') as TestResult, 'X2');
    expectClose(result.estimate as number, c.result.estimate, 1e-12, 'estimate');
    expectClose(result.se as number, c.result.se, 1e-5, 'se');
    expect(result.decision).toBeNull();
  });

  it('is not estimable when every value is the same', () => {
    const c = rCase<MixedCase>('mixed_exact');
    for (const result of mixedModelTests(spec('X2'), mixedParticipants({ ...c, y: c.y.map(() => 3) }), context)) {
      expectNotEstimable(decided(result, 'X2'), /no spread in alignment/);
    }
  });
});
