/**
 * Bootstrap confidence intervals computed exactly as R `boot::boot.ci` does for
 * `type = c("perc", "bca")` (boot 1.3; Davison & Hinkley 1997, §5.3):
 *
 * - Endpoints are order statistics read with R's own interpolation `norm.inter` (D&H eq. 5.8),
 *   not `quantile()`: with R finite replicates and level α, rk = (R + 1)α; if rk is an integer
 *   the endpoint is the rk-th order statistic; otherwise, with k = ⌊rk⌋, it interpolates between
 *   the k-th and (k+1)-th order statistics linearly on the normal-quantile scale,
 *   t(k) + (Φ⁻¹(α) − Φ⁻¹(k/(R+1))) / (Φ⁻¹((k+1)/(R+1)) − Φ⁻¹(k/(R+1))) · (t(k+1) − t(k));
 *   k = 0 or k = R fall back to the minimum or maximum.
 * - Percentile: α = (1 ∓ conf)/2.
 * - BCa: bias w = Φ⁻¹(#{t* < t0} / R) (strictly below), acceleration a = Σ L³ / (6 (Σ L²)^{3/2})
 *   from influence values L, and α' = Φ(w + (w + z_α) / (1 − a (w + z_α))).
 * Non-finite replicates are dropped first, as R does.
 */
import { normalCdf as pnorm, normalQuantile as qnorm } from './distributions.ts';

/**
 * R `boot:::norm.inter`: the bootstrap quantiles of `replicates` at the levels `alphas`.
 *
 * @example
 * normalQuantileInterpolation([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [0.5]); // [5.5]
 */
export function normalQuantileInterpolation(replicates: number[], alphas: number[]): number[] {
  const t = replicates.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const r = t.length;
  if (r === 0) return alphas.map(() => Number.NaN);
  return alphas.map((alpha) => {
    const rk = (r + 1) * alpha;
    const k = Math.trunc(rk);
    if (k === rk && k >= 1 && k <= r) return t[k - 1];
    if (k <= 0) return t[0];
    if (k >= r) return t[r - 1];
    const lower = qnorm(k / (r + 1));
    const upper = qnorm((k + 1) / (r + 1));
    return t[k - 1] + ((qnorm(alpha) - lower) / (upper - lower)) * (t[k] - t[k - 1]);
  });
}

export interface Interval {
  low: number;
  high: number;
}

/**
 * Percentile interval at level `conf`: R `boot.ci(type = "perc")`.
 *
 * @example
 * percentileInterval(Array.from({ length: 99 }, (_, i) => i + 1), 0.9); // { low: 5, high: 95 }
 */
export function percentileInterval(replicates: number[], conf: number): Interval {
  const [low, high] = normalQuantileInterpolation(replicates, [(1 - conf) / 2, (1 + conf) / 2]);
  return { low, high };
}

/**
 * Bias-corrected and accelerated interval at level `conf`: R `boot.ci(type = "bca", L = influence)`.
 * `influence` are empirical influence values (jackknifeInfluence gives R's `empinf(type="jack")`).
 * Returns NaN ends when the bias correction is infinite (every replicate on one side of t0),
 * where R stops with an error.
 *
 * @example
 * bcaInterval(2.5, replicatesOfTheMean, jackknifeInfluence(mean, n), 0.95);
 */
export function bcaInterval(t0: number, replicates: number[], influence: number[], conf: number): Interval {
  const t = replicates.filter((x) => Number.isFinite(x));
  const below = t.filter((x) => x < t0).length;
  const w = qnorm(below / t.length);
  let sumSq = 0;
  let sumCube = 0;
  for (const l of influence) {
    sumSq += l * l;
    sumCube += l * l * l;
  }
  const a = sumCube / (6 * sumSq ** 1.5);
  if (!Number.isFinite(w) || !Number.isFinite(a)) return { low: Number.NaN, high: Number.NaN };
  const adjusted = [(1 - conf) / 2, (1 + conf) / 2].map((alpha) => {
    const z = qnorm(alpha);
    return pnorm(w + (w + z) / (1 - a * (w + z)));
  });
  const [low, high] = normalQuantileInterpolation(t, adjusted);
  return { low, high };
}
