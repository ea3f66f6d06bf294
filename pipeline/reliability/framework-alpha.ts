/**
 * Krippendorff's alpha among a framework's alpha raters, per dimension (docs/RELIABILITY.md §4),
 * with the mean over dimensions; when the framework asks for it, a seeded bootstrap over
 * conversations (BCa with jackknife acceleration, and the percentile interval), as for the pilot.
 */
import { krippendorffAlpha } from '../stats/krippendorff.ts';
import { createRng } from '../stats/random.ts';
import { alphaIntervals } from './alpha.ts';
import type { FrameworkSpec } from './framework.ts';
import { finiteOrNull } from './numbers.ts';
import type { FrameworkSeries } from './series.ts';
import * as msg from './catalogue.ts';

export interface DimensionAlpha {
  dimension: string;
  value: number | null;
  /** Conversations with at least two of the raters' values. */
  n: number;
  ci_low: number | null;
  ci_high: number | null;
  percentile_low: number | null;
  percentile_high: number | null;
  notes: string[];
}

export interface FrameworkAlpha {
  raters: string[];
  metric: 'interval' | 'ordinal' | 'nominal';
  bootstrap: { replicates: number; seed: number; confidence_level: number; interval: string } | null;
  dimensions: DimensionAlpha[];
  /** Plain mean of the dimensions' alpha (those that could be computed); null when none could. */
  mean: number | null;
}

/**
 * @example
 * frameworkAlpha(spec, series)!.mean // 0.57… for EmpatheticDialogues
 */
export function frameworkAlpha(spec: FrameworkSpec, series: FrameworkSeries): FrameworkAlpha | null {
  if (!spec.alpha) return null;
  const { raters, metric, bootstrap: boot } = spec.alpha;
  const root = boot ? createRng(boot.seed) : null;
  const dimensions = spec.dimensions.map((dimension): DimensionAlpha => {
    // One stream per dimension, split off the seed in the framework's dimension order.
    const rng = root?.split();
    const units = series.units(raters, dimension).filter((u) => u.filter((v) => v !== null).length >= 2);
    const statistic = (idx: number[]) => krippendorffAlpha(idx.map((i) => units[i]), metric);
    const value = units.length < 2 ? null : finiteOrNull(statistic(units.map((_, i) => i)));
    const out: DimensionAlpha = { dimension, value, n: units.length, ci_low: null, ci_high: null, percentile_low: null, percentile_high: null, notes: [] };
    if (value === null) {
      out.notes.push(units.length < 2 ? msg.TOO_FEW_FOR_ALPHA : msg.NO_VARIATION_FOR_ALPHA);
      return out;
    }
    if (boot && rng) {
      const { t0: _, ...intervals } = alphaIntervals(statistic, units.length, boot.replicates, boot.confidence_level, rng);
      Object.assign(out, intervals);
    }
    return out;
  });
  const values = dimensions.map((d) => d.value).filter((v): v is number => v !== null);
  return {
    raters,
    metric,
    bootstrap: boot ? { ...boot, interval: 'BCa with jackknife acceleration (R boot.ci type "bca"); percentile beside it; conversations resampled with replacement' } : null,
    dimensions,
    mean: values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length,
  };
}
