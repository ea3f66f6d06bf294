/**
 * Distribution functions against R 4.2 (tests/fixtures/stats/distributions.R → .json):
 * pnorm, qnorm, pt, qt, pf, pchisq, dbinom, pbinom, qbeta, upper tails with lower.tail = FALSE,
 * printed to 17 significant digits, down to 1e-300.
 */
import { describe, expect, it } from 'vitest';
import * as distributions from '../../pipeline/stats/distributions.ts';
import { loadFixture, relativeError } from './fixture.ts';

interface Case {
  fn: string;
  args: number[];
  value: number;
}
const fixture = loadFixture<{ cases: Case[] }>('distributions');
// R 4.2's qt is inaccurate below ~1e-100; those quantiles come from mpmath at 50 digits.
const farQuantiles = loadFixture<{ cases: Case[] }>('distributions_far_quantiles');
const byFunction = new Map<string, Case[]>();
for (const c of [...fixture.cases, ...farQuantiles.cases]) byFunction.set(c.fn, [...(byFunction.get(c.fn) ?? []), c]);

// Relative tolerance 1e-12 where R prints 17 digits, except the documented limit: t tails for
// df > 1000 near the centre, where the beta continued fractions keep ~12 digits.
function toleranceFor(c: Case): number {
  const df = c.fn.startsWith('studentT') ? c.args[1] : 0;
  return df > 1000 ? 1e-11 : 1e-12;
}

describe('distributions agree with R 4.2 (and mpmath) to relative 1e-12', () => {
  for (const [fn, cases] of byFunction) {
    it(`${fn} (${cases.length} values, R reference)`, () => {
      const f = (distributions as unknown as Record<string, (...a: number[]) => number>)[fn];
      const failures = cases
        .map((c) => ({ args: c.args, expected: c.value, got: f(...c.args), tolerance: toleranceFor(c) }))
        .map((r) => ({ ...r, error: relativeError(r.got, r.expected) }))
        .filter((r) => !(r.error <= r.tolerance));
      expect(failures).toEqual([]);
    });
  }
});

describe('distribution edge cases', () => {
  it('refuses invalid parameters with a RangeError naming them', () => {
    expect(() => distributions.studentTCdf(1, 0)).toThrow(/df must be > 0/);
    expect(() => distributions.studentTSf(1, -3)).toThrow(RangeError);
    expect(() => distributions.fSf(1, 0, 4)).toThrow(/df1/);
    expect(() => distributions.chiSquareSf(1, 0)).toThrow(RangeError);
    expect(() => distributions.normalQuantile(1.5)).toThrow(/p in \[0, 1\]/);
    expect(() => distributions.studentTQuantile(-0.1, 4)).toThrow(RangeError);
    expect(() => distributions.binomialCdf(2, 5.5, 0.5)).toThrow(/non-negative integer/);
    expect(() => distributions.binomialPmf(2, 5, 1.2)).toThrow(/p must be in \[0, 1\]/);
  });

  it('propagates NaN arguments as NaN', () => {
    expect(distributions.normalCdf(NaN)).toBeNaN();
    expect(distributions.studentTSf(NaN, 3)).toBeNaN();
    expect(distributions.chiSquareSf(NaN, 3)).toBeNaN();
    expect(distributions.fSf(2, NaN, 3)).toBeNaN();
  });

  it('gives the limits at the ends of the support (R: pt(Inf, 3) = 1, qnorm(0) = -Inf)', () => {
    expect(distributions.studentTSf(Infinity, 3)).toBe(0);
    expect(distributions.studentTCdf(-Infinity, 3)).toBe(0);
    expect(distributions.studentTCdf(0, 7)).toBe(0.5);
    expect(distributions.normalQuantile(0)).toBe(-Infinity);
    expect(distributions.studentTQuantile(1, 5)).toBe(Infinity);
    expect(distributions.fSf(0, 3, 4)).toBe(1);
    expect(distributions.chiSquareSf(0, 2)).toBe(1);
    expect(distributions.binomialSf(0, 10, 0.3)).toBe(1);
    expect(distributions.binomialCdf(10, 10, 0.3)).toBe(1);
  });

  it('studentTSf keeps the Cauchy tail exact when t² overflows: P[T > 1e200] = atan(1e-200)/π', () => {
    // Closed form 1/(π·1e200) = 3.1830988618379068e-201; R 4.2 prints 3.183098861837795e-201.
    expect(relativeError(distributions.studentTSf(1e200, 1), 3.1830988618379068e-201)).toBeLessThan(1e-12);
  });
});
