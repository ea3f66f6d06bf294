/**
 * Gaussian kernel density estimate with Silverman's rule-of-thumb bandwidth, precomputed for the
 * density (violin) layers so that no chart asks Vega for a density or any random number.
 * Kept in report/ because only the charts use it; it is pure and knows nothing of the study.
 *
 * The mean, the SD and the kernel estimate are simple-statistics' (its sums are compensated, and a
 * chart needs nothing beyond its accuracy); the quantiles are R's type 7 here, since
 * simple-statistics' `quantile` is another definition and R's `bw.nrd0` and `boxplot` use type 7
 * (tests/fixtures/report/density.R pins both).
 */
import { kernelDensityEstimation, sampleStandardDeviation } from 'simple-statistics';

/**
 * Sample quantile by linear interpolation between order statistics (Hyndman & Fan type 7, R's
 * default `quantile(type = 7)`). `sorted` must be sorted ascending and non-empty.
 *
 * @example
 * quantileSorted([1, 2, 3, 4], 0.25) // 1.75
 */
export function quantileSorted(sorted: readonly number[], prob: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of an empty sample');
  const h = (sorted.length - 1) * prob;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Silverman's rule of thumb, as R's `bw.nrd0`: 0.9 · min(sd, IQR / 1.34) · n^(−1/5), falling back
 * to sd, then |x₁|, then 1 when the spread is zero (Silverman 1986, eq. 3.31).
 *
 * @example
 * silvermanBandwidth([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) // 1.7192864… (R: bw.nrd0(1:10))
 */
export function silvermanBandwidth(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) throw new RangeError('Silverman bandwidth needs at least 2 values');
  const sd = sampleStandardDeviation(values as number[]);
  const sorted = [...values].sort((a, b) => a - b);
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  let lo = Math.min(sd, iqr / 1.34);
  if (!(lo > 0)) lo = sd > 0 ? sd : Math.abs(values[0]) > 0 ? Math.abs(values[0]) : 1;
  return 0.9 * lo * n ** -0.2;
}

/**
 * Gaussian KDE f(x) = (1 / nh) Σ φ((x − xᵢ) / h), evaluated exactly (no binning) at each point
 * (simple-statistics' `kernelDensityEstimation` with the bandwidth given).
 *
 * @example
 * gaussianKde([0], 1, [0]) // [0.3989…] = φ(0)
 */
export function gaussianKde(values: readonly number[], bandwidth: number, at: readonly number[]): number[] {
  if (!(bandwidth > 0)) throw new RangeError(`bandwidth must be positive (got ${bandwidth})`);
  const density = kernelDensityEstimation(values as number[], 'gaussian', bandwidth);
  return at.map(density);
}

/** `count` evenly spaced points from `from` to `to`, both included. */
export function grid(from: number, to: number, count: number): number[] {
  if (count < 2) return [from];
  const step = (to - from) / (count - 1);
  return Array.from({ length: count }, (_, i) => from + i * step);
}

/** Box-plot statistics: quartiles (type 7) and Tukey whiskers at the most extreme data within 1.5 IQR. */
export interface BoxStats {
  q1: number;
  median: number;
  q3: number;
  whiskerLow: number;
  whiskerHigh: number;
  n: number;
}

/**
 * Tukey box statistics of a non-empty sample.
 *
 * @example
 * boxStats([1, 2, 3, 4, 100]) // { q1: 2, median: 3, q3: 4, whiskerLow: 1, whiskerHigh: 4, n: 5 }
 */
export function boxStats(values: readonly number[]): BoxStats {
  const sorted = [...values].sort((a, b) => a - b);
  const q1 = quantileSorted(sorted, 0.25);
  const median = quantileSorted(sorted, 0.5);
  const q3 = quantileSorted(sorted, 0.75);
  const fence = 1.5 * (q3 - q1);
  const inside = sorted.filter((v) => v >= q1 - fence && v <= q3 + fence);
  return { q1, median, q3, whiskerLow: inside[0], whiskerHigh: inside[inside.length - 1], n: sorted.length };
}
