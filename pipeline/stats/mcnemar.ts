/**
 * McNemar tests for paired binary outcomes, from the two discordant counts of the 2×2 table:
 * b = (yes, no) and c = (no, yes). The exact test conditions on b + c and is the binomial test
 * of b ~ Bin(b + c, 1/2) (R: exact2x2::mcnemar.exact = binom.test(b, b + c)); the chi-square
 * test is R's mcnemar.test.
 */
import { binomTest, type BinomTestOptions } from './binomial.ts';
import { chiSquareSf } from './distributions.ts';

export interface McNemarExactResult {
  /** b, the first discordant count. */
  statistic: number;
  p: number;
  /** Conditional odds ratio b / c, and its exact interval from the Clopper–Pearson limits π as π/(1 − π) (exact2x2). */
  odds_ratio: number;
  ci_low: number;
  ci_high: number;
  /** Discordant pairs b + c. */
  n: number;
}

function checkCounts(b: number, c: number): void {
  for (const [name, v] of [['b', b], ['c', c]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`McNemar count ${name} must be a non-negative integer (got ${v})`);
  }
}

/**
 * Exact (conditional) McNemar test. With no discordant pairs (b = c = 0) nothing can be
 * tested: p is 1 (the conditional distribution is a point mass) and the odds ratio and its
 * interval are NaN.
 *
 * @example mcnemarExact(2, 9).p // 0.06542968750000008 (R binom.test(2, 11): 0.06542969)
 */
export function mcnemarExact(b: number, c: number, opts?: BinomTestOptions): McNemarExactResult {
  checkCounts(b, c);
  if (b + c === 0) return { statistic: 0, p: 1, odds_ratio: NaN, ci_low: NaN, ci_high: NaN, n: 0 };
  const test = binomTest(b, b + c, 0.5, opts);
  const odds = (share: number): number => share / (1 - share);
  return { statistic: b, p: test.p, odds_ratio: b / c, ci_low: odds(test.ci_low), ci_high: odds(test.ci_high), n: b + c };
}

export interface McNemarChiSquareResult {
  /** McNemar's chi-square, (|b − c| − 1)² / (b + c) with continuity correction. */
  statistic: number;
  df: 1;
  p: number;
  n: number;
}

/**
 * McNemar chi-square test as R's mcnemar.test: with `correct` (default) the statistic is
 * (|b − c| − 1)² / (b + c), except that R skips the correction when b = c. Throws a RangeError
 * when b + c = 0 (R returns NaN).
 *
 * @example mcnemarChiSquare(2, 9).statistic // 3.272727272727273
 */
export function mcnemarChiSquare(b: number, c: number, opts?: { correct?: boolean }): McNemarChiSquareResult {
  checkCounts(b, c);
  if (b + c === 0) throw new RangeError('McNemar chi-square needs at least one discordant pair (b + c = 0)');
  const correct = opts?.correct ?? true;
  const difference = correct && b !== c ? Math.abs(b - c) - 1 : b - c;
  const statistic = (difference * difference) / (b + c);
  return { statistic, df: 1, p: chiSquareSf(statistic, 1), n: b + c };
}
