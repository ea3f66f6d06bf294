/**
 * When data cannot carry an estimate: no spread, or a fit with essentially no residual, judged
 * relative to the scale of the data (never against an absolute number, so a study on a 1–5 scale
 * and one on a 0–1000 scale are judged alike).
 *
 * The form is R's `summary.lm` check (stats 4.2): it warns "essentially perfect fit: summary may
 * be unreliable" when `resvar < (mean(f)^2 + var(f)) * 1e-30`, resvar = RSS / residual df and f the
 * fitted values. A sample x has no spread in the same sense when `lm(x ~ 1)` is such a fit: then
 * f = mean(x) and resvar = var(x). R's `t.test` has the same idea in another form: it stops with
 * "data are essentially constant" when its standard error is below `10 * .Machine$double.eps *
 * abs(mean)`.
 *
 * The tolerance here, RELATIVE_VARIANCE_TOLERANCE = 1e-20 (a residual SD within 1e-10 of the
 * data's scale), is ten orders looser than R's 1e-30. R's bound sits at a few times ε², just where
 * round-off lands: on data that are an exact linear function of the covariates, R's own `lm`
 * leaves a residual variance up to 1.8e-29 of the scale (400 random ANCOVA designs,
 * tests/fixtures/stats/degenerate.R), our OLS up to 1.6e-30 and our REML fit up to 1.1e-29
 * (100 designs each, tests/stats/degenerate.test.ts), so at 1e-30 R reports t statistics made of
 * round-off without a warning (the fixture keeps such cases). At 1e-20 round-off clears the bound
 * by nine orders of magnitude, while no measurement on the study's scales (1–5 ratings, shares,
 * trait scores) comes near a relative SD of 1e-10; just above the bound our numbers still match
 * R's (same test file).
 */
import { sampleMean, sampleVariance } from './sample.ts';

/** Residual (or sample) variance at or below this share of the data's squared scale is zero. */
export const RELATIVE_VARIANCE_TOLERANCE = 1e-20;

/**
 * The squared scale of some values as R's summary.lm measures it: mean² + sample variance
 * (R: `mean(f)^2 + var(c(f))`), the variance with one value taken as 0. 0 for no values.
 *
 * @example
 * squaredScale([1, 2, 3]); // 2² + 1 = 5
 */
export function squaredScale(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const mean = sampleMean(values);
  return mean * mean + (values.length > 1 ? sampleVariance(values) : 0);
}

/**
 * True when a residual variance is essentially zero relative to the values it is judged against
 * (the fitted values of a fit, as R's summary.lm, or the response): residualVariance <=
 * RELATIVE_VARIANCE_TOLERANCE × squaredScale(scaleValues). A variance that is not a finite number
 * counts as essentially zero too (nothing can be estimated from it). Unlike R, whose `<` lets a
 * fit of all-zero data through (0 < 0 is false; R then divides by zero), `<=` catches it.
 *
 * @example
 * isEssentiallyPerfectFit(1e-31, [2.3, 2.8, 3.9]); // true  (R: summary.lm warns "essentially perfect fit")
 * isEssentiallyPerfectFit(0.04, [2.3, 2.8, 3.9]);  // false
 */
export function isEssentiallyPerfectFit(residualVariance: number, scaleValues: readonly number[]): boolean {
  if (!Number.isFinite(residualVariance)) return true;
  return residualVariance <= RELATIVE_VARIANCE_TOLERANCE * squaredScale(scaleValues);
}

/**
 * True when `values` have essentially no spread: their sample variance is at or below
 * RELATIVE_VARIANCE_TOLERANCE × the squared scale of `scaleValues` (default: the values
 * themselves, i.e. `lm(values ~ 1)` is an essentially perfect fit). Give `scaleValues` when the
 * values were computed from larger ones whose round-off they carry: change scores post − pre are
 * judged against pre and post, not against their own mean, which may be near 0. Fewer than two
 * values have no spread.
 *
 * @example
 * isEssentiallyConstant([0.75, 0.75, 0.75]);                 // true  (R: t.test stops, "data are essentially constant")
 * isEssentiallyConstant([1.1e-16, -3.3e-16, 1.1e-16], [3.1, 4.7, 3.3]); // true: round-off of 3–5
 * isEssentiallyConstant([0.5, 0.75, 1]);                     // false
 */
export function isEssentiallyConstant(values: readonly number[], scaleValues: readonly number[] = values): boolean {
  if (values.length < 2) return true;
  return isEssentiallyPerfectFit(sampleVariance(values), scaleValues);
}
