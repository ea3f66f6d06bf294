/**
 * Spearman's rank correlation between two raters as the companion paper reports it: rho and its
 * Fisher-z interval from `spearman` (stats/correlation.ts), over the conversations both rated;
 * the p-value as scipy.stats.spearmanr computes it (t = rho·sqrt((n − 2)/(1 − rho²)) on n − 2 df,
 * ties or not), which is what the paper's notebook used.
 */
import { spearman } from '../stats/correlation.ts';
import { studentTSf } from '../stats/distributions.ts';
import { finiteOrNull } from './numbers.ts';

export interface RankAgreement {
  rho: number | null;
  p: number | null;
  ci_low: number | null;
  ci_high: number | null;
  n: number;
}

/** Pairs with a missing value on either side are dropped first. */
export function completePairs(x: (number | null)[], y: (number | null)[]): [number[], number[]] {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const u = x[i];
    const v = y[i];
    if (u === null || v === null || !Number.isFinite(u) || !Number.isFinite(v)) continue;
    a.push(u);
    b.push(v);
  }
  return [a, b];
}

/**
 * Spearman rho, scipy's p and a Fisher-z interval at `confLevel` (z the exact normal quantile), or
 * with the critical value `zCritical` when given (the companion paper used 1.96); null fields where
 * undefined (fewer than 4 pairs, or a constant vector).
 *
 * @example
 * rankAgreement([1, 2, 3, 4, 5], [2, 1, 4, 3, 5], 0.95).rho; // 0.8
 */
export function rankAgreement(x: (number | null)[], y: (number | null)[], confLevel: number, zCritical?: number): RankAgreement {
  const [a, b] = completePairs(x, y);
  const n = a.length;
  const constant = (v: number[]) => v.every((u) => u === v[0]);
  if (n < 4 || constant(a) || constant(b)) return { rho: null, p: null, ci_low: null, ci_high: null, n };
  const s = spearman(a, b, { confLevel });
  const rho = s.rho;
  let p: number | null = null;
  if (Math.abs(rho) >= 1) p = 0;
  else {
    const t = rho * Math.sqrt((n - 2) / ((1 - rho) * (1 + rho)));
    p = 2 * studentTSf(Math.abs(t), n - 2);
  }
  let [low, high] = [s.ci_low, s.ci_high];
  if (zCritical !== undefined) {
    const half = zCritical / Math.sqrt(n - 3);
    [low, high] = [Math.tanh(Math.atanh(rho) - half), Math.tanh(Math.atanh(rho) + half)];
  }
  return { rho: finiteOrNull(rho), p: finiteOrNull(p), ci_low: finiteOrNull(low), ci_high: finiteOrNull(high), n };
}
