/**
 * Lee (2009) trimming bounds on a treatment effect when the outcome is missing for some
 * participants and the missingness may depend on the arm. D. S. Lee (2009), "Training, wages, and
 * sample selection: Estimating sharp bounds on treatment effects", Review of Economic Studies
 * 76(3), 1071–1102, Proposition 1a and §3.
 *
 * What is bounded: the difference in mean outcome between the arms among the participants who
 * would have been observed whatever arm they were given (the "always-observed"). With no
 * differential attrition that is simply the difference in observed means.
 *
 * The assumption (monotonicity): being allocated one arm rather than the other can only make a
 * participant's outcome observed, never unobserved, for everyone (or only ever unobserved, for
 * everyone); with random allocation. Then the arm with the larger observed share q_high holds, among
 * its observed, a fraction p = (q_high − q_low) / q_high of participants who would have been
 * missing in the other arm. They cannot be told apart, so the bounds drop them at the worst and at
 * the best place: the lower bound compares the other arm with the mean of the lowest (1 − p) of
 * the better-observed arm's outcomes (if that arm is the treated one; the highest if it is the
 * reference), the upper bound with the mean of the highest (1 − p).
 *
 * The trimming: the mean of the lowest fraction s of n sorted values y(1) ≤ … ≤ y(n) is the mean
 * of the empirical quantile function over (0, s]: with m = s·n and k = floor(m),
 * (y(1) + … + y(k) + (m − k)·y(k+1)) / m. The value at the cut-off is kept in part when m is not
 * a whole number, so tied outcomes (alignment is a multiple of 1/6) are trimmed by exactly p,
 * which Lee's sample estimator with the sample quantile (keep all y ≤ y_(1−p)) does only for
 * continuous outcomes; where m is whole and there are no ties the two coincide.
 *
 * These are the estimated bounds; their sampling uncertainty is not computed here.
 */

/** One arm: the outcomes of its observed participants, and how many were allocated to it. */
export interface ArmOutcomes {
  observed: readonly number[];
  allocated: number;
}

export interface LeeBoundsResult {
  /** Lower and upper bound on the treated − reference difference among the always-observed. */
  lower: number;
  upper: number;
  /** The arm whose observed outcomes were trimmed (the one observed more often); 'none' if equal. */
  trimmed: 'treated' | 'reference' | 'none';
  /** Share p of the trimmed arm's observed outcomes left out: (q_high − q_low) / q_high. */
  trim_share: number;
  /** Observed share q of each arm: observed / allocated. */
  observed_share_treated: number;
  observed_share_reference: number;
  /** mean(treated observed) − mean(reference observed): the untrimmed comparison. */
  observed_difference: number;
}

function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/**
 * Mean of the lowest (`end` = 'lowest') or highest fraction `keep` of `values`, the value at the
 * cut-off counted in part (see the file comment). `keep` in (0, 1].
 *
 * @example
 * trimmedMean([1, 2, 3, 4], 0.5, 'lowest');  // 1.5
 * trimmedMean([1, 2, 3, 4], 0.625, 'highest'); // (4 + 3 + 0.5·2) / 2.5 = 3.2
 */
export function trimmedMean(values: readonly number[], keep: number, end: 'lowest' | 'highest'): number {
  if (values.length === 0) throw new RangeError('trimmedMean needs at least one value');
  if (!(keep > 0 && keep <= 1)) throw new RangeError(`the share kept must be in (0, 1] (got ${keep})`);
  const sorted = [...values].sort((a, b) => (end === 'lowest' ? a - b : b - a));
  const m = keep * sorted.length;
  const whole = Math.min(Math.floor(m), sorted.length);
  let sum = 0;
  for (let i = 0; i < whole; i++) sum += sorted[i];
  if (whole < sorted.length) sum += (m - whole) * sorted[whole];
  return sum / m;
}

function checkArm(arm: ArmOutcomes, name: string): void {
  if (!Number.isInteger(arm.allocated) || arm.allocated < 1) throw new RangeError(`${name}: allocated must be a positive integer (got ${arm.allocated})`);
  if (arm.observed.length < 1) throw new RangeError(`${name}: no observed outcome`);
  if (arm.observed.length > arm.allocated) throw new RangeError(`${name}: more observed outcomes (${arm.observed.length}) than allocated (${arm.allocated})`);
  for (const v of arm.observed) if (!Number.isFinite(v)) throw new RangeError(`${name}: outcomes must be finite numbers (got ${v})`);
}

/**
 * Lee's bounds on mean(treated) − mean(reference) among the always-observed, from each arm's
 * observed outcomes and allocated count. Throws a RangeError for an arm with no observed outcome.
 *
 * @example
 * leeBounds({ observed: [1, 2, 3, 4], allocated: 4 }, { observed: [2, 3, 4], allocated: 4 });
 * // trimmed 'treated', trim_share 0.25: lower mean(1, 2, 3) − 3 = −1, upper mean(2, 3, 4) − 3 = 0
 */
export function leeBounds(treated: ArmOutcomes, reference: ArmOutcomes): LeeBoundsResult {
  checkArm(treated, 'treated');
  checkArm(reference, 'reference');
  const qTreated = treated.observed.length / treated.allocated;
  const qReference = reference.observed.length / reference.allocated;
  const meanTreated = mean(treated.observed);
  const meanReference = mean(reference.observed);
  const base = { observed_share_treated: qTreated, observed_share_reference: qReference, observed_difference: meanTreated - meanReference };
  if (qTreated === qReference) {
    return { lower: base.observed_difference, upper: base.observed_difference, trimmed: 'none', trim_share: 0, ...base };
  }
  if (qTreated > qReference) {
    const p = (qTreated - qReference) / qTreated;
    return {
      lower: trimmedMean(treated.observed, 1 - p, 'lowest') - meanReference,
      upper: trimmedMean(treated.observed, 1 - p, 'highest') - meanReference,
      trimmed: 'treated',
      trim_share: p,
      ...base,
    };
  }
  const p = (qReference - qTreated) / qReference;
  return {
    lower: meanTreated - trimmedMean(reference.observed, 1 - p, 'highest'),
    upper: meanTreated - trimmedMean(reference.observed, 1 - p, 'lowest'),
    trimmed: 'reference',
    trim_share: p,
    ...base,
  };
}
