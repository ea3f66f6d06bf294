/**
 * H7 beyond the items used: two exploratory analyses beside the confirmatory one-sample t test,
 * which treats the perception items as fixed (its inference is about the pairs actually shown).
 * Both let the share vary from item to item, as it would over a new set of pairs; they are not in
 * the preregistration (tag `not_preregistered`) and carry no decision.
 *
 * - `H7-by-item`: each item's share of aligned choices over the participants who saw it, and a
 *   one-sample t test of the item shares against the null value (R: `t.test(item_share, mu =
 *   0.5)`); the unit is the item, so df = items − 1.
 * - `H7-two-way`: the share of all choices, with a variance clustered on participants and items
 *   as crossed clusters (Cameron, Gelbach & Miller 2011), exactly `sandwich::vcovCL(lm(chose_aligned
 *   ~ 1), cluster = ~ participant + item)` with its defaults (HC1, cadjust, multi0 = FALSE; see
 *   stats/cluster-vcov.ts). The t reference has min(participants, items) − 1 df, the fewer
 *   clusters setting the precision (Cameron & Miller 2015, J. Human Resources 50(2), §VII.C); R:
 *   `est + c(-1, 1) * qt(0.975, min(G) - 1) * sqrt(V)`. If the two-way variance is not positive (the
 *   subtraction of the intersection term can make it so), no SE, interval or p is given and a note
 *   says why; sandwich's `fix = TRUE` would instead report 0. The share of all choices equals H7's
 *   mean share when every participant answered the same number of pairs.
 *
 * Both read the analysed participants' choices (ScoredStudy.perception) of the participants in
 * the analysis.
 */
import type { HypothesisSpec } from '../prereg/types.ts';
import { compareIds } from '../score/index.ts';
import type { ScoredParticipant, ScoredPerceptionChoice } from '../score/types.ts';
import { clusterRobustVcov } from '../stats/cluster-vcov.ts';
import { studentTCdf, studentTQuantile } from '../stats/distributions.ts';
import { oneSampleTTest } from '../stats/ttest.ts';
import type { MethodContext } from './context.ts';
import { blankResult, withTStatistics } from './result.ts';
import type { TestResult } from './types.ts';

/** The scope of the confirmatory H7 test, stated on its result. */
export function itemsUsedScope(spec: HypothesisSpec): string {
  return `inference about the perception items used (the pairs actually shown), treated as fixed; it does not extend to other pairs of responses. ${spec.id}-by-item and ${spec.id}-two-way (exploratory) allow for item-to-item variation`;
}

function exploratoryResult(spec: HypothesisSpec, id: string, method: string, n: number): TestResult {
  return { ...blankResult(spec, n, null, id), status: 'exploratory', tag: 'not_preregistered', method };
}

/**
 * Runs `H7-by-item` and `H7-two-way` for the one-sample perception hypothesis `spec`.
 *
 * @example
 * perceptionItemAnalyses(h7, scored.participants, scored.perception ?? [], context).map((t) => t.id); // ['H7-by-item', 'H7-two-way']
 */
export function perceptionItemAnalyses(
  spec: HypothesisSpec,
  participants: readonly ScoredParticipant[],
  allChoices: readonly ScoredPerceptionChoice[],
  context: MethodContext,
): TestResult[] {
  if (spec.null_value === null) throw new Error(`${spec.id}: the perception analyses need a null value`);
  const inAnalysis = new Set(participants.map((p) => p.participant_id));
  const choices = allChoices.filter((c) => inAnalysis.has(c.participant_id));
  const nParticipants = new Set(choices.map((c) => c.participant_id)).size;
  const results = [byItem(spec, choices, nParticipants, context), twoWay(spec, choices, nParticipants, context)];
  // No correction applies: the adjusted p is the p, as for the preregistered exploratory results.
  for (const r of results) r.p_adjusted = r.p;
  return results;
}

function byItem(spec: HypothesisSpec, choices: readonly ScoredPerceptionChoice[], nParticipants: number, context: MethodContext): TestResult {
  const result = exploratoryResult(spec, `${spec.id}-by-item`, 'one_sample_t_by_item', nParticipants);
  const counts = new Map<string, { n: number; aligned: number }>();
  for (const c of choices) {
    const entry = counts.get(c.item_id) ?? { n: 0, aligned: 0 };
    entry.n += 1;
    if (c.chose_aligned) entry.aligned += 1;
    counts.set(c.item_id, entry);
  }
  const items = [...counts].sort(([a], [b]) => compareIds(a, b)).map(([item_id, e]) => ({ item_id, n: e.n, share: e.aligned / e.n }));
  result.items = items;
  result.n_items = items.length;
  if (items.length < 2) {
    result.note = `too few perception items were answered (${items.length}; at least 2 needed)`;
    return result;
  }
  const shares = items.map((i) => i.share);
  result.estimate = shares.reduce((s, v) => s + v, 0) / shares.length;
  if (shares.every((v) => v === shares[0])) {
    result.note = 'every item has the same share: t is undefined';
    return result;
  }
  withTStatistics(result, oneSampleTTest(shares, spec.null_value as number, { confLevel: context.confidenceLevel }));
  return result;
}

function twoWay(spec: HypothesisSpec, choices: readonly ScoredPerceptionChoice[], nParticipants: number, context: MethodContext): TestResult {
  const result = exploratoryResult(spec, `${spec.id}-two-way`, 'cluster_robust_two_way', nParticipants);
  const nItems = new Set(choices.map((c) => c.item_id)).size;
  result.n_items = nItems;
  result.clusters = { participants: nParticipants, items: nItems };
  result.one_way_se = null;
  if (nParticipants < 2 || nItems < 2) {
    result.note = `two-way clustering needs at least 2 participants and 2 items (${nParticipants} and ${nItems})`;
    return result;
  }
  let aligned = 0;
  for (const c of choices) if (c.chose_aligned) aligned += 1;
  const share = aligned / choices.length;
  result.estimate = share;
  if (aligned === 0 || aligned === choices.length) {
    result.note = 'every choice is the same: there is no variation to cluster';
    return result;
  }
  const residuals = choices.map((c) => (c.chose_aligned ? 1 : 0) - share);
  const intercept = choices.map(() => [1]);
  const participantIds = choices.map((c) => c.participant_id);
  const itemIds = choices.map((c) => c.item_id);
  const oneWay = (ids: string[]): number | null => {
    const v = clusterRobustVcov(intercept, residuals, [ids]).vcov[0][0];
    return v > 0 ? Math.sqrt(v) : null;
  };
  result.one_way_se = { participants: oneWay(participantIds), items: oneWay(itemIds) };
  const variance = clusterRobustVcov(intercept, residuals, [participantIds, itemIds]).vcov[0][0];
  if (!(variance > 0)) {
    result.note = `the two-way cluster-robust variance is not positive (${variance}): participants' and items' shared variation is smaller than the overlap term removes, so no SE, interval or test is given`;
    return result;
  }
  const se = Math.sqrt(variance);
  const df = Math.min(nParticipants, nItems) - 1;
  const statistic = (share - (spec.null_value as number)) / se;
  const q = studentTQuantile(1 - (1 - context.confidenceLevel) / 2, df);
  withTStatistics(result, { estimate: share, se, ci_low: share - q * se, ci_high: share + q * se, statistic, df, p: 2 * studentTCdf(-Math.abs(statistic), df) });
  return result;
}
