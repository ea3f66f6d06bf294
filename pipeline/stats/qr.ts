/**
 * Householder QR decomposition with limited column pivoting, the algorithm of LINPACK `dqrdc2`
 * that R's `lm` uses: a column whose remaining norm falls below `tolerance` times its original
 * norm is judged collinear with the columns before it and moved to the end, so the leading
 * `rank` columns of the (pivoted) design are the ones R would estimate. Least squares is solved
 * from R (never from the normal equations), which keeps the accuracy that ill-conditioned designs
 * such as NIST's Longley and Wampler sets need.
 *
 * Storage is column-major in one Float64Array (column j occupies `[j*n, (j+1)*n)`), so a fit of
 * 100,000 rows touches memory in order.
 *
 * Reference: Golub & Van Loan (2013), Matrix Computations, 4th ed., §5.1.6 (factored-form Q),
 * §5.2 and §5.4.1; Dongarra et al. (1979), LINPACK Users' Guide, ch. 9 (`dqrdc`), and R's
 * `src/appl/dqrdc2.f`.
 *
 * @example
 * // X = [[1, 0], [1, 1], [1, 2]], y = [1, 3, 2]   (R: coef(lm(y ~ x)) = 1.5, 0.5)
 * const d = householderQr(Float64Array.from([1, 1, 1, 0, 1, 2]), 3, 2);
 * const qty = Float64Array.from([1, 3, 2]);
 * applyQt(d, qty);      // [-3.4641016151377544, -0.7071067811865472, -1.224744871391589]
 * solveUpperR(d, qty);  // [1.5000000000000002, 0.4999999999999998]
 * invertUpperR(d);      // [-0.5773502691896258, 0.7071067811865475, 0, -0.7071067811865475]
 * thinQ(d);             // [-0.5774, -0.5774, -0.5774, 0.7071, 5.6e-17, -0.7071] (3 × 2, by column)
 * applyQ(d, qty);       // back to [1, 3, 2]
 */

export interface QrDecomposition {
  /** Rows of the design. */
  n: number;
  /** Columns of the design. */
  p: number;
  /** Number of columns judged linearly independent (the leading `rank` pivoted columns). */
  rank: number;
  /** `pivot[k]` is the original index of the column now in position k. */
  pivot: Int32Array;
  /** Householder vectors below the diagonal and R on and above it, column-major n × p. */
  qr: Float64Array;
  /** Scalars tau_k of the reflections H_k = I − tau_k v_k v_kᵀ (v_k[k] = 1 implicit). */
  tau: Float64Array;
  /** Diagonal of R. */
  rDiag: Float64Array;
}

/** R's default collinearity tolerance in `lm.fit` (`tol = 1e-7`). */
export const DEFAULT_QR_TOLERANCE = 1e-7;

function columnNorm(a: Float64Array, n: number, col: number, from: number): number {
  const base = col * n;
  let ssq = 0;
  for (let i = from; i < n; i++) ssq += a[base + i] * a[base + i];
  if (Number.isFinite(ssq) && ssq > 1e-280) return Math.sqrt(ssq);
  return scaledColumnNorm(a, n, col, from);
}

/** Scaled sum of squares, as LAPACK dnrm2, for the rare column that would overflow or underflow. */
function scaledColumnNorm(a: Float64Array, n: number, col: number, from: number): number {
  let scale = 0;
  let ssq = 1;
  const base = col * n;
  for (let i = from; i < n; i++) {
    const v = a[base + i];
    if (v !== 0) {
      const abs = Math.abs(v);
      if (scale < abs) {
        ssq = 1 + ssq * (scale / abs) * (scale / abs);
        scale = abs;
      } else {
        ssq += (abs / scale) * (abs / scale);
      }
    }
  }
  return scale * Math.sqrt(ssq);
}

function swapColumns(a: Float64Array, n: number, i: number, j: number): void {
  const bi = i * n;
  const bj = j * n;
  for (let r = 0; r < n; r++) {
    const t = a[bi + r];
    a[bi + r] = a[bj + r];
    a[bj + r] = t;
  }
}

/**
 * Decomposes the n × p column-major matrix `columns` (copied, not modified) as X P = Q R.
 *
 * @example
 * const d = householderQr(Float64Array.from([1, 1, 1, 1, 2, 3]), 3, 2);
 * d.rank; // 2
 * Math.abs(d.rDiag[0]); // 1.7320508075688772 (= sqrt(3))
 */
