/**
 * Worst- and best-case bounds on a difference in means when some outcomes are missing: every
 * missing outcome is imputed at an end of the outcome's scale, the ends that make the difference
 * smallest (lower bound: missing treated at the minimum, missing reference at the maximum) and
 * largest (the other way round). Horowitz & Manski (2000), "Nonparametric analysis of randomized
 * experiments with missing covariate and outcome data", JASA 95(449), 77–84, §2.
 *
 * What is bounded: the difference in mean outcome between the arms over everyone allocated, had
 * every outcome been observed (the intention-to-treat contrast). No assumption about why outcomes
 * are missing is needed, only that the outcome cannot leave the scale; the price is width:
 * (missing share of each arm) × (scale range) on each side.
 */
import type { ArmOutcomes } from './lee-bounds.ts';

export interface WorstCaseBounds {
  lower: number;
  upper: number;
  /** Missing outcomes per arm: allocated − observed. */
  missing_treated: number;
  missing_reference: number;
}

function armTotal(arm: ArmOutcomes, name: string): number {
  if (!Number.isInteger(arm.allocated) || arm.allocated < 1) throw new RangeError(`${name}: allocated must be a positive integer (got ${arm.allocated})`);
  if (arm.observed.length > arm.allocated) throw new RangeError(`${name}: more observed outcomes (${arm.observed.length}) than allocated (${arm.allocated})`);
  let s = 0;
  for (const v of arm.observed) {
    if (!Number.isFinite(v)) throw new RangeError(`${name}: outcomes must be finite numbers (got ${v})`);
    s += v;
  }
  return s;
}

/**
 * Bounds on mean(treated) − mean(reference) over all allocated, imputing each missing outcome at
 * `scale.min` or `scale.max`. An arm may have no observed outcome (all imputed).
 *
 * @example
 * worstCaseBounds({ observed: [3, 4], allocated: 3 }, { observed: [2, 3], allocated: 2 }, { min: 1, max: 5 });
 * // lower (3 + 4 + 1)/3 − 2.5 = 0.1666…, upper (3 + 4 + 5)/3 − 2.5 = 1.5
 */
export function worstCaseBounds(treated: ArmOutcomes, reference: ArmOutcomes, scale: { min: number; max: number }): WorstCaseBounds {
  if (!(Number.isFinite(scale.min) && Number.isFinite(scale.max) && scale.min < scale.max)) throw new RangeError(`the scale needs finite min < max (got ${scale.min}, ${scale.max})`);
  const sumTreated = armTotal(treated, 'treated');
  const sumReference = armTotal(reference, 'reference');
  const missingTreated = treated.allocated - treated.observed.length;
  const missingReference = reference.allocated - reference.observed.length;
  const meanWith = (sum: number, missing: number, allocated: number, value: number) => (sum + missing * value) / allocated;
  return {
    lower: meanWith(sumTreated, missingTreated, treated.allocated, scale.min) - meanWith(sumReference, missingReference, reference.allocated, scale.max),
    upper: meanWith(sumTreated, missingTreated, treated.allocated, scale.max) - meanWith(sumReference, missingReference, reference.allocated, scale.min),
    missing_treated: missingTreated,
    missing_reference: missingReference,
  };
}
