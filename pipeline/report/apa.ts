/**
 * APA-style (7th edition, section 6.36) strings for statistics: two decimals for statistics and
 * effect sizes, p to three decimals without a leading zero and "p < .001" below that, no leading
 * zero for quantities that cannot exceed 1 (p, r), a true minus sign (U+2212), integer df as
 * integers and fractional df to two decimals. Every function returns plain text; the caller escapes it for HTML.
 */
import type { TestResult } from '../analyze/types.ts';

export const MINUS = '\u2212';

/**
 * A number with a fixed number of decimals, a true minus sign, and no "−0.00".
 *
 * @example
 * formatNumber(-0.1234) // '−0.12'
 * formatNumber(-0.001)  // '0.00'
 */
export function formatNumber(value: number, decimals = 2): string {
  const fixed = value.toFixed(decimals);
  if (/^-0\.?0*$/.test(fixed)) return fixed.slice(1);
  return fixed.startsWith('-') ? MINUS + fixed.slice(1) : fixed;
}

/**
 * A number that cannot exceed 1 in absolute value (r, a proportion as a decimal): no leading zero.
 *
 * @example
 * formatNoLeadingZero(0.034)  // '.03'
 * formatNoLeadingZero(-0.25)  // '−.25'
 */
export function formatNoLeadingZero(value: number, decimals = 2): string {
  return formatNumber(value, decimals).replace(/^(\u2212?)0\./, '$1.');
}

/**
 * The p-value as APA writes it, with the "p" and the relation.
 *
 * @example
 * formatP(0.0004)  // 'p < .001'
 * formatP(0.0321)  // 'p = .032'
 * formatP(0.9996)  // 'p > .999'
 */
export function formatP(p: number | null, label = 'p'): string {
  if (p === null || !Number.isFinite(p)) return `${label} = n/a`;
  if (p < 0.001) return `${label} < .001`;
  if (p > 0.999) return `${label} > .999`;
  return `${label} = ${formatNoLeadingZero(p, 3)}`;
}

/**
 * How close to a whole number a df must be to be printed as one, relative to its size. A df that
 * is a whole number in exact arithmetic comes out of floating-point work slightly off it, by an
 * amount that grows with the df: this project's analytic Satterthwaite df of the bundled mixed
 * model is 1929.9999999997965 (1e-13 relative), and lmerTest's, which differentiates numerically,
 * gives 66.000000676606 for a balanced design whose df is 66 (1e-8 relative;
 * tests/fixtures/stats/mixed.json). A tolerance relative to the value covers both at any size;
 * 1e-6 is a hundred times the larger, and below df = 5,000 it stays under the 0.005 that two
 * printed decimals could show, so a truly fractional Welch or Satterthwaite df is never printed as
 * an integer (above that, a fraction of a degree of freedom changes no t quantile that matters).
 */
export const INTEGER_DF_RELATIVE_TOLERANCE = 1e-6;

/**
 * Degrees of freedom as a journal prints them: a whole number (within
 * INTEGER_DF_RELATIVE_TOLERANCE of its size) as an integer, a fractional (Welch, Satterthwaite)
 * df to two decimals.
 *
 * @example
 * formatDf(287)                 // '287'
 * formatDf(1929.9999999997965)  // '1930'
 * formatDf(190.456)             // '190.46'
 */
export function formatDf(df: number): string {
  const whole = Math.round(df);
  if (Math.abs(df - whole) <= INTEGER_DF_RELATIVE_TOLERANCE * Math.max(1, Math.abs(df))) return String(whole);
  return formatNumber(df, 2);
}

/**
 * A 95% confidence interval in brackets.
 *
 * @example
 * formatCi(-0.123, 0.456) // '95% CI [−0.12, 0.46]'
 */
export function formatCi(low: number | null, high: number | null, decimals = 2, noLeadingZero = false): string {
  if (low === null || high === null) return '95% CI [n/a]';
  const f = noLeadingZero ? formatNoLeadingZero : formatNumber;
  return `95% CI [${f(low, decimals)}, ${f(high, decimals)}]`;
}

/** A share as a whole percentage: 0.7449 → '74%'. */
export function formatPercent(share: number | null, decimals = 0): string {
  if (share === null || !Number.isFinite(share)) return 'n/a';
  return `${(share * 100).toFixed(decimals)}%`;
}

