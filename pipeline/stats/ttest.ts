/**
 * Student's t tests exactly as R's t.test (stats 4.2, t.test.default): one-sample, paired,
 * two-sample pooled (var.equal = TRUE) and Welch. p and confidence limits come from the
 * accurate tails in distributions.ts. Unlike R, `estimate` of a two-sample test is the
 * difference mean(x) − mean(y); the group means are returned as `mean_x`, `mean_y`.
 * Degenerate input (non-finite values, too few observations, essentially constant data) throws
 * a RangeError with R's wording (an EssentiallyConstantError for the last).
 * Where R would return NaN (both groups constant at 0: se = 0), this throws as well.
 */
import { studentTCdf, studentTQuantile, studentTSf } from './distributions.ts';
import { requireFinite, requireSameLength, sampleMean, sampleVariance } from './sample.ts';

export type Alternative = 'two.sided' | 'less' | 'greater';

export interface TTestOptions {
  /** Direction of the alternative hypothesis (R's `alternative`); default 'two.sided'. */
  alternative?: Alternative;
  /** Confidence level of the interval; default 0.95. */
  confLevel?: number;
  /** Null value of the mean (difference); default 0. For oneSampleTTest use the `mu` argument. */
  mu?: number;
}

export interface TTestResult {
  /** Mean (one-sample), mean difference (paired), or mean(x) − mean(y) (two-sample). */
  estimate: number;
  /** Standard error of `estimate`. */
  se: number;
  /** t statistic, (estimate − mu) / se. */
  statistic: number;
  df: number;
  p: number;
  /** Confidence limits for the estimate (−Infinity/Infinity for one-sided tests, as R). */
  ci_low: number;
  ci_high: number;
  /** Observations used: n (one-sample), pairs (paired), n_x + n_y (two-sample). */
  n: number;
  mean_x?: number;
  mean_y?: number;
  n_x?: number;
  n_y?: number;
}

const EPS = 2.220446049250313e-16;

/** R's "data are essentially constant": the standard error is below 10·ε·|mean| (or 0). */
export class EssentiallyConstantError extends RangeError {
  constructor() {
    super('data are essentially constant');
    this.name = 'EssentiallyConstantError';
  }
}

function resolveOptions(opts: TTestOptions | undefined): Required<Omit<TTestOptions, 'mu'>> & { mu: number } {
  const alternative = opts?.alternative ?? 'two.sided';
  const confLevel = opts?.confLevel ?? 0.95;
  const mu = opts?.mu ?? 0;
  if (!['two.sided', 'less', 'greater'].includes(alternative)) {
    throw new RangeError(`alternative must be 'two.sided', 'less' or 'greater' (got ${String(alternative)})`);
  }
  if (!(confLevel > 0 && confLevel < 1)) throw new RangeError(`confLevel must be in (0, 1) (got ${confLevel})`);
  if (!Number.isFinite(mu)) throw new RangeError(`mu must be a finite number (got ${mu})`);
  return { alternative, confLevel, mu };
}

/** p-value and interval from t, df, se as R does it: the interval is mu + (t ± q)·se. */
function finish(
  estimate: number,
  se: number,
  df: number,
  n: number,
  options: { alternative: Alternative; confLevel: number; mu: number },
): TTestResult {
  const { alternative, confLevel, mu } = options;
  const statistic = (estimate - mu) / se;
  let p: number;
  let ciLow: number;
  let ciHigh: number;
  if (alternative === 'less') {
    p = studentTCdf(statistic, df);
    ciLow = -Infinity;
    ciHigh = mu + (statistic + studentTQuantile(confLevel, df)) * se;
  } else if (alternative === 'greater') {
    p = studentTSf(statistic, df);
    ciLow = mu + (statistic - studentTQuantile(confLevel, df)) * se;
    ciHigh = Infinity;
  } else {
    p = 2 * studentTCdf(-Math.abs(statistic), df);
    const q = studentTQuantile(1 - (1 - confLevel) / 2, df);
    ciLow = mu + (statistic - q) * se;
    ciHigh = mu + (statistic + q) * se;
  }
  return { estimate, se, statistic, df, p, ci_low: ciLow, ci_high: ciHigh, n };
}

