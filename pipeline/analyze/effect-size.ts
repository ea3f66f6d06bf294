/**
 * The standardiser of the ANCOVA effects (STUDY.md, "Measures"; docs/CONTRACT.md): the pooled
 * within-arm SD of the outcome at the effect-size round (1), among the participants in the model.
 */
import type { Arm } from '../study.ts';

/**
 * Pooled within-arm standard deviation: sqrt(sum over arms of (n_k − 1)·s_k² / (N − K)), over the
 * arms that have at least one value. As R: `sqrt(sum(tapply(x, arm, function(v) sum((v -
 * mean(v))^2))) / (length(x) - nlevels(arm)))`. NaN when N − K < 1.
 *
 * @example
 * pooledWithinArmSd([1, 2, 3, 2, 4], ['coach', 'coach', 'coach', 'control', 'control']); // sqrt((2 + 2) / 3) = 1.1547005383792515
 */
export function pooledWithinArmSd(values: readonly number[], arms: readonly Arm[]): number {
  const groups = new Map<Arm, number[]>();
  values.forEach((v, i) => {
    const list = groups.get(arms[i]);
    if (list) list.push(v);
    else groups.set(arms[i], [v]);
  });
  let sumSquares = 0;
  for (const list of groups.values()) {
    let mean = 0;
    for (const v of list) mean += v;
    mean /= list.length;
    for (const v of list) sumSquares += (v - mean) ** 2;
  }
  const df = values.length - groups.size;
  return df >= 1 ? Math.sqrt(sumSquares / df) : NaN;
}
