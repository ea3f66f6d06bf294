/**
 * Small dense symmetric positive-definite algebra (p × p, p of order 10), row-major Float64Array:
 * Cholesky factor, solves, inverse and log-determinant. Used by the mixed model, whose p × p
 * cross-product matrices are assembled per participant; large n × p problems go through the QR in
 * `qr.ts` instead.
 * Reference: Golub & Van Loan (2013), Matrix Computations, 4th ed., §4.2.
 *
 * @example
 * const l = cholesky(Float64Array.from([4, 2, 2, 3]), 2);  // [2, 0, 1, 1.4142135623730951]
 * forwardSolve(l, 2, [2, 1]);         // [1, 0]
 * backSolveTransposed(l, 2, [1, 0]);  // [0.5, 0]
 * choleskySolve(l, 2, [1, 2]);        // [-0.12499999999999994, 0.7499999999999999]
 * choleskyInverse(l, 2);              // [0.375, -0.25, -0.25, 0.5] (to rounding)
 * choleskyLogDet(l, 2);               // 2.079441541679836 = log 8
 */

/**
 * Lower-triangular L with A = L Lᵀ, or null when A is not (numerically) positive definite.
 *
 * @example
 * cholesky(Float64Array.from([4, 2, 2, 3]), 2); // Float64Array [2, 0, 1, 1.4142135623730951]
 */
export function cholesky(a: Float64Array, p: number): Float64Array | null {
  const l = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j];
    for (let k = 0; k < j; k++) d -= l[j * p + k] * l[j * p + k];
    if (!(d > 0)) return null;
    const ljj = Math.sqrt(d);
    l[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
      l[i * p + j] = s / ljj;
    }
  }
  return l;
}

/** Solves L z = b (forward substitution). */
export function forwardSolve(l: Float64Array, p: number, b: ArrayLike<number>): Float64Array {
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * p + k] * z[k];
    z[i] = s / l[i * p + i];
  }
  return z;
}

/** Solves Lᵀ x = z (back substitution). */
export function backSolveTransposed(l: Float64Array, p: number, z: ArrayLike<number>): Float64Array {
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * x[k];
    x[i] = s / l[i * p + i];
  }
  return x;
}

/** Solves A x = b given the Cholesky factor L of A. */
export function choleskySolve(l: Float64Array, p: number, b: ArrayLike<number>): Float64Array {
  return backSolveTransposed(l, p, forwardSolve(l, p, b));
}

/** A⁻¹ from the Cholesky factor of A, row-major p × p. */
export function choleskyInverse(l: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    const col = choleskySolve(l, p, e);
    for (let i = 0; i < p; i++) inv[i * p + j] = col[i];
  }
  return inv;
}

/** log det A = 2 Σ log L_ii. */
export function choleskyLogDet(l: Float64Array, p: number): number {
  let s = 0;
  for (let i = 0; i < p; i++) s += Math.log(l[i * p + i]);
  return 2 * s;
}
