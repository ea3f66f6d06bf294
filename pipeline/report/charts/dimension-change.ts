/**
 * Mean change (round 3 − round 1) of the judged score on each of the six dimensions, by arm, with
 * the prescriptive dimensions (higher is better) and the proscriptive ones (lower is better) in
 * separate panels. Means only: the contrasts with their intervals are in the forest plot (H4).
 */
import { mean } from 'simple-statistics';
import type { TopLevelSpec } from 'vega-lite';
import type { ScoredStudy } from '../../score/types.ts';
import { ARMS, BASELINE_ROUND, DIMENSIONS, OUTCOME_ROUND } from '../../study.ts';
import { BASE_CONFIG, SCHEMA, armColourScale, chartTitle, r4, type ChartDef } from './theme.ts';

export interface DimensionChangeRow {
  dimension: string;
  label: string;
  kind: string;
  arm: string;
  mean_change: number;
  n: number;
}

/** Mean within-participant change per arm and dimension, over participants scored at both rounds. */
export function dimensionChangeRows(scored: ScoredStudy): DimensionChangeRow[] {
  const rows: DimensionChangeRow[] = [];
  for (const dim of DIMENSIONS) {
    for (const arm of ARMS) {
      const changes: number[] = [];
      for (const p of scored.participants) {
        if (p.arm !== arm) continue;
        const pre = p.rounds[BASELINE_ROUND]?.scores[dim.name];
        const post = p.rounds[OUTCOME_ROUND]?.scores[dim.name];
        if (pre === null || pre === undefined || post === null || post === undefined) continue;
        changes.push(post - pre);
      }
      if (changes.length === 0) continue;
      rows.push({
        dimension: dim.name, label: dim.label, kind: dim.kind, arm,
        mean_change: r4(mean(changes)), n: changes.length,
      });
    }
  }
  return rows;
}

function panel(kind: 'prescriptive' | 'proscriptive', labels: string[]) {
  const heading = kind === 'prescriptive' ? 'Prescriptive (higher is better)' : 'Proscriptive (lower is better)';
  return {
    title: heading,
    transform: [{ filter: `datum.kind === '${kind}'` }],
    facet: { column: { field: 'label', type: 'nominal', sort: labels, header: { title: null } } },
    spec: {
      width: 120,
      height: 160,
      layer: [
        {
          mark: 'bar',
          encoding: {
            x: { field: 'arm', type: 'nominal', sort: [...ARMS], title: null },
            y: { field: 'mean_change', type: 'quantitative', title: 'Mean change, round 3 − round 1' },
            color: { field: 'arm', type: 'nominal', scale: armColourScale, legend: null },
            tooltip: [{ field: 'arm' }, { field: 'mean_change', format: '.2f' }, { field: 'n' }],
          },
        },
        { mark: { type: 'rule', color: '#333' }, encoding: { y: { datum: 0, type: 'quantitative' } } },
      ],
    },
  };
}

/** Builds the per-dimension change spec. */
export function dimensionChangeChart(scored: ScoredStudy): ChartDef {
  const labels = (kind: string) => DIMENSIONS.filter((d) => d.kind === kind).map((d) => d.label);
  const spec = {
    $schema: SCHEMA,
    title: chartTitle('Change on each dimension, by arm', scored.meta.synthetic, 'mean of round 3 − round 1 judged score'),
    data: { values: dimensionChangeRows(scored) },
    vconcat: [panel('prescriptive', labels('prescriptive')), panel('proscriptive', labels('proscriptive'))],
    resolve: { scale: { y: 'shared' } },
    config: BASE_CONFIG,
  };
  return { name: 'dimension-change', title: 'Change on each dimension, by arm', spec: spec as TopLevelSpec };
}
