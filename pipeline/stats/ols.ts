/**
 * Ordinary least squares by Householder QR, reporting what R's `lm` + `summary.lm` report and the
 * heteroskedasticity-consistent covariances of `sandwich::vcovHC`.
 *
 * The fit never forms XᵀX: coefficients come from R β = Qᵀy, residuals and fitted values from Q
 * (as R's `qr.resid` / `qr.fitted`), and every covariance from R⁻¹ and the thin Q, so designs as
 * ill-conditioned as NIST's Longley keep about 12 correct digits.
 */
import { applyQ, applyQt, householderQr, invertUpperR, solveUpperR, thinQ as formThinQ, type QrDecomposition } from './qr.ts';
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

/** Validates the rows and copies them into column-major storage in the same pass. */
function columnsFromRows(y: ArrayLike<number>, X: ArrayLike<ArrayLike<number>>, names: string[]): Float64Array {
  const n = y.length;
  const p = names.length;
  if (X.length !== n) throw new ModelFitError(`the design has ${X.length} rows but the response has ${n} values`);
  if (p === 0) throw new ModelFitError('the design has no columns');
  if (n <= p) throw new ModelFitError(`${n} observations are too few for ${p} coefficients (${names.join(', ')}): no residual degrees of freedom`);
  const cols = new Float64Array(n * p);
  const bad: string[] = [];
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i]) && bad.length < 5) bad.push(`response row ${i + 1} is ${y[i]}`);
    const row = X[i];
    if (row.length !== p) throw new ModelFitError(`design row ${i + 1} has ${row.length} columns, expected ${p} (${names.join(', ')})`);
    for (let j = 0; j < p; j++) {
      const v = row[j];
      if (!Number.isFinite(v) && bad.length < 5) bad.push(`column ${names[j]} row ${i + 1} is ${v}`);
      cols[j * n + i] = v;
    }
  }
  if (bad.length > 0) throw new ModelFitError(`non-finite values in the model data: ${bad.join('; ')}`);
  return cols;
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
 * fit.coefficients; // [1.1, 1.1]        (R: coef(lm(y ~ x)))
 * fit.sigma;        // 1.161895003862225 (R: sigma(lm(y ~ x)))
 */
export function fitOls(y: ArrayLike<number>, X: ArrayLike<ArrayLike<number>>, names: string[]): OlsFit {
  const cols = columnsFromRows(y, X, names);
  return fitValidatedColumns(toFloat64(y), cols, y.length, names);
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
  return fitValidatedColumns(y, cols, n, names);
}

function fitValidatedColumns(y: Float64Array, cols: Float64Array, n: number, names: string[]): OlsFit {
  const p = names.length;
  const qr = householderQr(cols, n, p);
  if (qr.rank < p) {
    const aliased = Array.from(qr.pivot.subarray(qr.rank)).map((j) => names[j]);
    throw new ModelFitError(`the design is rank deficient (rank ${qr.rank} of ${p}): ${aliased.join(', ')} ${aliased.length === 1 ? 'is' : 'are'} a linear combination of the other columns`);
  }
  const qty = y.slice();
  applyQt(qr, qty);
  const betaPivoted = solveUpperR(qr, qty);

  const resid = new Float64Array(n);
  for (let i = p; i < n; i++) resid[i] = qty[i];
  applyQ(qr, resid);
  refine(qr, cols, y, betaPivoted, resid);
  const coefficients = new Array<number>(p);
  for (let k = 0; k < p; k++) coefficients[qr.pivot[k]] = betaPivoted[k];
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

/**
 * Iterative refinement of the augmented system [I X; Xᵀ 0][r; β] = [y; 0] (Björck 1967; Björck
 * 1996, Numerical Methods for Least Squares Problems, §2.9.3), one step with the same QR (a second changed no NIST LRE):
 * with f = y − r − Xβ, g = −Xᵀr, h = R⁻ᵀg and d = Qᵀf, the corrections are δβ = R⁻¹(d₁ − h) and
 * δr = Q[h; d₂]. Refining r together with β is what helps large-residual ill-conditioned fits
 * (NIST Wampler4–5) as well as exact ones (Wampler1); for ordinary designs β changes in the last
 * bits only. f and g are accumulated with error-free transformations (Ogita, Rump & Oishi 2005,
 * "Accurate sum and dot product", Dot2), as refinement needs residuals more accurate than the
 * working precision. `resid` is updated in place.
 */
function refine(qr: QrDecomposition, cols: Float64Array, y: Float64Array, betaPivoted: Float64Array, resid: Float64Array, steps = 1): void {
  const { n, p, pivot, qr: a } = qr;
  for (let step = 0; step < steps; step++) {
    const f = augmentedResidual(cols, n, p, pivot, y, resid, betaPivoted);
    const g = new Float64Array(p);
    for (let k = 0; k < p; k++) g[k] = -compensatedDot(cols, pivot[k] * n, resid, n);
    // h = R⁻ᵀ g (forward substitution with Rᵀ)
    const h = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      let s = g[i];
      for (let j = 0; j < i; j++) s -= a[i * n + j] * h[j];
      h[i] = s / a[i * n + i];
    }
    applyQt(qr, f);
    const rhs = new Float64Array(p);
    for (let k = 0; k < p; k++) rhs[k] = f[k] - h[k];
    const dBeta = solveUpperR(qr, rhs);
    for (let k = 0; k < p; k++) betaPivoted[k] += dBeta[k];
    for (let k = 0; k < p; k++) f[k] = h[k];
    applyQ(qr, f);
    for (let i = 0; i < n; i++) resid[i] += f[i];
  }
}

const SPLITTER = 134217729; // 2^27 + 1, Dekker's split for double precision

/** a·b = p + e exactly (Dekker 1971 TwoProduct without FMA); returns e for the given p. */
function productError(a: number, b: number, p: number): number {
  let c = SPLITTER * a;
  const aHi = c - (c - a);
  const aLo = a - aHi;
  c = SPLITTER * b;
  const bHi = c - (c - b);
  const bLo = b - bHi;
  return aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo;
}

/** Σ_i cols[base+i]·v[i] in about twice the working precision (Dot2). */
function compensatedDot(cols: Float64Array, base: number, v: Float64Array, n: number): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const x = cols[base + i];
    const prod = x * v[i];
    const pe = productError(x, v[i], prod);
    const t = s + prod;
    const z = t - s;
    c += s - (t - z) + (prod - z) + pe;
    s = t;
  }
  return s + c;
}

/** f = y − r − Xβ row by row, each in about twice the working precision. */
function augmentedResidual(cols: Float64Array, n: number, p: number, pivot: Int32Array, y: Float64Array, resid: Float64Array, beta: Float64Array): Float64Array {
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = y[i];
    let c = 0;
    const terms = p + 1;
    for (let k = 0; k < terms; k++) {
      let term: number;
      let termErr: number;
      if (k === p) {
        term = -resid[i];
        termErr = 0;
      } else {
        const x = cols[pivot[k] * n + i];
        const prod = x * beta[k];
        termErr = -productError(x, beta[k], prod);
        term = -prod;
      }
      const t = s + term;
      const z = t - s;
      c += s - (t - z) + (term - z) + termErr;
      s = t;
    }
    f[i] = s + c;
  }
  return f;
}

/** Copies numbers into a Float64Array with a plain loop (Float64Array.from iterates, slowly when cold). */
function toFloat64(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return out;
}
