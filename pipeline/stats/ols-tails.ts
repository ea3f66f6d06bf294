/**
 * The three tail functions the linear models report — two-sided t p-value, t quantile, F upper
 * tail — behind one small interface over the project's distribution functions
 * (`distributions.ts`), which compute tails directly rather than as 1 − cdf so tiny p-values do
 * not underflow (STYLE.md, "Known traps").
 */
import { fSf, studentTQuantile, studentTSf } from './distributions.ts';

/**
 * Two-sided p-value of a t statistic on `df` degrees of freedom, 2·P(T > |t|).
 *
 * @example
 * tTwoSidedP(2.5, 10); // 0.03144684423660876  (R: 2 * pt(-2.5, 10))
 */
export function tTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df)) return NaN;
  return Math.min(1, 2 * studentTSf(Math.abs(t), df));
}

/**
 * Quantile of Student's t: the t with P(T <= t) = prob.
 *
 * @example
 * tQuantile(0.975, 10); // 2.2281388519862735  (R: qt(0.975, 10) = 2.2281388519862739)
 */
export function tQuantile(prob: number, df: number): number {
  if (Number.isNaN(df)) return NaN;
  return studentTQuantile(prob, df);
}

/**
 * Upper tail P(F > f) of the F distribution on (d1, d2) degrees of freedom.
 *
 * @example
 * fUpperP(3, 2, 20); // 0.0725381502864055  (R: pf(3, 2, 20, lower.tail = FALSE))
 */
export function fUpperP(f: number, d1: number, d2: number): number {
  return fSf(f, d1, d2);
}
