/**
 * Identities the statistics core must satisfy for any input (fast-check, fixed seed): both
 * tails of each distribution sum to one, quantiles invert the distribution functions, and the
 * p-value adjustments keep R's documented order: p <= BH <= Hochberg <= Holm <= Bonferroni.
 * These complement the R fixtures; they do not replace them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, bonferroni, hochberg, holm } from '../../pipeline/stats/adjust.ts';
import {
  betaQuantile,
  binomialCdf,
  binomialSf,
  chiSquareCdf,
  chiSquareSf,
  normalCdf,
  normalQuantile,
  normalSf,
  studentTCdf,
  studentTQuantile,
  studentTSf,
} from '../../pipeline/stats/distributions.ts';
import { incompleteBeta } from '../../pipeline/stats/special.ts';
import { relativeError } from './fixture.ts';

const settings = { seed: 20261126, numRuns: 200 };
const df = fc.double({ min: 0.5, max: 500, noNaN: true });

describe('distribution identities', () => {
  it('cdf + sf = 1 for the normal, t and chi-square', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), df, (x, nu) => {
        expect(Math.abs(normalCdf(x) + normalSf(x) - 1)).toBeLessThan(1e-15);
        expect(Math.abs(studentTCdf(x, nu) + studentTSf(x, nu) - 1)).toBeLessThan(1e-14);
        expect(Math.abs(chiSquareCdf(Math.abs(x), nu) + chiSquareSf(Math.abs(x), nu) - 1)).toBeLessThan(1e-14);
      }),
      settings,
    );
  });

  it('the t distribution is symmetric: P[T <= −t] = P[T > t] exactly', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), df, (t, nu) => {
        expect(studentTCdf(-t, nu)).toBe(studentTSf(t, nu));
      }),
      settings,
    );
  });

  it('quantiles invert the distribution functions to 1e-12 relative, tails down to 1e-250', () => {
    fc.assert(
      fc.property(fc.integer({ min: -250, max: -1 }), fc.double({ min: 1, max: 9.99, noNaN: true }), df, (exponent, mantissa, nu) => {
        const p = mantissa * 10 ** exponent;
        expect(relativeError(normalCdf(normalQuantile(p)), p)).toBeLessThan(1e-12);
        const t = studentTQuantile(p, nu);
        // With df < 1 the quantile can lie beyond the largest double (|t| ~ p^(−1/df)).
        if (Number.isFinite(t)) expect(relativeError(studentTCdf(t, nu), p)).toBeLessThan(1e-12);
        else expect(studentTCdf(-Number.MAX_VALUE, nu)).toBeGreaterThan(p);
      }),
      settings,
    );
  });

  it('betaQuantile inverts I_x(a, b) on the smaller tail (where 1 − x is resolvable)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 0.999999, noNaN: true }), fc.double({ min: 0.2, max: 200, noNaN: true }), fc.double({ min: 0.2, max: 200, noNaN: true }), (p, a, b) => {
        const x = betaQuantile(p, a, b);
        const tails = incompleteBeta(x, 1 - x, a, b);
        if (p <= 0.5) expect(relativeError(tails.lower, p)).toBeLessThan(1e-9);
        // Near 1 the doubles are 1e-16 apart, so the upper tail there is only as exact as 1 − x.
        else if (1 - x > 1e-6) expect(relativeError(tails.upper, 1 - p)).toBeLessThan(1e-9);
      }),
      settings,
    );
  });

  it('binomial P[X <= k] + P[X >= k + 1] = 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.nat(), (n, p, seed) => {
        const k = seed % (n + 1);
        expect(Math.abs(binomialCdf(k, n, p) + binomialSf(k + 1, n, p) - 1)).toBeLessThan(1e-13);
      }),
      settings,
    );
  });
});

describe('adjustment order', () => {
  it('p <= BH <= Hochberg <= Holm <= Bonferroni, elementwise', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 }), (p) => {
        const bh = benjaminiHochberg(p);
        const hb = hochberg(p);
        const hm = holm(p);
        const bf = bonferroni(p);
        p.forEach((value, i) => {
          expect(value).toBeLessThanOrEqual(bh[i] * (1 + 1e-15));
          expect(bh[i]).toBeLessThanOrEqual(hb[i] * (1 + 1e-15));
          expect(hb[i]).toBeLessThanOrEqual(hm[i] * (1 + 1e-15));
          expect(hm[i]).toBeLessThanOrEqual(bf[i] * (1 + 1e-15));
        });
      }),
      settings,
    );
  });
});
