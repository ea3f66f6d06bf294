// Identities every least-squares fit must satisfy, on random designs (fast-check, seeded):
// the residuals are orthogonal to every column (the normal equations), fitted + residuals = y,
// rescaling a column rescales its coefficient inversely and leaves the fit unchanged, and a
// duplicated column is reported as aliased. The numbers themselves are pinned to R in ols.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitOls, ModelFitError } from '../../pipeline/stats/ols.ts';

// Data as the study has them: two-decimal numbers (ratings, scores), so no subnormal or 1e-300
// magnitudes whose coefficients would be pure rounding noise.
const twoDecimals = (limit: number) => fc.integer({ min: -limit * 100, max: limit * 100 }).map((v) => v / 100);

const design = fc
  .record({ n: fc.integer({ min: 8, max: 40 }), p: fc.integer({ min: 1, max: 5 }) })
  .chain(({ n, p }) =>
    fc.record({
      X: fc.array(fc.array(twoDecimals(50), { minLength: p, maxLength: p }), { minLength: n, maxLength: n }),
      y: fc.array(twoDecimals(100), { minLength: n, maxLength: n }),
    }),
  )
  .map(({ X, y }) => ({ X: X.map((row) => [1, ...row]), y }));

const names = (p: number): string[] => Array.from({ length: p }, (_, j) => (j === 0 ? '(Intercept)' : `x${j}`));
const maxAbs = (v: number[]): number => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

describe('least-squares identities on random designs', () => {
  it('residuals are orthogonal to the columns and fitted + residuals = y', () => {
    fc.assert(
      fc.property(design, ({ X, y }) => {
        let fit;
        try {
          fit = fitOls(y, X, names(X[0].length));
        } catch (err) {
          if (err instanceof ModelFitError) return; // a random design may be (near-)collinear
          throw err;
        }
        const scale = maxAbs(X.flat()) * maxAbs(y) * y.length;
        for (let j = 0; j < X[0].length; j++) {
          const dot = X.reduce((s, row, i) => s + row[j] * fit.residuals[i], 0);
          expect(Math.abs(dot)).toBeLessThanOrEqual(1e-11 * scale);
        }
        y.forEach((v, i) => expect(Math.abs(fit.fitted[i] + fit.residuals[i] - v)).toBeLessThanOrEqual(1e-12 * maxAbs(y) + 1e-300));
        expect(Math.abs(fit.sigma ** 2 * fit.df_residual - fit.residuals.reduce((s, r) => s + r * r, 0))).toBeLessThanOrEqual(1e-9 * (fit.rss + 1e-300));
      }),
      { seed: 20260301, numRuns: 200 },
    );
  });

  it('multiplying a column by c divides its coefficient by c and leaves the fitted values', () => {
    fc.assert(
      fc.property(design, fc.double({ min: 0.001, max: 1000, noNaN: true }), ({ X, y }, c) => {
        if (X[0].length < 2) return;
        let a;
        try {
          a = fitOls(y, X, names(X[0].length));
        } catch (err) {
          if (err instanceof ModelFitError) return;
          throw err;
        }
        const scaled = X.map((row) => row.map((v, j) => (j === 1 ? v * c : v)));
        const b = fitOls(y, scaled, names(X[0].length));
        expect(Math.abs(b.coefficients[1] * c - a.coefficients[1])).toBeLessThanOrEqual(1e-7 * (Math.abs(a.coefficients[1]) + a.vcov()[1][1] ** 0.5));
        a.fitted.forEach((f, i) => expect(Math.abs(b.fitted[i] - f)).toBeLessThanOrEqual(1e-9 * (maxAbs(y) + 1)));
      }),
      { seed: 20260302, numRuns: 100 },
    );
  });

  it('a duplicated column is named as aliased', () => {
    fc.assert(
      fc.property(design, ({ X, y }) => {
        const p = X[0].length;
        const withCopy = X.map((row) => [...row, row[p - 1]]);
        expect(() => fitOls(y, withCopy, [...names(p), 'copy'])).toThrow(/rank deficient.*copy/);
      }),
      { seed: 20260303, numRuns: 100 },
    );
  });
});
