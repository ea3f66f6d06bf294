/**
 * Wilcoxon signed-rank and Mann–Whitney tests against R 4.2 wilcox.test
 * (tests/fixtures/stats/wilcoxon.R → wilcoxon.json): the ?wilcox.test examples, exact
 * distributions up to n = 49, ties and zero differences (normal approximation with tie
 * correction), with and without continuity correction, mu shifts, and p near 1e-67.
 */
import { describe, expect, it } from 'vitest';
import type { Alternative } from '../../pipeline/stats/ttest.ts';
import { mannWhitneyU, wilcoxonSignedRank } from '../../pipeline/stats/wilcoxon.ts';
import { expectClose, loadFixture } from './fixture.ts';

interface Case {
  fn: 'mannWhitneyU' | 'wilcoxonSignedRank';
  data: string;
  alternative: Alternative;
  correct: boolean;
  mu: number;
  paired?: boolean;
  exact?: boolean;
  result: { statistic: number; p: number };
}
const fixture = loadFixture<{ data: Record<string, { x: number[]; y: number[] }>; cases: Case[] }>('wilcoxon');

describe('Wilcoxon tests agree with R 4.2 wilcox.test to relative 1e-10', () => {
  for (const c of fixture.cases) {
    const label = `${c.fn}${c.paired ? ' (paired)' : ''} on ${c.data}, ${c.alternative}, correct ${c.correct}, mu ${c.mu}${c.exact === false ? ', exact FALSE' : ''}`;
    it(label, () => {
      const { x, y } = fixture.data[c.data];
      const opts = { alternative: c.alternative, correct: c.correct, ...(c.exact === false ? { exact: false } : {}) };
      const got =
        c.fn === 'mannWhitneyU'
          ? mannWhitneyU(x, y, { ...opts, mu: c.mu })
          : c.paired
            ? wilcoxonSignedRank(x, y, { ...opts, mu: c.mu })
            : wilcoxonSignedRank(x, c.mu, opts);
      expectClose(got.statistic, c.result.statistic, 1e-12, 'statistic');
      expectClose(got.p, c.result.p, 1e-10, 'p');
    });
  }
});

describe('Wilcoxon method choice and degenerate input', () => {
  it('is exact for untied n < 50 and normal otherwise, as R', () => {
    const { x, y } = fixture.data.depression;
    expect(wilcoxonSignedRank(x, y).method).toBe('exact');
    expect(mannWhitneyU(fixture.data.likert.x, fixture.data.likert.y).method).toBe('normal');
    expect(mannWhitneyU(fixture.data.big.x, fixture.data.big.y).method).toBe('normal');
    const zeros = wilcoxonSignedRank(fixture.data.zeros.x, fixture.data.zeros.y);
    expect([zeros.method, zeros.n_zero, zeros.n]).toEqual(['normal', 2, 5]);
  });

  it('refuses all-zero differences, all-tied samples, NaN, empty groups and mismatched pairs', () => {
    expect(() => wilcoxonSignedRank([1, 2, 3], [1, 2, 3])).toThrow(/all differences are zero/);
    expect(() => mannWhitneyU([2, 2], [2, 2, 2])).toThrow(/all observations are tied/);
    expect(() => mannWhitneyU([1, NaN], [2, 3])).toThrow(/x\[1\] is not a finite number/);
    expect(() => mannWhitneyU([], [2, 3])).toThrow(/'x' observations/);
    expect(() => wilcoxonSignedRank([1, 2], [1, 2, 3])).toThrow(/same length/);
    expect(() => mannWhitneyU([1, 2], [3, 4], { alternative: 'up' as Alternative })).toThrow(/alternative/);
  });
});
