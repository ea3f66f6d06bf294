/**
 * Cluster-robust covariance of least-squares coefficients with one or more clustering dimensions
 * (for example participants and items, crossed), exactly as R's `sandwich::vcovCL` (sandwich
 * 3.0-2, `meatCL`) computes it for an `lm` fit. Multiway clustering follows Cameron, Gelbach &
 * Miller (2011), "Robust inference with multiway clustering", J. Business & Economic Statistics
 * 29(2), 238–249, eq. 2.11: the sum over every non-empty subset S of the dimensions of
 * (−1)^(|S|+1) times the one-way covariance clustered on the intersection of S's dimensions.
 *
 *   V = (XᵀX)⁻¹ [ Σ_S (−1)^(|S|+1) · a_S · Σ_g u_g u_gᵀ ] (XᵀX)⁻¹ · h,   u_g = Σ_{i in g} x_i e_i,
 *
 * with vcovCL's defaults for lm: `cadjust = TRUE`, a_S = G_S / (G_S − 1) with G_S the number of
 * clusters of S; `type = "HC1"`, h = (n − 1) / (n − k); `multi0 = FALSE`, the last term (all
 * dimensions intersected) clustered like the others (with `multi0 = TRUE` it is the
 * heteroskedasticity-only term, each observation its own cluster, with a = 1 and, for HC1,
 * (n − k)/(n − 1) in place of a_S); and `fix = FALSE`: the matrix is returned as computed even when
 * the subtraction leaves it not positive semi-definite (CGM 2011 §2.3; with `fix = TRUE` sandwich
 * would set the negative eigenvalues to 0). `positive_definite` says which it is, so the caller
 * can decline to form an interval from it.
 */
import { cholesky, choleskyInverse } from './linalg.ts';

export interface ClusterVcovOptions {
  /** "HC1" (vcovCL's default for lm) or "HC0". */
  type?: 'HC0' | 'HC1';
  /** Multiply each term by G/(G − 1) (default true). */
  cadjust?: boolean;
  /** Make the term of all dimensions intersected the heteroskedasticity-only one (default false). */
  multi0?: boolean;
}

export interface ClusterVcovResult {
  /** k × k covariance, in the column order of X. */
  vcov: number[][];
  /** Number of clusters in each dimension, in the order given. */
  clusters: number[];
  /** The matrix is positive definite (Cholesky succeeds); false e.g. for a negative variance. */
  positive_definite: boolean;
}

/** Largest number of possible pairs for which intersect() uses a dense table (64 MB of Int32). */
const DENSE_PAIRS_MAX = 1 << 24;

/** Integer codes 0..G−1 for the ids of one dimension, numbered in order of first appearance. */
function codesOf(ids: readonly (string | number)[]): { codes: Int32Array; count: number } {
  const seen = new Map<string | number, number>();
  const codes = new Int32Array(ids.length);
  ids.forEach((id, i) => {
    let code = seen.get(id);
    if (code === undefined) {
      code = seen.size;
      seen.set(id, code);
    }
    codes[i] = code;
  });
  return { codes, count: seen.size };
}

/** Codes of the intersection of two clusterings: one cluster per pair that occurs. */
function intersect(a: { codes: Int32Array; count: number }, b: { codes: Int32Array; count: number }): { codes: Int32Array; count: number } {
  const pairs = a.count * b.count;
  if (pairs > DENSE_PAIRS_MAX) return codesOf(Array.from(a.codes, (code, i) => code * b.count + b.codes[i]));
  // A dense table of the pairs seen: no Map for the common case (968 × 40 pairs, or 100 times that).
  const seen = new Int32Array(pairs).fill(-1);
  const codes = new Int32Array(a.codes.length);
  let count = 0;
  for (let i = 0; i < codes.length; i++) {
    const pair = a.codes[i] * b.count + b.codes[i];
    if (seen[pair] === -1) seen[pair] = count++;
    codes[i] = seen[pair];
  }
  return { codes, count };
}

/** Σ_g u_g u_gᵀ with u_g the sum of x_i e_i over the observations of cluster g. */
function clusterCrossProduct(X: readonly (readonly number[])[], residuals: readonly number[], clustering: { codes: Int32Array; count: number }, k: number): Float64Array {
  const sums = new Float64Array(clustering.count * k);
  for (let i = 0; i < residuals.length; i++) {
    const base = clustering.codes[i] * k;
    const row = X[i];
    for (let j = 0; j < k; j++) sums[base + j] += row[j] * residuals[i];
  }
  const out = new Float64Array(k * k);
  for (let g = 0; g < clustering.count; g++) {
    const base = g * k;
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) out[a * k + b] += sums[base + a] * sums[base + b];
  }
  return out;
}

