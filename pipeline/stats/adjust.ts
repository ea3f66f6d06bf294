/**
 * Multiplicity adjustments exactly as R's p.adjust (stats 4.2): Holm, Hochberg,
 * Benjamini–Hochberg ("BH"/"fdr") and Bonferroni. Missing p-values (null or NaN) are skipped
 * and returned in place as given; the family size n is the number of non-missing values (R's
 * default n = length(p[!is.na(p)])). A value outside [0, 1] throws a RangeError.
 */

type Missing = null;

function isMissing(v: number | Missing): v is Missing {
  return v === null || Number.isNaN(v);
}

/** Applies `adjust` to the non-missing values, keeping missing ones in their places. */
function adjustPresent<T extends number | Missing>(p: readonly T[], adjust: (values: number[]) => number[]): T[] {
  p.forEach((v, i) => {
    if (!isMissing(v) && !((v as number) >= 0 && (v as number) <= 1)) {
      throw new RangeError(`p[${i}] is not a probability in [0, 1] (${v})`);
    }
  });
  const present = p.map((v, i) => i).filter((i) => !isMissing(p[i]));
  const adjusted = adjust(present.map((i) => p[i] as number));
  const out = p.slice();
  present.forEach((i, k) => {
    out[i] = adjusted[k] as T;
  });
  return out;
}

/** Indices ordering `values` ascending (stable, as R's order). */
function ascendingOrder(values: readonly number[]): number[] {
  return values.map((_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
}

/** Indices ordering `values` descending (stable, as R's order(decreasing = TRUE)). */
function descendingOrder(values: readonly number[]): number[] {
  return values.map((_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
}

/**
 * Holm's step-down adjustment: min(1, cummax((n − i + 1)·p_(i))) in ascending order.
 *
 * @example holm([0.01, 0.04, 0.03]) // [0.03, 0.06, 0.06]
 */
export function holm(p: readonly number[]): number[];
export function holm(p: readonly (number | null)[]): (number | null)[];
export function holm(p: readonly (number | null)[]): (number | null)[] {
  return adjustPresent(p, (values) => {
    const n = values.length;
    const out = new Array<number>(n);
    let running = 0;
    ascendingOrder(values).forEach((index, i) => {
      running = Math.max(running, (n - i) * values[index]);
      out[index] = Math.min(1, running);
    });
    return out;
  });
}

/**
 * Hochberg's step-up adjustment: min(1, cummin((n − i + 1)·p_(i))) from the largest p down.
 *
 * @example hochberg([0.01, 0.04, 0.03]) // [0.03, 0.04, 0.04]
 */
export function hochberg(p: readonly number[]): number[];
export function hochberg(p: readonly (number | null)[]): (number | null)[];
export function hochberg(p: readonly (number | null)[]): (number | null)[] {
  return adjustPresent(p, (values) => {
    const n = values.length;
    const out = new Array<number>(n);
    let running = Infinity;
    descendingOrder(values).forEach((index, k) => {
      const i = n - k; // rank from the bottom
      running = Math.min(running, (n + 1 - i) * values[index]);
      out[index] = Math.min(1, running);
    });
    return out;
  });
}

/**
 * Benjamini–Hochberg false discovery rate: min(1, cummin(n/i·p_(i))) from the largest p down.
 *
 * @example benjaminiHochberg([0.01, 0.04, 0.03]) // [0.03, 0.04, 0.04]
 */
export function benjaminiHochberg(p: readonly number[]): number[];
export function benjaminiHochberg(p: readonly (number | null)[]): (number | null)[];
export function benjaminiHochberg(p: readonly (number | null)[]): (number | null)[] {
  return adjustPresent(p, (values) => {
    const n = values.length;
    const out = new Array<number>(n);
    let running = Infinity;
    descendingOrder(values).forEach((index, k) => {
      const i = n - k;
      running = Math.min(running, (n / i) * values[index]);
      out[index] = Math.min(1, running);
    });
    return out;
  });
}

/**
 * Bonferroni: min(1, n·p).
 *
 * @example bonferroni([0.01, 0.04, 0.03]) // [0.03, 0.12, 0.09]
 */
export function bonferroni(p: readonly number[]): number[];
export function bonferroni(p: readonly (number | null)[]): (number | null)[];
export function bonferroni(p: readonly (number | null)[]): (number | null)[] {
  return adjustPresent(p, (values) => values.map((v) => Math.min(1, values.length * v)));
}