export function householderQr(columns: Float64Array, n: number, p: number, tolerance = DEFAULT_QR_TOLERANCE): QrDecomposition {
  const a = columns.slice();
  const pivot = new Int32Array(p);
  for (let j = 0; j < p; j++) pivot[j] = j;
  const tau = new Float64Array(p);
  const rDiag = new Float64Array(p);
  const originalNorm = new Float64Array(p);
  for (let j = 0; j < p; j++) originalNorm[j] = columnNorm(a, n, j, 0);

  let rank = p;
  const steps = Math.min(n, p);
  let k = 0;
  while (k < Math.min(rank, steps)) {
    const remaining = columnNorm(a, n, k, k);
    // dqrdc2's test: a column that has lost all but a fraction `tolerance` of its length to the
    // earlier columns is collinear with them; rotate it to the end and try the next one here.
    if (originalNorm[k] === 0 || remaining < tolerance * originalNorm[k]) {
      for (let j = k; j < p - 1; j++) {
        swapColumns(a, n, j, j + 1);
        const t = pivot[j];
        pivot[j] = pivot[j + 1];
        pivot[j + 1] = t;
        const o = originalNorm[j];
        originalNorm[j] = originalNorm[j + 1];
        originalNorm[j + 1] = o;
      }
      rank--;
      continue;
    }
    const base = k * n;
    const alpha = a[base + k];
    const beta = alpha >= 0 ? -remaining : remaining;
    // v = x − beta e_1, scaled so v[k] = 1; tau = (beta − alpha) / beta. Both are formed from the
    // column divided by its length (as LAPACK dlarfg rescales), so 1/(alpha − beta) cannot
    // overflow for a column of tiny numbers.
    const alphaUnit = alpha / remaining;
    const betaUnit = alpha >= 0 ? -1 : 1;
    const denominator = alphaUnit - betaUnit;
    for (let i = k + 1; i < n; i++) a[base + i] = a[base + i] / remaining / denominator;
    tau[k] = (betaUnit - alphaUnit) / betaUnit;
    a[base + k] = beta;
    rDiag[k] = beta;
    for (let j = k + 1; j < p; j++) {
      const bj = j * n;
      let dot = a[bj + k];
      for (let i = k + 1; i < n; i++) dot += a[base + i] * a[bj + i];
      const f = tau[k] * dot;
      a[bj + k] -= f;
      for (let i = k + 1; i < n; i++) a[bj + i] -= f * a[base + i];
    }
    k++;
  }
  if (rank > steps) rank = steps;
  return { n, p, rank, pivot, qr: a, tau, rDiag };
}

/** Overwrites `b` (length n) with Qᵀ b. */
export function applyQt(d: QrDecomposition, b: Float64Array): void {
  const { n, qr, tau } = d;
  for (let k = 0; k < d.rank; k++) {
    const base = k * n;
    let dot = b[k];
    for (let i = k + 1; i < n; i++) dot += qr[base + i] * b[i];
    const f = tau[k] * dot;
    b[k] -= f;
    for (let i = k + 1; i < n; i++) b[i] -= f * qr[base + i];
  }
}

/** Overwrites `b` (length n) with Q b. */
export function applyQ(d: QrDecomposition, b: Float64Array): void {
  const { n, qr, tau } = d;
  for (let k = d.rank - 1; k >= 0; k--) {
    const base = k * n;
    let dot = b[k];
    for (let i = k + 1; i < n; i++) dot += qr[base + i] * b[i];
    const f = tau[k] * dot;
    b[k] -= f;
    for (let i = k + 1; i < n; i++) b[i] -= f * qr[base + i];
  }
}

/** Solves R x = c for the leading rank × rank block of R (back substitution); returns x. */
export function solveUpperR(d: QrDecomposition, c: ArrayLike<number>): Float64Array {
  const { n, qr, rank } = d;
  const x = new Float64Array(rank);
  for (let i = rank - 1; i >= 0; i--) {
    let s = c[i];
    for (let j = i + 1; j < rank; j++) s -= qr[j * n + i] * x[j];
    x[i] = s / qr[i * n + i];
  }
  return x;
}

/** The inverse of the leading rank × rank block of R, as a dense row-major upper-triangular array. */
export function invertUpperR(d: QrDecomposition): Float64Array {
  const { n, qr, rank } = d;
  const inv = new Float64Array(rank * rank);
  for (let col = 0; col < rank; col++) {
    inv[col * rank + col] = 1 / qr[col * n + col];
    for (let i = col - 1; i >= 0; i--) {
      let s = 0;
      for (let j = i + 1; j <= col; j++) s += qr[j * n + i] * inv[j * rank + col];
      inv[i * rank + col] = -s / qr[i * n + i];
    }
  }
  return inv;
}

/** The first `rank` columns of Q, column-major n × rank (formed by applying Q to unit vectors). */
export function thinQ(d: QrDecomposition): Float64Array {
  const { n, rank } = d;
  const q = new Float64Array(n * rank);
  const e = new Float64Array(n);
  for (let k = 0; k < rank; k++) {
    e.fill(0);
    e[k] = 1;
    applyQ(d, e);
    q.set(e, k * n);
  }
  return q;
}
