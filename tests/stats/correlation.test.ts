/**
 * Correlation tests against R 4.2 cor.test (tests/fixtures/stats/correlation.R → .json):
 * Pearson (t test, Fisher-z interval), Spearman with R's default (AS 89: exact for n <= 9,
 * Edgeworth beyond) and with exact = FALSE, Kendall with exact = FALSE; ties (Likert data),
 * n = 3, 4, 9, 10, perfect monotone data and p below 1e-50.
 */
import { describe, expect, it } from 'vitest';
import { fisherZ, kendallTauB, pearson, spearman } from '../../pipeline/stats/correlation.ts';
import type { Alternative } from '../../pipeline/stats/ttest.ts';
import { expectClose, loadFixture } from './fixture.ts';

interface Case {
  data: string;
  alternative: Alternative;
  confLevel: number;
  pearson: Record<string, number>;
  spearman: Record<string, number>;
  spearman_default: Record<string, number>;
  kendall: Record<string, number>;
}
const fixture = loadFixture<{ data: Record<string, { x: number[]; y: number[] }>; cases: Case[] }>('correlation');

function expectAll(got: object, expected: Record<string, number>, tolerance: number, label: string): void {
  for (const [key, value] of Object.entries(expected)) {
    expectClose((got as Record<string, number>)[key], value, tolerance, `${label} ${key}`);
  }
}

describe('correlations agree with R 4.2 cor.test', () => {
  for (const c of fixture.cases) {
    const { x, y } = fixture.data[c.data];
    const opts = { alternative: c.alternative, confLevel: c.confLevel };
    it(`${c.data}, ${c.alternative}, conf ${c.confLevel}`, () => {
      expectAll(pearson(x, y, opts), c.pearson, 1e-10, 'pearson');
      expectAll(spearman(x, y, { ...opts, exact: false }), c.spearman, 1e-10, 'spearman (exact = FALSE)');
      expectAll(spearman(x, y, opts), c.spearman_default, 1e-10, 'spearman (R default)');
      expectAll(kendallTauB(x, y, opts), c.kendall, 1e-10, 'kendall');
      expect(pearson(x, y, opts).n).toBe(x.length);
    });
  }
});

describe('correlation edge cases', () => {
  it('fisherZ is atanh (R: atanh(0.5) = 0.54930614433405489)', () => {
    expectClose(fisherZ(0.5), 0.54930614433405489, 1e-15, 'fisherZ');
    expect(fisherZ(-1)).toBe(-Infinity);
    expect(() => fisherZ(1.2)).toThrow(/\[-1, 1\]/);
  });

  it('chooses the Spearman p-value method as R does', () => {
    const { x, y } = fixture.data.nine;
    expect(spearman(x, y).method).toBe('exact');
    expect(spearman(fixture.data.ten.x, fixture.data.ten.y).method).toBe('edgeworth');
    expect(spearman(fixture.data.likert.x, fixture.data.likert.y).method).toBe('t');
    expect(spearman(x, y, { exact: false }).method).toBe('t');
  });

  it('gives no interval for n = 3, as R (NaN documented)', () => {
    const r = pearson([1, 2, 3], [1, 3, 2]);
    expect(r.ci_low).toBeNaN();
    expect(r.ci_high).toBeNaN();
  });

  it('refuses constant variables, too few pairs, NaN and mismatched lengths', () => {
    expect(() => pearson([1, 2, 3], [2, 2, 2])).toThrow(/y is constant/);
    expect(() => spearman([4, 4, 4, 4], [1, 2, 3, 4])).toThrow(/x is constant/);
    expect(() => kendallTauB([1, 2, 3], [5, 5, 5])).toThrow(/y is constant/);
    expect(() => pearson([1, 2], [2, 1])).toThrow(/not enough finite observations/);
    expect(() => kendallTauB([1, 2], [2, 1])).toThrow(/not enough finite observations/);
    expect(() => pearson([1, 2, NaN], [2, 1, 3])).toThrow(/x\[2\] is not a finite number/);
    expect(() => spearman([1, 2, 3], [2, 1])).toThrow(/same length/);
  });
});
