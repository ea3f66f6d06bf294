// Least squares, sandwich covariances and contrasts pinned to R 4.2.2 lm / summary.lm and
// sandwich 3.0.2 vcovHC: expected numbers come from tests/fixtures/stats/ols.R (→ ols.json).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitOls, ModelFitError } from '../../pipeline/stats/ols.ts';
import { contrast } from '../../pipeline/stats/contrast.ts';
import type { VcovType } from '../../pipeline/stats/ols-vcov.ts';

type Num = number | 'NaN';
interface RCase {
  name: string;
  y: number[];
  X: number[][];
  names: string[];
  coefficients: number[];
  residuals: number[];
  fitted: number[];
  hatvalues: number[];
  df_residual: number;
  sigma: number;
  r_squared: number;
  adj_r_squared: number;
  fstatistic: { value: number; numdf: number; dendf: number; p: number } | null;
  vcov: Record<VcovType, Num[][]>;
  table: Record<'classical' | 'HC3', Record<'estimate' | 'se' | 'statistic' | 'p' | 'ci_low' | 'ci_high', Num[]>>;
  contrasts: { L: number[]; vcov: VcovType; conf: number; estimate: number; se: Num; statistic: Num; df: number; p: Num; ci_low: Num; ci_high: Num }[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/stats/ols.json', import.meta.url), 'utf8')) as { cases: RCase[] };
const num = (v: Num): number => (v === 'NaN' ? NaN : v);

/** |actual − expected| <= rel · max(|expected|, scale); NaN must match NaN. */
function close(actual: number, expected: Num, rel = 1e-10, scale = 0): void {
  const e = num(expected);
  if (Number.isNaN(e)) {
    expect(actual).toBeNaN();
    return;
  }
  expect(Math.abs(actual - e)).toBeLessThanOrEqual(rel * Math.max(Math.abs(e), scale));
}
function closeVector(actual: number[], expected: Num[], rel = 1e-10): void {
  expect(actual).toHaveLength(expected.length);
  const scale = Math.max(...expected.map((v) => Math.abs(num(v))).filter(Number.isFinite));
  actual.forEach((a, i) => close(a, expected[i], rel, scale));
}

describe('fitOls against R lm / summary.lm', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: coefficients, residuals, fitted, sigma, R², adjusted R², F`, () => {
      const fit = fitOls(c.y, c.X, c.names);
      closeVector(fit.coefficients, c.coefficients);
      closeVector(fit.residuals, c.residuals, 1e-9);
      closeVector(fit.fitted, c.fitted);
      closeVector(fit.leverage(), c.hatvalues);
      expect(fit.df_residual).toBe(c.df_residual);
      close(fit.sigma, c.sigma);
      close(fit.r_squared, c.r_squared);
      close(fit.adj_r_squared, c.adj_r_squared);
      expect(fit.has_intercept).toBe(c.names.includes('(Intercept)'));
      if (c.fstatistic === null) {
        expect(fit.f_statistic).toBeNull();
      } else {
        close(fit.f_statistic as number, c.fstatistic.value);
        expect(fit.f_df).toEqual([c.fstatistic.numdf, c.fstatistic.dendf]);
        close(fit.f_p as number, c.fstatistic.p, 1e-8);
      }
    });

    it(`${c.name}: vcov classical and HC0–HC3 equal sandwich::vcovHC`, () => {
      const fit = fitOls(c.y, c.X, c.names);
      for (const type of ['classical', 'HC0', 'HC1', 'HC2', 'HC3'] as VcovType[]) {
        const v = fit.vcov(type);
        const scale = Math.max(...c.vcov[type].flat().map((x) => Math.abs(num(x))).filter(Number.isFinite), 0);
        v.forEach((row, i) => row.forEach((x, j) => close(x, c.vcov[type][i][j], 1e-10, scale)));
      }
    });

    it(`${c.name}: coefficient tables (classical and HC3) equal R's t-based estimates, se, p, 95% CI`, () => {
      const fit = fitOls(c.y, c.X, c.names);
      for (const type of ['classical', 'HC3'] as const) {
        const rows = fit.coefficientTable(type, 0.95);
        const r = c.table[type];
        rows.forEach((row, j) => {
          expect(row.name).toBe(c.names[j]);
          expect(row.df).toBe(c.df_residual);
          close(row.estimate, r.estimate[j]);
          close(row.se, r.se[j]);
          close(row.statistic, r.statistic[j]);
          close(row.p, r.p[j], 1e-8);
          close(row.ci_low, r.ci_low[j], 1e-9, Math.abs(num(r.se[j])));
          close(row.ci_high, r.ci_high[j], 1e-9, Math.abs(num(r.se[j])));
        });
      }
    });

    it(`${c.name}: contrasts equal R's Lᵀβ, sqrt(Lᵀ V L), t, p and CI`, () => {
      const fit = fitOls(c.y, c.X, c.names);
      for (const k of c.contrasts) {
        const got = contrast(fit, k.L, k.vcov, k.conf);
        close(got.estimate, k.estimate);
        close(got.se, k.se);
        close(got.statistic, k.statistic);
        expect(got.df).toBe(k.df);
        close(got.p, k.p, 1e-8);
        const se = Number.isNaN(num(k.se)) ? 0 : num(k.se);
        close(got.ci_low, k.ci_low, 1e-9, se);
        close(got.ci_high, k.ci_high, 1e-9, se);
      }
    });
  }

  it('reports the leverage-one row and returns NaN for HC2/HC3 there, as sandwich does', () => {
    const c = fixture.cases.find((k) => k.name === 'leverage_one') as RCase;
    const fit = fitOls(c.y, c.X, c.names);
    expect(fit.leverageOneRows()).toEqual([8]);
    expect(fit.vcov('HC3')[0][0]).toBeNaN();
    expect(Number.isFinite(fit.vcov('HC1')[0][0])).toBe(true);
  });
});

describe('fitOls refuses designs it cannot fit', () => {
  const X = [[1, 0, 0], [1, 1, 1], [1, 2, 2], [1, 3, 3]];
  it('names the aliased column of a rank-deficient design', () => {
    expect(() => fitOls([1, 2, 3, 5], X, ['(Intercept)', 'x', 'x_copy'])).toThrow(/rank deficient \(rank 2 of 3\): x_copy/);
  });
  it('rejects n <= p', () => {
    expect(() => fitOls([1, 2], [[1, 0], [1, 1]], ['(Intercept)', 'x'])).toThrow(ModelFitError);
  });
  it('rejects NaN with the row and column', () => {
    expect(() => fitOls([1, 2, NaN, 4], [[1, 0], [1, 1], [1, 2], [1, 3]], ['(Intercept)', 'x'])).toThrow(/response row 3/);
    expect(() => fitOls([1, 2, 3, 4], [[1, 0], [1, NaN], [1, 2], [1, 3]], ['(Intercept)', 'x'])).toThrow(/column x row 2/);
  });
});
