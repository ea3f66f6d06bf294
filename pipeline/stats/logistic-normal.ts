/**
 * The mean of a logistic-normal variable, E[logistic(μ + σZ)] with Z ~ N(0, 1): the expected
 * probability of a logistic model whose logit varies normally (no closed form). The trapezoidal
 * rule on z in [−12, 12] with step 1/8: for an integrand analytic in a strip around the real axis
 * it converges geometrically (Trefethen & Weideman 2014, SIAM Review 56:385, §5), here with error
 * about exp(−2π²/(σh)), since logistic(μ + σz) has its nearest poles at distance π/σ from the real
 * axis: below 1e−15 for σ up to 4. The normal density beyond ±12 is below 1e−31.
 */

const LIMIT = 12;
const STEP = 1 / 8;

/**
 * E[logistic(mu + sigma·Z)], Z standard normal.
 *
 * @example
 * logisticNormalMean(1.25, Math.hypot(0.7, 0.5)); // 0.7477085428255… (R: integrate(function(z) plogis(1.25 + sqrt(0.74) * z) * dnorm(z), -Inf, Inf))
 * logisticNormalMean(0, 0.86); // 0.5 (symmetry)
 */
export function logisticNormalMean(mu: number, sigma: number): number {
  if (!Number.isFinite(mu) || !Number.isFinite(sigma) || sigma < 0) throw new RangeError(`logisticNormalMean needs finite mu and sigma >= 0 (got ${mu}, ${sigma})`);
  if (sigma === 0) return 1 / (1 + Math.exp(-mu));
  const points = Math.round((2 * LIMIT) / STEP);
  let sum = 0;
  for (let i = 0; i <= points; i++) {
    const z = -LIMIT + i * STEP;
    sum += Math.exp(-0.5 * z * z) / (1 + Math.exp(-(mu + sigma * z)));
  }
  return (sum * STEP) / Math.sqrt(2 * Math.PI);
}
