import { describe, expect, it } from 'vitest';
import { krippendorffAlpha, type AlphaMetric } from '../../pipeline/stats/krippendorff.ts';
import fixture from '../fixtures/stats/krippendorff.json' with { type: 'json' };

// Expected values: a hand-written R implementation in pairwise form
// (tests/fixtures/stats/krippendorff.R), which reproduces Krippendorff's (2011) published example.
describe('krippendorffAlpha matches the R reference', () => {
  for (const c of fixture.cases) {
    it(`${c.name}, ${c.metric}`, () => {
      expect(krippendorffAlpha(c.units as (number | null)[][], c.metric as AlphaMetric)).toBeCloseTo(c.alpha, 12);
    });
  }
  it("reproduces Krippendorff's (2011) published example to its three decimals", () => {
    const units = fixture.cases.find((c) => c.name === 'k2011')!.units as (number | null)[][];
    expect(krippendorffAlpha(units, 'nominal').toFixed(3)).toBe('0.743');
    expect(krippendorffAlpha(units, 'ordinal').toFixed(3)).toBe('0.815');
    expect(krippendorffAlpha(units, 'interval').toFixed(3)).toBe('0.849');
  });
  it('is NaN when nothing varies and ignores units with one value', () => {
    expect(krippendorffAlpha([[2, 2], [2, 2]], 'interval')).toBeNaN();
    expect(krippendorffAlpha([[1, 1], [2, 2], [3, 2], [1, null]], 'interval')).toBeCloseTo(krippendorffAlpha([[1, 1], [2, 2], [3, 2]], 'interval'), 15);
  });
});
