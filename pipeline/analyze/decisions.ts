/**
 * The decision on each confirmatory hypothesis (STUDY.md): `supported` when its p (adjusted where
 * a correction applies) is below alpha and the estimate has the preregistered direction; for the
 * equivalence hypotheses (H6) when the equivalence p is below alpha. Exploratory results and tests
 * that could not run get `null`.
 */
import type { HypothesisSpec } from '../prereg/types.ts';
import type { TestResult } from './types.ts';

/**
 * The decision for `result` under `spec` at `alpha`. The direction is judged against the spec's
 * null value (0.5 for H7), or 0 when it has none.
 *
 * @example
 * decide({ ...h1Result, p_adjusted: 0.003, estimate: 0.4 }, h1, 0.05); // 'supported'
 */
export function decide(result: TestResult, spec: HypothesisSpec, alpha: number): TestResult['decision'] {
  if (spec.status !== 'confirmatory' || spec.decision_rule === 'none') return null;
  if (spec.decision_rule === 'equivalence_p_below_alpha') {
    const p = result.equivalence_p ?? null;
    return p === null ? null : p < alpha ? 'supported' : 'not_supported';
  }
  if (result.p_adjusted === null || result.estimate === null) return null;
  const effect = result.estimate - (spec.null_value ?? 0);
  const rightDirection = spec.direction === 'positive' ? effect > 0 : spec.direction === 'negative' ? effect < 0 : true;
  return result.p_adjusted < alpha && rightDirection ? 'supported' : 'not_supported';
}
