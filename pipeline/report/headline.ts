/**
 * The summary at the top of the report: the study's headline results (the coaching effects H1–H3
 * with d and its CI, the silent-empathy gap of H5, trait empathy H6, perception H7), each with the
 * p its decision uses, its decision, its status and whose preregistration the decision is
 * against. Plain-text cells; html.ts escapes them.
 */
import type { TestResult } from '../analyze/types.ts';
import { dimensionSpec, isDimension } from '../study.ts';
import { formatCi, formatNoLeadingZero, formatNumber, formatP, formatPercent } from './apa.ts';

/** The headline hypotheses, as the paper's abstract states its findings; H4 (18 dimension
 *  contrasts) and the exploratory analyses are in the full tables below. */
export const HEADLINE_PATTERN = /^(H[1-3]|H5\..+|H6\..+|H7)$/;

export interface HeadlineRow {
  id: string;
  /** What is tested, in a few words. */
  question: string;
  /** The headline number with its interval. */
  result: string;
  /** The p the decision is taken on: adjusted within its set, or the equivalence p (H6). */
  p: string;
  /** `supported`, `not_supported`, `not_estimable` (see `note`), or null when no decision is drawn. */
  decision: TestResult['decision'];
  status: TestResult['status'];
  tag: TestResult['tag'];
  note: string | null;
}

const label = (outcome: string) => (isDimension(outcome) ? dimensionSpec(outcome).label.toLowerCase() : outcome.replace(/_/g, ' '));

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function question(t: TestResult): string {
  switch (t.method) {
    case 'mcnemar_exact':
      return `Silent empathy: say they did ${label(t.outcome)} vs judged to (round 1)`;
    case 'pearson_fisher_tost':
      return `Trait empathy (${(t.id.split('.')[1] ?? '').toUpperCase()}) unrelated to round-1 alignment`;
    case 'one_sample_t':
      return `Perception: picks the aligned response more than half the time`;
    default:
      return t.contrast ? `${capitalise(t.contrast.replace(' - ', ' vs '))}: ${label(t.outcome)} at round 3` : capitalise(label(t.outcome));
  }
}

function result(t: TestResult): string {
  if (t.estimate === null) return 'not computed';
  switch (t.method) {
    case 'mcnemar_exact': {
      const shares = t.self_share != null && t.judged_share != null ? `${formatPercent(t.self_share)} say vs ${formatPercent(t.judged_share)} judged; ` : '';
      const ci = t.ci_low !== null && t.ci_high !== null ? `, ${formatCi(t.ci_low, t.ci_high, 2, true)}` : '';
      return `${shares}gap ${formatNoLeadingZero(t.estimate)}${ci}`;
    }
    case 'pearson_fisher_tost':
      return `r = ${formatNoLeadingZero(t.estimate)}, ${formatCi(t.ci_low, t.ci_high, 2, true)}`;
    case 'one_sample_t':
      return `M = ${formatNumber(t.estimate)}, ${formatCi(t.ci_low, t.ci_high)}`;
    default: {
      const d = t.effect_size;
      if (d && d.value !== null) return `d = ${formatNumber(d.value)}, ${formatCi(d.ci_low, d.ci_high)}`;
      return `difference = ${formatNumber(t.estimate)}, ${formatCi(t.ci_low, t.ci_high)}`;
    }
  }
}

function decisionP(t: TestResult): string {
  if (t.method === 'pearson_fisher_tost') return formatP(t.equivalence_p ?? null, 'equivalence p');
  return t.correction ? `${formatP(t.p_adjusted)} (${t.correction})` : formatP(t.p);
}

/**
 * The summary's rows: every confirmatory result whose id is a headline one, in results order.
 *
 * @example
 * headlineRows(results)[0] // { id: 'H1', question: 'coach vs control: alignment at round 3', result: 'd = 1.01, 95% CI [0.91, 1.11]', p: 'p < .001 (holm)', decision: 'supported', … }
 */
export function headlineRows(tests: readonly TestResult[]): HeadlineRow[] {
  return tests
    .filter((t) => t.status === 'confirmatory' && HEADLINE_PATTERN.test(t.id))
    .map((t) => ({ id: t.id, question: question(t), result: result(t), p: decisionP(t), decision: t.decision, status: t.status, tag: t.tag, note: t.note }));
}

/** The confirmatory results counted by decision, for the summary's last line (noDecision: not estimable). */
export function decisionCounts(tests: readonly TestResult[]): { total: number; supported: number; notSupported: number; notEstimable: number; noDecision: number } {
  const confirmatory = tests.filter((t) => t.status === 'confirmatory');
  const count = (decision: TestResult['decision']) => confirmatory.filter((t) => t.decision === decision).length;
  const [supported, notSupported, notEstimable] = [count('supported'), count('not_supported'), count('not_estimable')];
  return { total: confirmatory.length, supported, notSupported, notEstimable, noDecision: confirmatory.length - supported - notSupported - notEstimable };
}
