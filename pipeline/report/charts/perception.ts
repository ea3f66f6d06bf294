/**
 * Perception: the histogram of each participant's share of pairs where they picked the aligned
 * response, a dashed rule at chance (0.5), and the mean with its 95% CI from H7 in results.json.
 * Bins are counted here so the chart does no binning: one bar per possible share when every
 * participant answered the same number of pairs (m pairs: shares 0, 1/m, …, 1), else 0.05-wide bins.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsDoc } from '../../analyze/types.ts';
import type { ScoredStudy } from '../../score/types.ts';
import { BASE_CONFIG, SCHEMA, chartTitle, r4, type ChartDef } from './theme.ts';

const BIN_WIDTH = 0.05;
const BINS = Math.round(1 / BIN_WIDTH);

/**
 * One bar per possible value k/m, centred on it, when every share is a multiple of 1/m (m ≤ 40):
 * a participant with 10 pairs can only score 0, .1, …, 1, and 0.05-wide bins would leave every
 * other bar empty. Returns null when the shares are not all on such a grid.
 *
 * @example
 * shareGridHistogram([0.5, 0.5, 1], 2) // [{ bin_start: -0.25, bin_end: 0.25, count: 0 }, { …0.25–0.75, count: 2 }, { …0.75–1.25, count: 1 }]
 */
export function shareGridHistogram(shares: readonly number[], pairs: number): { bin_start: number; bin_end: number; count: number }[] | null {
  if (!Number.isInteger(pairs) || pairs < 1 || pairs > 40) return null;
  const counts = new Array<number>(pairs + 1).fill(0);
  for (const s of shares) {
    const k = Math.round(s * pairs);
    if (Math.abs(s * pairs - k) > 1e-9 || k < 0 || k > pairs) return null;
    counts[k] += 1;
  }
  const half = 0.5 / pairs;
  return counts.map((count, k) => ({ bin_start: r4(k / pairs - half), bin_end: r4(k / pairs + half), count }));
}

/** Counts of shares in [k·w, (k+1)·w), the last bin including 1. */
export function shareHistogram(shares: readonly number[]): { bin_start: number; bin_end: number; count: number }[] {
  const counts = new Array<number>(BINS).fill(0);
  for (const s of shares) {
    // The small epsilon keeps values like 0.15 (= 3/20, stored as 0.1499…) in their own bin.
    const k = Math.min(BINS - 1, Math.max(0, Math.floor(s / BIN_WIDTH + 1e-9)));
    counts[k] += 1;
  }
  return counts.map((count, k) => ({ bin_start: r4(k * BIN_WIDTH), bin_end: r4((k + 1) * BIN_WIDTH), count }));
}

/** Builds the perception spec. */
export function perceptionChart(scored: ScoredStudy, results: ResultsDoc): ChartDef {
  const answered = scored.participants.filter((p) => p.perception_share !== null);
  const shares = answered.map((p) => p.perception_share as number);
  const pairs = answered.length ? Math.max(...answered.map((p) => p.perception_items)) : 0;
  const bins = shareGridHistogram(shares, pairs) ?? shareHistogram(shares);
  const h7 = results.tests.find((t) => t.id === 'H7');
  const layers: unknown[] = [
    {
      data: { values: bins },
      mark: { type: 'rect', color: '#56B4E9', stroke: 'white', strokeWidth: 0.5 },
      encoding: {
        x: { field: 'bin_start', type: 'quantitative', scale: { domain: [Math.min(0, bins[0].bin_start), Math.max(1, bins[bins.length - 1].bin_end)], nice: false }, title: 'Share of pairs where the aligned response was chosen' },
        x2: { field: 'bin_end' },
        y: { field: 'count', type: 'quantitative', title: 'Participants' },
        y2: { datum: 0 },
      },
    },
    { data: { values: [{ chance: 0.5 }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#333' }, encoding: { x: { field: 'chance', type: 'quantitative' } } },
  ];
  if (h7 && h7.estimate !== null && h7.ci_low !== null && h7.ci_high !== null) {
    const mean = [{ mean: r4(h7.estimate), ci_low: r4(h7.ci_low), ci_high: r4(h7.ci_high) }];
    layers.push(
      { data: { values: mean }, mark: { type: 'rect', color: '#D55E00', opacity: 0.25 }, encoding: { x: { field: 'ci_low', type: 'quantitative' }, x2: { field: 'ci_high' } } },
      { data: { values: mean }, mark: { type: 'rule', color: '#D55E00', strokeWidth: 2 }, encoding: { x: { field: 'mean', type: 'quantitative' } } },
    );
  }
  const subtitle = h7 && h7.estimate !== null
    ? 'dashed: chance (0.5); orange: mean share with its 95% CI (H7)'
    : 'dashed: chance (0.5); H7 not available';
  const spec = {
    $schema: SCHEMA,
    title: chartTitle('Perception: share of aligned choices per participant', scored.meta.synthetic, subtitle),
    width: 420,
    height: 200,
    layer: layers,
    config: BASE_CONFIG,
  };
  return { name: 'perception', title: 'Perception share per participant', spec: spec as TopLevelSpec };
}
