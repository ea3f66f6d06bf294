/**
 * The preregistration as a readable document (preregistration/PREREGISTRATION.md), rendered from
 * the same parsed YAML the pipeline runs on, so the two cannot drift apart (a test compares the
 * committed file with a fresh rendering).
 */
import { escapeMarkdown as md, markdownCell, markdownCode } from '../escape/markdown.ts';
import type { CorrectionSpec, HypothesisSpec, JudgeSpec, Preregistration } from './types.ts';

const FAMILY_TITLES: Record<string, string> = {
  primary: 'Primary hypotheses',
  secondary: 'Secondary hypotheses',
  silent_empathy: 'Silent empathy',
  perception: 'Perception',
  exploratory: 'Exploratory analyses (no decision is drawn)',
};

/** The OSF Prereg template field each section answers, so a reviewer can map one onto the other. */
function osf(field: string): string {
  return `_OSF Prereg: ${field}._`;
}

/** `coach − control`, or an em dash when there is no contrast. */
export function contrastLabel(h: Pick<HypothesisSpec, 'contrast'>): string {
  return h.contrast ? `${h.contrast.treatment} − ${h.contrast.reference}` : '—';
}

/** The correction a hypothesis belongs to, e.g. `holm (C1)`, or `none`. */
export function correctionLabel(id: string, corrections: CorrectionSpec[]): string {
  const c = corrections.find((k) => k.hypotheses.includes(id));
  return c ? `${c.method} (${c.id})` : 'none';
}

function parameters(h: HypothesisSpec): string {
  const parts: string[] = [];
  if (h.predictor !== null) parts.push(`predictor ${h.predictor}`);
  if (h.round !== null) parts.push(`round ${h.round}`);
  if (h.threshold !== null) parts.push(`yes when ≥ ${h.threshold}`);
  if (h.equivalence_bound !== null) parts.push(`equivalence bounds r = ±${h.equivalence_bound}`);
  if (h.null_value !== null) parts.push(`null value ${h.null_value}`);
  return parts.length > 0 ? parts.join('; ') : '—';
}

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(markdownCell).join(' | ')} |`),
  ];
}

/**
 * Renders the preregistration as Markdown: settings, scoring, exclusions, every hypothesis by
 * family with its test, direction and correction, the corrections, and the reliability plan;
 * every item shows its provenance tag (paper / reconstructed).
 * Example: `renderPreregistrationMarkdown(prereg).split('\n')[0]` → `'# Preregistration: Lend an Ear: …'`.
 */
export function renderPreregistrationMarkdown(prereg: Preregistration): string {
  const out: string[] = [];
  out.push(`# Preregistration: ${md(prereg.title)}`, '');
  out.push('<!-- Generated from preregistration.yaml by scripts/lock-prereg.ts; do not edit by hand. -->', '');
  out.push(
    `Schema ${markdownCode(prereg.schema)}, version ${md(prereg.version)}. Every item is tagged **paper** (a published`,
    'figure or quote) or **reconstructed** (our reading of the paper; the original preregistration is not',
    'public). lock.json holds the SHA-256 of preregistration.yaml, a snapshot of its text and the date it was',
    'frozen; every audit compares the plan that ran with that snapshot, item by item.',
    '',
  );

  out.push('## Settings', '', osf('Analysis plan › Inference criteria'), '');
  out.push(
    ...table(['setting', 'value', 'tag'], [
      ['alpha', String(prereg.alpha), prereg.tag ?? '—'],
      ['tests', prereg.sides, prereg.tag ?? '—'],
      ['confidence level', String(prereg.confidence_level), prereg.tag ?? '—'],
    ]),
    '',
  );

  const s = prereg.scoring;
  out.push('## Scoring', '', osf('Variables › Measured variables; Indices'), '', `Tag: ${md(s.tag)}.`, '');
  out.push(
    `- A conversation's score on a dimension: the ${md(s.aggregate_runs)} over the judge's runs.`,
    `- Alignment: the mean of the prescriptive scores and of (${md(String(s.alignment_reflect))} − score) for the proscriptive ones.`,
    `- Baseline round ${md(String(s.baseline_round))}, outcome round ${md(String(s.outcome_round))}.`,
    `- Standardised effects (d): the estimate divided by the pooled within-arm SD of the outcome at round ${md(String(s.effect_size_round))}.`,
    '',
  );

  out.push('## Exclusions', '', osf('Analysis plan › Data exclusion'), '', 'Applied in this order; a participant is counted under the first rule that excludes them.', '');
  out.push(
    ...table(['id', 'rule', 'stage', 'description', 'tag'], prereg.exclusions.map((e) => [
      e.id,
      e.min_supporter_messages === null ? e.rule : `${e.rule} (< ${e.min_supporter_messages})`,
      e.stage.replace(/_/g, ' '),
      e.description,
      e.tag,
    ])),
    '',
  );

  if (prereg.missing_data) {
    out.push('## Missing data', '', osf('Analysis plan › Missing data'), '', `Tag: ${md(prereg.missing_data.tag)}. Policy: ${md(prereg.missing_data.policy.replace(/_/g, ' '))}.`, '', md(prereg.missing_data.description), '');
  }

  out.push('## Hypotheses', '', osf('Hypotheses; Analysis plan › Statistical models, Inference criteria, Exploratory analysis'), '', `Alpha ${md(String(prereg.alpha))}, ${md(prereg.sides)}. A confirmatory hypothesis is supported when its p`,
    '(adjusted within its correction set where one applies) is below alpha and the estimate has the',
    'preregistered direction; an equivalence hypothesis when its equivalence p is below alpha.', '');
  const families = [...new Set(prereg.hypotheses.map((h) => h.family))];
  for (const family of families) {
    const members = prereg.hypotheses.filter((h) => h.family === family);
    out.push(`### ${FAMILY_TITLES[family] ?? md(family)}`, '');
    out.push(
      ...table(['id', 'question', 'method', 'outcome', 'contrast', 'parameters', 'direction', 'decision', 'correction', 'tag'],
        members.map((h) => [
          h.id, h.question, h.method, h.outcome, contrastLabel(h), parameters(h), h.direction,
          h.decision_rule.replace(/_/g, ' '), correctionLabel(h.id, prereg.corrections), `${h.status}, ${h.tag}`,
        ])),
      '',
    );
  }

  out.push('## Corrections for multiple testing', '', osf('Analysis plan › Inference criteria (multiple comparisons)'), '');
  out.push(
    ...table(['id', 'method', 'hypotheses adjusted together', 'tag'],
      prereg.corrections.map((c) => [c.id, c.method, `${c.hypotheses.length}: ${c.hypotheses.join(', ')}`, c.tag])),
    '',
  );

  const r = prereg.reliability;
  out.push('## Reliability of the judge (pilot)', '', osf('Variables › Measured variables (validity of the measure)'), '', `Tag: ${md(r.tag)}${r.reconstructed_fields?.length ? `; reconstructed: ${md(r.reconstructed_fields.join(', '))}` : ''}.`, '');
  out.push(
    ...r.rater_groups.map((g) => `- Rater group ${markdownCode(g.name)}: ${md(g.combine)} of ${md(g.members.join(', '))}.`),
    `- Cohen's kappa (${md(r.kappa_weights)} weights; ratings × ${md(String(r.kappa_scale))}, rounded) for the pairs ${md(r.kappa_pairs.map((p) => `${p[0]}–${p[1]}`).join(', '))}.`,
    `- Krippendorff's alpha (${md(r.alpha_metric)}) among ${md(r.alpha_raters.join(', '))}, ${md(String(r.bootstrap_replicates))} bootstrap replicates over conversations (seed ${md(String(r.bootstrap_seed))}), ${md(String(r.confidence_level * 100))}% interval.`,
    '',
  );
  if (prereg.judge) out.push(...judgeSection(prereg.judge));
  if (prereg.amendments?.length) {
    out.push('## Amendments after the first lock', '', osf('Registration (amendments)'), '', 'Each was followed by a re-lock (lock.json).', '');
    out.push(...table(['date', 'sections', 'what and why'], prereg.amendments.map((a) => [a.date, a.sections.join(', '), a.description])), '');
  }
  return out.join('\n');
}

