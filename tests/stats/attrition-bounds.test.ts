/**
 * Lee (2009) trimming bounds and the worst/best-case (Horowitz & Manski 2000) bounds against R,
 * computed step by step from the published definitions in tests/fixtures/stats/attrition-bounds.R
 * (→ attrition-bounds.json): continuous outcomes (where the R script also checks Lee's own
 * drop-the-tail estimator), outcomes in sixths with ties (alignment's grid), integers with heavy
 * attrition, equal observed shares and no attrition at all.
 */
import { describe, expect, it } from 'vitest';
import { leeBounds, trimmedMean } from '../../pipeline/stats/lee-bounds.ts';
import { worstCaseBounds } from '../../pipeline/stats/worst-case-bounds.ts';
import { expectClose, loadFixture } from './fixture.ts';

interface BoundsCase {
  name: string;
  treated: number[];
  treated_allocated: number;
  reference: number[];
  reference_allocated: number;
  lee: { lower: number; upper: number; trimmed: string; trim_share: number; observed_difference: number };
  worst_case: { scale_min: number; scale_max: number; lower: number; upper: number };
}
const fixture = loadFixture<{ cases: BoundsCase[] }>('attrition-bounds');

describe('leeBounds and worstCaseBounds agree with the step-by-step R reference to 1e-12', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const treated = { observed: c.treated, allocated: c.treated_allocated };
      const reference = { observed: c.reference, allocated: c.reference_allocated };
      const lee = leeBounds(treated, reference);
      expect(lee.trimmed).toBe(c.lee.trimmed);
      for (const key of ['lower', 'upper', 'trim_share', 'observed_difference'] as const) expectClose(lee[key], c.lee[key], 1e-12, key);
      expect(lee.lower).toBeLessThanOrEqual(lee.observed_difference + 1e-15);
      expect(lee.upper).toBeGreaterThanOrEqual(lee.observed_difference - 1e-15);
      const worst = worstCaseBounds(treated, reference, { min: c.worst_case.scale_min, max: c.worst_case.scale_max });
      expectClose(worst.lower, c.worst_case.lower, 1e-12, 'worst-case lower');
      expectClose(worst.upper, c.worst_case.upper, 1e-12, 'worst-case upper');
      expect(worst.missing_treated).toBe(c.treated_allocated - c.treated.length);
    });
  }
});

describe('trimmedMean', () => {
  it('counts the value at the cut-off in part, so ties are trimmed by exactly the share', () => {
    // keep 2.5 of 4: 4 + 3 + half of 2, over 2.5
    expect(trimmedMean([1, 2, 3, 4], 0.625, 'highest')).toBeCloseTo(3.2, 15);
    expect(trimmedMean([2, 2, 2, 5], 0.5, 'lowest')).toBe(2);
    expect(trimmedMean([1, 2, 3, 4], 1, 'lowest')).toBe(2.5);
  });

  it('refuses an empty sample or a share outside (0, 1]', () => {
    expect(() => trimmedMean([], 0.5, 'lowest')).toThrow(/at least one value/);
    expect(() => trimmedMean([1], 0, 'lowest')).toThrow(/\(0, 1\]/);
  });
});

describe('argument checks', () => {
  it('refuses an arm with no observed outcome for Lee, more observed than allocated, and a bad scale', () => {
    expect(() => leeBounds({ observed: [], allocated: 3 }, { observed: [1], allocated: 1 })).toThrow(/no observed outcome/);
    expect(() => leeBounds({ observed: [1, 2], allocated: 1 }, { observed: [1], allocated: 1 })).toThrow(/more observed/);
    expect(() => worstCaseBounds({ observed: [1], allocated: 2 }, { observed: [1], allocated: 1 }, { min: 5, max: 1 })).toThrow(/min < max/);
  });

  it('worst-case bounds need no observed outcome in an arm: all of it is imputed', () => {
    const b = worstCaseBounds({ observed: [], allocated: 2 }, { observed: [3], allocated: 1 }, { min: 1, max: 5 });
    expect([b.lower, b.upper]).toEqual([-2, 2]);
  });
});
