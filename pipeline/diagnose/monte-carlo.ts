/**
 * Monte Carlo summaries with their uncertainty (Morris, White & Crowther 2019, "Using simulation
 * studies to evaluate statistical methods", Stat Med 38:2074, Table 6). Rates (power, type I
 * error, coverage) carry the Wilson 95% interval as well as the MCSE sqrt(p(1 − p)/n): a rate of 0
 * or 1 has an MCSE of 0 but an interval that says how far from 0 or 1 it could be. Pure.
 */
import { wilsonInterval } from '../stats/wilson.ts';

export interface McEstimate {
  value: number | null;
  /** Monte Carlo standard error of `value`. */
  mcse: number | null;
  /** Simulations that contributed. */
  n: number;
  /** Rates only: the Wilson score 95% interval (R: prop.test(x, n, correct = FALSE)$conf.int). */
  ci_low?: number;
  ci_high?: number;
}

const EMPTY: McEstimate = { value: null, mcse: null, n: 0 };

/**
 * The share of `true` among the outcomes that are not null, with MCSE sqrt(p(1 − p)/n) and the
 * Wilson 95% interval.
 *
 * @example
 * proportionWithMcse([true, false, false, false]); // { value: 0.25, mcse: 0.2165…, n: 4, ci_low: 0.0455…, ci_high: 0.6993… }
 */
export function proportionWithMcse(outcomes: readonly (boolean | null)[]): McEstimate {
  let n = 0;
  let hits = 0;
  for (const o of outcomes) {
    if (o === null) continue;
    n++;
    if (o) hits++;
  }
  if (n === 0) return EMPTY;
  const p = hits / n;
  const { low, high } = wilsonInterval(hits, n);
  return { value: p, mcse: Math.sqrt((p * (1 - p)) / n), n, ci_low: low, ci_high: high };
}

/**
 * Mean of the non-null values with MCSE = sample SD / sqrt(n) (two-pass, so large offsets do not
 * cancel); also the SD itself (the empirical SE of an estimator).
 *
 * @example
 * meanWithMcse([1, 2, 3, null]); // { value: 2, mcse: 0.5773…, n: 3, sd: 1 }
 */
export function meanWithMcse(values: readonly (number | null)[]): McEstimate & { sd: number | null } {
  const kept = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const n = kept.length;
  if (n === 0) return { ...EMPTY, sd: null };
  let sum = 0;
  for (const v of kept) sum += v;
  const mean = sum / n;
  if (n === 1) return { value: mean, mcse: null, n, sd: null };
  let squares = 0;
  for (const v of kept) squares += (v - mean) * (v - mean);
  const sd = Math.sqrt(squares / (n - 1));
  return { value: mean, mcse: sd / Math.sqrt(n), n, sd };
}

/**
 * The empirical SE of an estimator (the SD of its estimates over the simulated studies) with its
 * own Monte Carlo SE, EmpSE / sqrt(2(n − 1)) (Morris et al. 2019, Table 6; exact for normal
 * estimates, a good approximation otherwise).
 *
 * @example
 * empiricalSeWithMcse([0.12, 0.5, 0.31, 0.77, 0.05, -0.2, 0.41]); // { value: 0.32020…, mcse: 0.09243…, n: 7 }
 */
export function empiricalSeWithMcse(values: readonly (number | null)[]): McEstimate {
  const { sd, n } = meanWithMcse(values);
  if (sd === null) return { value: null, mcse: null, n };
  return { value: sd, mcse: sd / Math.sqrt(2 * (n - 1)), n };
}
