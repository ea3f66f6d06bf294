/**
 * Point charts of a large study draw a seeded subsample of their points (charts/subsample.ts);
 * every summary layer still uses all the data, and a study at or below the cap is drawn as before.
 */
import { describe, expect, it } from 'vitest';
import { alignmentChart, alignmentRows } from '../../pipeline/report/charts/alignment.ts';
import { POINT_CAP, capPoints, pointSubsample } from '../../pipeline/report/charts/subsample.ts';
import { traitChart } from '../../pipeline/report/charts/trait.ts';
import { fixtureResults, fixtureScored } from './fixture.ts';

type Row = Record<string, string | number>;
const values = (spec: unknown) => (spec as { data: { values: Row[] } }).data.values;
const subtitle = (spec: unknown) => (spec as { title: { subtitle: string[] } }).title.subtitle;

describe('pointSubsample (Knuth, TAOCP vol. 2, 3.4.2, Algorithm S)', () => {
  it('keeps every point at or below the cap, without drawing', () => {
    expect(pointSubsample(POINT_CAP, POINT_CAP, 1)).toBeNull();
    expect(pointSubsample(0, POINT_CAP, 1)).toBeNull();
  });

  it('keeps exactly cap points above it, the same ones for the same seed', () => {
    const keep = pointSubsample(12_345, 1000, 7) as Uint8Array;
    expect(keep.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(pointSubsample(12_345, 1000, 7)).toEqual(keep);
    expect(pointSubsample(12_345, 1000, 8)).not.toEqual(keep);
  });

  it('gives every point the inclusion probability cap/total (Algorithm S is exact)', () => {
    // 3000 seeds, 3 of 10 kept: each index is kept Binomial(3000, 0.3) times, mean 900, SD 25.1;
    // a sampler that favoured early or late points would miss by far more than 5 SD.
    const counts = new Array<number>(10).fill(0);
    for (let seed = 1; seed <= 3000; seed++) (pointSubsample(10, 3, seed) as Uint8Array).forEach((k, i) => (counts[i] += k));
    for (const c of counts) expect(Math.abs(c - 900)).toBeLessThan(5 * Math.sqrt(3000 * 0.3 * 0.7));
  });

  it('keeps the other layers whole and the points in their order', () => {
    const rows = [
      { layer: 'box', v: -1 },
      ...Array.from({ length: 50 }, (_, i) => ({ layer: 'point', v: i })),
      { layer: 'density', v: -2 },
    ];
    const { rows: kept, note } = capPoints(rows, 'point', 3, 'box and density', 20);
    expect(kept.filter((r) => r.layer !== 'point')).toEqual([rows[0], rows[51]]);
    const points = kept.filter((r) => r.layer === 'point').map((r) => r.v);
    expect(points).toHaveLength(20);
    expect([...points].sort((a, b) => a - b)).toEqual(points);
    expect(note).toBe('20 of 50 points shown (seeded random subsample); box and density use all 50');
  });
});

describe('charts of a study above the cap', () => {
  // 1,000 a arm: 3,000 participants, 6,000 points in the raincloud (two rounds) and in the scatter (two traits).
  const big = fixtureScored(1000);

  it('alignment: draws the cap, says so, and computes boxes and densities from every participant', () => {
    const spec = alignmentChart(big, 5).spec;
    const drawn = values(spec);
    const all = alignmentRows(big, 5);
    expect(drawn.filter((r) => r.layer === 'point')).toHaveLength(POINT_CAP);
    expect(drawn.filter((r) => r.layer !== 'point')).toEqual(all.filter((r) => r.layer !== 'point'));
    const boxes = drawn.filter((r) => r.layer === 'box');
    expect(boxes.reduce((a, r) => a + (r.n as number), 0)).toBe(all.filter((r) => r.layer === 'point').length);
    expect(subtitle(spec).at(-1)).toBe(`5,000 of ${all.filter((r) => r.layer === 'point').length.toLocaleString('en-US')} points shown (seeded random subsample); box and density use all ${all.filter((r) => r.layer === 'point').length.toLocaleString('en-US')}`);
  });

  it('trait: draws the cap and keeps both least-squares lines', () => {
    const spec = traitChart(big, fixtureResults(), 5).spec;
    const drawn = values(spec);
    expect(drawn.filter((r) => r.layer === 'point')).toHaveLength(POINT_CAP);
    expect(drawn.filter((r) => r.layer === 'line')).toHaveLength(4);
    expect(subtitle(spec).at(-1)).toMatch(/^5,000 of [0-9,]+ points shown \(seeded random subsample\); lines and r use all [0-9,]+$/);
  });

  it('changes nothing at or below the cap (the bundled study has 1,936 points a chart)', () => {
    const small = fixtureScored(99);
    expect(values(alignmentChart(small, 5).spec)).toEqual(alignmentRows(small, 5));
    expect(subtitle(alignmentChart(small, 5).spec).join(' ')).not.toMatch(/points shown/);
  });
});