/**
 * The cluster-robust covariance of an OLS fit from its design matrix (rows), residuals and one id
 * array per clustering dimension (each as long as the residuals). R:
 * `sandwich::vcovCL(lm(y ~ X), cluster = ~ a + b)` with the defaults (see the file comment).
 *
 * @example
 * // An intercept-only fit of four 0/1 choices, two participants crossed with two items:
 * clusterRobustVcov([[1], [1], [1], [1]], [0.5, -0.5, -0.5, 0.5], [[1, 1, 2, 2], ['a', 'b', 'a', 'b']]).vcov;
 * // [[-0.08333333333333333]]: both one-way terms are 0, minus the intersection term 4/3 · 1 / 16 (not PSD)
 */
export function clusterRobustVcov(
  X: readonly (readonly number[])[],
  residuals: readonly number[],
  clusters: readonly (readonly (string | number)[])[],
  options: ClusterVcovOptions = {},
): ClusterVcovResult {
  const type = options.type ?? 'HC1';
  const cadjust = options.cadjust ?? true;
  const multi0 = options.multi0 ?? false;
  const n = residuals.length;
  if (n === 0 || X.length !== n) throw new RangeError(`X has ${X.length} rows and there are ${n} residuals: they must match and not be empty`);
  const k = X[0].length;
  if (k === 0 || X.some((row) => row.length !== k)) throw new RangeError('every row of X needs the same number (at least 1) of columns');
  if (clusters.length === 0) throw new RangeError('at least one clustering dimension is needed');
  for (const ids of clusters) if (ids.length !== n) throw new RangeError(`a clustering dimension has ${ids.length} ids for ${n} observations`);

  // (XᵀX)⁻¹ by Cholesky: k is small (the intercept alone for H7).
  const xtx = new Float64Array(k * k);
  for (const row of X) for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) xtx[a * k + b] += row[a] * row[b];
  const factor = cholesky(xtx, k);
  if (factor === null) throw new RangeError('XᵀX is singular: the design matrix is rank deficient');
  const bread = choleskyInverse(factor, k);

  const dimensions = clusters.map(codesOf);
  const p = dimensions.length;
  const meat = new Float64Array(k * k);
  // Subsets in vcovCL's order (by size, then lexicographic); only the last one can be multi0.
  const subsets: number[][] = [];
  const choose = (start: number, size: number, chosen: number[]): void => {
    if (chosen.length === size) {
      subsets.push([...chosen]);
      return;
    }
    for (let d = start; d < p; d++) choose(d + 1, size, [...chosen, d]);
  };
  for (let size = 1; size <= p; size++) choose(0, size, []);
  subsets.forEach((subset, index) => {
    const heteroskedasticOnly = multi0 && p > 1 && index === subsets.length - 1;
    const clustering = heteroskedasticOnly
      ? { codes: Int32Array.from({ length: n }, (_, i) => i), count: n }
      : subset.slice(1).reduce((acc, d) => intersect(acc, dimensions[d]), dimensions[subset[0]]);
    const g = clustering.count;
    const adjust = heteroskedasticOnly ? (type === 'HC1' ? (n - k) / (n - 1) : 1) : cadjust ? g / (g - 1) : 1;
    const sign = subset.length % 2 === 1 ? 1 : -1;
    const cross = clusterCrossProduct(X, residuals, clustering, k);
    for (let j = 0; j < k * k; j++) meat[j] += sign * adjust * cross[j];
  });
  const hc = type === 'HC1' ? (n - 1) / (n - k) : 1;

  // V = bread · meat · bread · hc
  const tmp = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    let s = 0;
    for (let c = 0; c < k; c++) s += bread[a * k + c] * meat[c * k + b];
    tmp[a * k + b] = s;
  }
  const vcov: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    let s = 0;
    for (let c = 0; c < k; c++) s += tmp[a * k + c] * bread[c * k + b];
    vcov[a][b] = s * hc;
  }
  return { vcov, clusters: dimensions.map((d) => d.count), positive_definite: cholesky(Float64Array.from(vcov.flat()), k) !== null };
}
