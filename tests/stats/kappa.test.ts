import { describe, expect, it } from 'vitest';
import { cohensKappa, ratingContingency, roundHalfEven, type KappaWeights } from '../../pipeline/stats/kappa.ts';
import fixture from '../fixtures/stats/kappa.json' with { type: 'json' };

// Expected values: statsmodels 0.13.5 `cohens_kappa`, from tests/fixtures/stats/kappa.py.
describe('cohensKappa matches statsmodels cohens_kappa', () => {
  for (const c of fixture.cases) {
    it(`${c.name}, weights ${c.weights}`, () => {
      const r = cohensKappa(c.table, c.weights as KappaWeights);
      expect(r.kappa).toBeCloseTo(c.kappa, 12);
      expect(r.var_kappa).toBeCloseTo(c.var_kappa, 12);
      expect(r.var_kappa0).toBeCloseTo(c.var_kappa0, 12);
      expect(r.std_kappa).toBeCloseTo(c.std_kappa, 12);
      expect(r.std_kappa0).toBeCloseTo(c.std_kappa0, 12);
      expect(r.z).toBeCloseTo(c.z, 10);
      expect(r.p / c.p).toBeCloseTo(1, 8);
      // The companion paper's z uses the non-null variance var_kappa.
      expect(r.z_ase).toBeCloseTo(c.kappa / Math.sqrt(c.var_kappa), 10);
    });
  }
});

describe('ratingContingency', () => {
  it('scales by 100, rounds half to even like numpy, and uses the union of observed values', () => {
    const t = ratingContingency([1, 2, 2.3333333333333335, null, 3], [1, 2.5, 2, 4, 3.005], 100);
    // 3.005 * 100 = 300.49999999999994 in floating point, so numpy rounds it to 300.
    expect(t.categories).toEqual([100, 200, 233, 250, 300]);
    expect(t.n).toBe(4);
    expect(t.counts[0][0]).toBe(1);
    expect(t.counts[1][3]).toBe(1);
    expect(t.counts[2][1]).toBe(1);
    expect(t.counts[4][4]).toBe(1);
  });
  it('rounds ties to even', () => {
    expect([0.5, 1.5, 2.5, -2.5, 2.4999].map(roundHalfEven)).toEqual([0, 2, 2, -2, 2]);
  });
});
