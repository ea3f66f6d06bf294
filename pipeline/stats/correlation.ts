/**
 * Correlation tests as R's cor.test (stats 4.2): Pearson with the t test and the Fisher-z
 * interval; Spearman's rho with R's default p-value (untied data: AS 89, exact permutation
 * distribution for n <= 9 and its Edgeworth series for 10 <= n <= 1290; with ties, or with
 * `exact: false`, or n > 1290: the t approximation on n − 2 df) plus a Fisher-z interval with
 * SE 1/sqrt(n − 3) that R does not report; Kendall's tau-b with the tie-corrected normal
 * approximation (cor.test(..., method = "kendall", exact = FALSE), no continuity correction).
 */
import { normalCdf, normalQuantile, normalSf, studentTCdf, studentTSf } from './distributions.ts';
import { averageRanks, tieGroupSizes } from './rank.ts';
import { spearmanSTail } from './spearman-as89.ts';
import { requireFinite, requireSameLength, sampleMean } from './sample.ts';
import type { Alternative } from './ttest.ts';

export interface CorrelationOptions {
  alternative?: Alternative;
  confLevel?: number;
}

export interface PearsonResult {
  r: number;
  /** t = r·sqrt(df / (1 − r²)). */
  statistic: number;
  df: number;
  p: number;
  /** Fisher-z interval, tanh(atanh(r) ± z·/sqrt(n − 3)); NaN when n <= 3 (R gives none). */
  ci_low: number;
  ci_high: number;
  n: number;
}

/**
 * Fisher's z transform atanh(r) = ½·log((1 + r)/(1 − r)).
 *
 * @example fisherZ(0.5) // 0.5493061443340548
 */
export function fisherZ(r: number): number {
  if (!(r >= -1 && r <= 1)) throw new RangeError(`a correlation must lie in [-1, 1] (got ${r})`);
  return Math.atanh(r);
}

function resolve(opts: CorrelationOptions | undefined): { alternative: Alternative; confLevel: number } {
  const alternative = opts?.alternative ?? 'two.sided';
  const confLevel = opts?.confLevel ?? 0.95;
  if (!['two.sided', 'less', 'greater'].includes(alternative)) {
    throw new RangeError(`alternative must be 'two.sided', 'less' or 'greater' (got ${String(alternative)})`);
  }
  if (!(confLevel > 0 && confLevel < 1)) throw new RangeError(`confLevel must be in (0, 1) (got ${confLevel})`);
  return { alternative, confLevel };
}

function checkPairs(x: readonly number[], y: readonly number[], what: string, minimum: number): void {
  requireSameLength(x, y, what);
  requireFinite(x, 'x');
  requireFinite(y, 'y');
  if (x.length < minimum) throw new RangeError(`not enough finite observations for ${what} (n = ${x.length}, need ${minimum})`);
}

/** Product-moment correlation by centred sums (two-pass means); throws on a constant variable. */
function productMoment(x: readonly number[], y: readonly number[]): number {
  const mx = sampleMean(x);
  const my = sampleMean(y);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx === 0) throw new RangeError('x is constant: the correlation is undefined (R: "the standard deviation is zero")');
  if (syy === 0) throw new RangeError('y is constant: the correlation is undefined (R: "the standard deviation is zero")');
  const r = sxy / (Math.sqrt(sxx) * Math.sqrt(syy));
  return Math.max(-1, Math.min(1, r));
}

/** Fisher-z interval for a correlation r from n pairs, SE 1/sqrt(n − 3), as R's cor.test. */
function fisherInterval(r: number, n: number, alternative: Alternative, confLevel: number): [number, number] {
  if (n <= 3) return [NaN, NaN];
  const z = Math.atanh(r);
  const sigma = 1 / Math.sqrt(n - 3);
  if (alternative === 'less') return [-1, Math.tanh(z + sigma * normalQuantile(confLevel))];
  if (alternative === 'greater') return [Math.tanh(z - sigma * normalQuantile(confLevel)), 1];
  const half = sigma * normalQuantile((1 + confLevel) / 2);
  return [Math.tanh(z - half), Math.tanh(z + half)];
}

function tTestP(statistic: number, df: number, alternative: Alternative): number {
  if (alternative === 'less') return studentTCdf(statistic, df);
  if (alternative === 'greater') return studentTSf(statistic, df);
  return Math.min(1, 2 * Math.min(studentTCdf(statistic, df), studentTSf(statistic, df)));
}

/**
 * Pearson correlation test (R: cor.test(x, y)). Needs n >= 3 finite pairs, neither variable
 * constant. One-sided intervals are [−1, upper] / [lower, 1] (R prints tanh(±Inf) = ±1).
 *
 * @example pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]).r // 0.7999999999999998
 */
export function pearson(x: readonly number[], y: readonly number[], opts?: CorrelationOptions): PearsonResult {
  const { alternative, confLevel } = resolve(opts);
  checkPairs(x, y, 'pearson', 3);
  const n = x.length;
  const r = productMoment(x, y);
  const df = n - 2;
  const statistic = (Math.sqrt(df) * r) / Math.sqrt(1 - r * r);
  const [ciLow, ciHigh] = fisherInterval(r, n, alternative, confLevel);
  return { r, statistic, df, p: tTestP(statistic, df, alternative), ci_low: ciLow, ci_high: ciHigh, n };
}

