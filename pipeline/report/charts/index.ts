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

/** What ingest, and then score, hand on: enough for the charts that show no analysis result. */
export interface BeforeResults {
  consort: ReportInputs['consort'];
  /** The export's own flag (study.json); the scored tables carry the same. */
  synthetic: boolean;
  /** Absent before score has run: then only the charts of ingest's outputs. */
  scored?: ReportInputs['scored'];
  tagFrequencies?: ReportInputs['tagFrequencies'];
  seed?: number;
}

/**
 * The charts of `buildCharts` that need no analysis result, as buildCharts builds them when the
 * results call the study synthetic exactly when the export does (always, for the pipeline's own
 * results): the CONSORT flow from ingest's outputs, then, given the scored tables, the others.
 * `run` has them drawn while the next stages run (chart-renderer.ts `drawAhead`); the report stage
 * still builds and draws every chart, and takes a chart drawn ahead only for the identical spec.
 *
 * @example
 * chartsBeforeResults({ consort, synthetic: true }).map((c) => c.name) // ['consort']
 * chartsBeforeResults({ consort, synthetic: true, scored, seed: 1 }).map((c) => c.name)
 * // ['consort', 'alignment', 'dimension-change', 'silent-empathy']
 */
export function chartsBeforeResults(parts: BeforeResults): ChartDef[] {
  const { synthetic, scored } = parts;
  const charts = [consortChart(parts.consort, synthetic)];
  if (scored) {
    const seed = parts.seed ?? 1;
    charts.push(alignmentChart(scored, seed), dimensionChangeChart(scored), silentEmpathyChart(scored));
  }
  if (parts.tagFrequencies && parts.tagFrequencies.length > 0) charts.push(tagsChart(parts.tagFrequencies, synthetic));
  return charts;
}

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
  if (inputs.reliability && inputs.reliability.kappa.length > 0) charts.push(kappaChart(inputs.reliability));
  if (inputs.tagFrequencies && inputs.tagFrequencies.length > 0) charts.push(tagsChart(inputs.tagFrequencies, synthetic));
  const powerCurve = inputs.diagnosis ? powerCurveChart(inputs.diagnosis) : null;
  if (powerCurve) charts.push(powerCurve);
  return charts;
}
