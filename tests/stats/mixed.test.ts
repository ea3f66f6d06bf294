// Random-intercept LMM (REML, Satterthwaite df) pinned to R 4.2.2 lme4 1.1-31 + lmerTest 3.1-3:
// expected numbers from tests/fixtures/stats/mixed.R (→ mixed.json), fitted there with tightened
// optimiser tolerances. Agreement is asked to 1e-6 relative: lmerTest's df come from numerical
// differentiation (numDeriv) and carry ~1e-8 noise; everything else agrees far closer.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitRandomInterceptLmm } from '../../pipeline/stats/mixed.ts';
import { ModelFitError } from '../../pipeline/stats/ols.ts';
import { createRng } from '../../pipeline/stats/random.ts';

interface RContrast { L: number[]; estimate: number; se: number; df: number; statistic: number; p: number; ci_low: number; ci_high: number }
interface RCase {
  name: string; y: number[]; groups: string[]; X: number[][]; names: string[];
  estimate: number[]; se: number[]; df: number[]; statistic: number[]; p: number[];
  var_participant: number; var_residual: number; theta: number; reml_loglik: number; reml_criterion: number; singular: boolean;
  contrasts: RContrast[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/stats/mixed.json', import.meta.url), 'utf8')) as { cases: RCase[] };

function close(actual: number, expected: number, rel = 1e-6, scale = 0): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), scale));
}

describe('fitRandomInterceptLmm against lme4 + lmerTest (REML, Satterthwaite)', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: fixed effects, SEs, Satterthwaite df, t, p`, () => {
      const fit = fitRandomInterceptLmm(c.y, c.X, c.names, c.groups);
      const seScale = Math.max(...c.se);
      fit.coefficients.forEach((row, j) => {
        expect(row.name).toBe(c.names[j]);
        close(row.estimate, c.estimate[j], 1e-6, seScale);
        close(row.se, c.se[j]);
        close(row.df, c.df[j]);
        close(row.statistic, c.statistic[j], 1e-6, 1e-3);
        close(row.p, c.p[j], 1e-5);
      });
    });

    it(`${c.name}: variance components, theta, REML log-likelihood, singularity`, () => {
      const fit = fitRandomInterceptLmm(c.y, c.X, c.names, c.groups);
      close(fit.var_residual, c.var_residual);
      close(fit.var_random_intercept, c.var_participant, 1e-6, 1e-8);
      close(fit.theta, c.theta, 1e-6, 1e-8);
      close(fit.reml_loglik, c.reml_loglik, 1e-9);
      close(fit.reml_criterion, c.reml_criterion, 1e-9);
      expect(fit.singular).toBe(c.singular);
      expect(fit.n_groups).toBe(new Set(c.groups).size);
    });

    it(`${c.name}: contrasts equal lmerTest::contest1D`, () => {
      const fit = fitRandomInterceptLmm(c.y, c.X, c.names, c.groups);
      for (const k of c.contrasts) {
        const got = fit.contrast(k.L, 0.95);
        const scale = k.se;
        close(got.estimate, k.estimate, 1e-6, scale);
        close(got.se, k.se);
        close(got.df, k.df);
        close(got.statistic, k.statistic, 1e-6, 1e-3);
        close(got.p, k.p, 1e-5);
        close(got.ci_low, k.ci_low, 1e-6, scale);
        close(got.ci_high, k.ci_high, 1e-6, scale);
      }
    });
  }

  it('unbalanced: rows in any order (participants interleaved) give the same lmerTest numbers', () => {
    const c = fixture.cases.find((k) => k.name === 'unbalanced') as RCase;
    const order = createRng(11).shuffle([...c.y.keys()]);
    const fit = fitRandomInterceptLmm(order.map((i) => c.y[i]), order.map((i) => c.X[i]), c.names, order.map((i) => c.groups[i]));
    fit.coefficients.forEach((row, j) => {
      close(row.estimate, c.estimate[j], 1e-6, Math.max(...c.se));
      close(row.se, c.se[j]);
      close(row.df, c.df[j]);
    });
    close(fit.reml_loglik, c.reml_loglik, 1e-9);
  });

  it('balanced design: the within-participant df are exactly (participants − arms)·(rounds − 1) = 66', () => {
    // Known closed form for a balanced split-plot design; lmerTest reports 66.0000007.
    const c = fixture.cases.find((k) => k.name === 'balanced') as RCase;
    const fit = fitRandomInterceptLmm(c.y, c.X, c.names, c.groups);
    for (const row of fit.coefficients.slice(3)) expect(Math.abs(row.df - 66)).toBeLessThan(1e-7);
  });
});

describe('fitRandomInterceptLmm refuses what it cannot fit', () => {
  it('names the aliased column of a rank-deficient design', () => {
    const X = [[1, 0, 0], [1, 1, 1], [1, 0, 0], [1, 1, 1], [1, 0, 0]];
    expect(() => fitRandomInterceptLmm([1, 2, 3, 4, 5], X, ['(Intercept)', 'a', 'b'], ['p1', 'p1', 'p2', 'p2', 'p3'])).toThrow(/rank deficient.*: b/);
  });
  it('rejects NaN responses', () => {
    expect(() => fitRandomInterceptLmm([1, NaN, 3, 4], [[1], [1], [1], [1]], ['(Intercept)'], ['a', 'a', 'b', 'b'])).toThrow(ModelFitError);
  });
});
