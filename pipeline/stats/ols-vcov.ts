/**
 * Coefficient covariance matrices of a least-squares fit: the classical sigma²(XᵀX)⁻¹ and the
 * heteroskedasticity-consistent sandwiches HC0–HC3 exactly as `sandwich::vcovHC` defines them
 * (Zeileis 2004, J. Stat. Software 11(10), eq. 8 and Table 1; MacKinnon & White 1985):
 *
 *   V = (XᵀX)⁻¹ Xᵀ diag(ω) X (XᵀX)⁻¹,
 *   HC0: ω_i = e_i²,  HC1: ω_i = e_i² · n/(n−p),  HC2: ω_i = e_i²/(1−h_i),  HC3: ω_i = e_i²/(1−h_i)².
 *
 * With X P = Q R this is R⁻¹ (Qᵀ diag(ω) Q) R⁻ᵀ, computed from the thin Q so (XᵀX)⁻¹ is never
 * formed. Leverage-one points (h_i = 1, e.g. the only participant in an arm): ω_i is 0/0 for HC2 and
 * HC3. sandwich 3.0.2 warns ("covariances become numerically unstable if hat values are close to
 * 1") for h_i > 1 − sqrt(machine eps) and returns NaN (or, when h_i rounds just below 1, an
 * arbitrary huge number). We return NaN for every entry of HC2/HC3 as soon as one h_i exceeds that
 * same threshold, so the result is always the honest "undefined" — tests/fixtures/stats/ols.R
 * case `leverage_one` pins this against R. HC0, HC1 and classical are unaffected;
 * `OlsFit.leverageOneRows()` lists the rows so callers can warn.
 */

export type VcovType = 'classical' | 'HC0' | 'HC1' | 'HC2' | 'HC3';

/** Every covariance type `OlsFit.vcov` accepts, for validating a preregistration's choice. */
export const VCOV_TYPES: readonly VcovType[] = ['classical', 'HC0', 'HC1', 'HC2', 'HC3'];

/** sandwich's threshold: hat values above 1 − sqrt(eps) make HC2/HC3 undefined. */
export const LEVERAGE_ONE_THRESHOLD = 1 - Math.sqrt(Number.EPSILON);

export interface SandwichInputs {
  type: VcovType;
  n: number;
  p: number;
  /** Pivot of the QR: pivoted column k is original column pivot[k]. */
  pivot: Int32Array;
  /** R⁻¹, row-major p × p upper triangular. */
  rInv: Float64Array;
  sigma2: number;
  residuals: Float64Array;
  thinQ: () => Float64Array;
  leverage: () => Float64Array;
}

function weights(inp: SandwichInputs): Float64Array {
  const { type, n, p, residuals } = inp;
  const w = new Float64Array(n);
  const h = type === 'HC2' || type === 'HC3' ? inp.leverage() : null;
  for (let i = 0; i < n; i++) {
    const e2 = residuals[i] * residuals[i];
    if (type === 'HC0') w[i] = e2;
    else if (type === 'HC1') w[i] = (e2 * n) / (n - p);
    else {
      const hi = (h as Float64Array)[i];
      const oneMinusH = 1 - hi;
      w[i] = hi > LEVERAGE_ONE_THRESHOLD ? NaN : type === 'HC2' ? e2 / oneMinusH : e2 / (oneMinusH * oneMinusH);
    }
  }
  return w;
}

/**
 * The p × p covariance (in the original column order) for `type`.
 *
 * @example
 * // through an OlsFit: fitOls(y, X, names).vcov('HC3')
 */
export function sandwichVcov(inp: SandwichInputs): number[][] {
  const { type, n, p, pivot, rInv, sigma2 } = inp;
  // middle = Qᵀ diag(ω) Q (p × p), or sigma² I for the classical covariance.
  const middle = new Float64Array(p * p);
  if (type === 'classical') {
    for (let k = 0; k < p; k++) middle[k * p + k] = sigma2;
  } else {
    const q = inp.thinQ();
    const w = weights(inp);
    for (let a = 0; a < p; a++) {
      for (let b = a; b < p; b++) {
        let s = 0;
        const qa = a * n;
        const qb = b * n;
        for (let i = 0; i < n; i++) s += q[qa + i] * w[i] * q[qb + i];
        middle[a * p + b] = s;
        middle[b * p + a] = s;
      }
    }
  }
  // pivoted V = rInv · middle · rInvᵀ
  const tmp = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = i; k < p; k++) s += rInv[i * p + k] * middle[k * p + j];
      tmp[i * p + j] = s;
    }
  }
  const out: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      let s = 0;
      for (let k = j; k < p; k++) s += tmp[i * p + k] * rInv[j * p + k];
      out[pivot[i]][pivot[j]] = s;
      out[pivot[j]][pivot[i]] = s;
    }
  }
  return out;
}
