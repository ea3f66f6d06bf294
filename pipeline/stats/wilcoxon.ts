/**
 * Wilcoxon signed-rank and Mann–Whitney (Wilcoxon rank-sum) tests as R's wilcox.test
 * (stats 4.2, wilcox.test.default): exact null distribution when n < 50 (each group, for the
 * two-sample test) and there are no ties (nor zero differences); otherwise the normal
 * approximation with tie-corrected variance and, by default, continuity correction.
 * `statistic` is R's V (sum of the ranks of the positive differences) or W (rank sum of x minus
 * n_x(n_x + 1)/2, the Mann–Whitney U of x).
 */
import { normalCdf, normalSf } from './distributions.ts';
import { averageRanks, tieGroupSizes } from './rank.ts';
import { requireFinite, requireSameLength } from './sample.ts';
import type { Alternative } from './ttest.ts';

export interface WilcoxonOptions {
  alternative?: Alternative;
  /** Location shift under the null (R's mu); default 0. */
  mu?: number;
  /** Exact p-value; default n < 50 (as R). Ignored, as in R, when there are ties or zeros. */
  exact?: boolean;
  /** Continuity correction in the normal approximation; default true. */
  correct?: boolean;
}

export interface WilcoxonResult {
  /** V (signed rank) or W (rank sum), as R reports it. */
  statistic: number;
  p: number;
  /** Non-zero differences (signed rank) or n_x + n_y (rank sum). */
  n: number;
  /** How p was computed. */
  method: 'exact' | 'normal';
  /** The standardised statistic of the normal approximation (NaN for exact). */
  z: number;
  /** Zero differences dropped (signed rank only). */
  n_zero?: number;
  n_x?: number;
  n_y?: number;
}

function resolve(opts: WilcoxonOptions | undefined): Required<Omit<WilcoxonOptions, 'exact'>> & { exact?: boolean } {
  const alternative = opts?.alternative ?? 'two.sided';
  if (!['two.sided', 'less', 'greater'].includes(alternative)) {
    throw new RangeError(`alternative must be 'two.sided', 'less' or 'greater' (got ${String(alternative)})`);
  }
  const mu = opts?.mu ?? 0;
  if (!Number.isFinite(mu)) throw new RangeError(`mu must be a finite number (got ${mu})`);
  return { alternative, mu, exact: opts?.exact, correct: opts?.correct ?? true };
}

/** Counts of subsets of {1..n} by their sum 0..n(n+1)/2: the signed-rank null, times 2^n. */
function signedRankCounts(n: number): number[] {
  const max = (n * (n + 1)) / 2;
  const counts = new Array<number>(max + 1).fill(0);
  counts[0] = 1;
  for (let k = 1; k <= n; k++) {
    for (let s = (k * (k + 1)) / 2; s >= k; s--) counts[s] += counts[s - k];
  }
  return counts;
}

/**
 * Counts of the Mann–Whitney U = 0..m·n among the C(m + n, m) arrangements: the coefficients of
 * the Gaussian binomial [m + n choose m]_q, built by the q-Pascal rule
 * [i, j] = [i − 1, j − 1] + q^j·[i − 1, j].
 */
function rankSumCounts(m: number, n: number): number[] {
  let rows: number[][] = [[1]];
  for (let i = 1; i <= m + n; i++) {
    const top = Math.min(i, m);
    const next: number[][] = [];
    for (let j = 0; j <= top; j++) {
      const degree = j * (i - j);
      const poly = new Array<number>(degree + 1).fill(0);
      const left = rows[j - 1];
      if (left) for (let u = 0; u < left.length; u++) poly[u] += left[u];
      const same = rows[j];
      if (same && j <= i - 1) for (let u = 0; u < same.length; u++) poly[u + j] += same[u];
      next.push(poly);
    }
    rows = next;
  }
  return rows[m];
}

/** P[S <= q] and P[S >= q] summed directly from integer counts over `total`. */
function exactTails(counts: readonly number[], total: number, q: number): { atMost: number; atLeast: number } {
  let low = 0;
  let high = 0;
  for (let s = 0; s < counts.length; s++) {
    if (s <= q) low += counts[s];
    if (s >= q) high += counts[s];
  }
  return { atMost: low / total, atLeast: high / total };
}

/** p from the exact distribution, as R: two-sided doubles the smaller side of the centre. */
function exactP(counts: readonly number[], total: number, statistic: number, centre: number, alternative: Alternative): number {
  const { atMost, atLeast } = exactTails(counts, total, statistic);
  if (alternative === 'less') return atMost;
  if (alternative === 'greater') return atLeast;
  return Math.min(1, 2 * (statistic > centre ? atLeast : atMost));
}

/** Normal approximation with R's continuity correction; returns z and p. */
function normalP(centred: number, sigma: number, alternative: Alternative, correct: boolean): { z: number; p: number } {
  let correction = 0;
  if (correct) correction = alternative === 'two.sided' ? Math.sign(centred) * 0.5 : alternative === 'greater' ? 0.5 : -0.5;
  const z = (centred - correction) / sigma;
  const p = alternative === 'less' ? normalCdf(z) : alternative === 'greater' ? normalSf(z) : 2 * Math.min(normalCdf(z), normalSf(z));
  return { z, p };
}

