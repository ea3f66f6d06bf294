/**
 * Trait empathy (JES, SITES) against round-1 alignment: scatter, least-squares line, and r in the
 * title, taken from H6 in results.json when present (else computed here and said so).
 * SITES is an integer 1–5, so its points get a small seeded horizontal jitter.
 */
import { linearRegression, sampleCorrelation } from 'simple-statistics';
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsDoc } from '../../analyze/types.ts';
import type { ScoredStudy } from '../../score/types.ts';
import { BASELINE_ROUND } from '../../study.ts';
import { createRng } from '../../stats/random.ts';
import { formatNoLeadingZero } from '../apa.ts';
import { capPoints } from './subsample.ts';
import { BASE_CONFIG, SCHEMA, chartTitle, r4, type ChartDef } from './theme.ts';

const PREDICTORS = [
  { key: 'trait_jes', id: 'H6.jes', label: 'JES', jitter: 0 },
  { key: 'trait_sites', id: 'H6.sites', label: 'SITES', jitter: 0.15 },
] as const;

/**
 * Least-squares line and Pearson r of y on x (simple-statistics: centred sums, enough for a line
 * drawn to four decimals; the r of H6 comes from the analysis when it ran).
 *
 * @example
 * leastSquares([1, 2, 3], [2, 4, 7]) // { slope: 2.5, intercept: -0.6667, r: 0.9934 }
 */
export function leastSquares(x: readonly number[], y: readonly number[]): { slope: number; intercept: number; r: number } {
  const { m, b } = linearRegression(x.map((xi, i) => [xi, y[i]]));
  return { slope: m, intercept: b, r: sampleCorrelation(x as number[], y as number[]) };
}

/** Builds the trait-empathy scatter spec. */
export function traitChart(scored: ScoredStudy, results: ResultsDoc, seed: number): ChartDef {
  const rng = createRng(seed + 1);
  const rows: Record<string, string | number>[] = [];
  const rTexts: string[] = [];
  for (const pred of PREDICTORS) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const p of scored.participants) {
      const x = p[pred.key];
      const y = p.rounds[BASELINE_ROUND]?.alignment;
      if (x === null || y === null || y === undefined) continue;
      xs.push(x);
      ys.push(y);
      const jitter = pred.jitter ? (rng.uniform() * 2 - 1) * pred.jitter : 0;
      rows.push({ layer: 'point', predictor: pred.label, trait: r4(x + jitter), alignment: r4(y) });
    }
    if (xs.length < 3) continue;
    const fit = leastSquares(xs, ys);
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    rows.push({ layer: 'line', predictor: pred.label, trait: r4(lo), alignment: r4(fit.intercept + fit.slope * lo) });
    rows.push({ layer: 'line', predictor: pred.label, trait: r4(hi), alignment: r4(fit.intercept + fit.slope * hi) });
    const h6 = results.tests.find((t) => t.id === pred.id);
    const r = h6 && h6.estimate !== null ? h6.estimate : fit.r;
    rTexts.push(`r = ${Number.isFinite(r) ? formatNoLeadingZero(r) : 'n/a'} (${pred.label}${h6 ? '' : ', computed here'})`);
  }
  // The lines and r are computed from every participant before the points are capped.
  const capped = capPoints(rows, 'point', seed + 1, 'lines and r');
  const spec = {
    $schema: SCHEMA,
    title: chartTitle(`Trait empathy vs round-1 alignment: ${rTexts.join(', ')}`, scored.meta.synthetic,
      'least-squares line; SITES points jittered ±0.15 (seeded)', capped.note),
    data: { values: capped.rows },
    facet: { column: { field: 'predictor', type: 'nominal', sort: ['JES', 'SITES'], header: { title: null } } },
    spec: {
      width: 240,
      height: 220,
      layer: [
        {
          transform: [{ filter: "datum.layer === 'point'" }],
          // One point per participant: no aria-label on each (see alignment.ts).
          mark: { type: 'circle', size: 10, opacity: 0.35, color: '#0072B2', aria: false },
          encoding: {
            x: { field: 'trait', type: 'quantitative', title: 'Trait empathy score', scale: { zero: false } },
            y: { field: 'alignment', type: 'quantitative', title: 'Round-1 alignment (1–5)', scale: { domain: [1, 5] } },
          },
        },
        {
          transform: [{ filter: "datum.layer === 'line'" }],
          mark: { type: 'line', color: '#D55E00', strokeWidth: 2 },
          encoding: { x: { field: 'trait', type: 'quantitative' }, y: { field: 'alignment', type: 'quantitative' } },
        },
      ],
    },
    resolve: { scale: { x: 'independent' } },
    config: BASE_CONFIG,
  };
  return { name: 'trait-empathy', title: 'Trait empathy vs alignment', spec: spec as TopLevelSpec };
}
