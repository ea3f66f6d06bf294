/**
 * diagnosis.md: the diagnosis as Markdown tables with its plain-words notes, for a reader without
 * the report. Numbers are rounded for reading; diagnosis.json has them in full. The
 * preregistration's words (its path, hypothesis ids, family names, contrasts) and the notes that
 * quote them are escaped for Markdown (escape/markdown.ts).
 */
import { escapeMarkdown as md, markdownCell } from '../escape/markdown.ts';
import type { McEstimate } from './monte-carlo.ts';
import type { TruthKind } from './truths.ts';
import type { DiagnosisDoc } from './types.ts';

function num(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
}

/** "0.812 (0.012)": a mean with its Monte Carlo SE. */
export function withMcse(e: McEstimate | null | undefined, digits = 3): string {
  if (!e || e.value === null) return '–';
  return e.mcse === null ? num(e.value, digits) : `${num(e.value, digits)} (${num(e.mcse, digits)})`;
}

/** "0.948 [0.933, 0.960]": a rate with its Wilson 95% interval. */
export function withInterval(e: McEstimate | null | undefined, digits = 3): string {
  if (!e || e.value === null) return '–';
  return e.ci_low === undefined || e.ci_high === undefined ? withMcse(e, digits) : `${num(e.value, digits)} [${num(e.ci_low, digits)}, ${num(e.ci_high, digits)}]`;
}

/** How each kind of true value was found, in a few words (the legend of the tables). */
export const TRUTH_HOW: Record<TruthKind, string> = {
  exact: 'exact, from the simulator’s parameters',
  exact_per_study: 'exact for each study, from its own bank of items (the mean shown)',
  paired_potential_outcomes: 'measured: paired potential outcomes on a large study (± its SE)',
  exact_self_share_measured_judged_share: 'self share exact, judged share measured on a large study (± its SE)',
  mean_of_null_studies: 'measured: the mean estimate of the null studies (± its MCSE)',
};

