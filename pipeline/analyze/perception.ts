/**
 * H7, perception (STUDY.md): per participant the share of pairs where the norm-aligned response
 * was chosen; one-sample t test of the mean share against the null value (0.5). `estimate` is the
 * mean share and its CI; `statistic` is t against 0.5. The items are treated as fixed, so the
 * inference is about the pairs actually shown: the result says so in `scope`, and
 * perception-items.ts adds the analyses that let the share vary over items.
 *
 * R equivalent: `t.test(share, mu = 0.5)`.
 *
 * Not estimable (statistic, p and CI null, a note): fewer than 2 participants, or shares without
 * spread (stats/degenerate.ts), where R's t.test stops with "data are essentially constant"; the
 * mean share is still reported, as it is exact.
 */
import type { HypothesisSpec } from '../prereg/types.ts';
import type { ScoredParticipant } from '../score/types.ts';
import { isEssentiallyConstant } from '../stats/degenerate.ts';
import { EssentiallyConstantError, oneSampleTTest, type TTestResult } from '../stats/ttest.ts';
import { sampleMean } from '../stats/sample.ts';
import type { MethodContext } from './context.ts';
import { itemsUsedScope } from './perception-items.ts';
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
  result.scope = itemsUsedScope(spec);
  if (shares.length < 2) {
    result.note = `too few participants answered the perception task (${shares.length}; at least 2 needed)`;
    return result;
  }
  const noSpread = () => {
    result.estimate = sampleMean(shares);
    result.note = 'no spread in the perception shares (every participant chose the norm-aligned response in the same share of pairs): the t test is undefined';
    return result;
  };
  if (isEssentiallyConstant(shares)) return noSpread();
  let t: TTestResult;
  try {
    t = oneSampleTTest(shares, spec.null_value, { confLevel: context.confidenceLevel });
  } catch (err) {
    if (!(err instanceof EssentiallyConstantError)) throw err;
    return noSpread();
  }
  if (!allFinite(t.statistic, t.p)) return noSpread();
  withTStatistics(result, t);
  return result;
}
