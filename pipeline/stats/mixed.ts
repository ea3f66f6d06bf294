/**
 * Linear mixed model with one random intercept per group (participant), fitted by REML, reported
 * as `lme4::lmer(y ~ X + (1 | group), REML = TRUE)` with `lmerTest`'s Satterthwaite degrees of
 * freedom.
 *
 * Model: y_gj = x_gjᵀβ + b_g + e_gj, b_g ~ N(0, σ_b²), e_gj ~ N(0, σ²). With θ = σ_b²/σ² and n_g
 * observations in group g, V_g = σ²(I + θ11ᵀ) has a closed-form inverse and determinant, so every
 * quantity is a sum over groups of p-vectors — no n × n matrix. With s_g = X_gᵀ1, t_g = 1ᵀy_g:
 *
 *   A(θ) = XᵀV⁻¹X·σ² = W + Σ_g s_g s_gᵀ / (n_g(1 + n_g θ)),   W = Σ_g Σ_j (x_gj − x̄_g)(x_gj − x̄_g)ᵀ,
 *
 * (the within/between split keeps A free of cancellation), β̂(θ) = A⁻¹b(θ), and the profiled REML
 * criterion (lme4's `REMLcrit`, = −2 × REML log-likelihood) is
 *
 *   F(θ) = Σ_g log(1 + n_g θ) + log|A| + (n − p)(1 + log(2π RSS_θ/(n − p))),
 *
 * RSS_θ the V⁻¹-weighted residual sum of squares. θ̂ solves the score equation dF/dθ = 0, found
 * by a grid over log θ and Brent's root finder on the analytic derivative (to ~1e-15 relative,
 * finer than lme4's optimiser), or is 0 when the criterion rises from the boundary (a singular fit).
 *
 * Satterthwaite (as lmerTest 3.1, Kuznetsova et al. 2017, J. Stat. Softw. 82(13)): for a contrast
 * L, v = Lᵀ Cov(β̂) L with Cov(β̂) = σ²A⁻¹ as a function of the variance parameters (τ = √θ, σ)
 * — lmerTest's parameterisation — and df = 2v² / (∇vᵀ 𝒜 ∇v), 𝒜 = 2H⁻¹, H the Hessian of the
 * unprofiled REML deviance D(τ, σ). ∇v, H_σσ and H_στ are analytic; H_ττ is the Richardson
 * derivative of the analytic ∂D/∂τ. lmerTest differentiates numerically (numDeriv), so its df
 * carry ~1e-8 relative noise (66.0000007 where the exact balanced value is 66).
 */
import { householderQr } from './qr.ts';
import { cholesky, choleskyInverse, choleskyLogDet, choleskySolve } from './linalg.ts';
import { brentRoot, goldenSectionMinimize, richardsonDerivative } from './mixed-optimize.ts';
import { ModelFitError } from './ols.ts';
import { tQuantile, tTwoSidedP } from './ols-tails.ts';

export interface LmmCoefficient {
  name: string;
  estimate: number;
  se: number;
  /** Satterthwaite degrees of freedom. */
  df: number;
  /** t statistic. */
  statistic: number;
  p: number;
  ci_low: number;
  ci_high: number;
}

export interface LmmContrast {
  estimate: number;
  se: number;
  df: number;
  statistic: number;
  p: number;
  ci_low: number;
  ci_high: number;
}

export interface RandomInterceptLmm {
  names: string[];
  n: number;
  n_groups: number;
  coefficients: LmmCoefficient[];
  /** Variance of the random intercept, σ_b². */
  var_random_intercept: number;
  /** Residual variance σ². */
  var_residual: number;
  /** σ_b/σ, lme4's `theta`. */
  theta: number;
  /** REML log-likelihood (R: logLik(fit)). */
  reml_loglik: number;
  /** REML criterion −2·logLik (R: REMLcrit(fit)). */
  reml_criterion: number;
  /** True when σ_b² is estimated at its boundary 0 (R: isSingular(fit)). */
  singular: boolean;
  /** Cov(β̂) = σ²A⁻¹, p × p. */
  vcov: number[][];
  /** Lᵀβ with its Satterthwaite t test and interval (R: lmerTest::contest1D(fit, L, confint = TRUE)). */
  contrast(L: number[], confLevel?: number): LmmContrast;
}

