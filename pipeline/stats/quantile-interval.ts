/**
 * A distribution-free confidence interval for a population quantile from the order statistics of
 * a sample (Conover 1999, Practical Nonparametric Statistics, 3rd ed., §3.2; Hahn & Meeker 1991,
 * §5.2): with X(1) ≤ … ≤ X(n), P(X(l) ≤ ξ_q < X(u)) = P(l ≤ B < u) for B ~ Binomial(n, q), whatever
 * the distribution (continuous at ξ_q). The ranks are l = qbinom(α/2, n, q) and
 * u = qbinom(1 − α/2, n, q) + 1 in R's terms, so each tail holds at most α/2 and the interval
 * covers at least 1 − α.
 */
import { binomialCdf } from './distributions.ts';

export interface QuantileRanks {
  /** 1-based rank of the lower limit; 0 when the interval is open below (too few observations). */
  lower: number;
  /** 1-based rank of the upper limit; n + 1 when the interval is open above. */
  upper: number;
  /** The exact coverage P(lower ≤ B < upper) = pbinom(upper − 1) − pbinom(lower − 1). */
  coverage: number;
}

/** R's qbinom(p, n, q): the smallest k with P(B ≤ k) ≥ p, with R's fuzz (p·(1 − 64ε)) against rounding in the sums. */
function binomialQuantile(p: number, n: number, q: number): number {
  for (let k = 0; k <= n; k++) if (binomialCdf(k, n, q) >= p * (1 - 64 * Number.EPSILON)) return k;
  return n;
}

/**
 * The ranks of the order statistics that bound the `q` quantile of a sample of `n` with
 * confidence at least `confLevel`.
 *
 * @example
 * quantileRanks(200, 0.8); // { lower: 149, upper: 171, coverage: 0.9544… } (R: qbinom(c(.025, .975), 200, .8) + c(0, 1))
 */
export function quantileRanks(n: number, q: number, confLevel = 0.95): QuantileRanks {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`quantileRanks needs a sample size n >= 1 (got ${n})`);
  if (!(q > 0 && q < 1)) throw new RangeError(`quantileRanks needs q in (0, 1) (got ${q})`);
  const alpha = 1 - confLevel;
  const lower = binomialQuantile(alpha / 2, n, q);
  const upper = binomialQuantile(1 - alpha / 2, n, q) + 1;
  const cdf = (k: number) => (k < 0 ? 0 : k >= n ? 1 : binomialCdf(k, n, q));
  return { lower, upper, coverage: cdf(upper - 1) - cdf(lower - 1) };
}

/**
 * The `q` quantile's distribution-free interval from a sample: [X(lower), X(upper)], with
 * −Infinity or Infinity where a rank falls outside the sample (an open end).
 *
 * @example
 * quantileInterval([...values], 0.8); // { low: X(149), high: X(171), coverage: 0.954… } for n = 200
 */
export function quantileInterval(values: readonly number[], q: number, confLevel = 0.95): { low: number; high: number; coverage: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const { lower, upper, coverage } = quantileRanks(sorted.length, q, confLevel);
  return {
    low: lower >= 1 ? sorted[lower - 1] : -Infinity,
    high: upper <= sorted.length ? sorted[upper - 1] : Infinity,
    coverage,
  };
}
