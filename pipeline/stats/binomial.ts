/**
 * Exact binomial test as R's binom.test (stats 4.2): one-sided p from the binomial tails; the
 * two-sided p sums the probabilities of all outcomes no more likely than the observed one
 * (with R's relative slack 1 + 1e-7 for ties in probability); Clopper–Pearson interval from
 * beta quantiles.
 */
import { betaQuantile, binomialCdf, binomialPmf, binomialSf } from './distributions.ts';
import type { Alternative } from './ttest.ts';

export interface BinomTestOptions {
  alternative?: Alternative;
  confLevel?: number;
}

export interface BinomTestResult {
  /** Observed share k / n. */
  estimate: number;
  /** Number of successes k (R's statistic). */
  statistic: number;
  p: number;
  /** Clopper–Pearson limits for the success probability. */
  ci_low: number;
  ci_high: number;
  n: number;
}

/** Two-sided exact p as R: outcomes with probability <= d·(1 + 1e-7) on the far side. */
function twoSidedP(k: number, n: number, p0: number): number {
  if (p0 === 0) return k === 0 ? 1 : 0;
  if (p0 === 1) return k === n ? 1 : 0;
  const relErr = 1 + 1e-7;
  const d = binomialPmf(k, n, p0);
  const m = n * p0;
  if (k === m) return 1;
  if (k < m) {
    let y = 0;
    for (let i = Math.ceil(m); i <= n; i++) if (binomialPmf(i, n, p0) <= d * relErr) y++;
    return Math.min(1, binomialCdf(k, n, p0) + binomialSf(n - y + 1, n, p0));
  }
  let y = 0;
  for (let i = 0; i <= Math.floor(m); i++) if (binomialPmf(i, n, p0) <= d * relErr) y++;
  return Math.min(1, binomialCdf(y - 1, n, p0) + binomialSf(k, n, p0));
}

/** Clopper–Pearson lower limit at level alpha (0 when k = 0). */
function lowerLimit(k: number, n: number, alpha: number): number {
  return k === 0 ? 0 : betaQuantile(alpha, k, n - k + 1);
}

/** Clopper–Pearson upper limit at level alpha (1 when k = n). */
function upperLimit(k: number, n: number, alpha: number): number {
  return k === n ? 1 : betaQuantile(1 - alpha, k + 1, n - k);
}

/**
 * Exact test of H0: success probability = p0, for k successes in n trials (R: binom.test).
 *
 * @example binomTest(7, 20, 0.5).p // 0.26317596435546897 (R: 0.26317596435546875)
 */
export function binomTest(k: number, n: number, p0 = 0.5, opts?: BinomTestOptions): BinomTestResult {
  const alternative = opts?.alternative ?? 'two.sided';
  const confLevel = opts?.confLevel ?? 0.95;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`'n' must be a positive integer (got ${n})`);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`'k' must be an integer in 0..n (got ${k}, n = ${n})`);
  if (!(p0 >= 0 && p0 <= 1)) throw new RangeError(`'p0' must be a single number between 0 and 1 (got ${p0})`);
  if (!(confLevel > 0 && confLevel < 1)) throw new RangeError(`confLevel must be in (0, 1) (got ${confLevel})`);
  let p: number;
  let ciLow: number;
  let ciHigh: number;
  if (alternative === 'less') {
    p = binomialCdf(k, n, p0);
    ciLow = 0;
    ciHigh = upperLimit(k, n, 1 - confLevel);
  } else if (alternative === 'greater') {
    p = binomialSf(k, n, p0);
    ciLow = lowerLimit(k, n, 1 - confLevel);
    ciHigh = 1;
  } else if (alternative === 'two.sided') {
    p = twoSidedP(k, n, p0);
    const alpha = (1 - confLevel) / 2;
    ciLow = lowerLimit(k, n, alpha);
    ciHigh = upperLimit(k, n, alpha);
  } else {
    throw new RangeError(`alternative must be 'two.sided', 'less' or 'greater' (got ${String(alternative)})`);
  }
  return { estimate: k / n, statistic: k, p, ci_low: ciLow, ci_high: ciHigh, n };
}
