/**
 * The power curve and the minimum detectable effect of H1 from each simulated study's detection
 * threshold, with common random numbers: a curve study is simulated at any coaching effect with the
 * same seed, so it differs between effects only in the size of the effect. Its preregistered
 * decision is then (nearly always) a step function of the effect: not supported below some
 * threshold, supported above. Bisection finds each study's threshold on a grid of 2^steps + 1
 * points in [0, d_max] (a study not supported at d_max has none in range: +Infinity).
 *
 * With the thresholds T_1..T_n, the power at effect d is the share of studies with T_j ≤ d (an
 * empirical distribution function, so the whole curve comes from the same studies), and the
 * minimum detectable effect at power q is its q quantile, the ⌈qn⌉-th smallest threshold. Its
 * uncertainty is that of a sample quantile: the distribution-free interval from the order
 * statistics (quantile-interval.ts; Conover 1999, §3.2).
 *
 * A decision need not be monotone in the effect (H1 is Holm-adjusted with H2, whose p falls, rises
 * and falls again as coaching passes the video); the diagnosis evaluates every study once more at
 * the minimum detectable effect and counts those whose decision there disagrees with their threshold.
 */

/** A study's bracket on the integer grid 0..2^steps: not supported at `low`, supported at `high`. */
export interface Bracket {
  low: number;
  high: number;
}

/**
 * Each study's detection threshold as a grid position in 0..2^steps (Infinity: not supported at
 * the top of the grid). `supportedAt` evaluates a batch of (study, grid position) pairs.
 *
 * @example
 * await detectionThresholds(async (asks) => asks.map(({ study, at }) => at >= [40, 90][study]), 2, 7);
 * // [40, 90]
 */
export async function detectionThresholds(
  supportedAt: (asks: { study: number; at: number }[]) => Promise<boolean[]>,
  studies: number,
  steps: number,
): Promise<number[]> {
  const top = 2 ** steps;
  const brackets: (Bracket | null)[] = new Array(studies).fill(null);
  const atTop = await supportedAt(Array.from({ length: studies }, (_, study) => ({ study, at: top })));
  atTop.forEach((supported, study) => {
    if (supported) brackets[study] = { low: 0, high: top };
  });
  for (let step = 0; step < steps; step++) {
    const asks = brackets.flatMap((b, study) => (b === null ? [] : [{ study, at: (b.low + b.high) / 2 }]));
    if (asks.length === 0) break;
    const answers = await supportedAt(asks);
    asks.forEach(({ study, at }, i) => {
      const b = brackets[study] as Bracket;
      if (answers[i]) b.high = at;
      else b.low = at;
    });
  }
  return brackets.map((b) => (b === null ? Infinity : b.high));
}

/**
 * The share of thresholds at or below `at` (the power there, with common random numbers).
 *
 * @example
 * shareDetected([3, 5, Infinity, 8], 5); // [true, true, false, false]
 */
export function shareDetected(thresholds: readonly number[], at: number): boolean[] {
  return thresholds.map((t) => t <= at);
}

/**
 * The ⌈q·n⌉-th smallest value: the smallest threshold at which at least a share q of the studies
 * is supported (Infinity when that share is never reached).
 *
 * @example
 * empiricalQuantile([3, 5, Infinity, 8, 4], 0.8); // 8 (4 of 5 thresholds ≤ 8)
 */
export function empiricalQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length - 1e-9) - 1)];
}