interface Groups {
  count: number;
  sizes: Float64Array;
  /** Column sums s_g, row-major count × p. */
  sums: Float64Array;
  /** Response sums t_g. */
  ySums: Float64Array;
}

interface Evaluation {
  theta: number;
  chol: Float64Array;
  beta: Float64Array;
  rss: number;
  /** 1ᵀr_g, the group sums of the residuals y − Xβ̂. */
  residualSums: Float64Array;
  criterion: number;
}

function groupRows(groups: ArrayLike<string | number>): { index: Int32Array; count: number } {
  const ids = new Map<string | number, number>();
  const index = new Int32Array(groups.length);
  for (let i = 0; i < groups.length; i++) {
    let g = ids.get(groups[i]);
    if (g === undefined) {
      g = ids.size;
      ids.set(groups[i], g);
    }
    index[i] = g;
  }
  return { index, count: ids.size };
}

function validate(y: ArrayLike<number>, X: ArrayLike<ArrayLike<number>>, names: string[], groups: ArrayLike<string | number>): void {
  const n = y.length;
  const p = names.length;
  if (X.length !== n || groups.length !== n) throw new ModelFitError(`the response (${n}), design (${X.length}) and groups (${groups.length}) differ in length`);
  const bad: string[] = [];
  for (let i = 0; i < n && bad.length < 5; i++) {
    if (!Number.isFinite(y[i])) bad.push(`response row ${i + 1} is ${y[i]}`);
    if (X[i].length !== p) throw new ModelFitError(`design row ${i + 1} has ${X[i].length} columns, expected ${p} (${names.join(', ')})`);
    for (let j = 0; j < p && bad.length < 5; j++) if (!Number.isFinite(X[i][j])) bad.push(`column ${names[j]} row ${i + 1} is ${X[i][j]}`);
    const g = groups[i];
    if (g === null || g === undefined || (typeof g === 'number' && !Number.isFinite(g))) bad.push(`group of row ${i + 1} is ${String(g)}`);
  }
  if (bad.length > 0) throw new ModelFitError(`non-finite values in the model data: ${bad.join('; ')}`);
  if (n <= p) throw new ModelFitError(`${n} observations are too few for ${p} coefficients (${names.join(', ')})`);
}

/**
 * Fits the random-intercept model by REML. `X` rows (n × p) with column `names` (include
 * "(Intercept)"; see `designMatrix`), `groups` the participant of each row (any labels).
 * Throws `ModelFitError` for NaN, n <= p, or a rank-deficient X.
 *
 * @example
 * // alignment ~ arm * round + (1 | participant):
 * const fit = fitRandomInterceptLmm(alignment, design.rows, design.names, participantIds);
 * fit.coefficients[7]; // { name: 'armcoach:round3', estimate, se, df (Satterthwaite), statistic, p, ci_low, ci_high }
 */
