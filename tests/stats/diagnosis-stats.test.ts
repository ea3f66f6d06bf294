/**
 * The statistics of the design diagnosis's Monte Carlo summaries against R 4.2
 * (tests/fixtures/stats/diagnosis-stats.R → diagnosis-stats.json): the Wilson score interval
(stats/wilson.ts, also pinned in tests/stats/paired-proportions.test.ts; here at the rates of 0, 1 and near
 * 0.05 and 0.95 the diagnosis reports) as prop.test(correct = FALSE), the ranks of the distribution-free quantile interval as
 * qbinom/pbinom, the logistic-normal mean as integrate, and the Monte Carlo SE of an empirical SE
 * (Morris, White & Crowther 2019, Table 6).
 */
import { describe, expect, it } from 'vitest';
import { empiricalSeWithMcse } from '../../pipeline/diagnose/monte-carlo.ts';
import { logisticNormalMean } from '../../pipeline/stats/logistic-normal.ts';
import { wilsonInterval } from '../../pipeline/stats/wilson.ts';
import { quantileInterval, quantileRanks } from '../../pipeline/stats/quantile-interval.ts';
import { expectClose, loadFixture } from './fixture.ts';

interface Fixture {
  wilson: { x: number; n: number; conf: number; ci_low: number; ci_high: number }[];
  quantile_ranks: { n: number; q: number; lower: number; upper: number; coverage: number }[];
  logistic_normal: { mu: number; sigma: number; mean: number }[];
  empirical_se: { values: number[]; empirical_se: number; mcse: number };
}
const fixture = loadFixture<Fixture>('diagnosis-stats');

describe('wilsonInterval agrees with R prop.test(correct = FALSE) to relative 1e-12', () => {
  it.each(fixture.wilson.map((c) => [`${c.x}/${c.n} at ${c.conf}`, c] as const))('%s', (_, c) => {
    const ci = wilsonInterval(c.x, c.n, c.conf);
    expectClose(ci.low, c.ci_low, 1e-12, 'lower');
    expectClose(ci.high, c.ci_high, 1e-12, 'upper');
  });
  it('is exactly 0 below at no successes and exactly 1 above at all, and refuses impossible counts', () => {
    expect(wilsonInterval(0, 1000).low).toBe(0);
    expect(wilsonInterval(1000, 1000).high).toBe(1);
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 0)).toThrow(RangeError);
  });
});

describe('quantileRanks agrees with R qbinom/pbinom', () => {
  it.each(fixture.quantile_ranks.map((c) => [`n = ${c.n}, q = ${c.q}`, c] as const))('%s', (_, c) => {
    const r = quantileRanks(c.n, c.q);
    expect(r.lower).toBe(c.lower);
    expect(r.upper).toBe(c.upper);
    expectClose(r.coverage, c.coverage, 1e-12, 'coverage');
  });
  it('reads the interval off the sorted sample, open where a rank falls outside it', () => {
    const values = Array.from({ length: 200 }, (_, i) => (i * 37) % 200); // 0..199, shuffled
    const ci = quantileInterval(values, 0.8);
    expect(ci).toMatchObject({ low: 148, high: 171 }); // ranks 149 and 172 of 0..199
    expect(quantileInterval([3, 1, 2, 5, 4], 0.5)).toMatchObject({ low: -Infinity, high: Infinity });
  });
});

describe('logisticNormalMean agrees with R integrate to relative 1e-12', () => {
  it.each(fixture.logistic_normal.map((c) => [`mu = ${c.mu}, sigma = ${c.sigma}`, c] as const))('%s', (_, c) => {
    expectClose(logisticNormalMean(c.mu, c.sigma), c.mean, 1e-12, 'mean');
  });
});

describe('the Monte Carlo SE of an empirical SE', () => {
  it('is EmpSE / sqrt(2 (n - 1)) (Morris et al. 2019, Table 6), as computed in R', () => {
    const e = empiricalSeWithMcse([...fixture.empirical_se.values, null]);
    expectClose(e.value as number, fixture.empirical_se.empirical_se, 1e-14, 'empirical SE');
    expectClose(e.mcse as number, fixture.empirical_se.mcse, 1e-14, 'its MCSE');
    expect(e.n).toBe(7);
    expect(empiricalSeWithMcse([1])).toEqual({ value: null, mcse: null, n: 1 });
  });
});