/**
 * The APA sentence fragment of one result, by method:
 * ANCOVA and t-tests `t(df) = 2.31, p = .021, d = 0.27, 95% CI [0.04, 0.50]` (without a d: `M = …`
 * for a one-sample mean, `difference = …` for a contrast of two arms);
 * McNemar `McNemar exact, discordant 40/12, p < .001, difference = .29`;
 * correlation `r(df) = .03, p = .412, 95% CI [−.04, .10], equivalence p = .004`.
 * The p shown is the unadjusted one; the table shows the adjusted p beside it.
 *
 * @example
 * apaResult({ method: 'ancova_ols_hc3', statistic: 2.314, df: 287, p: 0.0214,
 *   effect_size: { name: 'd', value: 0.27, ci_low: 0.04, ci_high: 0.5 }, ... })
 * // 't(287) = 2.31, p = .021, d = 0.27, 95% CI [0.04, 0.50]'
 */
export function apaResult(test: TestResult): string {
  if (test.statistic === null && test.estimate === null) return `not computed${test.note ? ` (${test.note})` : ''}`;
  switch (test.method) {
    case 'mcnemar_exact':
      return mcnemarText(test);
    case 'pearson_fisher_tost':
      return correlationText(test);
    default:
      return tText(test);
  }
}

function tText(test: TestResult): string {
  const parts: string[] = [];
  if (test.statistic !== null) {
    const df = test.df === null ? '' : `(${formatDf(test.df)})`;
    parts.push(`t${df} = ${formatNumber(test.statistic)}`);
  }
  parts.push(formatP(test.p));
  const es = test.effect_size;
  if (es && es.value !== null) {
    parts.push(`${es.name} = ${formatNumber(es.value)}`);
    parts.push(formatCi(es.ci_low, es.ci_high));
  } else if (test.estimate !== null) {
    // A contrast's estimate is a difference of means; a one-sample test's (H7) is a mean.
    parts.push(`${test.contrast === null ? 'M' : 'difference'} = ${formatNumber(test.estimate)}`);
    parts.push(formatCi(test.ci_low, test.ci_high));
  }
  return parts.join(', ');
}

function mcnemarText(test: TestResult): string {
  const parts = ['McNemar exact'];
  if (test.discordant) parts.push(`discordant ${test.discordant[0]}/${test.discordant[1]}`);
  parts.push(formatP(test.p));
  if (test.estimate !== null) parts.push(`difference = ${formatNoLeadingZero(test.estimate)}`);
  if (test.ci_low !== null && test.ci_high !== null) parts.push(formatCi(test.ci_low, test.ci_high, 2, true));
  return parts.join(', ');
}

function correlationText(test: TestResult): string {
  const parts: string[] = [];
  const r = test.estimate === null ? 'n/a' : formatNoLeadingZero(test.estimate);
  const df = test.df !== null ? `(${formatDf(test.df)})` : test.n > 2 ? `(${test.n - 2})` : '';
  parts.push(`r${df} = ${r}`);
  parts.push(formatP(test.p));
  parts.push(formatCi(test.ci_low, test.ci_high, 2, true));
  if (test.equivalence_p !== undefined && test.equivalence_p !== null) {
    const bounds = test.equivalence_bounds;
    parts.push(bounds ? `${formatP(test.equivalence_p, `equivalence (TOST, r within ${boundsText(bounds)}) p`)}` : formatP(test.equivalence_p, 'equivalence p'));
  }
  return parts.join(', ');
}

/** "±.10" for symmetric bounds on r, else "[−.05, .10]". */
function boundsText([low, high]: [number, number]): string {
  return low === -high ? `\u00b1${formatNoLeadingZero(high)}` : `[${formatNoLeadingZero(low)}, ${formatNoLeadingZero(high)}]`;
}

/**
 * The p the decision rests on, for the results table: the TOST p for an equivalence test (H6),
 * the adjusted p with its correction where one applies, else the p.
 *
 * @example
 * decisionPText({ ...h6, equivalence_p: 0.0378, equivalence_bounds: [-0.1, 0.1] }) // 'TOST p = .038 (r within ±.10)'
 * decisionPText({ ...h1, p_adjusted: 4.6e-75, correction: 'holm' })                 // 'p < .001 (holm)'
 */
export function decisionPText(test: TestResult): string {
  if (test.equivalence_p !== undefined && test.equivalence_p !== null) {
    return `${formatP(test.equivalence_p, 'TOST p')}${test.equivalence_bounds ? ` (r within ${boundsText(test.equivalence_bounds)})` : ''}`;
  }
  return test.correction ? `${formatP(test.p_adjusted)} (${test.correction})` : formatP(test.p_adjusted);
}
