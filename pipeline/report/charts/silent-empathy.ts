/**
 * The silent-empathy gap: at round 1, the share of participants who say they did a thing "quite a
 * bit" or "very much" (self-report ≥ 4) beside the share the judge scored ≥ 4, per dimension,
 * among participants with both. H5 tests the three prescriptive dimensions.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ScoredStudy } from '../../score/types.ts';
import { BASELINE_ROUND, DIMENSIONS, type Dimension } from '../../study.ts';
import { BASE_CONFIG, SCHEMA, chartTitle, r4, type ChartDef } from './theme.ts';

export const SILENT_EMPATHY_THRESHOLD = 4;

export interface ShareComparison {
  dimension: Dimension;
  self_share: number;
  judged_share: number;
  n: number;
}

/**
 * Round-1 shares of self-report ≥ `threshold` and judged score ≥ `threshold`, over participants
 * who have both, per dimension (null when nobody has both).
 *
 * @example
 * roundOneShares(scored, 5) // the "very much" shares, beside the published 87% vs 9%
 */
export function roundOneShares(scored: ScoredStudy, threshold = SILENT_EMPATHY_THRESHOLD): Record<Dimension, ShareComparison | null> {
  const out = {} as Record<Dimension, ShareComparison | null>;
  for (const dim of DIMENSIONS) {
    let n = 0;
    let self = 0;
    let judged = 0;
    for (const p of scored.participants) {
      const round = p.rounds[BASELINE_ROUND];
      const s = round?.self_report[dim.name];
      const j = round?.scores[dim.name];
      if (s === null || s === undefined || j === null || j === undefined) continue;
      n += 1;
      if (s >= threshold) self += 1;
      if (j >= threshold) judged += 1;
    }
    out[dim.name] = n === 0 ? null : { dimension: dim.name, self_share: self / n, judged_share: judged / n, n };
  }
  return out;
}

/** Builds the silent-empathy gap spec. */
export function silentEmpathyChart(scored: ScoredStudy): ChartDef {
  const shares = roundOneShares(scored);
  const rows = DIMENSIONS.flatMap((dim) => {
    const s = shares[dim.name];
    if (!s) return [];
    const label = `${dim.label} (${dim.kind})`;
    return [
      { label, source: 'self-reported ≥ 4', share: r4(s.self_share), n: s.n },
      { label, source: 'judged ≥ 4', share: r4(s.judged_share), n: s.n },
    ];
  });
  const spec = {
    $schema: SCHEMA,
    title: chartTitle('Silent empathy: self-reported vs judged, round 1', scored.meta.synthetic,
      'share of participants at 4 or 5 ("quite a bit", "very much"); H5 tests the prescriptive three'),
    data: { values: rows },
    width: 380,
    height: { step: 12 },
    mark: 'bar',
    encoding: {
      y: { field: 'label', type: 'nominal', sort: DIMENSIONS.map((d) => `${d.label} (${d.kind})`), title: null },
      yOffset: { field: 'source', type: 'nominal', sort: ['self-reported ≥ 4', 'judged ≥ 4'] },
      x: { field: 'share', type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '.0%' }, title: 'Share of participants' },
      color: { field: 'source', type: 'nominal', sort: ['self-reported ≥ 4', 'judged ≥ 4'], scale: { range: ['#CC79A7', '#009E73'] }, title: null },
      tooltip: [{ field: 'label' }, { field: 'source' }, { field: 'share', format: '.1%' }, { field: 'n' }],
    },
    config: BASE_CONFIG,
  };
  return { name: 'silent-empathy', title: 'Silent empathy: self-reported vs judged', spec: spec as TopLevelSpec };
}
