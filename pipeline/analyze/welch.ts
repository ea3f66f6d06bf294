/**
 * X1.* (exploratory): the change score (outcome round − baseline round) compared between the
 * contrast's two arms by Welch's t test; `estimate` = mean change in the treatment arm minus the
 * mean change in the reference arm.
 *
 * R equivalent: `t.test(change[arm == treatment], change[arm == reference])` (var.equal = FALSE).
 *
 * Not estimable (nulls, a note): an arm with fewer than 2 participants, or change scores without
 * spread in both arms, judged against the scale of the round scores they are differences of
 * (stats/degenerate.ts). R's own check compares the SE with the mean change instead, and so
 * reports a p-value when everyone changed by the same small amount and only round-off varies
 * (tests/fixtures/stats/degenerate.R).
 */
import { ARMS, type Arm } from '../study.ts';
import type { HypothesisSpec } from '../prereg/types.ts';
import type { ScoredParticipant } from '../score/types.ts';
import { isEssentiallyConstant } from '../stats/degenerate.ts';
import { EssentiallyConstantError, welchTTest, type TTestResult } from '../stats/ttest.ts';
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
  const roundScores: number[] = [];
  for (const p of participants) {
    if (p.arm !== treatment && p.arm !== reference) continue;
    const post = outcomeAt(p, outcome, outcomeRound);
    const pre = outcomeAt(p, outcome, baselineRound);
    if (post === null || pre === null) continue;
    change[p.arm].push(post - pre);
    roundScores.push(pre, post);
  }
  const nTreatment = change[treatment].length;
  const nReference = change[reference].length;
  const result = blankResult(spec, nTreatment + nReference);
  result.n_by_arm = { [treatment]: nTreatment, [reference]: nReference };
  if (nTreatment < 2 || nReference < 2) {
    result.note = `too few participants with the outcome at rounds ${baselineRound} and ${outcomeRound} (${treatment} ${nTreatment}, ${reference} ${nReference}; each needs at least 2)`;
    return result;
  }
  if (isEssentiallyConstant(change[treatment], roundScores) && isEssentiallyConstant(change[reference], roundScores)) {
    result.note = `no spread in the change from round ${baselineRound} to round ${outcomeRound} within either arm: the t test is undefined`;
    return result;
  }
  let t: TTestResult;
  try {
    t = welchTTest(change[treatment], change[reference], { confLevel: context.confidenceLevel });
  } catch (err) {
    // Past the check above only an extreme outlier among the round scores could leave R's
    // "essentially constant" standard error; it is the same finding.
    if (!(err instanceof EssentiallyConstantError)) throw err;
    result.note = `no spread in the change from round ${baselineRound} to round ${outcomeRound}: the t test is undefined`;
    return result;
  }
  if (!allFinite(t.statistic, t.p, t.df)) {
    result.note = 'no spread in the change scores: t is undefined';
    return result;
  }
  withTStatistics(result, t);
  return result;
}
