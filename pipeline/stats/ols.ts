/**
 * Ordinary least squares by Householder QR, reporting what R's `lm` + `summary.lm` report and the
 * heteroskedasticity-consistent covariances of `sandwich::vcovHC`.
 *
 * The fit never forms XᵀX: coefficients come from R β = Qᵀy, residuals and fitted values from Q
 * (as R's `qr.resid` / `qr.fitted`), and every covariance from R⁻¹ and the thin Q, so designs as
 * ill-conditioned as NIST's Longley keep about 12 correct digits.
 */
import { applyQ, applyQt, householderQr, invertUpperR, solveUpperR, thinQ as formThinQ } from './qr.ts';
import { fUpperP, tQuantile, tTwoSidedP } from './ols-tails.ts';
import { LEVERAGE_ONE_THRESHOLD, sandwichVcov, type VcovType } from './ols-vcov.ts';

export type { VcovType } from './ols-vcov.ts';

/** One row of a coefficient table (as `summary(lm)` / `lmtest::coeftest` print it). */
export interface CoefficientRow {
  name: string;
  estimate: number;
  se: number;
  /** t statistic, estimate / se. */
  statistic: number;
  /** Degrees of freedom of the t reference distribution (the residual df). */
  df: number;
  /** Two-sided p-value. */
  p: number;
  ci_low: number;
  ci_high: number;
}

export interface OlsFit {
  names: string[];
  /** Number of observations. */
  n: number;
  /** Number of coefficients (the design has full column rank). */
  p: number;
  coefficients: number[];
  residuals: number[];
  fitted: number[];
  df_residual: number;
  /** Residual standard deviation sqrt(RSS / df_residual). */
  sigma: number;
  rss: number;
  /** True when the design holds a column of ones (R's "(Intercept)"). */
  has_intercept: boolean;
  /** R², centred about the mean with an intercept, about 0 without (as summary.lm). */
  r_squared: number;
  adj_r_squared: number;
  /** Overall F test of all non-intercept coefficients; null when there is none to test. */
  f_statistic: number | null;
  f_df: [number, number] | null;
  f_p: number | null;
  /** Diagonal of the hat matrix (computed on first use). */
  leverage(): number[];
  /** 0-based rows with hat value above 1 − sqrt(eps), where HC2/HC3 are undefined (NaN). */
  leverageOneRows(): number[];
  /** Coefficient covariance: 'classical' = sigma²(XᵀX)⁻¹, or sandwich::vcovHC's HC0–HC3. */
  vcov(type?: VcovType): number[][];
  /** Estimates with standard errors, t, p and CI from the chosen covariance, t on df_residual. */
  coefficientTable(type?: VcovType, confLevel?: number): CoefficientRow[];
}

/** Thrown when a design cannot be fitted (rank deficiency, too few rows, non-finite values). */
export class ModelFitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFitError';
  }
}

function checkInputs(y: ArrayLike<number>, X: ArrayLike<ArrayLike<number>>, names: string[]): void {
  const n = y.length;
  const p = names.length;
  if (X.length !== n) throw new ModelFitError(`the design has ${X.length} rows but the response has ${n} values`);
  const bad: string[] = [];
  for (let i = 0; i < n && bad.length < 5; i++) {
    if (!Number.isFinite(y[i])) bad.push(`response row ${i + 1} is ${y[i]}`);
    const row = X[i];
    if (row.length !== p) throw new ModelFitError(`design row ${i + 1} has ${row.length} columns, expected ${p} (${names.join(', ')})`);
    for (let j = 0; j < p && bad.length < 5; j++) {
      if (!Number.isFinite(row[j])) bad.push(`column ${names[j]} row ${i + 1} is ${row[j]}`);
    }
  }
  if (bad.length > 0) throw new ModelFitError(`non-finite values in the model data: ${bad.join('; ')}`);
  if (p === 0) throw new ModelFitError('the design has no columns');
  if (n <= p) throw new ModelFitError(`${n} observations are too few for ${p} coefficients (${names.join(', ')}): no residual degrees of freedom`);
}

function isColumnOfOnes(cols: Float64Array, n: number, j: number): boolean {
  for (let i = 0; i < n; i++) if (cols[j * n + i] !== 1) return false;
  return true;
}

/**
 * Fits y = X β + ε by least squares. `X` is given by rows (n × p) with column `names`; include a
 * column of ones for an intercept (see `designMatrix`). Throws `ModelFitError` for NaN/Infinity,
 * n <= p, or a rank-deficient design (naming the aliased columns, which R would report as NA).
 *
 * Reference: R `lm` / `summary.lm` (R Core Team 2022); Golub & Van Loan (2013) §5.3.
 *
 * @example
 * const fit = fitOls([1, 3, 2, 5], [[1, 0], [1, 1], [1, 2], [1, 3]], ['(Intercept)', 'x']);
 * fit.coefficients; // [1.1, 1.1]     (R: coef(lm(y ~ x)))
 * fit.sigma;        // 1.0488088...   (R: sigma(lm(y ~ x)))
 */
export function fitOls(y: ArrayLike<number>, X: ArrayLike<ArrayLike<number>>, names: string[]): OlsFit {
  checkInputs(y, X, names);
  const n = y.length;
  const p = names.length;
  const cols = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const row = X[i];
    for (let j = 0; j < p; j++) cols[j * n + i] = row[j];
  }
  return fitOlsColumns(Float64Array.from(y), cols, n, names);
}

