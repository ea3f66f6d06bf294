/**
 * A linear contrast Lᵀβ of least-squares coefficients with its standard error from a chosen
 * covariance, a t test on the residual degrees of freedom, and a confidence interval — what
 * `multcomp::glht(fit, linfct = L, vcov = sandwich::vcovHC(fit, type))` reports for one row with
 * `df = fit$df.residual`.
 */
import type { OlsFit, VcovType } from './ols.ts';
import { ModelFitError } from './ols.ts';
import { tQuantile, tTwoSidedP } from './ols-tails.ts';

export interface ContrastResult {
  estimate: number;
  se: number;
  /** t statistic. */
  statistic: number;
  df: number;
  p: number;
  ci_low: number;
  ci_high: number;
}

/**
 * Estimates Lᵀβ, se = sqrt(Lᵀ V L), t = estimate/se on the residual df, two-sided p, and the
 * `confLevel` interval estimate ± t_{df,(1+conf)/2} · se.
 *
 * @example
 * // coach − control when the design is (Intercept), armcoach, armpeer, baseline:
 * contrast(fit, [0, 1, 0, 0], 'HC3', 0.95); // { estimate: β_armcoach, se: HC3 se, ... }
 */
export function contrast(fit: OlsFit, L: number[], vcovType: VcovType = 'classical', confLevel = 0.95): ContrastResult {
  if (L.length !== fit.p) throw new ModelFitError(`the contrast has ${L.length} weights but the model has ${fit.p} coefficients (${fit.names.join(', ')})`);
  if (!L.every(Number.isFinite)) throw new ModelFitError(`the contrast weights must be finite numbers (${L.join(', ')})`);
  if (!(confLevel > 0 && confLevel < 1)) throw new ModelFitError(`the confidence level must lie strictly between 0 and 1 (${confLevel})`);
  const v = fit.vcov(vcovType);
  let estimate = 0;
  let variance = 0;
  for (let i = 0; i < fit.p; i++) {
    estimate += L[i] * fit.coefficients[i];
    for (let j = 0; j < fit.p; j++) variance += L[i] * v[i][j] * L[j];
  }
  const se = Math.sqrt(variance);
  const df = fit.df_residual;
  const statistic = estimate / se;
  const crit = tQuantile(1 - (1 - confLevel) / 2, df);
  return { estimate, se, statistic, df, p: tTwoSidedP(statistic, df), ci_low: estimate - crit * se, ci_high: estimate + crit * se };
}
