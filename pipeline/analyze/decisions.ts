/**
 * The decision on each result (STUDY.md). A result whose test could not be estimated (no p, or for
 * the equivalence hypotheses no equivalence p: too few participants, no spread, an essentially
 * perfect fit; its note says which) is `not_estimable`, confirmatory or exploratory: never
 * `supported` nor `not_supported`. Otherwise a confirmatory hypothesis is `supported` when its p
 * (adjusted where a correction applies) is below alpha and the estimate has the preregistered
 * direction, or for the equivalence hypotheses (H6) when the equivalence p is below alpha; an
 * exploratory result gets no decision (null).
 */
import type { HypothesisSpec } from '../prereg/types.ts';
import type { TestResult } from './types.ts';

/**
 * True when the test that decides `result` under `spec` produced its p-value (the equivalence p
 * for `equivalence_p_below_alpha`).
 *
 * @example
 * isEstimated({ ...h1Result, p: null }, h1); // false
 */
export function isEstimated(result: TestResult, spec: HypothesisSpec): boolean {
  return spec.decision_rule === 'equivalence_p_below_alpha' ? (result.equivalence_p ?? null) !== null : result.p !== null;
}

/**
 * The decision for `result` under `spec` at `alpha`. The direction is judged against the spec's
 * null value (0.5 for H7), or 0 when it has none.
 *
 * @example
 * decide({ ...h1Result, p_adjusted: 0.003, estimate: 0.4 }, h1, 0.05); // 'supported'
 * decide({ ...h1Result, p: null, p_adjusted: null }, h1, 0.05);       // 'not_estimable'
 */
export function decide(result: TestResult, spec: HypothesisSpec, alpha: number): TestResult['decision'] {
  if (!isEstimated(result, spec)) return 'not_estimable';
  if (spec.status !== 'confirmatory' || spec.decision_rule === 'none') return null;
  if (spec.decision_rule === 'equivalence_p_below_alpha') return (result.equivalence_p as number) < alpha ? 'supported' : 'not_supported';
  if (result.p_adjusted === null || result.estimate === null) return 'not_estimable';
  const effect = result.estimate - (spec.null_value ?? 0);
  const rightDirection = spec.direction === 'positive' ? effect > 0 : spec.direction === 'negative' ? effect < 0 : true;
  return result.p_adjusted < alpha && rightDirection ? 'supported' : 'not_supported';
}
