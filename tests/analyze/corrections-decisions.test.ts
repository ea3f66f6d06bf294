/**
 * Corrections within each preregistered set (expected values from R 4.2.2:
 * `p.adjust(c(0.01, NA, 0.04), "holm")` = 0.02, NA, 0.04;
 * `p.adjust(c(0.01, 0.02, 0.03, 0.5), "BH")` = 0.04, 0.04, 0.04, 0.5), and the decision rule of
 * STUDY.md (p below alpha AND the preregistered direction; H6 by the equivalence p).
 */
import { describe, expect, it } from 'vitest';
import { applyCorrections } from '../../pipeline/analyze/corrections.ts';
import { decide } from '../../pipeline/analyze/decisions.ts';
import { blankResult } from '../../pipeline/analyze/result.ts';
import type { TestResult } from '../../pipeline/analyze/types.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import type { HypothesisSpec } from '../../pipeline/prereg/types.ts';

const { prereg } = loadPreregistration();
const spec = (id: string): HypothesisSpec => prereg.hypotheses.find((h) => h.id === id) as HypothesisSpec;
const withP = (id: string, p: number | null, estimate: number | null = 1): TestResult => ({ ...blankResult(spec(id), 10), p, estimate });

describe('applyCorrections', () => {
  it('adjusts within a set, leaving out a test that could not run (R p.adjust drops NA)', () => {
    const results = [withP('H5.validating_emotions', 0.01), withP('H5.encouraging_elaboration', null), withP('H5.demonstrating_understanding', 0.04)];
    applyCorrections(results, [{ id: 'C3', tag: 'reconstructed', method: 'holm', hypotheses: results.map((r) => r.id) }]);
    expect(results.map((r) => r.p_adjusted)).toEqual([0.02, null, 0.04]);
    expect(results.map((r) => r.correction)).toEqual(['holm', 'holm', 'holm']);
  });

  it('applies BH to its set and leaves other tests with p_adjusted = p and no correction', () => {
    const ids = ['H4.advice_giving.coach_vs_control', 'H4.advice_giving.coach_vs_video', 'H4.self_oriented.coach_vs_control', 'H4.self_oriented.coach_vs_video'];
    const results = [...ids.map((id, i) => withP(id, [0.01, 0.02, 0.03, 0.5][i])), withP('H3', 0.03)];
    applyCorrections(results, [{ id: 'C2', tag: 'reconstructed', method: 'bh', hypotheses: ids }]);
    for (const [i, expected] of [0.039999999999999994, 0.039999999999999994, 0.039999999999999994, 0.5].entries()) expect(results[i].p_adjusted).toBeCloseTo(expected, 15);
    expect(results[4].p_adjusted).toBe(0.03);
    expect(results[4].correction).toBeNull();
  });
});

describe('decide', () => {
  const alpha = 0.05;
  it('supports a significant effect in the preregistered direction only', () => {
    expect(decide({ ...withP('H1', 0.01, 0.3), p_adjusted: 0.02 }, spec('H1'), alpha)).toBe('supported');
    expect(decide({ ...withP('H1', 0.01, -0.3), p_adjusted: 0.02 }, spec('H1'), alpha)).toBe('not_supported');
    expect(decide({ ...withP('H1', 0.03, 0.3), p_adjusted: 0.06 }, spec('H1'), alpha)).toBe('not_supported');
  });

  it('wants a negative estimate for a proscriptive dimension', () => {
    const h = spec('H4.advice_giving.coach_vs_control');
    expect(decide({ ...withP(h.id, 0.001, -0.4), p_adjusted: 0.01 }, h, alpha)).toBe('supported');
    expect(decide({ ...withP(h.id, 0.001, 0.4), p_adjusted: 0.01 }, h, alpha)).toBe('not_supported');
  });

  it('judges H7 against its null value 0.5, not 0', () => {
    expect(decide({ ...withP('H7', 0.001, 0.45), p_adjusted: 0.001 }, spec('H7'), alpha)).toBe('not_supported');
    expect(decide({ ...withP('H7', 0.001, 0.55), p_adjusted: 0.001 }, spec('H7'), alpha)).toBe('supported');
  });

  it('decides H6 by the equivalence p, whatever the p of r = 0', () => {
    expect(decide({ ...withP('H6.jes', 0.9, 0.01), p_adjusted: 0.9, equivalence_p: 0.01 }, spec('H6.jes'), alpha)).toBe('supported');
    expect(decide({ ...withP('H6.jes', 0.001, 0.3), p_adjusted: 0.001, equivalence_p: 0.99 }, spec('H6.jes'), alpha)).toBe('not_supported');
  });

  it('draws no decision for exploratory results that were estimated', () => {
    expect(decide({ ...withP('X1.coach_vs_control', 0.001, 0.5), p_adjusted: 0.001 }, spec('X1.coach_vs_control'), alpha)).toBeNull();
  });

  it('calls a test without its p-value not estimable, confirmatory or exploratory, never supported', () => {
    expect(decide(withP('H1', null, null), spec('H1'), alpha)).toBe('not_estimable');
    expect(decide(withP('X1.coach_vs_control', null, null), spec('X1.coach_vs_control'), alpha)).toBe('not_estimable');
    // H6 is decided by the equivalence p: without it, not estimable even with an r reported.
    expect(decide({ ...withP('H6.jes', null, 0.9999999999999998), equivalence_p: null }, spec('H6.jes'), alpha)).toBe('not_estimable');
    // H7 with its mean share reported but no t test (every share the same).
    expect(decide({ ...withP('H7', null, 1), p_adjusted: null }, spec('H7'), alpha)).toBe('not_estimable');
  });
});
