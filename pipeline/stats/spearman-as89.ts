/**
 * Null distribution of Spearman's S = Σ(rank x − rank y)² for untied data, as R's cor.test
 * uses it by default (Best & Roberts 1975, algorithm AS 89, Appl. Statist. 24:377): exact
 * enumeration of the n! rank permutations for n <= 9, an Edgeworth series beyond. The
 * Edgeworth tail is an approximation (error up to ~1e-3 near n = 10) that matches R, not the
 * exact permutation probability.
 */
import { normalCdf, normalSf } from './distributions.ts';

const EXACT_LIMIT = 9;
const histograms = new Map<number, Map<number, number>>();

/** Counts of S over all n! permutations (Heap's algorithm), cached per n. */
function permutationHistogram(n: number): Map<number, number> {
  const cached = histograms.get(n);
  if (cached) return cached;
  const perm = Array.from({ length: n }, (_, i) => i);
  const counts = new Map<number, number>();
  const record = (): void => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (i - perm[i]) * (i - perm[i]);
    counts.set(s, (counts.get(s) ?? 0) + 1);
  };
  record();
  const c = new Array<number>(n).fill(0);
  let i = 0;
  while (i < n) {
    if (c[i] < i) {
      const j = i % 2 === 0 ? 0 : c[i];
      const tmp = perm[j];
      perm[j] = perm[i];
      perm[i] = tmp;
      record();
      c[i]++;
      i = 0;
    } else {
      c[i] = 0;
      i++;
    }
  }
  histograms.set(n, counts);
  return counts;
}

function factorial(n: number): number {
  let f = 1;
  for (let k = 2; k <= n; k++) f *= k;
  return f;
}

/** AS 89's Edgeworth correction term for the standardised x = −rho·sqrt(n − 1) at `is`. */
function edgeworth(n: number, is: number): { x: number; correction: number } {
  const b = 1 / n;
  const x = ((6 * (is - 1) * b) / (n * n - 1) - 1) * Math.sqrt(n - 1);
  const y = x * x;
  // Coefficients c1..c12 of Best & Roberts (1975).
  const inner = 0.0072 - 0.0831 * b + y * b * (0.0131 - 4.6e-4 * y);
  const middle = -0.0758 + b * (0.1033 + 0.3932 * b) - y * b * (0.0879 + 0.0151 * b - y * inner);
  const u = x * b * (0.2274 + b * (0.2531 + 0.1745 * b) + y * middle);
  return { x, correction: u / Math.exp(y / 2) };
}

/**
 * P[S >= is] (upper = true) or P[S < is] (upper = false) under independence, n >= 2, as R's
 * internal prho(n, is, lower_tail = !upper).
 *
 * @example spearmanSTail(4, 18, true) // 0.16666666666666666 (4 of the 24 rank orders have S >= 18)
 */
export function spearmanSTail(n: number, is: number, upper: boolean): number {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`Spearman's S distribution needs an integer n >= 2 (got ${n})`);
  if (is <= 0) return upper ? 1 : 0;
  const maxS = (n * (n * n - 1)) / 3;
  if (is > maxS) return upper ? 0 : 1;
  if (n <= EXACT_LIMIT) {
    let atLeast = 0;
    for (const [s, count] of permutationHistogram(n)) if (s >= is) atLeast += count;
    const total = factorial(n);
    return upper ? atLeast / total : (total - atLeast) / total;
  }
  const { x, correction } = edgeworth(n, is);
  const p = upper ? correction + normalSf(x) : -correction + normalCdf(x);
  return Math.min(1, Math.max(0, p));
}
