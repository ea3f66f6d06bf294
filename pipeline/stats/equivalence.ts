/**
 * Equivalence tests by two one-sided tests (TOST; Schuirmann 1987, Lakens 2017): the effect is
 * declared inside (lower, upper) when BOTH one-sided nulls "effect <= lower" and
 * "effect >= upper" are rejected, so the TOST p-value is the larger of the two.
 */
import { normalCdf, normalSf, studentTCdf, studentTSf } from './distributions.ts';

export interface TostResult {
  /** p of H0: effect <= lower bound (test statistic large when the effect is above it). */
  p_lower: number;
  /** p of H0: effect >= upper bound. */
  p_upper: number;
  /** max(p_lower, p_upper). */
  p: number;
  /** The two test statistics (z for correlations, t for mean differences). */
  statistic_lower: number;
  statistic_upper: number;
}

/**
 * TOST for a correlation against ±bound on Fisher's z: z = atanh(r), SE = 1/sqrt(n − 3),
 * p_lower = P[Z > (z − atanh(−bound))/SE], p_upper = P[Z < (z − atanh(bound))/SE]
 * (as TOSTER::TOSTr). Needs n > 3, r in [−1, 1], bound in (0, 1).
 *
 * @example correlationTost(0.02, 300, 0.1).p // 0.08311366723456666
 */
export function correlationTost(r: number, n: number, bound: number): TostResult {
  if (!(r >= -1 && r <= 1)) throw new RangeError(`a correlation must lie in [-1, 1] (got ${r})`);
  if (!Number.isInteger(n) || n <= 3) throw new RangeError(`the Fisher-z TOST needs an integer n > 3 (got ${n})`);
  if (!(bound > 0 && bound < 1)) throw new RangeError(`the equivalence bound must lie in (0, 1) (got ${bound})`);
  const z = Math.atanh(r);
  const se = 1 / Math.sqrt(n - 3);
  const statisticLower = (z - Math.atanh(-bound)) / se;
  const statisticUpper = (z - Math.atanh(bound)) / se;
  const pLower = normalSf(statisticLower);
  const pUpper = normalCdf(statisticUpper);
  return { p_lower: pLower, p_upper: pUpper, p: Math.max(pLower, pUpper), statistic_lower: statisticLower, statistic_upper: statisticUpper };
}

/**
 * TOST for a mean (difference) from its t test: t_lower = (estimate − lower)/se against the
 * upper tail, t_upper = (estimate − upper)/se against the lower tail, both on `df` (Welch df
 * for a Welch test). Equals R's t.test(..., mu = lower, alternative = "greater") and
 * t.test(..., mu = upper, alternative = "less").
 *
 * @example tTost({ estimate: 0.1, se: 0.08, df: 60 }, -0.3, 0.3).p // 0.007585390117444301
 */
export function tTost(test: { estimate: number; se: number; df: number }, lower: number, upper: number): TostResult {
  const { estimate, se, df } = test;
  if (!Number.isFinite(estimate)) throw new RangeError(`estimate must be finite (got ${estimate})`);
  if (!(se > 0) || !Number.isFinite(se)) throw new RangeError(`se must be a positive finite number (got ${se})`);
  if (!(df > 0)) throw new RangeError(`df must be > 0 (got ${df})`);
  if (!(lower < upper)) throw new RangeError(`the equivalence bounds need lower < upper (got ${lower}, ${upper})`);
  const statisticLower = (estimate - lower) / se;
  const statisticUpper = (estimate - upper) / se;
  const pLower = studentTSf(statisticLower, df);
  const pUpper = studentTCdf(statisticUpper, df);
  return { p_lower: pLower, p_upper: pUpper, p: Math.max(pLower, pUpper), statistic_lower: statisticLower, statistic_upper: statisticUpper };
}
