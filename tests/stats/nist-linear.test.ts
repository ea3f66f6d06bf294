// Least squares against NIST StRD linear regression certified values (tests/fixtures/nist/,
// provenance in SOURCE.md): coefficients, their standard errors, residual SD and R², each to a
// log relative error (LRE, McCullough 1998) of at least 9 (Wampler4–5: 6, as the brief sets it).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitOls } from '../../pipeline/stats/ols.ts';
import { lre, readNistLinear } from './nist-dat.ts';

interface Certified { coefficients: number[]; se: number[]; residual_sd: number; r_squared: number }
interface LinearSet { name: string; model: 'linear' | 'polynomial'; degree?: number; intercept: boolean; y: number[]; x: number[] | number[][]; certified: Certified }

const linear = JSON.parse(readFileSync(new URL('../fixtures/nist/linear.json', import.meta.url), 'utf8')) as { datasets: LinearSet[] };
const norris = readNistLinear(new URL('../fixtures/nist/Norris.dat', import.meta.url));
const sets: LinearSet[] = [
  { name: 'Norris', model: 'polynomial', degree: 1, intercept: true, y: norris.y, x: norris.x, certified: norris.certified },
  ...linear.datasets,
];

/** Design rows: an optional column of ones, then x, x², … (polynomial) or the given predictors. */
function design(set: LinearSet): { rows: number[][]; names: string[] } {
  const rows = set.y.map((_, i) => {
    const terms = set.model === 'polynomial'
      ? Array.from({ length: set.degree as number }, (_, k) => (set.x as number[])[i] ** (k + 1))
      : (set.x as number[][])[i];
    return set.intercept ? [1, ...terms] : terms;
  });
  const p = rows[0].length;
  const names = Array.from({ length: p }, (_, k) => `b${k}`);
  return { rows, names };
}

const minimumLre = (name: string): number => (name === 'Wampler4' || name === 'Wampler5' ? 6 : 9);

describe('fitOls reproduces NIST StRD linear regression certified values', () => {
  for (const set of sets) {
    it(`${set.name}: LRE >= ${minimumLre(set.name)} for coefficients, SEs, residual SD and R²`, () => {
      const { rows, names } = design(set);
      const fit = fitOls(set.y, rows, names);
      const table = fit.coefficientTable('classical');
      const lres: Record<string, number> = {};
      set.certified.coefficients.forEach((c, k) => (lres[`b${k}`] = lre(fit.coefficients[k], c)));
      set.certified.se.forEach((c, k) => (lres[`se${k}`] = lre(table[k].se, c)));
      lres.residual_sd = lre(fit.sigma, set.certified.residual_sd);
      lres.r_squared = lre(fit.r_squared, set.certified.r_squared);
      const worst = Math.min(...Object.values(lres));
      expect(worst, JSON.stringify(lres)).toBeGreaterThanOrEqual(minimumLre(set.name));
    });
  }
});
