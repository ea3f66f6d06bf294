/**
 * TOST equivalence tests against R 4.2 (tests/fixtures/stats/equivalence.R → .json): the
 * correlation TOST as TOSTER::TOSTr's Fisher-z formulas evaluated with pnorm, and the
 * mean-difference TOST as two one-sided Welch t.test calls.
 */
import { describe, expect, it } from 'vitest';
import { correlationTost, tTost } from '../../pipeline/stats/equivalence.ts';
import { welchTTest } from '../../pipeline/stats/ttest.ts';
import { expectClose, loadFixture } from './fixture.ts';

type Result = Record<string, number>;
const fixture = loadFixture<{
  correlation: { r: number; n: number; bound: number; result: Result }[];
  t: { x: number[]; y: number[]; lower: number; upper: number; welch: Result; result: Result }[];
}>('equivalence');

describe('correlationTost agrees with the Fisher-z TOST in R 4.2', () => {
  for (const c of fixture.correlation) {
    it(`r = ${c.r}, n = ${c.n}, bound ±${c.bound}`, () => {
      const got = correlationTost(c.r, c.n, c.bound);
      for (const [key, value] of Object.entries(c.result)) expectClose(got[key as keyof typeof got], value, 1e-12, key);
    });
  }

  it('refuses n <= 3, |r| > 1 and bounds outside (0, 1)', () => {
    expect(() => correlationTost(0.1, 3, 0.1)).toThrow(/n > 3/);
    expect(() => correlationTost(1.1, 30, 0.1)).toThrow(/\[-1, 1\]/);
    expect(() => correlationTost(0.1, 30, 0)).toThrow(/bound/);
    expect(() => correlationTost(NaN, 30, 0.1)).toThrow(RangeError);
  });
});

describe('tTost agrees with two one-sided R 4.2 t.test calls', () => {
  for (const [index, c] of fixture.t.entries()) {
    it(`case ${index + 1}: bounds (${c.lower}, ${c.upper})`, () => {
      const welch = welchTTest(c.x, c.y);
      for (const key of ['estimate', 'se', 'df'] as const) expectClose(welch[key], c.welch[key], 1e-10, `welch ${key}`);
      const got = tTost(welch, c.lower, c.upper);
      for (const [key, value] of Object.entries(c.result)) expectClose(got[key as keyof typeof got], value, 1e-10, key);
    });
  }

  it('refuses reversed bounds and a non-positive se', () => {
    expect(() => tTost({ estimate: 0, se: 1, df: 10 }, 0.3, -0.3)).toThrow(/lower < upper/);
    expect(() => tTost({ estimate: 0, se: 0, df: 10 }, -0.3, 0.3)).toThrow(/se must be/);
  });
});
