import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../pipeline/errors.ts';
import type { Rating, StudyTables } from '../../pipeline/ingest/tables.ts';
import type { ReliabilitySpec } from '../../pipeline/prereg/types.ts';
import { computeReliability } from '../../pipeline/reliability/compute.ts';
import small from '../fixtures/reliability/small_reference.json' with { type: 'json' };

// Expected values: statsmodels/scipy and a hand-written alpha, tests/fixtures/reliability/small_reference.py.
const tables = (ratings: Rating[]): StudyTables => ({
  meta: { name: 'small', description: '', synthetic: true, source: 'test' },
  participants: [], conversations: [], messages: [], ratings, self_reports: [], perception: [],
});
const spec: ReliabilitySpec = {
  tag: 'paper',
  rater_groups: [{ name: 'experts', members: ['expert1', 'expert2', 'expert3'], combine: 'median' }],
  kappa_pairs: [['experts', 'judge'], ['experts', 'crowd'], ['judge', 'crowd'], ['expert1', 'expert2']],
  kappa_weights: 'quadratic',
  kappa_scale: 100,
  alpha_raters: ['expert1', 'expert2', 'expert3'],
  alpha_metric: 'interval',
  bootstrap_replicates: 200,
  bootstrap_seed: 1,
  confidence_level: 0.95,
};

describe('computeReliability on a small handmade rating set', () => {
  const doc = computeReliability(tables(small.ratings as Rating[]), spec);
  it('kappa, the paper p, statsmodels p and Spearman match the python reference', () => {
    for (const ref of small.expected) {
      const k = doc.kappa.find((r) => r.dimension === 'advice_giving' && r.pair.join() === ref.pair.join())!;
      expect(k.n).toBe(ref.n);
      expect(k.kappa!).toBeCloseTo(ref.kappa, 12);
      expect(k.z!).toBeCloseTo(ref.z, 9);
      expect(Math.abs(k.p! / ref.p - 1)).toBeLessThan(1e-8);
      expect(Math.abs(k.p_null_variance! / ref.p_null_variance - 1)).toBeLessThan(1e-8);
      const s = doc.spearman.find((r) => r.dimension === 'advice_giving' && r.pair.join() === ref.pair.join())!;
      expect(s.rho!).toBeCloseTo(ref.rho, 12);
      expect(Math.abs(s.p! / ref.rho_p - 1)).toBeLessThan(1e-8);
    }
  });
  it("drops the conversation with a missing expert from the experts' median (n = 11)", () => {
    expect(doc.kappa.find((r) => r.pair.join() === 'experts,judge' && r.dimension === 'advice_giving')!.n).toBe(11);
  });
  it('alpha uses every unit with two or more expert ratings', () => {
    expect(doc.alpha.advice_giving.value!).toBeCloseTo(small.alpha, 12);
    expect(doc.alpha.advice_giving.n).toBe(12);
    expect(doc.alpha_mean!).toBeCloseTo(small.alpha, 12);
  });
  it('reports unrated dimensions as null, never NaN', () => {
    expect(doc.alpha.self_oriented).toEqual({ value: null, ci_low: null, ci_high: null, percentile_low: null, percentile_high: null, n: 0 });
    expect(doc.kappa.find((r) => r.dimension === 'self_oriented')).toMatchObject({ kappa: null, p: null, n: 0 });
    expect(JSON.stringify(doc)).not.toMatch(/NaN|Infinity/);
  });
  it('is reproducible from the preregistered seed', () => {
    expect(computeReliability(tables(small.ratings as Rating[]), spec)).toEqual(doc);
  });
  it('refuses a preregistration naming raters the export does not have, listing each once', () => {
    const without = (small.ratings as Rating[]).filter((r) => r.rater !== 'expert3' && r.rater !== 'crowd');
    try {
      computeReliability(tables(without), spec);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(BadInputError);
      expect((err as BadInputError).problems.map((p) => p.value)).toEqual(['expert3', 'crowd']);
    }
  });
});
