/**
 * H5.*, silent empathy (STUDY.md): at round 1, does the share of participants who say they did
 * a prescriptive behaviour at least "quite a bit" (self-report ≥ 4) exceed the share whose judged
 * score on it is ≥ 4? Paired per participant, exact McNemar test on the discordant pairs.
 * `estimate` = self share − judged share, with a paired 95% CI by Newcombe's (1998) method 10
 * (stats/paired-proportions.ts); also the two shares, the discordant counts and the share
 * answering 5 ("very much", beside the published 87%).
 *
 * R equivalent: `binom.test(b, b + c, 0.5)$p.value` with b = self yes & judged no,
 * c = self no & judged yes; the interval as tests/fixtures/stats/paired-proportions.R.
 *
 * Not estimable (p null, a note): no participant, or no discordant pair, where the exact test has
 * nothing to count (R: binom.test(0, 0) stops, mcnemar.test gives NaN); the shares and their
 * difference (then 0) are still reported.
 */
import { SELF_REPORT_LABELS } from '../study.ts';
import type { HypothesisSpec } from '../prereg/types.ts';
import type { ScoredParticipant } from '../score/types.ts';
import { mcnemarExact } from '../stats/mcnemar.ts';
import { newcombePairedInterval } from '../stats/paired-proportions.ts';
import type { MethodContext } from './context.ts';
import { judgedOutcome } from './outcomes.ts';
import { blankResult } from './result.ts';
import type { TestResult } from './types.ts';

const TOP_RESPONSE = SELF_REPORT_LABELS.length;

/** Named on every H5 result beside its interval. */
export const PAIRED_CI_METHOD = 'Newcombe (1998) method 10: Wilson score limits of the two paired shares, combined with their phi correlation';

/**
 * Runs the paired self-report vs judged comparison of `spec` over the participants who have both
 * the self-report and the judged score on the dimension at the spec's round.
 *
 * @example
 * selfVersusJudgedTest(h5, scored.participants, context).discordant; // e.g. [41, 3]
 */
export function selfVersusJudgedTest(spec: HypothesisSpec, participants: readonly ScoredParticipant[], context: MethodContext): TestResult {
  const dimension = judgedOutcome(spec.outcome, spec.method);
  if (dimension === 'alignment') throw new Error(`${spec.id}: mcnemar_exact needs a dimension, not alignment`);
  if (spec.threshold === null) throw new Error(`${spec.id}: mcnemar_exact needs a threshold`);
  const round = spec.round ?? context.scoring.baseline_round;
  const threshold = spec.threshold;

  let n = 0;
  let selfYes = 0;
  let judgedYes = 0;
  let selfTop = 0;
  let selfOnly = 0;
  let judgedOnly = 0;
  for (const p of participants) {
    const said = p.rounds[round].self_report[dimension];
    const judged = p.rounds[round].scores[dimension];
    if (said === null || judged === null) continue;
    n += 1;
    const saidYes = said >= threshold;
    const judgedYesHere = judged >= threshold;
    if (saidYes) selfYes += 1;
    if (judgedYesHere) judgedYes += 1;
    if (said === TOP_RESPONSE) selfTop += 1;
    if (saidYes && !judgedYesHere) selfOnly += 1;
    if (!saidYes && judgedYesHere) judgedOnly += 1;
  }

  const result = blankResult(spec, n);
  result.self_share = null;
  result.judged_share = null;
  result.discordant = null;
  result.self_share_top = null;
  result.ci_method = null;
  if (n === 0) {
    result.note = `no participant has both the self-report and the judged score at round ${round}`;
    return result;
  }
  result.self_share = selfYes / n;
  result.judged_share = judgedYes / n;
  result.self_share_top = selfTop / n;
  result.discordant = [selfOnly, judgedOnly];
  result.estimate = result.self_share - result.judged_share;
  if (selfOnly + judgedOnly === 0) {
    result.note = 'no discordant pairs (every participant who said yes was judged yes, and every no judged no): the exact test has nothing to count';
    return result;
  }
  result.p = mcnemarExact(selfOnly, judgedOnly).p;
  // A not-estimable result (above) has no CI, as docs/CONTRACT.md says, though Newcombe's is defined there.
  const bothYes = selfYes - selfOnly;
  const interval = newcombePairedInterval(bothYes, selfOnly, judgedOnly, n - bothYes - selfOnly - judgedOnly, context.confidenceLevel);
  result.ci_low = interval.ci_low;
  result.ci_high = interval.ci_high;
  result.ci_method = PAIRED_CI_METHOD;
  return result;
}
