/**
 * t tests against R 4.2 t.test (tests/fixtures/stats/ttest.R → ttest.json): one-sample, paired,
 * pooled and Welch, all three alternatives, two confidence levels, p down to 1e-161.
 */
import { describe, expect, it } from 'vitest';
import { oneSampleTTest, pairedTTest, studentTTest, welchTTest, type Alternative, type TTestResult } from '../../pipeline/stats/ttest.ts';
import { expectClose, loadFixture } from './fixture.ts';

interface Case {
  fn: 'oneSampleTTest' | 'welchTTest' | 'studentTTest' | 'pairedTTest';
  data: string;
  mu: number;
  alternative: Alternative;
  confLevel: number;
  result: Record<string, number>;
}
const fixture = loadFixture<{ data: Record<string, { x: number[]; y: number[] }>; cases: Case[] }>('ttest');

function run(c: Case): TTestResult {
  const { x, y } = fixture.data[c.data];
  const opts = { alternative: c.alternative, confLevel: c.confLevel };
  switch (c.fn) {
    case 'oneSampleTTest':
      return oneSampleTTest(x, c.mu, opts);
    case 'pairedTTest':
      return pairedTTest(x, y, { ...opts, mu: c.mu });
    case 'welchTTest':
      return welchTTest(x, y, { ...opts, mu: c.mu });
    case 'studentTTest':
      return studentTTest(x, y, { ...opts, mu: c.mu });
  }
}

describe('t tests agree with R 4.2 t.test to relative 1e-10', () => {
  for (const c of fixture.cases) {
    it(`${c.fn} on ${c.data}, ${c.alternative}, mu ${c.mu}, conf ${c.confLevel}`, () => {
      const got = run(c);
      for (const key of ['estimate', 'se', 'statistic', 'df', 'p', 'ci_low', 'ci_high'] as const) {
        expectClose(got[key], c.result[key], 1e-10, key);
      }
    });
  }

  it('reports n as the observations used', () => {
    const { x, y } = fixture.data.small;
    expect(oneSampleTTest(x).n).toBe(5);
    expect(pairedTTest(x, y).n).toBe(5);
    const welch = welchTTest(x, fixture.data.tiny.y);
    expect([welch.n, welch.n_x, welch.n_y]).toEqual([9, 5, 4]);
  });
});

describe('t tests refuse degenerate input with R-worded RangeErrors', () => {
  it('needs at least two observations (pooled: one per group, three in all)', () => {
    expect(() => oneSampleTTest([3])).toThrow(/not enough 'x' observations/);
    expect(() => welchTTest([1, 2, 3], [4])).toThrow(/not enough 'y' observations/);
    expect(() => studentTTest([1], [2])).toThrow(/not enough observations/);
    // R: t.test(c(1), c(2, 4), var.equal = TRUE) runs, df = 1, t = -1.1547005383792517
    expectClose(studentTTest([1], [2, 4]).statistic, -1.1547005383792517, 1e-12, 'statistic');
  });

  it('refuses constant data, NaN, mismatched pairs and bad options', () => {
    expect(() => oneSampleTTest([2, 2, 2])).toThrow(/essentially constant/);
    expect(() => welchTTest([1, 1], [1, 1])).toThrow(/essentially constant/);
    expect(() => oneSampleTTest([1, NaN, 3])).toThrow(/x\[1\] is not a finite number/);
    expect(() => pairedTTest([1, 2, 3], [1, 2])).toThrow(/same length/);
    expect(() => welchTTest([1, 2], [3, 4], { confLevel: 1 })).toThrow(/confLevel/);
    expect(() => welchTTest([1, 2], [3, 4], { alternative: 'both' as Alternative })).toThrow(/alternative/);
  });
});
