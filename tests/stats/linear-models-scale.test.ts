// Scale: the fits run at study scale (no n × n matrices: a 9,000 × 9,000 V alone would be 650 MB)
// and stay exact there. Their speed is measured by bench/linear-models.ts, never in a test.
import { describe, expect, it } from 'vitest';
import { fitOls } from '../../pipeline/stats/ols.ts';
import { fitRandomInterceptLmm } from '../../pipeline/stats/mixed.ts';
import { createRng } from '../../pipeline/stats/random.ts';

describe('linear models at study scale', () => {
  it('fits OLS with HC3 on 100,000 × 5 with residuals orthogonal to every column', () => {
    const rng = createRng(1);
    const X: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const row = [1, rng.uniform() < 0.33 ? 1 : 0, rng.uniform() < 0.5 ? 1 : 0, rng.normal(), rng.normal()];
      X.push(row);
      y.push(row[1] + row[3] + rng.normal());
    }
    const fit = fitOls(y, X, ['(Intercept)', 'a', 'b', 'c', 'd']);
    // Least squares: X'e = 0 (the normal equations hold at the solution), to rounding.
    for (let j = 0; j < 5; j++) {
      let dot = 0;
      let scale = 0;
      for (let i = 0; i < y.length; i++) {
        dot += X[i][j] * fit.residuals[i];
        scale += Math.abs(X[i][j] * fit.residuals[i]);
      }
      expect(Math.abs(dot)).toBeLessThan(1e-10 * scale);
    }
    // HC3 of a design with no leverage-one row is finite and positive on the diagonal.
    const hc3 = fit.vcov('HC3');
    for (let j = 0; j < 5; j++) expect(hc3[j][j]).toBeGreaterThan(0);
  });

  it('fits the random-intercept model for 3,000 participants × 3 rounds with the exact split-plot df', () => {
    const rng = createRng(2);
    const y: number[] = [];
    const X: number[][] = [];
    const groups: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const arm = i % 3;
      const u = rng.normal(0, 0.6);
      for (let round = 0; round < 3; round++) {
        const row = [1, arm === 1 ? 1 : 0, arm === 2 ? 1 : 0, round === 1 ? 1 : 0, round === 2 ? 1 : 0];
        row.push(row[1] * row[3], row[2] * row[3], row[1] * row[4], row[2] * row[4]);
        X.push(row);
        y.push(3 + 0.3 * row[7] + u + rng.normal(0, 0.5));
        groups.push(`p${i}`);
      }
    }
    const names = ['(Intercept)', 'armcoach', 'armpeer', 'round2', 'round3', 'armcoach:round2', 'armpeer:round2', 'armcoach:round3', 'armpeer:round3'];
    const fit = fitRandomInterceptLmm(y, X, names, groups);
    // Balanced split-plot: within-participant df are exactly (3000 − 3)·(3 − 1) = 5994.
    expect(Math.abs(fit.coefficients[7].df - 5994)).toBeLessThan(1e-4);
  });
});