/** A truth's value with its SE where measured, and a mark of how it was found. */
export function truthCell(t: { value: number; se: number; how: TruthKind }): string {
  const mark = { exact: '', exact_per_study: ' ᵖ', paired_potential_outcomes: ' ᵐ', exact_self_share_measured_judged_share: ' ᵐ', mean_of_null_studies: ' ᵐ' }[t.how];
  return t.se > 0 ? `${num(t.value)} ± ${num(t.se, 4)}${mark}` : `${num(t.value)}${mark}`;
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
    '**Simulated studies, not data.** ' +
      `${s.sims} simulated studies with the planted effects and ${s.sims} in the null setting (the same seeds)${s.attrition_sims > 0 ? `, ${s.attrition_sims} with arm-dependent attrition` : ''}${s.curve_sims > 0 ? `, ${s.curve_sims} for the power curve` : ''}; ` +
      `${s.participants} analysed participants each, seed ${s.seed}; preregistration ${md(s.preregistration.file)} (sha256 ${s.preregistration.sha256.slice(0, 12)}…), alpha ${s.alpha}.`,
    `Planted effects: coaching d = ${num(s.effect_coach_d)} (${num(s.coach_multiplier)} × the calibrated ${num(doc.calibrated_d.coach)}), ` +
      `video d = ${num(s.effect_video_d)} (${num(s.video_multiplier)} × the calibrated ${num(doc.calibrated_d.video)}). ` +
      `Measured true values come from paired studies of ${Math.round(968 * s.planted_scale)} participants (pipeline/diagnose/truths.ts).`,
    '',
    'Rates (power, coverage, type I error) with their Wilson 95% interval in brackets; means with their Monte Carlo SE in parentheses. ' +
      'True values: unmarked, exact from the simulator’s parameters; ᵖ exact for each study from its own bank of items (their mean shown); ᵐ measured, ± its SE (paired potential outcomes on a large study for arm contrasts, the judged share on a large study for H5, the mean of the null studies for H6 at the bound).',
    '',
    '## With the planted effects',
    '',
    'Power = share of studies whose preregistered decision is `supported` (adjusted p below alpha with the preregistered direction; H6: the equivalence test). p < alpha = the unadjusted two-sided test. Model SE = the mean SE the analysis reports, beside the empirical SE (the spread of the estimates). The last rows are the exploratory analyses beside H7, which let the share vary from item to item (no decision, so no power).',
    '',
    '| hypothesis | true value of | true value | mean estimate | empirical SE | model SE | bias | coverage | power | p < alpha |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const h of [...doc.hypotheses, ...doc.exploratory]) {
    const p = h.planted;
    const targets = p.targets.length > 0 ? p.targets : [null];
    targets.forEach((t, i) => {
      const first = i === 0;
      lines.push(
        `| ${first ? markdownCell(h.id) : ''} | ${t ? markdownCell(t.target) : '–'} | ${t ? truthCell(t.truth) : '–'} | ${first ? withMcse(p.mean_estimate) : ''} | ${first ? withMcse(p.empirical_se) : ''} | ${first ? withMcse(p.model_se) : ''} | ${t ? withMcse(t.bias) : '–'} | ${t ? withInterval(t.coverage) : '–'} | ${first ? withInterval(p.power) : ''} | ${first ? withInterval(p.rejection_rate) : ''} |`,
      );
    });
  }
  lines.push('', '## In the null setting', '', `The null setting: ${md(doc.null_setting.description)}.`, '');
  lines.push(
    'Type I error = the share of studies making the error the null is about: a two-sided rejection at alpha, or for H6 equivalence claimed when |r| is at the bound. Supported = the preregistered decision (direction and correction).',
    '',
    '| hypothesis | null | type I error | p < alpha | supported | true value of | true value | mean estimate | coverage |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const h of [...doc.hypotheses, ...doc.exploratory]) {
    const n = h.null;
    if (!n) continue;
    n.targets.forEach((t, i) => {
      const first = i === 0;
      lines.push(
        `| ${first ? markdownCell(h.id) : ''} | ${first ? markdownCell(n.setting) : ''} | ${first ? withInterval(n.type_i_error) : ''} | ${first ? withInterval(n.rejection_rate) : ''} | ${first ? withInterval(n.supported_rate) : ''} | ${markdownCell(t.target)} | ${truthCell(t.truth)} | ${first ? withMcse(n.mean_estimate) : ''} | ${withInterval(t.coverage)} |`,
      );
    });
  }
  lines.push('', '### Family-wise error in the null setting', '', '| family | hypotheses | share of studies with any supported |', '|---|---|---|');
  for (const f of doc.family_wise_error) lines.push(`| ${markdownCell(f.family)} | ${f.hypotheses.length} | ${withInterval(f.rate)} |`);
  if (doc.attrition) {
    const a = doc.attrition;
    lines.push(
      '',
      '## Attrition that depends on the arm',
      '',
      `${s.attrition_sims} studies with the planted effects and attrition: ${md(a.description)}. Lost after allocation (mean share of the arm, MCSE): control ${withMcse(a.lost_share.control)}, video ${withMcse(a.lost_share.video)}, coach ${withMcse(a.lost_share.coach)}.`,
      'Shift = per study, the per-protocol estimate with this attrition minus the estimate of the same study without it (the same people, less those lost).',
      '',
      '| hypothesis | effect on everyone | on those who would stay in either arm | mean estimate | shift | bias (everyone) | coverage (everyone) | bias (stayers) | coverage (stayers) |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    const boundsRows = a.contrasts.map(
      (c) =>
        `| ${markdownCell(`${c.id} (${c.contrast})`)} | ${withMcse(c.observed_difference)} | ${num(c.lee.lower.value)} to ${num(c.lee.upper.value)} | ${withInterval(c.lee.covers_always_observed)} | ${withInterval(c.lee.covers_all)} | ${num(c.worst_case.lower.value)} to ${num(c.worst_case.upper.value)} | ${withInterval(c.worst_case.covers_all)} |`,
    );
    for (const c of a.contrasts) {
      lines.push(
        `| ${markdownCell(`${c.id} (${c.contrast})`)} | ${truthCell(c.truth_all)} | ${c.truth_always_observed ? truthCell(c.truth_always_observed) : '–'} | ${withMcse(c.mean_estimate)} | ${withMcse(c.shift)} | ${withMcse(c.bias_all)} | ${withInterval(c.coverage_all)} | ${withMcse(c.bias_always_observed)} | ${withInterval(c.coverage_always_observed)} |`,
      );
    }
    lines.push(
      '',
      'The bounds (analyze/attrition.ts; exploratory in the analysis) on the difference in mean round-3 alignment: Lee (2009) trimming bounds on the effect among those who would stay in either arm (under monotone attrition, which this setting has), and worst/best-case bounds, the missing outcomes at 1 and 5, on the effect over everyone randomised. Shown: their mean over the studies, and the share of studies whose bounds contain each truth. They are estimated bounds, without a confidence interval of their own.',
      '',
      '| hypothesis | observed difference | Lee bounds (mean) | Lee contains the stayers’ effect | Lee contains the effect on everyone | worst/best-case (mean) | worst/best-case contains the effect on everyone |',
      '|---|---|---|---|---|---|---|',
      ...boundsRows,
      '',
      `Fisher's exact test of arm × lost (the differential-attrition test): rejects ${withInterval(a.differential_test.power)} of the studies with this attrition, and ${withInterval(a.differential_test.type_i_error)} in the null setting, where losses do not depend on the arm.`,
    );
  }
  if (doc.power_curve) {
    const c = doc.power_curve;
    lines.push('', `## Power curve of ${md(c.hypothesis)}`, '', `${c.sims} studies, each searched for its detection threshold to within d = ${num(c.resolution, 4)} on [0, ${num(c.d_max)}]; power at d = the share of thresholds at or below d.`, '', '| coaching d | power (supported) |', '|---|---|');
    for (const p of c.points) lines.push(`| ${num(p.d)} | ${withInterval(p.power)} |`);
  }
  if (doc.mde) {
    const m = doc.mde;
    lines.push('', `## Minimum detectable effect of ${md(m.hypothesis)} at ${Math.round(m.target_power * 100)}% power`, '');
    lines.push(
      m.d === null
        ? 'Not reached in the searched range.'
        : `d = ${num(m.d)}, 95% interval ${num(m.interval?.low)} to ${m.interval?.high === null ? 'beyond the range searched' : num(m.interval?.high)} (order statistics ${m.interval?.ranks[0]} and ${m.interval?.ranks[1]} of ${doc.power_curve?.sims}, coverage ${num(m.interval?.coverage)}); ` +
            `power evaluated there on the same studies ${withInterval(m.power_at_mde)}; studies whose decision there disagrees with their threshold: ${m.non_monotone}.`,
    );
    lines.push('', `Method: ${md(m.method)}.`, '', `The rule it relies on: ${md(m.holm_rule)}.`);
  }
  lines.push('', '## In plain words', '');
  for (const note of doc.notes) lines.push(`- **${md(note.about)}.** ${md(note.text)}`);
  return lines.join('\n') + '\n';
}
