/**
 * The minimum detectable effect of H1 at a target power, by bisection over the planted coaching
 * effect with common random numbers: every point is evaluated on the same simulated studies (the
 * same seeds), which differ only in the size of the coaching effect. Power is then a step function
 * of the effect that rises with it (up to the rare study whose p moves against the effect), so
 * bisection between a point below and a point at or above the target converges on the crossing
 * of that one function instead of chasing fresh Monte Carlo noise at each step.
 */

/**
 * The bracket of the crossing from a power curve: the last point below the target before the
 * first at or above it; null when the curve never crosses.
 *
 * @example
 * bracketFromCurve([{ d: 0.1, power: 0.5 }, { d: 0.2, power: 0.9 }], 0.8); // { low: 0.1, high: 0.2 }
 */
export function bracketFromCurve(points: readonly { d: number; power: number | null }[], target: number): { low: number; high: number } | null {
  for (let k = 1; k < points.length; k++) {
    const below = points[k - 1].power;
    const above = points[k].power;
    if (below !== null && above !== null && below < target && above >= target) return { low: points[k - 1].d, high: points[k].d };
  }
  return null;
}

/**
 * Bisects [low, high] (power(low) < target ≤ power(high)) for `steps` halvings, evaluating
 * `powerAt` (a batch of studies with common random numbers) at each midpoint. Returns the final
 * bracket; its `high` is the smallest effect found with power ≥ target, with its power.
 *
 * @example
 * await bisectPower(async (d) => (d >= 0.21 ? 0.85 : 0.6), { low: 0.2, high: 0.25 }, 0.8, 5);
 * // { low: 0.2093…, high: 0.2109…, powerAtHigh: 0.85 }
 */
export async function bisectPower(
  powerAt: (d: number) => Promise<number>,
  bracket: { low: number; high: number },
  target: number,
  steps: number,
  powerAtHigh: number | null = null,
): Promise<{ low: number; high: number; powerAtHigh: number | null }> {
  let { low, high } = bracket;
  let atHigh = powerAtHigh;
  for (let step = 0; step < steps; step++) {
    const mid = (low + high) / 2;
    const power = await powerAt(mid);
    if (power >= target) {
      high = mid;
      atHigh = power;
    } else {
      low = mid;
    }
  }
  return { low, high, powerAtHigh: atHigh };
}
