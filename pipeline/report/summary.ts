/**
 * The few lines printed at the end of `npm run reproduce`: one per confirmatory hypothesis, then
 * where the report is.
 */
import type { ResultsDoc } from '../analyze/types.ts';
import { formatCi, formatNumber, formatP } from './apa.ts';

/** Drops control characters (e.g. ANSI escapes in a study name) so data cannot drive the terminal. */
const plain = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');

const DECISIONS = { supported: 'supported', not_supported: 'not supported', not_estimable: 'not estimable' } as const;

/**
 * One line per confirmatory hypothesis (estimate, 95% CI, adjusted p, decision) and the path of
 * the report. Plain text, no colour, so it can be piped.
 *
 * @example
 * terminalSummary(results, 'reports/report.html')
 * // 'Lend an Ear (synthetic): 12 of 29 confirmatory hypotheses supported\n
 * //  H1   estimate 0.31, 95% CI [0.18, 0.44], p(holm) < .001  supported\n … Report: reports/report.html'
 */
export function terminalSummary(results: ResultsDoc, reportPath: string): string {
  const confirmatory = results.tests.filter((t) => t.status === 'confirmatory');
  const supported = confirmatory.filter((t) => t.decision === 'supported').length;
  const notEstimable = confirmatory.filter((t) => t.decision === 'not_estimable').length;
  const width = Math.max(4, ...confirmatory.map((t) => t.id.length));
  const lines = [
    `${plain(results.study.name)}${results.study.synthetic ? ' (SYNTHETIC data)' : ''}: ${supported} of ${confirmatory.length} confirmatory hypotheses supported${notEstimable > 0 ? ` (${notEstimable} not estimable)` : ''}`,
  ];
  for (const t of confirmatory) {
    const estimate = t.estimate === null ? 'estimate n/a' : `estimate ${formatNumber(t.estimate)}`;
    const ci = t.ci_low === null || t.ci_high === null ? '' : `, ${formatCi(t.ci_low, t.ci_high)}`;
    const label = t.correction ? `p(${t.correction})` : 'p';
    const pAdjusted = formatP(t.p_adjusted, label);
    const equivalence = t.equivalence_p != null ? `, ${formatP(t.equivalence_p, 'equivalence p')}` : '';
    const decision = t.decision === null ? 'not decided' : DECISIONS[t.decision];
    lines.push(plain(`  ${t.id.padEnd(width)}  ${estimate}${ci}, ${pAdjusted}${equivalence}  ${decision}${t.note ? ` (${t.note})` : ''}`));
  }
  lines.push(`Report: ${plain(reportPath)}`);
  return lines.join('\n');
}