export function fitRandomInterceptLmm(
  y: ArrayLike<number>,
  X: ArrayLike<ArrayLike<number>>,
  names: string[],
  groups: ArrayLike<string | number>,
  confLevel = 0.95,
): RandomInterceptLmm {
  validate(y, X, names, groups);
  const n = y.length;
  const p = names.length;
  const cols = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) cols[j * n + i] = X[i][j];
  const qr = householderQr(cols, n, p);
  if (qr.rank < p) {
    const aliased = Array.from(qr.pivot.subarray(qr.rank)).map((j) => names[j]);
    throw new ModelFitError(`the fixed-effects design is rank deficient (rank ${qr.rank} of ${p}): ${aliased.join(', ')} ${aliased.length === 1 ? 'is' : 'are'} a linear combination of the other columns`);
  }

  const { index, count } = groupRows(groups);
  const g: Groups = { count, sizes: new Float64Array(count), sums: new Float64Array(count * p), ySums: new Float64Array(count) };
  for (let i = 0; i < n; i++) {
    const k = index[i];
    g.sizes[k] += 1;
    g.ySums[k] += y[i];
    for (let j = 0; j < p; j++) g.sums[k * p + j] += X[i][j];
  }
  // Rows centred on their group means: the within part W, wy of the cross-products, computed once.
  const xc = new Float64Array(n * p);
  const yc = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = index[i];
    yc[i] = y[i] - g.ySums[k] / g.sizes[k];
    for (let j = 0; j < p; j++) xc[i * p + j] = X[i][j] - g.sums[k * p + j] / g.sizes[k];
  }
  const within = new Float64Array(p * p);
  const withinY = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < p; a++) {
      const xa = xc[i * p + a];
      withinY[a] += xa * yc[i];
      for (let b = 0; b <= a; b++) within[a * p + b] += xa * xc[i * p + b];
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) within[b * p + a] = within[a * p + b];

  const dfResidual = n - p;

  const evaluate = (theta: number): Evaluation => {
    const A = within.slice();
    const rhs = withinY.slice();
    for (let k = 0; k < count; k++) {
      const nk = g.sizes[k];
      const f = 1 / (nk * (1 + nk * theta));
      const base = k * p;
      for (let a = 0; a < p; a++) {
        const sa = g.sums[base + a] * f;
        rhs[a] += sa * g.ySums[k];
        for (let b = 0; b <= a; b++) A[a * p + b] += sa * g.sums[base + b];
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) A[b * p + a] = A[a * p + b];
    const chol = cholesky(A, p);
    if (chol === null) throw new ModelFitError('the fixed-effects cross-product matrix is not positive definite (near-collinear design)');
    const beta = choleskySolve(chol, p, rhs);
    let rss = 0;
    for (let i = 0; i < n; i++) {
      let r = yc[i];
      for (let j = 0; j < p; j++) r -= xc[i * p + j] * beta[j];
      rss += r * r;
    }
    const residualSums = new Float64Array(count);
    let logDetV = 0;
    for (let k = 0; k < count; k++) {
      const nk = g.sizes[k];
      let rs = g.ySums[k];
      for (let j = 0; j < p; j++) rs -= g.sums[k * p + j] * beta[j];
      residualSums[k] = rs;
      rss += (rs * rs) / (nk * (1 + nk * theta));
      logDetV += Math.log1p(nk * theta);
    }
    const criterion = logDetV + choleskyLogDet(chol, p) + dfResidual * (1 + Math.log((2 * Math.PI * rss) / dfResidual));
    return { theta, chol, beta, rss, residualSums, criterion };
  };

  /** Σ_g w'_g q_g with q_g = s_gᵀA⁻¹s_g and w'_g = 1/(1 + n_g θ)². */
  const z = new Float64Array(p);
  const leverageTerm = (e: Evaluation): number => {
    const l = e.chol;
    let s = 0;
    for (let k = 0; k < count; k++) {
      // q_g = |L⁻¹ s_g|², forward substitution in place (this loop runs once per participant)
      let q = 0;
      for (let i = 0; i < p; i++) {
        let v = g.sums[k * p + i];
        for (let j = 0; j < i; j++) v -= l[i * p + j] * z[j];
        v /= l[i * p + i];
        z[i] = v;
        q += v * v;
      }
      s += q / (1 + g.sizes[k] * e.theta) ** 2;
    }
    return s;
  };
  const residualTerm = (e: Evaluation): number => {
    let s = 0;
    for (let k = 0; k < count; k++) s += e.residualSums[k] ** 2 / (1 + g.sizes[k] * e.theta) ** 2;
    return s;
  };
  const sizeTerm = (theta: number): number => {
    let s = 0;
    for (let k = 0; k < count; k++) s += g.sizes[k] / (1 + g.sizes[k] * theta);
    return s;
  };
  /** dF/dθ of the profiled criterion. */
  const score = (theta: number): number => {
    const e = evaluate(theta);
    return sizeTerm(theta) - leverageTerm(e) - (dfResidual * residualTerm(e)) / e.rss;
  };

  const thetaHat = maximiseReml(evaluate, score);
  const best = evaluate(thetaHat);
  const sigma2 = best.rss / dfResidual;
  const sigma = Math.sqrt(sigma2);
  const tau = Math.sqrt(thetaHat);
  const aInv = choleskyInverse(best.chol, p);

  // Hessian of the unprofiled REML deviance D(τ, σ) at the optimum (see the header).
  const dDdTau = (t: number): number => {
    const e = evaluate(t * t);
    return 2 * t * (sizeTerm(t * t) - leverageTerm(e) - residualTerm(e) / sigma2);
  };
  const hTauTau = richardsonDerivative(dDdTau, tau, tau > 0 ? 0.05 * tau : 1e-3);
  const hTauSigma = (4 * tau * residualTerm(best)) / sigma ** 3;
  const hSigmaSigma = -2 * dfResidual / sigma2 + (6 * best.rss) / sigma2 ** 2;
  const det = hTauTau * hSigmaSigma - hTauSigma * hTauSigma;
  // 𝒜 = 2 H⁻¹
  const aTT = (2 * hSigmaSigma) / det;
  const aTS = (-2 * hTauSigma) / det;
  const aSS = (2 * hTauTau) / det;
  const positiveDefinite = hTauTau > 0 && det > 0;

  const contrast = (L: number[], level = confLevel): LmmContrast => {
    if (L.length !== p) throw new ModelFitError(`the contrast has ${L.length} weights but the model has ${p} coefficients (${names.join(', ')})`);
    const z = choleskySolve(best.chol, p, L);
    let estimate = 0;
    let lz = 0;
    for (let j = 0; j < p; j++) {
      estimate += L[j] * best.beta[j];
      lz += L[j] * z[j];
    }
    const variance = sigma2 * lz;
    let gradTauSum = 0;
    for (let k = 0; k < count; k++) {
      let sz = 0;
      for (let j = 0; j < p; j++) sz += g.sums[k * p + j] * z[j];
      gradTauSum += (sz * sz) / (1 + g.sizes[k] * thetaHat) ** 2;
    }
    const gTau = sigma2 * 2 * tau * gradTauSum;
    const gSigma = (2 * variance) / sigma;
    const denominator = gTau * gTau * aTT + 2 * gTau * gSigma * aTS + gSigma * gSigma * aSS;
    const df = positiveDefinite ? (2 * variance * variance) / denominator : NaN;
    const se = Math.sqrt(variance);
    const statistic = estimate / se;
    const crit = tQuantile(1 - (1 - level) / 2, df);
    return { estimate, se, df, statistic, p: tTwoSidedP(statistic, df), ci_low: estimate - crit * se, ci_high: estimate + crit * se };
  };

  const coefficients = names.map((name, j) => {
    const L = new Array<number>(p).fill(0);
    L[j] = 1;
    return { name, ...contrast(L) };
  });
  const vcov = Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, b) => sigma2 * aInv[a * p + b]));

  return {
    names: [...names],
    n,
    n_groups: count,
    coefficients,
    var_random_intercept: thetaHat * sigma2,
    var_residual: sigma2,
    theta: tau,
    reml_loglik: -best.criterion / 2,
    reml_criterion: best.criterion,
    singular: thetaHat === 0,
    vcov,
    contrast,
  };
}

