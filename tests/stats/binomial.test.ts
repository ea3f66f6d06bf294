/**
 * Exact binomial and McNemar tests against R 4.2 (tests/fixtures/stats/binomial.R → binomial.json):
 * binom.test (two-sided by summing probabilities <= d·(1 + 1e-7), Clopper–Pearson interval),
 * mcnemar.test with and without continuity correction, and exact2x2's mcnemar.exact as
 * binom.test(b, b + c).
 */
import { describe, expect, it } from 'vitest';
import { binomTest } from '../../pipeline/stats/binomial.ts';
import { mcnemarChiSquare, mcnemarExact } from '../../pipeline/stats/mcnemar.ts';
import type { Alternative } from '../../pipeline/stats/ttest.ts';
import { expectClose, loadFixture } from './fixture.ts';

interface BinomCase {
  k: number;
  n: number;
  p0: number;
  alternative: Alternative;
  confLevel: number;
  result: Record<string, number>;
}
interface McNemarCase {
  b: number;
  c: number;
  exact: Record<string, number>;
  chisq: Record<string, number>;
  chisq_uncorrected: Record<string, number>;
}
const fixture = loadFixture<{ binom: BinomCase[]; mcnemar: McNemarCase[] }>('binomial');

describe('binomTest agrees with R 4.2 binom.test to relative 1e-10', () => {
  for (const c of fixture.binom) {
    it(`k=${c.k}, n=${c.n}, p0=${c.p0}, ${c.alternative}, conf ${c.confLevel}`, () => {
      const got = binomTest(c.k, c.n, c.p0, { alternative: c.alternative, confLevel: c.confLevel });
      for (const key of ['estimate', 'statistic', 'p', 'ci_low', 'ci_high'] as const) {
        expectClose(got[key], c.result[key], 1e-10, key);
      }
      expect(got.n).toBe(c.n);
    });
  }

  it('refuses impossible counts and probabilities', () => {
    expect(() => binomTest(3, 0)).toThrow(/'n' must be a positive integer/);
    expect(() => binomTest(11, 10)).toThrow(/'k' must be an integer in 0..n/);
    expect(() => binomTest(2.5, 10)).toThrow(RangeError);
    expect(() => binomTest(2, 10, 1.5)).toThrow(/'p0'/);
    expect(() => binomTest(2, 10, NaN)).toThrow(/'p0'/);
  });
});

describe('McNemar tests agree with R 4.2', () => {
  for (const c of fixture.mcnemar) {
    it(`b=${c.b}, c=${c.c}: exact (binom.test) and chi-square (mcnemar.test)`, () => {
      const exact = mcnemarExact(c.b, c.c);
      for (const key of ['p', 'odds_ratio', 'ci_low', 'ci_high'] as const) expectClose(exact[key], c.exact[key], 1e-10, `exact ${key}`);
      expect([exact.statistic, exact.n]).toEqual([c.b, c.b + c.c]);
      const corrected = mcnemarChiSquare(c.b, c.c);
      expectClose(corrected.statistic, c.chisq.statistic, 1e-12, 'corrected statistic');
      expectClose(corrected.p, c.chisq.p, 1e-10, 'corrected p');
      const plain = mcnemarChiSquare(c.b, c.c, { correct: false });
      expectClose(plain.statistic, c.chisq_uncorrected.statistic, 1e-12, 'uncorrected statistic');
      expectClose(plain.p, c.chisq_uncorrected.p, 1e-10, 'uncorrected p');
    });
  }

  it('handles no discordant pairs: exact p = 1 with NaN odds ratio; chi-square refuses', () => {
    const exact = mcnemarExact(0, 0);
    expect(exact.p).toBe(1);
    expect(exact.odds_ratio).toBeNaN();
    expect(() => mcnemarChiSquare(0, 0)).toThrow(/at least one discordant pair/);
    expect(() => mcnemarExact(-1, 3)).toThrow(/non-negative integer/);
    expect(() => mcnemarChiSquare(1.5, 3)).toThrow(/non-negative integer/);
  });
});
