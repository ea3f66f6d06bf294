/**
 * The Wilson score interval for a binomial proportion (Wilson 1927, JASA 22:209), as R's
 * `prop.test(x, n, correct = FALSE)$conf.int`: the proportions p whose score test
 * |x/n − p| / sqrt(p(1 − p)/n) does not reject at the given level. Unlike the Wald interval
 * p̂ ± z·sqrt(p̂(1 − p̂)/n), it is not empty at 0 or n successes and keeps near-nominal coverage for
 * small n or p near 0 or 1 (Brown, Cai & DasGupta 2001, Stat Sci 16:101), which is why a Monte
 * Carlo rate of 0 or 1 gets it instead of an SE of 0.
 */
import { normalQuantile } from './distributions.ts';

export interface ProportionInterval {
  ci_low: number;
  ci_high: number;
}

/**
 * Wilson score interval for `x` successes in `n` trials at `confLevel` (two-sided). At x = 0 the
 * lower limit is exactly 0, at x = n the upper limit exactly 1, as in R.
 *
 * @example
 * wilsonInterval(0, 1000); // { ci_low: 0, ci_high: 0.0038267… } (R: prop.test(0, 1000, correct = FALSE))
 * wilsonInterval(50, 1000); // { ci_low: 0.03813…, ci_high: 0.06531… }
 */
export function wilsonInterval(x: number, n: number, confLevel = 0.95): ProportionInterval {
  if (!Number.isInteger(x) || !Number.isInteger(n) || n < 1 || x < 0 || x > n) {
    throw new RangeError(`wilsonInterval needs integers 0 <= x <= n, n >= 1 (got x = ${x}, n = ${n})`);
  }
  if (!(confLevel > 0 && confLevel < 1)) throw new RangeError(`confLevel must be in (0, 1) (got ${confLevel})`);
  const z = normalQuantile((1 + confLevel) / 2);
  const p = x / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denominator = 1 + z2 / n;
  return {
    ci_low: x === 0 ? 0 : Math.max(0, (centre - half) / denominator),
    ci_high: x === n ? 1 : Math.min(1, (centre + half) / denominator),
  };
}
