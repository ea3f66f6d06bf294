/**
 * Reliability heatmap: quadratic-weighted Cohen's kappa of every framework (one panel each, the
 * study's own rubric marked and outlined), dimension by pair of raters, the value printed in each
 * cell, from the --reliability file (reliability.json of `reliability --framework`).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ReliabilityInput } from '../reliability-input.ts';
import { BASE_CONFIG, SCHEMA, chartTitle, r4, type ChartDef } from './theme.ts';

/** The highlight colour: the report's banner border. */
const HIGHLIGHT = '#d39e00';

function panelLabel(f: ReliabilityInput['frameworks'][number]): string {
  const parts = [f.label];
  if (f.highlight) parts.push("this study's rubric");
  if (f.synthetic) parts.push('SYNTHETIC');
  return parts.join(' — ');
}

/** Two subtitle lines: which ratings are real, and the mean alpha among the experts of each. */
function subtitles(reliability: ReliabilityInput): [string | undefined, string | null] {
  const real = reliability.frameworks.filter((f) => !f.synthetic);
  const alphas = reliability.frameworks.filter((f) => f.alpha_mean !== null).map((f) => `${f.label} ${f.alpha_mean!.toFixed(2)}`);
  return [
    real.length > 0 ? `real ratings: ${real.map((f) => f.label).join(', ')}; cells: kappa by dimension and pair of raters` : undefined,
    alphas.length > 0 ? `Krippendorff's alpha among the experts, mean over dimensions: ${alphas.join(', ')}` : null,
  ];
}

/**
 * Builds the kappa heatmap spec.
 *
 * @example
 * kappaChart(reliability).name // 'reliability-kappa'
 */
export function kappaChart(reliability: ReliabilityInput): ChartDef {
  const pairs: string[] = [];
  const panels: string[] = [];
  // The highlighted framework first: it is the study's own.
  const ordered = [...reliability.frameworks].sort((a, b) => Number(b.highlight) - Number(a.highlight));
  const rows = ordered.flatMap((f) => {
    const panel = panelLabel(f);
    if (!panels.includes(panel)) panels.push(panel);
    return f.rows.map((k) => {
      const pair = `${k.pair[0]} – ${k.pair[1]}`;
      if (!pairs.includes(pair)) pairs.push(pair);
      return { framework: panel, dimension: k.dimension, pair, kappa: k.kappa === null ? null : r4(k.kappa), n: k.n, highlight: f.highlight };
    });
  });
  const synthetic = reliability.frameworks.some((f) => f.synthetic);
  // One panel per framework, stacked (a facet with independent rows cannot size its cells by step
  // in Vega-Lite 6), the colour scale shared.
  const panel = (name: string) => ({
    title: { text: name, fontSize: 12, fontWeight: 'bold' as const, anchor: 'start' as const, frame: 'group' as const, offset: 4 },
    data: { values: rows.filter((r) => r.framework === name) },
    width: { step: 78 },
    height: { step: 20 },
    encoding: {
      x: { field: 'pair', type: 'nominal', sort: pairs, title: null, axis: { orient: 'top', labelAngle: -30, labelAlign: 'left' } },
      y: { field: 'dimension', type: 'nominal', sort: null, title: null },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: HIGHLIGHT, strokeWidth: 2 },
        encoding: {
          color: { field: 'kappa', type: 'quantitative', scale: { domain: [0, 1], scheme: 'blues', clamp: true }, title: 'kappa' },
          strokeOpacity: { condition: { test: 'datum.highlight', value: 1 }, value: 0 },
          tooltip: [{ field: 'framework' }, { field: 'dimension' }, { field: 'pair' }, { field: 'kappa', format: '.2f' }, { field: 'n' }],
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
  });
  const spec = {
    $schema: SCHEMA,
    title: chartTitle("Inter-rater reliability: quadratic-weighted Cohen's kappa", synthetic, ...subtitles(reliability)),
    vconcat: panels.map(panel),
    spacing: 18,
    resolve: { scale: { color: 'shared' } },
    config: BASE_CONFIG,
  };
  return { name: 'reliability-kappa', title: "Inter-rater reliability (kappa), by framework, dimension and pair", spec: spec as TopLevelSpec };
}
