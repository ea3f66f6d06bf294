/**
 * Power curve of the design diagnosis: power of H1's preregistered decision over the planted
 * coaching effect (d), each point ± 2 Monte Carlo SEs (precomputed, no Vega-Lite aggregate), with
 * the 80% target and the minimum detectable effect marked.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { DiagnosisInput } from '../inputs.ts';
import { ARM_COLOURS, BASE_CONFIG, SCHEMA, SYNTHETIC_NOTE, chartTitle, r4, type ChartDef } from './theme.ts';

/**
 * Builds the power-curve spec; null when the diagnosis has no curve.
 *
 * @example
 * powerCurveChart(diagnosis)?.name; // 'power-curve'
 */
export function powerCurveChart(diagnosis: DiagnosisInput): ChartDef | null {
  const curve = diagnosis.power_curve;
  if (!curve || curve.points.length === 0) return null;
  const points = curve.points
    .filter((p) => p.power.value !== null)
    .map((p) => {
      const power = p.power.value as number;
      // The Wilson 95% interval where the diagnosis gives one; ±2 Monte Carlo SE otherwise.
      const half = 2 * (p.power.mcse ?? 0);
      const low = p.power.ci_low ?? Math.max(0, power - half);
      const high = p.power.ci_high ?? Math.min(1, power + half);
      return { d: r4(p.d), power: r4(power), low: r4(low), high: r4(high), n: p.power.n };
    });
  const target = diagnosis.mde?.target_power ?? 0.8;
  const mde = diagnosis.mde?.d ?? null;
  const subtitle = [
    SYNTHETIC_NOTE,
    `${curve.sims_per_point} simulated studies at every effect (common random numbers), ${diagnosis.participants ?? '?'} participants; bars: ${curve.points.some((p) => p.power.ci_low !== undefined) ? 'Wilson 95% intervals' : '±2 Monte Carlo SE'}`,
    ...(mde === null ? [] : [`dashed: ${Math.round(target * 100)}% power; red: minimum detectable effect d = ${mde.toFixed(3)}`]),
  ];
  const colour = ARM_COLOURS.coach;
  // Every layer carries its own x and y: a layer with other data must not inherit fields it lacks.
  const x = { field: 'd', type: 'quantitative', title: 'planted coaching effect (d, SD of round-1 alignment)', scale: { zero: true } };
  const y = { field: 'power', type: 'quantitative', title: 'power (share supported)', scale: { domain: [0, 1] } };
  const layers: unknown[] = [
    { data: { values: [{ target }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#666' }, encoding: { y: { field: 'target', type: 'quantitative', scale: { domain: [0, 1] } } } },
    { mark: { type: 'rule', color: colour }, encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' } } },
    { mark: { type: 'line', color: colour }, encoding: { x, y } },
    {
      mark: { type: 'point', filled: true, color: colour },
      encoding: { x, y, tooltip: [{ field: 'd', format: '.3f' }, { field: 'power', format: '.3f' }, { field: 'n' }] },
    },
  ];
  if (mde !== null) {
    layers.push({ data: { values: [{ mde: r4(mde) }] }, mark: { type: 'rule', color: '#D55E00' }, encoding: { x: { field: 'mde', type: 'quantitative' } } });
  }
  const spec = {
    $schema: SCHEMA,
    title: { ...chartTitle(`Design diagnosis: power of ${curve.hypothesis} by planted coaching effect`, false), subtitle },
    data: { values: points },
    width: 520,
    height: 280,
    layer: layers,
    config: BASE_CONFIG,
  };
  return { name: 'power-curve', title: `Design diagnosis: power curve of ${curve.hypothesis} (simulated studies)`, spec: spec as TopLevelSpec };
}
