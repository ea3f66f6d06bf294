/**
 * Wilson's score interval for a binomial proportion (Wilson 1927, "Probable inference, the law of
 * succession, and statistical inference", JASA 22, 209–212), without continuity correction: the
 * proportions π whose score test |x/n − π| / sqrt(π(1 − π)/n) ≤ z does not reject. Equals R's
 * `prop.test(x, n, correct = FALSE)$conf.int`. Unlike the Wald interval it stays inside [0, 1]
 * and is not empty at x = 0 or x = n.
 */
import { normalQuantile } from './distributions.ts';

/**
 * Wilson interval for x successes in n trials at `confLevel` (default 0.95).
 *
 * @example
 * wilsonInterval(0, 20); // { low: 0, high: 0.16112515…, estimate: 0 }
 */
export function wilsonInterval(x: number, n: number, confLevel = 0.95): { estimate: number; low: number; high: number } {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer (got ${n})`);
  if (!Number.isInteger(x) || x < 0 || x > n) throw new RangeError(`x must be an integer in 0..n (got ${x}, n = ${n})`);
  if (!(confLevel > 0 && confLevel < 1)) throw new RangeError(`confLevel must be in (0, 1) (got ${confLevel})`);
  const z = normalQuantile(1 - (1 - confLevel) / 2);
  const z2 = z * z;
  const centre = (x + z2 / 2) / (n + z2);
  const half = (z * Math.sqrt((x * (n - x)) / n + z2 / 4)) / (n + z2);
  // At x = 0 (x = n) the lower (upper) limit is exactly 0 (1); computed it can miss by a rounding.
  return { estimate: x / n, low: x === 0 ? 0 : Math.max(0, centre - half), high: x === n ? 1 : Math.min(1, centre + half) };
}
