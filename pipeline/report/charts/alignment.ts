/**
 * Alignment before (round 1) and after (round 3), by arm, as a "raincloud": every participant a
 * point with seeded horizontal jitter, a Tukey box, and a Gaussian density (Silverman bandwidth)
 * computed here, so the rendered chart holds no random number and no Vega-side statistic.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ScoredStudy } from '../../score/types.ts';
import { ARMS, BASELINE_ROUND, OUTCOME_ROUND } from '../../study.ts';
import { createRng } from '../../stats/random.ts';
import { boxStats, gaussianKde, grid, silvermanBandwidth } from '../density.ts';
import { capPoints } from './subsample.ts';
import { BASE_CONFIG, SCHEMA, armColourScale, chartTitle, r4, type ChartDef } from './theme.ts';

const PHASES = [
  { round: BASELINE_ROUND, x: 0, label: 'Round 1 (pre)' },
  { round: OUTCOME_ROUND, x: 1, label: 'Round 3 (post)' },
] as const;
const POINT_CENTRE = -0.22;
const JITTER = 0.09;
const BOX_HALF = 0.05;
const DENSITY_START = 0.08;
const DENSITY_WIDTH = 0.32;
const DENSITY_POINTS = 41;

type Row = Record<string, string | number>;

/** The precomputed layers (points, boxes, densities) as one table with a `layer` column. */
export function alignmentRows(scored: ScoredStudy, seed: number): Row[] {
  const rng = createRng(seed);
  const rows: Row[] = [];
  for (const arm of ARMS) {
    const members = scored.participants.filter((p) => p.arm === arm);
    for (const phase of PHASES) {
      const values: number[] = [];
      for (const p of members) {
        const a = p.rounds[phase.round]?.alignment;
        if (a === null || a === undefined) continue;
        values.push(a);
        rows.push({ layer: 'point', arm, phase: phase.label, x: r4(phase.x + POINT_CENTRE + (rng.uniform() * 2 - 1) * JITTER), y: r4(a) });
      }
      if (values.length === 0) continue;
      const box = boxStats(values);
      rows.push({
        layer: 'box', arm, phase: phase.label, x: phase.x, x_low: phase.x - BOX_HALF, x_high: phase.x + BOX_HALF,
        q1: r4(box.q1), median: r4(box.median), q3: r4(box.q3), low: r4(box.whiskerLow), high: r4(box.whiskerHigh), n: box.n,
      });
      if (values.length < 2) continue;
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      const at = grid(lo, hi, DENSITY_POINTS);
      const density = gaussianKde(values, silvermanBandwidth(values), at);
      const peak = Math.max(...density);
      at.forEach((y, i) => {
        rows.push({
          layer: 'density', arm, phase: phase.label, y: r4(y),
          base: phase.x + DENSITY_START, x: r4(phase.x + DENSITY_START + (peak > 0 ? density[i] / peak : 0) * DENSITY_WIDTH),
        });
      });
    }
  }
  return rows;
}

/** Builds the alignment raincloud spec. `seed` drives the jitter only. */
export function alignmentChart(scored: ScoredStudy, seed: number): ChartDef {
  const colour = { field: 'arm', type: 'nominal', scale: armColourScale, legend: null };
  const xAxis = {
    field: 'x', type: 'quantitative', title: null,
    scale: { domain: [-0.4, 1.45], nice: false },
    axis: { values: [0, 1], labelExpr: "datum.value == 0 ? 'Round 1 (pre)' : 'Round 3 (post)'", grid: false },
  };
  const y = { type: 'quantitative', scale: { domain: [1, 5] } };
  const only = (layer: string) => ({ filter: `datum.layer === '${layer}'` });
  // Boxes and densities are computed from every participant before the points are capped.
  const { rows, note } = capPoints(alignmentRows(scored, seed), 'point', seed, 'box and density');
  const spec = {
    $schema: SCHEMA,
    title: chartTitle('Alignment before and after, by arm', scored.meta.synthetic,
      'points jittered (seeded), box = quartiles and 1.5 IQR whiskers, density = Gaussian KDE (Silverman)', note),
    data: { values: rows },
    facet: { column: { field: 'arm', type: 'nominal', sort: [...ARMS], header: { title: null } } },
    spec: {
      width: 200,
      height: 260,
      layer: [
        {
          transform: [only('density')],
          mark: { type: 'area', orient: 'horizontal', opacity: 0.35 },
          encoding: { y: { field: 'y', ...y, title: 'Alignment (1–5)' }, x: xAxis, x2: { field: 'base' }, detail: { field: 'phase' }, color: colour },
        },
        {
          transform: [only('point')],
          // One point per participant and round: no aria-label on each (about 2,000 of them); the
          // chart's own label, its caption and the tables carry the numbers. Drawing them took
          // twice as long with the labels.
          mark: { type: 'circle', size: 9, opacity: 0.35, aria: false },
          encoding: { y: { field: 'y', ...y }, x: xAxis, color: colour },
        },
        {
          transform: [only('box')],
          mark: { type: 'rule', color: '#333' },
          encoding: { x: xAxis, y: { field: 'low', ...y }, y2: { field: 'high' } },
        },
        {
          transform: [only('box')],
          mark: { type: 'rect', stroke: '#333', fillOpacity: 0.8 },
          encoding: { x: { ...xAxis, field: 'x_low' }, x2: { field: 'x_high' }, y: { field: 'q1', ...y }, y2: { field: 'q3' }, color: colour },
        },
        {
          transform: [only('box')],
          mark: { type: 'rule', color: 'white', strokeWidth: 2 },
          encoding: { x: { ...xAxis, field: 'x_low' }, x2: { field: 'x_high' }, y: { field: 'median', ...y } },
        },
      ],
    },
    config: BASE_CONFIG,
  };
  return { name: 'alignment', title: 'Alignment before and after, by arm', spec: spec as TopLevelSpec };
}
