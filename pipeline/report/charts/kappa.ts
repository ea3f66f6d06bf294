/**
 * Reliability heatmap: quadratic-weighted Cohen's kappa for each rater pair (rows) and dimension
 * (columns), from reliability.json, with the value printed in each cell.
 */
import type { TopLevelSpec } from 'vega-lite';
import { reliabilityIsSynthetic, type ReliabilityInput } from '../inputs.ts';
import { DIMENSIONS } from '../../study.ts';
import { BASE_CONFIG, SCHEMA, chartTitle, r4, type ChartDef } from './theme.ts';

function subtitle(reliability: ReliabilityInput): string | undefined {
  const parts: string[] = [];
  if (reliability.study && !reliabilityIsSynthetic(reliability)) parts.push(`real ratings: ${reliability.study.name}`);
  if (reliability.alpha_mean !== null) parts.push(`Krippendorff alpha among experts, mean over dimensions ${reliability.alpha_mean.toFixed(2)}`);
  return parts.length ? parts.join('; ') : undefined;
}

/** Builds the kappa heatmap spec. */
export function kappaChart(reliability: ReliabilityInput): ChartDef {
  const labelOf = (name: string) => DIMENSIONS.find((d) => d.name === name)?.label ?? name;
  const pairs: string[] = [];
  const rows = reliability.kappa.map((k) => {
    const pair = `${k.pair[0]} – ${k.pair[1]}`;
    if (!pairs.includes(pair)) pairs.push(pair);
    return { pair, dimension: labelOf(k.dimension), kappa: k.kappa === null ? null : r4(k.kappa), n: k.n };
  });
  const dims = DIMENSIONS.map((d) => d.label).filter((l) => rows.some((r) => r.dimension === l));
  for (const r of rows) if (!dims.includes(r.dimension)) dims.push(r.dimension);
  const spec = {
    $schema: SCHEMA,
    title: chartTitle('Inter-rater reliability: quadratic-weighted kappa', reliabilityIsSynthetic(reliability), subtitle(reliability)),
    data: { values: rows },
    width: { step: 70 },
    height: { step: 24 },
    encoding: {
      x: { field: 'dimension', type: 'nominal', sort: dims, title: null, axis: { labelAngle: -30, labelAlign: 'right' } },
      y: { field: 'pair', type: 'nominal', sort: pairs, title: null },
    },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: { field: 'kappa', type: 'quantitative', scale: { domain: [0, 1], scheme: 'blues', clamp: true }, title: 'kappa' },
          tooltip: [{ field: 'pair' }, { field: 'dimension' }, { field: 'kappa', format: '.2f' }, { field: 'n' }],
        },
      },
      {
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          text: { field: 'kappa', type: 'quantitative', format: '.2f' },
          color: { condition: { test: 'datum.kappa > 0.6', value: 'white' }, value: 'black' },
        },
      },
    ],
    config: BASE_CONFIG,
  };
  return { name: 'reliability-kappa', title: 'Inter-rater reliability (kappa)', spec: spec as TopLevelSpec };
}
