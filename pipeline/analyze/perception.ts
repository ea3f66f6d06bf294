/**
 * H7, perception (STUDY.md): per participant the share of pairs where the norm-aligned response
 * was chosen; one-sample t test of the mean share against the null value (0.5). `estimate` is the
 * mean share and its CI; `statistic` is t against 0.5.
 *
 * R equivalent: `t.test(share, mu = 0.5)`.
 */
import type { HypothesisSpec } from '../prereg/types.ts';
import type { ScoredParticipant } from '../score/types.ts';
import { oneSampleTTest } from '../stats/ttest.ts';
import type { MethodContext } from './context.ts';
import { allFinite, blankResult, withTStatistics } from './result.ts';
import type { TestResult } from './types.ts';

/**
 * Runs the one-sample t test of `spec` over the participants who answered at least one pair.
 *
 * @example
 * perceptionTest(h7, scored.participants, context).estimate; // mean share, e.g. 0.71
 */
export function perceptionTest(spec: HypothesisSpec, participants: readonly ScoredParticipant[], context: MethodContext): TestResult {
  if (spec.outcome !== 'perception_share') throw new Error(`${spec.id}: one_sample_t runs on perception_share`);
  if (spec.null_value === null) throw new Error(`${spec.id}: one_sample_t needs a null value`);
  const shares = participants.flatMap((p) => (p.perception_share === null ? [] : [p.perception_share]));
  const result = blankResult(spec, shares.length);
  if (shares.length < 2) {
    result.note = `too few participants answered the perception task (${shares.length}; at least 2 needed)`;
    return result;
  }
  const t = oneSampleTTest(shares, spec.null_value, { confLevel: context.confidenceLevel });
  if (!allFinite(t.statistic, t.p)) {
    result.note = 'every participant has the same share: t is undefined';
    result.estimate = t.estimate;
    return result;
  }
  withTStatistics(result, t);
  return result;
}