/** A prompt as a fenced code block: the fence is longer than any run of backticks inside, so
 *  nothing in the prompt can close it, and control characters other than line breaks are replaced. */
function fenced(text: string): string[] {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}text`, text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd'), fence];
}

/** The judge: settings, the prompt as sent, the rubric per dimension. */
function judgeSection(j: JudgeSpec): string[] {
  const tagOf = (field: string) => (j.paper_fields?.includes(field) ? 'paper' : j.tag);
  return [
    '## The judge: from transcripts to ratings', '', osf('Variables › Measured variables (how the measure is produced)'), '',
    `Tag: ${md(j.tag)}${j.paper_fields?.length ? `; published: ${md(j.paper_fields.join(', '))}` : ''}. One request per conversation × dimension × run, naming`,
    "that one dimension and carrying the whole transcript; a run's score is read from the reply by the parse rule;",
    "a conversation's score on a dimension is the aggregate over its runs (Scoring above).",
    '',
    ...table(['setting', 'value', 'tag'], [
      ['model', j.model, tagOf('model')],
      ['temperature', String(j.temperature), tagOf('temperature')],
      ['runs', String(j.runs), tagOf('runs')],
      ['max_tokens', j.max_tokens === null ? 'not sent (the endpoint\'s default)' : String(j.max_tokens), tagOf('max_tokens')],
      ['reply format', j.reply_format, tagOf('reply_format')],
      ['parse rule', j.parse_rule, tagOf('parse_rule')],
      ['re-asks of an unreadable reply', String(j.reask.max_reasks), tagOf('reask')],
    ]),
    '',
    '### System message', '', ...fenced(j.system_prompt), '',
    '### User message', '', 'The placeholders in double braces are filled in for each dimension and conversation.', '', ...fenced(j.user_prompt), '',
    ...(j.reask.max_reasks > 0 ? ['### Re-ask', '', ...fenced(j.reask.message), ''] : []),
    '### Rubric', '',
    ...table(['dimension', 'definition', '1 means', '5 means', 'tag'], j.dimensions.map((d) => [`${d.label} (${d.name})`, d.definition, d.score_1, d.score_5, d.tag])),
    '',
  ];
}
