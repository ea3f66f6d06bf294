/**
 * Confidence interval for the difference between two proportions measured on the same
 * participants (paired yes/no), by Newcombe's (1998) method 10: R. G. Newcombe, "Improved
 * confidence intervals for the difference between binomial proportions based on paired data",
 * Statistics in Medicine 17(22), 2635–2650. It combines the Wilson score intervals (l1, u1) of
 * p1 and (l2, u2) of p2 ("square and add"), allowing for their correlation through the phi
 * coefficient of the paired table:
 *
 *   L = (p1 − p2) − sqrt((p1 − l1)² − 2φ(p1 − l1)(u2 − p2) + (u2 − p2)²)
 *   U = (p1 − p2) + sqrt((p2 − l2)² − 2φ(p2 − l2)(u1 − p1) + (u1 − p1)²)
 *
 * with φ = C / sqrt((a+b)(c+d)(a+c)(b+d)), C = ad − bc − n/2 if ad − bc > n/2, 0 if
 * 0 ≤ ad − bc ≤ n/2, ad − bc if negative, and φ = 0 when a margin is 0 (Newcombe's correction of
 * φ; as in Fagerland, Lydersen & Laake 2014, Stat Med 33, 2850–2875, "Newcombe square-and-add").
 * Chosen because it is closed-form, never leaves [−1, 1], is not degenerate at zero discordant
 * counts, and has coverage close to nominal in Newcombe's and Fagerland et al.'s evaluations.
 *
 * Table: a = yes on both, b = yes on the first only, c = yes on the second only, d = neither;
 * p1 = (a + b)/n, p2 = (a + c)/n.
 */
import { wilsonInterval } from './wilson.ts';

export interface PairedDifferenceInterval {
  /** p1 − p2 = (b − c)/n. */
  estimate: number;
  ci_low: number;
  ci_high: number;
  /** The corrected phi used. */
  phi: number;
}

/**
 * Newcombe's method-10 interval for p1 − p2 from the paired 2 × 2 counts.
 *
 * @example
 * newcombePairedInterval(1, 1, 7, 12).estimate; // (1 − 7)/21 = −0.2857…
 */
export function newcombePairedInterval(a: number, b: number, c: number, d: number, confLevel = 0.95): PairedDifferenceInterval {
  for (const [name, v] of [['a', a], ['b', b], ['c', c], ['d', d]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`paired count ${name} must be a non-negative integer (got ${v})`);
  }
  const n = a + b + c + d;
  if (n === 0) throw new RangeError('the paired table is empty');
  const p1 = (a + b) / n;
  const p2 = (a + c) / n;
  const first = wilsonInterval(a + b, n, confLevel);
  const second = wilsonInterval(a + c, n, confLevel);
  const margins = (a + b) * (c + d) * (a + c) * (b + d);
  let phi = 0;
  if (margins > 0) {
    const cross = a * d - b * c;
    const corrected = cross > n / 2 ? cross - n / 2 : cross >= 0 ? 0 : cross;
    phi = corrected / Math.sqrt(margins);
  }
  const below1 = p1 - first.low;
  const above1 = first.high - p1;
  const below2 = p2 - second.low;
  const above2 = second.high - p2;
  const estimate = p1 - p2;
  return {
    estimate,
    ci_low: estimate - Math.sqrt(below1 * below1 - 2 * phi * below1 * above2 + above2 * above2),
    ci_high: estimate + Math.sqrt(below2 * below2 - 2 * phi * below2 * above1 + above1 * above1),
    phi,
  };
}
