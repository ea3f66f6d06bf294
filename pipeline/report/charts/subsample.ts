/**
 * Point charts of a large study draw a seeded random subsample of their points. At 100× the
 * alignment raincloud and the trait scatter would hold ~200,000 points each: unreadable, and most
 * of the report's time and size (Vega scenegraph, SVG text, PNG rasterising). Above `POINT_CAP`
 * points a chart draws exactly `POINT_CAP` of them, chosen uniformly without replacement, kept in
 * their original order, and says "N of M points shown" in its subtitle; boxes, densities, lines
 * and every number still use all the data. At or below the cap (the bundled study: 1,936 points a
 * chart) nothing changes and no random number is drawn.
 */
import { createRng } from '../../stats/random.ts';

/** The most points one chart draws. */
export const POINT_CAP = 5000;

/**
 * Which of `total` points to keep: null when all of them (total ≤ cap), else a mask with exactly
 * `cap` ones, by selection sampling (Knuth, TAOCP vol. 2, §3.4.2, Algorithm S: keep point i with
 * probability needed / remaining), from an independent stream of `createRng(seed)` (its `split`,
 * so the chart's jitter, drawn from `createRng(seed)` itself, is not disturbed).
 *
 * @example
 * pointSubsample(3, 5000, 1) // null: all three drawn
 * pointSubsample(10, 4, 1)!.reduce((a, b) => a + b, 0) // 4
 */
export function pointSubsample(total: number, cap: number, seed: number): Uint8Array | null {
  if (total <= cap) return null;
  const rng = createRng(seed).split();
  const keep = new Uint8Array(total);
  let needed = cap;
  for (let i = 0; i < total && needed > 0; i++) {
    if (rng.uniform() * (total - i) < needed) {
      keep[i] = 1;
      needed--;
    }
  }
  return keep;
}

/**
 * Keeps every row whose `layer` is not `pointLayer`, and of the point rows the subsample above.
 * Returns the rows and, when points were dropped, the subtitle line saying so (`summaries` names
 * what still uses every point).
 *
 * @example
 * capPoints(rows, 'point', 20260326, 'box and density').note
 * // null at or below the cap; above it '5,000 of 193,600 points shown (seeded random subsample); box and density use all 193,600'
 */
export function capPoints<R extends Record<string, unknown>>(rows: R[], pointLayer: string, seed: number, summaries: string, cap: number = POINT_CAP): { rows: R[]; note: string | null } {
  let total = 0;
  for (const row of rows) if (row['layer'] === pointLayer) total++;
  const keep = pointSubsample(total, cap, seed);
  if (keep === null) return { rows, note: null };
  let i = 0;
  const kept = rows.filter((row) => row['layer'] !== pointLayer || keep[i++] === 1);
  const n = (x: number) => x.toLocaleString('en-US');
  return { rows: kept, note: `${n(cap)} of ${n(total)} points shown (seeded random subsample); ${summaries} use all ${n(total)}` };
}
