/**
 * Checks and moments shared by the tests in pipeline/stats (t, correlation, Wilcoxon):
 * refuse NaN/Infinity with a RangeError that names the argument and position, and compute the
 * mean and variance by two passes (the second corrects the rounding of the first, as R's
 * mean does), so near-constant samples keep their digits.
 */

/** Throws a RangeError naming `name` and the first bad position unless every value is finite. */
export function requireFinite(values: readonly number[], name: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new RangeError(`${name}[${i}] is not a finite number (${values[i]})`);
    }
  }
}

/** Throws a RangeError unless the two arrays have the same length. */
export function requireSameLength(x: readonly number[], y: readonly number[], what: string): void {
  if (x.length !== y.length) {
    throw new RangeError(`${what} needs x and y of the same length (got ${x.length} and ${y.length})`);
  }
}

/**
 * Arithmetic mean with R's second-pass correction.
 *
 * @example sampleMean([1, 2, 4]) // 2.3333333333333335
 */
export function sampleMean(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (const v of values) sum += v;
  const first = sum / n;
  let correction = 0;
  for (const v of values) correction += v - first;
  return first + correction / n;
}

/**
 * Sample variance with denominator n − 1 (R's var), NaN when n < 2.
 *
 * @example sampleVariance([1, 2, 4]) // 2.3333333333333335
 */
export function sampleVariance(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return NaN;
  const m = sampleMean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return ss / (n - 1);
}
