// The numerical tools behind the mixed model, checked on problems with closed-form answers.
import { describe, expect, it } from 'vitest';
import { brentRoot, goldenSectionMinimize, richardsonDerivative } from '../../pipeline/stats/mixed-optimize.ts';
import { cholesky, choleskyInverse, choleskyLogDet, choleskySolve } from '../../pipeline/stats/linalg.ts';

describe('brentRoot', () => {
  it('finds √2 as the root of x² − 2 to the last bit or so', () => {
    expect(Math.abs(brentRoot((x) => x * x - 2, 0, 2) - Math.SQRT2)).toBeLessThan(1e-15);
  });
  it('finds the root of cos x − x (Dottie number 0.7390851332151607, OEIS A003957)', () => {
    expect(Math.abs(brentRoot((x) => Math.cos(x) - x, 0, 1) - 0.7390851332151607)).toBeLessThan(1e-15);
  });
  it('refuses an interval that does not bracket a root', () => {
    expect(() => brentRoot((x) => x * x + 1, -1, 1)).toThrow(RangeError);
  });
});

describe('richardsonDerivative', () => {
  it('differentiates exp at 1 (= e) and sin at 0.5 (= cos 0.5) to ~1e-12', () => {
    expect(Math.abs(richardsonDerivative(Math.exp, 1, 0.1) - Math.E)).toBeLessThan(1e-12);
    expect(Math.abs(richardsonDerivative(Math.sin, 0.5, 0.1) - Math.cos(0.5))).toBeLessThan(1e-12);
  });
});

describe('goldenSectionMinimize', () => {
  it('finds the minimiser of (x − 1)² + 3 and of x·log x (1/e)', () => {
    expect(Math.abs(goldenSectionMinimize((x) => (x - 1) ** 2 + 3, 0, 3, 1e-12) - 1)).toBeLessThan(1e-7);
    expect(Math.abs(goldenSectionMinimize((x) => x * Math.log(x), 0.01, 2, 1e-12) - 1 / Math.E)).toBeLessThan(1e-7);
  });
});

describe('Cholesky helpers', () => {
  // A = [[4, 2, 0.4], [2, 3, 0.5], [0.4, 0.5, 2]]; det(A) by cofactor expansion along row 1:
  // 4(3·2 − 0.5·0.5) − 2(2·2 − 0.5·0.4) + 0.4(2·0.5 − 3·0.4) = 23 − 7.6 − 0.08 = 15.32.
  const A = Float64Array.from([4, 2, 0.4, 2, 3, 0.5, 0.4, 0.5, 2]);
  it('factors, solves, inverts and gives the log-determinant', () => {
    const l = cholesky(A, 3) as Float64Array;
    expect(l).not.toBeNull();
    expect(Math.abs(choleskyLogDet(l, 3) - Math.log(15.32))).toBeLessThan(1e-14);
    const x = choleskySolve(l, 3, [1, 2, 3]);
    const back = [0, 1, 2].map((i) => A[i * 3] * x[0] + A[i * 3 + 1] * x[1] + A[i * 3 + 2] * x[2]);
    back.forEach((v, i) => expect(Math.abs(v - [1, 2, 3][i])).toBeLessThan(1e-14));
    const inv = choleskyInverse(l, 3);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += A[i * 3 + k] * inv[k * 3 + j];
      expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-14);
    }
  });
  it('returns null for a matrix that is not positive definite', () => {
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBeNull();
  });
});
