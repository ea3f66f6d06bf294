/**
 * Krippendorff's alpha among the preregistered raters, per dimension, with bootstrap intervals
 * over conversations (units resampled with replacement; BCa with jackknife acceleration and the
 * percentile interval, both as R boot.ci computes them).
 */
import { DIMENSION_NAMES, type Dimension } from '../study.ts';
import type { ReliabilitySpec } from '../prereg/types.ts';
import { krippendorffAlpha } from '../stats/krippendorff.ts';
import { bootstrap, jackknifeInfluence } from '../stats/bootstrap.ts';
import { bcaInterval, percentileInterval } from '../stats/bootstrapInterval.ts';
import { createRng, type Rng } from '../stats/random.ts';
import type { RaterScores } from './raters.ts';
import type { AlphaEntry } from './types.ts';
import { finiteOrNull } from './numbers.ts';

/** An alpha's bootstrap intervals: BCa and percentile, null where not finite. */
export interface AlphaIntervals {
  ci_low: number | null;
  ci_high: number | null;
  percentile_low: number | null;
  percentile_high: number | null;
}

/**
 * Bootstraps `statistic` over `n` units (`replicates` resamples drawn from `rng`) and returns the
 * statistic on all units (`t0`) with its BCa and percentile intervals at `level`.
 *
 * @example
 * alphaIntervals((idx) => krippendorffAlpha(idx.map((i) => units[i]), 'ordinal'), units.length, 1000, 0.95, createRng(1)).ci_low
 */
export function alphaIntervals(statistic: (indices: number[]) => number, n: number, replicates: number, level: number, rng: Rng): AlphaIntervals & { t0: number } {
  const draws = bootstrap(statistic, n, replicates, rng);
  const bca = bcaInterval(draws.t0, draws.replicates, jackknifeInfluence(statistic, n), level);
  const perc = percentileInterval(draws.replicates, level);
  return { t0: draws.t0, ci_low: finiteOrNull(bca.low), ci_high: finiteOrNull(bca.high), percentile_low: finiteOrNull(perc.low), percentile_high: finiteOrNull(perc.high) };
}

/**
 * Alpha per dimension. Each dimension draws from its own stream split off the preregistered seed
 * in dimension order, so adding or dropping a dimension leaves the others' draws unchanged only
 * if the order is kept (the order is the study's fixed list).
 *
 * @example
 * expertAlpha(scores, spec).advice_giving; // { value: 0.6487…, ci_low: 0.54…, ci_high: 0.74…, … }
 */
export function expertAlpha(scores: RaterScores, spec: ReliabilitySpec): Record<Dimension, AlphaEntry> {
  const root = createRng(spec.bootstrap_seed);
  const out = {} as Record<Dimension, AlphaEntry>;
  for (const dimension of DIMENSION_NAMES) {
    const rng = root.split();
    const columns = spec.alpha_raters.map((r) => scores.score(r, dimension));
    const units = scores.conversations
      .map((_, i) => columns.map((c) => c[i]))
      .filter((unit) => unit.filter((x) => x !== null).length >= 2);
    const statistic = (idx: number[]) => krippendorffAlpha(idx.map((i) => units[i]), spec.alpha_metric);
    if (units.length < 2) {
      out[dimension] = { value: null, ci_low: null, ci_high: null, percentile_low: null, percentile_high: null, n: units.length };
      continue;
    }
    const { t0, ...intervals } = alphaIntervals(statistic, units.length, spec.bootstrap_replicates, spec.confidence_level, rng);
    out[dimension] = { value: finiteOrNull(t0), ...intervals, n: units.length };
  }
  return out;
}