/**
 * θ̂ = argmin F(θ) over θ >= 0: F on a half-decade log grid 1e-8 … 1e6 (plus 0) locates the global minimum,
 * then Brent's root finder solves dF/dθ = 0 in the bracket around it (golden-section search on F
 * if the score does not change sign there). θ̂ = 0 when the minimum is at the boundary and the
 * score there is non-negative.
 */
function maximiseReml(evaluate: (theta: number) => Evaluation, score: (theta: number) => number): number {
  const grid = [0];
  for (let k = 0; k <= 28; k++) grid.push(10 ** (-8 + k / 2));
  const values = grid.map((t) => evaluate(t).criterion);
  let best = 0;
  for (let k = 1; k < grid.length; k++) if (values[k] < values[best]) best = k;
  if (best === grid.length - 1) throw new ModelFitError('the REML criterion keeps falling as the between-participant variance grows: the residual variance is estimated at 0');
  if (best === 0 && score(0) >= 0) return 0;
  const lo = best === 0 ? 0 : grid[best - 1];
  const hi = grid[best + 1];
  const sLo = score(lo);
  const sHi = score(hi);
  if (sLo < 0 && sHi > 0) return brentRoot(score, lo, hi, 0);
  // The score does not change sign across the bracket (a very flat criterion): minimise F itself.
  return goldenSectionMinimize((t) => evaluate(t).criterion, lo, hi, 1e-12);
}
