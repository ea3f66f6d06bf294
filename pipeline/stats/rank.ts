/**
 * Ranks with ties given their average rank (R's rank(x), ties.method = "average"), and the
 * sizes of the tie groups, which the rank tests' variance corrections need.
 */

/**
 * Average ranks, 1-based. Ties are exact equality of the doubles, as R.
 *
 * @example averageRanks([10, 20, 10, 30]) // [1.5, 3, 1.5, 4]
 */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]] = rank;
    start = end + 1;
  }
  return ranks;
}

/**
 * Sizes of the groups of equal values (singletons included).
 *
 * @example tieGroupSizes([2, 1, 2, 2, 5]) // [1, 3, 1]
 */
export function tieGroupSizes(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const sizes: number[] = [];
  let start = 0;
  while (start < sorted.length) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[start]) end++;
    sizes.push(end - start + 1);
    start = end + 1;
  }
  return sizes;
}
