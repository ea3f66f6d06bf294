/**
 * Fisher's exact test for r × 2 tables against R 4.2 fisher.test (tests/fixtures/stats/fisher.R →
 * fisher.json): FEXACT for three or more rows, R's own 2 × 2 code for two, including tables with
 * exact ties in probability, an empty row, an empty column and 10,000 participants; and against
 * the exact rational p of each table (tests/fixtures/stats/fisher_rational.py, Python fractions),
 * which it matches more closely than FEXACT does (R's log-factorial sums are good to ~1e-11).
 */
import { describe, expect, it } from 'vitest';
import { fisherExactRx2 } from '../../pipeline/stats/fisher-exact.ts';
import { expectClose, loadFixture } from './fixture.ts';

interface FisherCase {
  name: string;
  table: [number, number][];
  p: number;
  observed_probability: number;
}
const fixture = loadFixture<{ cases: FisherCase[] }>('fisher');
const rational = new Map(loadFixture<{ cases: { name: string; p: number }[] }>('fisher_rational').cases.map((c) => [c.name, c.p]));

describe('fisherExactRx2 agrees with R 4.2 fisher.test', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: p to 1e-9 relative of R and 1e-12 of the exact rational value; the observed table's probability to 1e-10`, () => {
      const got = fisherExactRx2(c.table);
      expectClose(got.p, c.p, 1e-9, 'p (R)');
      expectClose(got.p, rational.get(c.name) as number, 1e-12, 'p (exact rational)');
      expectClose(got.observed_probability, c.observed_probability, 1e-10, 'observed probability');
    });
  }

  it('enumerates every table with the margins: 3 rows of 2 with one in the second column give 3', () => {
    expect(fisherExactRx2([[1, 1], [2, 0], [2, 0]]).tables).toBe(3);
  });

  it('refuses fewer than two rows and counts that are not non-negative integers', () => {
    expect(() => fisherExactRx2([[3, 4]])).toThrow(/at least 2 rows/);
    expect(() => fisherExactRx2([[3, -1], [2, 2]])).toThrow(/non-negative integers/);
    expect(() => fisherExactRx2([[3, 1.5], [2, 2]])).toThrow(/non-negative integers/);
  });
});
