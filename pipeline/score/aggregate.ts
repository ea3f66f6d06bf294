/**
 * How the judge's runs on one conversation and dimension become one score: the median (the
 * companion paper takes the median of 5 LLM runs) or the mean, as the preregistration says
 * (`scoring.aggregate_runs`).
 */

/**
 * Median of a non-empty list (mean of the two middle values when the count is even, as R's
 * `median`).
 *
 * @example
 * medianOfRuns([4, 2, 5]); // 4
 * medianOfRuns([4, 2, 5, 3]); // 3.5
 */
export function medianOfRuns(runs: readonly number[]): number {
  if (runs.length === 0) throw new RangeError('median of no judge runs');
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Arithmetic mean of a non-empty list.
 *
 * @example
 * meanOfRuns([4, 2, 5]); // 3.6666666666666665
 */
export function meanOfRuns(runs: readonly number[]): number {
  if (runs.length === 0) throw new RangeError('mean of no judge runs');
  let sum = 0;
  for (const r of runs) sum += r;
  return sum / runs.length;
}

/** The aggregate named by the preregistration. */
export function aggregateRuns(runs: readonly number[], how: 'median' | 'mean'): number {
  return how === 'median' ? medianOfRuns(runs) : meanOfRuns(runs);
}