/**
 * The same fit from a column-major Float64Array (column j at [j·n, (j+1)·n)), for callers that
 * already hold typed columns (simulation loops).
 */
export function fitOlsColumns(y: Float64Array, cols: Float64Array, n: number, names: string[]): OlsFit {
  const p = names.length;
  if (cols.length !== n * p || y.length !== n) throw new ModelFitError('column storage does not match n × p');
  if (n <= p) throw new ModelFitError(`${n} observations are too few for ${p} coefficients (${names.join(', ')}): no residual degrees of freedom`);
  for (let i = 0; i < cols.length; i++) if (!Number.isFinite(cols[i])) throw new ModelFitError(`non-finite value in column ${names[Math.floor(i / n)]} row ${(i % n) + 1}`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i])) throw new ModelFitError(`non-finite response in row ${i + 1}`);

  const qr = householderQr(cols, n, p);
  if (qr.rank < p) {
    const aliased = Array.from(qr.pivot.subarray(qr.rank)).map((j) => names[j]);
    throw new ModelFitError(`the design is rank deficient (rank ${qr.rank} of ${p}): ${aliased.join(', ')} ${aliased.length === 1 ? 'is' : 'are'} a linear combination of the other columns`);
  }
  const qty = Float64Array.from(y);
  applyQt(qr, qty);
  const betaPivoted = solveUpperR(qr, qty);
  const coefficients = new Array<number>(p);
  for (let k = 0; k < p; k++) coefficients[qr.pivot[k]] = betaPivoted[k];

  const resid = new Float64Array(n);
  for (let i = p; i < n; i++) resid[i] = qty[i];
  applyQ(qr, resid);
  const fittedArr = new Float64Array(n);
  for (let i = 0; i < p; i++) fittedArr[i] = qty[i];
  applyQ(qr, fittedArr);

  let rss = 0;
  for (let i = p; i < n; i++) rss += qty[i] * qty[i];
  const dfResidual = n - p;
  const sigma2 = rss / dfResidual;

  let hasIntercept = false;
  for (let j = 0; j < p && !hasIntercept; j++) hasIntercept = isColumnOfOnes(cols, n, j);
  // summary.lm: mss from the fitted values, centred when there is an intercept.
  let mss = 0;
  if (hasIntercept) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += fittedArr[i];
    mean /= n;
    for (let i = 0; i < n; i++) mss += (fittedArr[i] - mean) ** 2;
  } else {
    for (let i = 0; i < n; i++) mss += fittedArr[i] * fittedArr[i];
  }
  const dfInt = hasIntercept ? 1 : 0;
  const rSquared = p === dfInt ? 0 : mss / (mss + rss);
  const adjRSquared = p === dfInt ? 0 : 1 - (1 - rSquared) * ((n - dfInt) / dfResidual);
  const numDf = p - dfInt;
  const fStat = numDf > 0 ? mss / numDf / sigma2 : null;

  const rInv = invertUpperR(qr);
  let leverageCache: Float64Array | null = null;
  let thinQCache: Float64Array | null = null;
  const thinQ = (): Float64Array => (thinQCache ??= formThinQ(qr));
  const leverage = (): Float64Array => {
    if (leverageCache === null) {
      const q = thinQ();
      const h = new Float64Array(n);
      for (let k = 0; k < p; k++) for (let i = 0; i < n; i++) h[i] += q[k * n + i] ** 2;
      leverageCache = h;
    }
    return leverageCache;
  };

  const vcov = (type: VcovType = 'classical'): number[][] =>
    sandwichVcov({ type, n, p, pivot: qr.pivot, rInv, sigma2, residuals: resid, thinQ, leverage });

  const fit: OlsFit = {
    names: [...names],
    n,
    p,
    coefficients,
    residuals: toPlainArray(resid),
    fitted: toPlainArray(fittedArr),
    df_residual: dfResidual,
    sigma: Math.sqrt(sigma2),
    rss,
    has_intercept: hasIntercept,
    r_squared: rSquared,
    adj_r_squared: adjRSquared,
    f_statistic: fStat,
    f_df: fStat === null ? null : [numDf, dfResidual],
    f_p: fStat === null ? null : fUpperP(fStat, numDf, dfResidual),
    leverage: () => toPlainArray(leverage()),
    leverageOneRows: () => {
      const h = leverage();
      const rows: number[] = [];
      for (let i = 0; i < n; i++) if (h[i] > LEVERAGE_ONE_THRESHOLD) rows.push(i);
      return rows;
    },
    vcov,
    coefficientTable(type: VcovType = 'classical', confLevel = 0.95): CoefficientRow[] {
      const v = vcov(type);
      const crit = tQuantile(1 - (1 - confLevel) / 2, dfResidual);
      return names.map((name, j) => {
        const estimate = coefficients[j];
        const se = Math.sqrt(v[j][j]);
        const statistic = estimate / se;
        return { name, estimate, se, statistic, df: dfResidual, p: tTwoSidedP(statistic, dfResidual), ci_low: estimate - crit * se, ci_high: estimate + crit * se };
      });
    },
  };
  return fit;
}

/** Copies a typed array into a plain array (a loop: Array.from's iterator path is ~10× slower). */
function toPlainArray(a: Float64Array): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i];
  return out;
}
