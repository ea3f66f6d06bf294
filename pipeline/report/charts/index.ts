/**
 * The list of the report's charts, in page order. Optional inputs add their chart only when given.
 */
import type { ReportInputs } from '../inputs.ts';
import { alignmentChart } from './alignment.ts';
import { consortChart } from './consort.ts';
import { dimensionChangeChart } from './dimension-change.ts';
import { forestChart } from './forest.ts';
import { kappaChart } from './kappa.ts';
import { perceptionChart } from './perception.ts';
import { powerCurveChart } from './power-curve.ts';
import { silentEmpathyChart } from './silent-empathy.ts';
import { tagsChart } from './tags.ts';
import type { ChartDef } from './theme.ts';
import { traitChart } from './trait.ts';

export type { ChartDef } from './theme.ts';

/**
 * Every chart of the report as a Vega-Lite spec, deterministic for a given `inputs.seed`.
 *
 * @example
 * buildCharts(inputs).map((c) => c.name)
 * // ['consort', 'forest', 'alignment', 'dimension-change', 'silent-empathy', 'trait-empathy', 'perception']
 */
export function buildCharts(inputs: ReportInputs): ChartDef[] {
  const seed = inputs.seed ?? 1;
  const synthetic = inputs.results.study.synthetic || inputs.scored.meta.synthetic;
  const scored = synthetic === inputs.scored.meta.synthetic ? inputs.scored : { ...inputs.scored, meta: { ...inputs.scored.meta, synthetic } };
  const charts = [
    consortChart(inputs.consort, synthetic),
    forestChart(inputs.results),
    alignmentChart(scored, seed),
    dimensionChangeChart(scored),
    silentEmpathyChart(scored),
    traitChart(scored, inputs.results, seed),
    perceptionChart(scored, inputs.results),
  ];
  if (inputs.reliability && inputs.reliability.frameworks.some((f) => f.rows.length > 0)) charts.push(kappaChart(inputs.reliability));
  if (inputs.tagFrequencies && inputs.tagFrequencies.length > 0) charts.push(tagsChart(inputs.tagFrequencies, synthetic));
  const powerCurve = inputs.diagnosis ? powerCurveChart(inputs.diagnosis) : null;
  if (powerCurve) charts.push(powerCurve);
  return charts;
}