/**
 * Wilcoxon signed-rank test of x − mu (one sample) or of x − y − mu (paired, when the second
 * argument is an array); zero differences are dropped, as R.
 *
 * @example wilcoxonSignedRank([1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30], [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]).p
 * // 0.0390625 (R: 0.0390625; the depression example of ?wilcox.test, V = 40)
 */
export function wilcoxonSignedRank(x: readonly number[], yOrMu?: readonly number[] | number, opts?: WilcoxonOptions): WilcoxonResult {
  const paired = Array.isArray(yOrMu);
  const options = resolve(typeof yOrMu === 'number' ? { ...opts, mu: yOrMu } : opts);
  requireFinite(x, 'x');
  let differences: number[];
  if (paired) {
    const y = yOrMu as readonly number[];
    requireSameLength(x, y, 'wilcoxonSignedRank (paired)');
    requireFinite(y, 'y');
    differences = x.map((v, i) => v - y[i] - options.mu);
  } else {
    differences = x.map((v) => v - options.mu);
  }
  const nonZero = differences.filter((d) => d !== 0);
  const zeroes = differences.length - nonZero.length;
  const n = nonZero.length;
  if (n === 0) throw new RangeError('wilcoxonSignedRank: all differences are zero (or no observations)');
  const ranks = averageRanks(nonZero.map(Math.abs));
  let statistic = 0;
  nonZero.forEach((d, i) => {
    if (d > 0) statistic += ranks[i];
  });
  const ties = tieGroupSizes(ranks);
  const hasTies = ties.length !== n;
  const exact = (options.exact ?? n < 50) && !hasTies && zeroes === 0;
  if (exact) {
    const p = exactP(signedRankCounts(n), 2 ** n, statistic, (n * (n + 1)) / 4, options.alternative);
    return { statistic, p, n, method: 'exact', z: NaN, n_zero: zeroes };
  }
  const tieTerm = ties.reduce((acc, t) => acc + t * t * t - t, 0);
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const { z, p } = normalP(statistic - (n * (n + 1)) / 4, sigma, options.alternative, options.correct);
  return { statistic, p, n, method: 'normal', z, n_zero: zeroes };
}

/**
 * Mann–Whitney U / Wilcoxon rank-sum test of x against y shifted by mu (R: wilcox.test(x, y)).
 *
 * @example mannWhitneyU([0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46], [1.15, 0.88, 0.9, 0.74, 1.21]).p
 * // 0.2544122544122544 (R: 0.2544122544122544; ?wilcox.test permeability, two-sided, W = 35)
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[], opts?: WilcoxonOptions): WilcoxonResult {
  const options = resolve(opts);
  requireFinite(x, 'x');
  requireFinite(y, 'y');
  const nx = x.length;
  const ny = y.length;
  if (nx < 1) throw new RangeError("not enough (non-missing) 'x' observations");
  if (ny < 1) throw new RangeError("not enough 'y' observations");
  const ranks = averageRanks([...x.map((v) => v - options.mu), ...y]);
  let rankSum = 0;
  for (let i = 0; i < nx; i++) rankSum += ranks[i];
  const statistic = rankSum - (nx * (nx + 1)) / 2;
  const ties = tieGroupSizes(ranks);
  const hasTies = ties.length !== nx + ny;
  const exact = (options.exact ?? (nx < 50 && ny < 50)) && !hasTies;
  if (exact) {
    // The q-binomial build costs about (n_x + n_y)·min·n_x·n_y steps; U's null distribution is
    // the same with the groups swapped, so build it over the smaller group.
    const small = Math.min(nx, ny);
    if ((nx + ny) * small * nx * ny > 2e8) {
      throw new RangeError(`mannWhitneyU: exact p for n_x = ${nx}, n_y = ${ny} is too costly; use exact: false`);
    }
    const counts = rankSumCounts(small, Math.max(nx, ny));
    const total = counts.reduce((a, b) => a + b, 0);
    const p = exactP(counts, total, statistic, (nx * ny) / 2, options.alternative);
    return { statistic, p, n: nx + ny, method: 'exact', z: NaN, n_x: nx, n_y: ny };
  }
  const tieTerm = ties.reduce((acc, t) => acc + t * t * t - t, 0);
  const N = nx + ny;
  const sigma = Math.sqrt(((nx * ny) / 12) * (N + 1 - tieTerm / (N * (N - 1))));
  if (!(sigma > 0)) throw new RangeError('mannWhitneyU: all observations are tied, the test is undefined');
  const { z, p } = normalP(statistic - (nx * ny) / 2, sigma, options.alternative, options.correct);
  return { statistic, p, n: N, method: 'normal', z, n_x: nx, n_y: ny };
}