export interface SpearmanOptions extends CorrelationOptions {
  /** Use AS 89 for untied data (R's default, true); false forces the t approximation. */
  exact?: boolean;
}

export interface SpearmanResult {
  rho: number;
  /** How p was computed: 'exact' (n <= 9), 'edgeworth' (AS 89 series) or 't'. */
  method: 'exact' | 'edgeworth' | 't';
  /** R's S statistic, (n³ − n)(1 − rho)/6. */
  statistic: number;
  p: number;
  /**
   * Fisher-z interval with SE 1/sqrt(n − 3), the project's choice (not from R, which reports
   * none; Fieller, Hartley & Pearson 1957 would use sqrt(1.06/(n − 3))); NaN when n <= 3.
   */
  ci_low: number;
  ci_high: number;
  n: number;
}

/**
 * Spearman rank correlation (average ranks for ties) with R's default p-value
 * (cor.test(x, y, method = "spearman")): AS 89 without ties, the t approximation with ties or
 * `exact: false` (cor.test(..., exact = FALSE)). Needs n >= 3.
 *
 * @example spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]).rho // 0.7999999999999998
 */
export function spearman(x: readonly number[], y: readonly number[], opts?: SpearmanOptions): SpearmanResult {
  const { alternative, confLevel } = resolve(opts);
  checkPairs(x, y, 'spearman', 3);
  const n = x.length;
  const rho = productMoment(averageRanks(x), averageRanks(y));
  const statistic = ((n * n * n - n) * (1 - rho)) / 6;
  const ties = tieGroupSizes(x).length !== n || tieGroupSizes(y).length !== n;
  const useAs89 = (opts?.exact ?? true) && !ties && n <= 1290;
  let p: number;
  if (useAs89) {
    // R's pspearman(q, n, lower.tail) = prho(n, round(q) + 2·lower.tail, lower.tail): S is an
    // even integer, so P[S < round(q) + 2] = P[S <= q].
    const tail = (lowerTail: boolean): number => spearmanSTail(n, Math.round(statistic) + (lowerTail ? 2 : 0), !lowerTail);
    if (alternative === 'greater') p = tail(true);
    else if (alternative === 'less') p = tail(false);
    else p = Math.min(1, 2 * tail(!(statistic > (n * n * n - n) / 6)));
  } else {
    // R's t approximation at rho itself, on n − 2 df.
    const t = rho / Math.sqrt((1 - rho * rho) / (n - 2));
    p = tTestP(t, n - 2, alternative);
  }
  const method = useAs89 ? (n <= 9 ? 'exact' : 'edgeworth') : 't';
  const [ciLow, ciHigh] = fisherInterval(rho, n, alternative, confLevel);
  return { rho, method, statistic, p, ci_low: ciLow, ci_high: ciHigh, n };
}

export interface KendallResult {
  /** Kendall's tau-b. */
  tau: number;
  /** z = S / sqrt(var S) with the tie-corrected variance. */
  statistic: number;
  p: number;
  n: number;
}

/**
 * Kendall's tau-b with R's tie-corrected normal approximation (cor.test(x, y, method =
 * "kendall", exact = FALSE), continuity = FALSE). O(n²) pairs. Needs n >= 3 (R gives NaN at n = 2), neither variable
 * constant.
 *
 * @example kendallTauB([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]).tau // 0.6
 */
export function kendallTauB(x: readonly number[], y: readonly number[], opts?: Pick<CorrelationOptions, 'alternative'>): KendallResult {
  const { alternative } = resolve(opts);
  checkPairs(x, y, 'kendallTauB', 3);
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) s += Math.sign(x[i] - x[j]) * Math.sign(y[i] - y[j]);
  }
  const xTies = tieGroupSizes(x).filter((t) => t > 1);
  const yTies = tieGroupSizes(y).filter((t) => t > 1);
  const sum = (ties: number[], f: (t: number) => number): number => ties.reduce((acc, t) => acc + f(t), 0);
  const t0 = (n * (n - 1)) / 2;
  const t1 = sum(xTies, (t) => t * (t - 1)) / 2;
  const t2 = sum(yTies, (t) => t * (t - 1)) / 2;
  if (t1 === t0) throw new RangeError('x is constant: Kendall tau is undefined');
  if (t2 === t0) throw new RangeError('y is constant: Kendall tau is undefined');
  const tau = s / Math.sqrt((t0 - t1) * (t0 - t2));
  const v0 = n * (n - 1) * (2 * n + 5);
  const vt = sum(xTies, (t) => t * (t - 1) * (2 * t + 5));
  const vu = sum(yTies, (t) => t * (t - 1) * (2 * t + 5));
  const v1 = sum(xTies, (t) => t * (t - 1)) * sum(yTies, (t) => t * (t - 1));
  const v2 = sum(xTies, (t) => t * (t - 1) * (t - 2)) * sum(yTies, (t) => t * (t - 1) * (t - 2));
  const varS = (v0 - vt - vu) / 18 + v1 / (2 * n * (n - 1)) + v2 / (9 * n * (n - 1) * (n - 2));
  const statistic = s / Math.sqrt(varS);
  let p: number;
  if (alternative === 'less') p = normalCdf(statistic);
  else if (alternative === 'greater') p = normalSf(statistic);
  else p = 2 * Math.min(normalCdf(statistic), normalSf(statistic));
  return { tau, statistic, p, n };
}
