/**
 * Forest plot of every preregistered treatment contrast (H1–H4): the standardised effect d with
 * its 95% CI as computed by the analysis (never re-estimated here), one panel per family, a rule
 * at 0.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsDoc } from '../../analyze/types.ts';
import { BASE_CONFIG, SCHEMA, chartTitle, r4, type ChartDef } from './theme.ts';

export const FOREST_FAMILIES = ['primary', 'secondary'];

/** The rows the forest plot draws: confirmatory H1–H4 results with an effect size and CI. */
export function forestRows(results: ResultsDoc) {
  return results.tests
    .filter((t) => /^H[1-4](\.|$)/.test(t.id) && t.status === 'confirmatory')
    .filter((t) => t.effect_size && t.effect_size.value !== null && t.effect_size.ci_low !== null && t.effect_size.ci_high !== null)
    .map((t) => ({
      id: t.id,
      family: t.family,
      d: r4(t.effect_size!.value!),
      ci_low: r4(t.effect_size!.ci_low!),
      ci_high: r4(t.effect_size!.ci_high!),
      decision: t.decision === 'supported' ? 'supported' : 'not supported',
    }));
}

/** Builds the forest plot spec from results.json. */
export function forestChart(results: ResultsDoc): ChartDef {
  const rows = forestRows(results);
  const spec = {
    $schema: SCHEMA,
    title: chartTitle('Treatment contrasts H1–H4 (standardised, d with 95% CI)', results.study.synthetic,
      'd = adjusted difference / pooled round-1 SD; intervals from the analysis'),
    data: { values: rows },
    facet: {
      row: { field: 'family', type: 'nominal', sort: FOREST_FAMILIES, header: { title: null, labelAngle: 0, labelAlign: 'left', labelOrient: 'top', labelFontWeight: 'bold', labelAnchor: 'start' } },
    },
    spec: {
      width: 360,
      height: { step: 13 },
      layer: [
        { mark: { type: 'rule', color: '#444', strokeDash: [4, 3] }, encoding: { x: { datum: 0, type: 'quantitative' } } },
        {
          mark: { type: 'rule', strokeWidth: 1.5 },
          encoding: {
            y: { field: 'id', type: 'nominal', sort: null, title: null },
            x: { field: 'ci_low', type: 'quantitative', title: 'Effect size d (95% CI)' },
            x2: { field: 'ci_high' },
            color: { field: 'decision', type: 'nominal', scale: { domain: ['supported', 'not supported'], range: ['#0072B2', '#999999'] }, title: 'Decision' },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 36 },
          encoding: {
            y: { field: 'id', type: 'nominal', sort: null },
            x: { field: 'd', type: 'quantitative' },
            color: { field: 'decision', type: 'nominal' },
          },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: BASE_CONFIG,
  };
  return { name: 'forest', title: 'Treatment contrasts (H1–H4)', spec: spec as TopLevelSpec };
}
