/**
 * p-value adjustments against R 4.2 p.adjust (tests/fixtures/stats/adjust.R → adjust.json),
 * including ties, a single p, p = 0 and 1e-300, and missing values (NA in R; null or NaN here).
 */
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, bonferroni, hochberg, holm } from '../../pipeline/stats/adjust.ts';
import { expectClose, loadFixture } from './fixture.ts';

interface Case {
  p: number[];
  holm: number[];
  hochberg: number[];
  BH: number[];
  bonferroni: number[];
}
const fixture = loadFixture<{ cases: Case[] }>('adjust');
const methods = { holm, hochberg, BH: benjaminiHochberg, bonferroni } as const;

describe('adjustments agree with R 4.2 p.adjust', () => {
  for (const [index, c] of fixture.cases.entries()) {
    for (const [name, adjust] of Object.entries(methods)) {
      it(`${name}, set ${index + 1} (${c.p.length} values)`, () => {
        const expected = c[name as keyof Case];
        const withNaN = adjust(c.p);
        const withNull = adjust(c.p.map((v) => (Number.isNaN(v) ? null : v)));
        expected.forEach((value, i) => {
          expectClose(withNaN[i], value, 1e-14, `${name}[${i}]`);
          if (Number.isNaN(value)) expect(withNull[i]).toBeNull();
          else expectClose(withNull[i] as number, value, 1e-14, `${name}[${i}] (null input)`);
        });
      });
    }
  }

  it('returns an empty array for no p-values and refuses values outside [0, 1]', () => {
    expect(holm([])).toEqual([]);
    expect(() => holm([0.2, 1.5])).toThrow(/p\[1\] is not a probability/);
    expect(() => benjaminiHochberg([-0.1])).toThrow(RangeError);
  });
});
