/**
 * diagnosis.md: the diagnosis as Markdown tables, for a reader without the report. Numbers are
 * rounded for reading; diagnosis.json has them in full. The preregistration's words (its path,
 * hypothesis ids, family names) are escaped for Markdown (escape/markdown.ts).
 */
import { escapeMarkdown as md, markdownCell } from '../escape/markdown.ts';
import type { McEstimate } from './monte-carlo.ts';
import type { DiagnosisDoc } from './types.ts';

function num(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
}

/** "0.812 (0.012)": a rate or mean with its Monte Carlo SE. */
function withMcse(e: McEstimate | null | undefined, digits = 3): string {
  if (!e || e.value === null) return '–';
  return e.mcse === null ? num(e.value, digits) : `${num(e.value, digits)} (${num(e.mcse, digits)})`;
}

/**
 * Renders diagnosis.md.
 *
 * @example
 * renderDiagnosisMarkdown(doc).split('\n')[0]; // '# Design diagnosis'
 */
export function renderDiagnosisMarkdown(doc: DiagnosisDoc): string {
  const s = doc.settings;
  const lines: string[] = [
    '# Design diagnosis',
    '',
    `${s.sims} simulated studies with the planted effects and ${s.sims} without (the same seeds: common random numbers), ` +
      `${s.participants} analysed participants each, seed ${s.seed}; preregistration ${md(s.preregistration.file)} (sha256 ${s.preregistration.sha256.slice(0, 12)}…), alpha ${s.alpha}.`,
    `Planted effects: coaching d = ${num(s.effect_coach_d)} (${num(s.coach_multiplier)} × the calibrated ${num(doc.calibrated_d.coach)}), ` +
      `video d = ${num(s.effect_video_d)} (${num(s.video_multiplier)} × the calibrated ${num(doc.calibrated_d.video)}). ` +
      `Planted values measured on a paired study of ${Math.round(968 * s.planted_scale)} participants (pipeline/diagnose/planted.ts).`,
    '',
    'Each cell: the Monte Carlo estimate (its Monte Carlo standard error). Power = share of studies whose preregistered decision is `supported` ' +
      '(adjusted p below alpha with the preregistered direction; H6: the equivalence test). Type I error = share of no-effect studies with unadjusted p below alpha.',
    '',
    '| hypothesis | planted | mean estimate | empirical SE | bias | coverage | power | p < alpha | type I error | supported under no effect |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const h of doc.hypotheses) {
    lines.push(
      `| ${markdownCell(h.id)} | ${num(h.planted?.value)} | ${withMcse(h.mean_estimate)} | ${num(h.empirical_se)} | ${withMcse(h.bias)} | ${withMcse(h.coverage)} | ${withMcse(h.power)} | ${withMcse(h.rejection_rate)} | ${withMcse(h.null_set?.type_i_error)} | ${withMcse(h.null_set?.supported_rate)} |`,
    );
  }
  lines.push('', '## Family-wise error under no effect', '', '| family | hypotheses | share with any supported |', '|---|---|---|');
  for (const f of doc.family_wise_error) lines.push(`| ${markdownCell(f.family)} | ${f.hypotheses.length} | ${withMcse(f.rate)} |`);
  if (doc.power_curve) {
    lines.push('', `## Power curve of ${md(doc.power_curve.hypothesis)}`, '', `${doc.power_curve.sims_per_point} studies per point (common random numbers).`, '', '| coaching d | power (supported) | p < alpha | mean estimated d |', '|---|---|---|---|');
    for (const p of doc.power_curve.points) lines.push(`| ${num(p.d)} | ${withMcse(p.power)} | ${withMcse(p.rejection_rate)} | ${withMcse(p.mean_d)} |`);
  }
  if (doc.mde) {
    lines.push('', `## Minimum detectable effect of ${md(doc.mde.hypothesis)} at ${Math.round(doc.mde.target_power * 100)}% power`, '');
    lines.push(doc.mde.d === null ? 'Not reached in the searched range.' : `d = ${num(doc.mde.d)} (bracket ${num(doc.mde.bracket?.low)}–${num(doc.mde.bracket?.high)}; power there ${withMcse(doc.mde.power_at_mde)}).`);
    lines.push('', `Method: ${doc.mde.method}.`);
  }
  return lines.join('\n') + '\n';
}
