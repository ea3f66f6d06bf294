/**
 * Monte Carlo summaries with their standard errors (Morris, White & Crowther 2019, "Using
 * simulation studies to evaluate statistical methods", Stat Med 38:2074, Table 6). Pure.
 */

export interface McEstimate {
  value: number | null;
  /** Monte Carlo standard error of `value`. */
  mcse: number | null;
  /** Simulations that contributed. */
  n: number;
}

const EMPTY: McEstimate = { value: null, mcse: null, n: 0 };

/**
 * The share of `true` among the outcomes that are not null, with MCSE sqrt(p(1 − p)/n).
 *
 * @example
 * proportionWithMcse([true, false, false, false]); // { value: 0.25, mcse: 0.2165…, n: 4 }
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
  return { value: p, mcse: Math.sqrt((p * (1 - p)) / n), n };
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
