/**
 * X1.* (exploratory): the change score (outcome round − baseline round) compared between the
 * contrast's two arms by Welch's t test; `estimate` = mean change in the treatment arm minus the
 * mean change in the reference arm.
 *
 * R equivalent: `t.test(change[arm == treatment], change[arm == reference])` (var.equal = FALSE).
 */
import { ARMS, type Arm } from '../study.ts';
import type { HypothesisSpec } from '../prereg/types.ts';
import type { ScoredParticipant } from '../score/types.ts';
import { welchTTest } from '../stats/ttest.ts';
import type { MethodContext } from './context.ts';
import { judgedOutcome, outcomeAt } from './outcomes.ts';
import { allFinite, blankResult, withTStatistics } from './result.ts';
import type { TestResult } from './types.ts';

/**
 * Runs the Welch test of change scores of `spec` over participants of the two arms with the
 * outcome at both rounds.
 *
 * @example
 * changeScoreWelchTest(x1, scored.participants, context).df; // Welch–Satterthwaite df, e.g. 611.3
 */
export function changeScoreWelchTest(spec: HypothesisSpec, participants: readonly ScoredParticipant[], context: MethodContext): TestResult {
  if (!spec.contrast) throw new Error(`${spec.id}: welch_change needs a contrast`);
  const outcome = judgedOutcome(spec.outcome, spec.method);
  const { treatment, reference } = spec.contrast;
  const { baseline_round: baselineRound, outcome_round: outcomeRound } = context.scoring;
  const change: Record<Arm, number[]> = Object.fromEntries(ARMS.map((a) => [a, []])) as unknown as Record<Arm, number[]>;
  for (const p of participants) {
    if (p.arm !== treatment && p.arm !== reference) continue;
    const post = outcomeAt(p, outcome, outcomeRound);
    const pre = outcomeAt(p, outcome, baselineRound);
    if (post === null || pre === null) continue;
    change[p.arm].push(post - pre);
  }
  const nTreatment = change[treatment].length;
  const nReference = change[reference].length;
  const result = blankResult(spec, nTreatment + nReference);
  result.n_by_arm = { [treatment]: nTreatment, [reference]: nReference };
  if (nTreatment < 2 || nReference < 2) {
    result.note = `too few participants with the outcome at rounds ${baselineRound} and ${outcomeRound} (${treatment} ${nTreatment}, ${reference} ${nReference}; each needs at least 2)`;
    return result;
  }
  const t = welchTTest(change[treatment], change[reference], { confLevel: context.confidenceLevel });
  if (!allFinite(t.statistic, t.p, t.df)) {
    result.note = 'no spread in the change scores: t is undefined';
    return result;
  }
  withTStatistics(result, t);
  return result;
}