/**
 * One-sample t test of mean(x) = mu (R: t.test(x, mu = mu)).
 *
 * @example oneSampleTTest([5.1, 4.9, 5.6, 5.8, 6.0], 5).p // 0.08256829674577378
 */
export function oneSampleTTest(x: readonly number[], mu = 0, opts?: Omit<TTestOptions, 'mu'>): TTestResult {
  const options = resolveOptions({ ...opts, mu });
  requireFinite(x, 'x');
  if (x.length < 2) throw new RangeError(`not enough 'x' observations (n = ${x.length}, need 2)`);
  const m = sampleMean(x);
  const se = Math.sqrt(sampleVariance(x) / x.length);
  if (se < 10 * EPS * Math.abs(m) || se === 0) throw new EssentiallyConstantError();
  return finish(m, se, x.length - 1, x.length, options);
}

/**
 * Paired t test on the differences x − y (R: t.test(x, y, paired = TRUE)); estimate is the
 * mean difference.
 *
 * @example pairedTTest([3, 4, 5, 6], [2, 4, 3, 3]).statistic // 2.32379000772445
 */
export function pairedTTest(x: readonly number[], y: readonly number[], opts?: TTestOptions): TTestResult {
  requireSameLength(x, y, 'pairedTTest');
  requireFinite(x, 'x');
  requireFinite(y, 'y');
  const differences = x.map((v, i) => v - y[i]);
  const { mu, ...rest } = resolveOptions(opts);
  return oneSampleTTest(differences, mu, rest);
}

function twoSample(x: readonly number[], y: readonly number[], pooled: boolean, opts?: TTestOptions): TTestResult {
  const options = resolveOptions(opts);
  requireFinite(x, 'x');
  requireFinite(y, 'y');
  const nx = x.length;
  const ny = y.length;
  const minimum = pooled ? 1 : 2;
  if (nx < minimum) throw new RangeError(`not enough 'x' observations (n = ${nx}, need ${minimum})`);
  if (ny < minimum) throw new RangeError(`not enough 'y' observations (n = ${ny}, need ${minimum})`);
  if (pooled && nx + ny < 3) throw new RangeError('not enough observations (need n_x + n_y >= 3)');
  const mx = sampleMean(x);
  const my = sampleMean(y);
  // R treats a one-observation group as contributing no variance.
  const vx = nx > 1 ? sampleVariance(x) : 0;
  const vy = ny > 1 ? sampleVariance(y) : 0;
  let df: number;
  let se: number;
  if (pooled) {
    df = nx + ny - 2;
    let v = 0;
    if (nx > 1) v += (nx - 1) * vx;
    if (ny > 1) v += (ny - 1) * vy;
    v /= df;
    se = Math.sqrt(v * (1 / nx + 1 / ny));
  } else {
    const sx2 = vx / nx;
    const sy2 = vy / ny;
    se = Math.sqrt(sx2 + sy2);
    df = (se * se) ** 2 / ((sx2 * sx2) / (nx - 1) + (sy2 * sy2) / (ny - 1));
  }
  if (se < 10 * EPS * Math.max(Math.abs(mx), Math.abs(my)) || se === 0) {
    throw new EssentiallyConstantError();
  }
  const result = finish(mx - my, se, df, nx + ny, options);
  return { ...result, mean_x: mx, mean_y: my, n_x: nx, n_y: ny };
}

/**
 * Welch two-sample t test, unequal variances, Welch–Satterthwaite df (R: t.test(x, y)).
 *
 * @example welchTTest([1, 2, 3, 4], [2, 4, 6, 8, 10]).df // 5.520787746170675
 */
export function welchTTest(x: readonly number[], y: readonly number[], opts?: TTestOptions): TTestResult {
  return twoSample(x, y, false, opts);
}

/**
 * Two-sample t test with pooled variance, df = n_x + n_y − 2 (R: t.test(x, y, var.equal = TRUE)).
 *
 * @example studentTTest([1, 2, 3, 4], [2, 4, 6, 8, 10]).df // 7
 */
export function studentTTest(x: readonly number[], y: readonly number[], opts?: TTestOptions): TTestResult {
  return twoSample(x, y, true, opts);
}
