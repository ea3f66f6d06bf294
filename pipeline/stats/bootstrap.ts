/**
 * The nonparametric bootstrap over units (Efron & Tibshirani 1993, ch. 6) and the jackknife
 * influence values used for the BCa acceleration. Resampling draws from the project's seeded
 * generator only, so the same seed gives the same replicates. The intervals themselves are in
 * bootstrapInterval.ts.
 */
import type { Rng } from './random.ts';

export interface BootstrapDraws {
  /** The statistic on the original sample (indices 0..n−1 in order). */
  t0: number;
  /** The statistic on each resample, in draw order (may hold NaN where it is undefined). */
  replicates: number[];
}

/**
 * Evaluates `statistic` on the original sample and on `replicates` resamples of n unit indices
 * drawn with replacement. `statistic` receives the indices of the units in the (re)sample,
 * like the `i` argument of R `boot::boot(stype = "i")`.
 *
 * @example
 * const x = [1, 2, 3, 4];
 * const mean = (idx: number[]) => idx.reduce((s, i) => s + x[i], 0) / idx.length;
 * bootstrap(mean, x.length, 1000, createRng(1)).t0; // 2.5
 */
export function bootstrap(statistic: (indices: number[]) => number, n: number, replicates: number, rng: Rng): BootstrapDraws {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`bootstrap needs n >= 1 units (got ${n})`);
  if (!Number.isInteger(replicates) || replicates < 1) throw new RangeError(`bootstrap needs replicates >= 1 (got ${replicates})`);
  const original = Array.from({ length: n }, (_, i) => i);
  const t0 = statistic(original);
  const out: number[] = new Array(replicates);
  const sample: number[] = new Array(n);
  for (let r = 0; r < replicates; r++) {
    for (let i = 0; i < n; i++) sample[i] = rng.int(0, n - 1);
    out[r] = statistic(sample.slice());
  }
  return { t0, replicates: out };
}

/**
 * Jackknife empirical influence values L_i = (n − 1)(t − t(−i)), where t is the statistic on all
 * units and t(−i) the statistic without unit i: exactly R `boot::empinf(type = "jack")` (its
 * `usual.jack`, which centres on t rather than on the mean of the t(−i) as Efron & Tibshirani
 * 1993 eq. 14.15 do). They give the BCa acceleration a = Σ L³ / (6 (Σ L²)^{3/2}).
 *
 * @example
 * const x = [1, 2, 4];
 * jackknifeInfluence((idx) => idx.reduce((s, i) => s + x[i], 0) / idx.length, 3);
 * // [-1.3333333333333335, -0.3333333333333335, 1.6666666666666665] (= x − mean(x))
 */
export function jackknifeInfluence(statistic: (indices: number[]) => number, n: number): number[] {
  const t = statistic(Array.from({ length: n }, (_, i) => i));
  return Array.from({ length: n }, (_, i) => (n - 1) * (t - statistic(Array.from({ length: n - 1 }, (_, j) => (j < i ? j : j + 1)))));
}
