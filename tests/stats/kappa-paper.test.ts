/**
 * The worked examples of docs/RELIABILITY.md §2, computed by the companion paper's method: the
 * ×100 codes, categories = the codes either rater of the pair used, quadratic weights on the
 * categories' positions, p from the non-null variance; Spearman with the Fisher interval at 1.96.
 * Expected values: statsmodels `cohens_kappa(table, wt="quadratic")` and scipy `spearmanr`, from
 * tests/fixtures/reliability/worked_examples.py.
 */
import { describe, expect, it } from 'vitest';
import { cohensKappa, ratingContingency } from '../../pipeline/stats/kappa.ts';
import { rankAgreement } from '../../pipeline/reliability/rankAgreement.ts';
import fixture from '../fixtures/reliability/worked_examples.json' with { type: 'json' };

for (const ex of fixture.examples) {
  describe(`worked example: ${ex.name}`, () => {
    it('kappa, its SE, z and p as statsmodels (p compared absolutely: the notebook formula differs below 1e-13)', () => {
      const table = ratingContingency(ex.a, ex.b, 100);
      const k = cohensKappa(table.counts, 'quadratic');
      expect(table.n).toBe(ex.n);
      expect(table.categories).toEqual(ex.categories);
      expect(k.kappa).toBeCloseTo(ex.kappa, 14);
      expect(k.kappa).not.toBeCloseTo(ex.kappa_value_weighted, 2);
      expect(k.std_kappa).toBeCloseTo(ex.se, 14);
      expect(k.z_ase).toBeCloseTo(ex.z, 10);
      expect(Math.abs(k.p_ase - ex.p)).toBeLessThan(1e-20);
      expect(Math.abs(k.p_ase - ex.p_notebook)).toBeLessThan(1e-12);
    });
    it('Spearman rho, p and the Fisher interval at 1.96 as scipy', () => {
      const s = rankAgreement(ex.a, ex.b, 0.95, 1.96);
      expect(s.n).toBe(ex.n);
      expect(s.rho!).toBeCloseTo(ex.rho, 14);
      expect(s.p!).toBeCloseTo(ex.rho_p, 15);
      expect(s.ci_low!).toBeCloseTo(ex.fisher_low, 14);
      expect(s.ci_high!).toBeCloseTo(ex.fisher_high, 14);
    });
  });
}
