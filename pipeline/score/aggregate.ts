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
export function medianOfRuns(runs: ArrayLike<number>): number {
  if (runs.length === 0) throw new RangeError('median of no judge runs');
  const n = runs.length;
  // A few runs (5 in the companion paper) are sorted by insertion into a reused buffer: no
  // allocation, and no comparator call per pair, for each of the millions of conversation scores.
  const sorted = n <= SCRATCH.length ? SCRATCH : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const value = runs[i];
    let j = i;
    for (; j > 0 && sorted[j - 1] > value; j--) sorted[j] = sorted[j - 1];
    sorted[j] = value;
  }
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const SCRATCH = new Float64Array(32);

/**
 * Arithmetic mean of a non-empty list.
 *
 * @example
 * meanOfRuns([4, 2, 5]); // 3.6666666666666665
 */
export function meanOfRuns(runs: ArrayLike<number>): number {
  if (runs.length === 0) throw new RangeError('mean of no judge runs');
  let sum = 0;
  for (let i = 0; i < runs.length; i++) sum += runs[i];
  return sum / runs.length;
}

/** The aggregate named by the preregistration. */
export function aggregateRuns(runs: ArrayLike<number>, how: 'median' | 'mean'): number {
  return how === 'median' ? medianOfRuns(runs) : meanOfRuns(runs);
}
