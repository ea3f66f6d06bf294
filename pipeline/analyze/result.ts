/**
 * The common shape of one result: the fields every method fills from the hypothesis spec, with
 * every statistic `null` until the method sets it (docs/CONTRACT.md: fields that do not apply are
 * `null`, never left out).
 */
import type { HypothesisSpec } from '../prereg/types.ts';
import type { TestResult } from './types.ts';

/** "coach - control" for a two-arm contrast, null otherwise. */
export function contrastLabel(spec: HypothesisSpec): string | null {
  return spec.contrast ? `${spec.contrast.treatment} - ${spec.contrast.reference}` : null;
}

/**
 * A result for `spec` with no statistics yet (all null), `n` participants and an optional note.
 * Methods start from this and fill what applies; a test that cannot run returns it as is, with a
 * note saying why.
 *
 * @example
 * blankResult(h1, 0, 'no participant has both rounds').p; // null
 */
export function blankResult(spec: HypothesisSpec, n: number, note: string | null = null, id: string = spec.id): TestResult {
  return {
    id,
    status: spec.status,
    family: spec.family,
    tag: spec.tag,
    outcome: spec.outcome,
    method: spec.method,
    contrast: contrastLabel(spec),
    estimate: null,
    se: null,
    ci_low: null,
    ci_high: null,
    statistic: null,
    df: null,
    p: null,
    p_adjusted: null,
    correction: null,
    effect_size: null,
    n,
    decision: null,
    note,
  };
}

/** True when every value is a finite number (a degenerate fit gives NaN or Infinity). */
export function allFinite(...values: number[]): boolean {
  return values.every((v) => Number.isFinite(v));
}

/** The fields a t-based test (a t test or a contrast of a fitted model) gives every result. */
export interface TStatistics {
  estimate: number;
  se: number;
  ci_low: number;
  ci_high: number;
  statistic: number;
  df: number;
  p: number;
}

/**
 * Copies a t-based test's estimate, SE, CI, t, df and p into `result` (the methods that use a
 * t distribution all report the same seven fields) and returns it.
 *
 * @example
 * withTStatistics(blankResult(h7, 968), oneSampleTTest(shares, 0.5)).df; // 967
 */
export function withTStatistics(result: TestResult, t: TStatistics): TestResult {
  result.estimate = t.estimate;
  result.se = t.se;
  result.ci_low = t.ci_low;
  result.ci_high = t.ci_high;
  result.statistic = t.statistic;
  result.df = t.df;
  result.p = t.p;
  return result;
}
