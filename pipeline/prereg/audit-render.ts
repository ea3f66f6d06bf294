/**
 * audit.md: the audit as a document a reviewer reads beside the preregistration. Deviations come
 * first (errors, then warnings, then notes), then each planned item, the exclusions, unplanned
 * results and data warnings. Only ids, method names, numbers and warning codes reach it: no
 * participant ids, no message text. Text from inputs (the preregistration's words, a column name
 * in a data warning, a scenario in a sub-result's id, the file's path) is escaped
 * (escape/markdown.ts): every table cell, and every value in the lines around them.
 */
import { PLAN_CHANGE_KINDS, type Audit, type Deviation } from './audit.ts';
import { judgeSettingRows, type JudgeAudit } from './audit-judge.ts';
import { escapeMarkdown as md, markdownCell, markdownCode } from '../escape/markdown.ts';

const SEVERITY_ORDER = { error: 0, warning: 1, note: 2 } as const;

/** A p-value or share as JS prints it, shortened to 4 significant digits for reading. */
function num(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  return Math.abs(x) < 1e-4 && x !== 0 ? x.toExponential(2) : String(Number(x.toPrecision(4)));
}

function table(header: string[], rows: string[][]): string[] {
  if (rows.length === 0) return ['(none)'];
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(markdownCell).join(' | ')} |`)];
}

function deviationRows(deviations: Deviation[]): string[][] {
  return [...deviations]
    .map((d, i) => ({ d, i }))
    .sort((a, b) => SEVERITY_ORDER[a.d.severity] - SEVERITY_ORDER[b.d.severity] || a.i - b.i)
    .map(({ d }) => [d.severity.toUpperCase(), d.kind, d.item ?? '—', d.osf_field ?? '—', d.planned ?? '—', d.actual ?? '—', d.cause, d.impact]);
}

/** Deviations counted per OSF Prereg field, in order of first appearance. */
function byOsfField(deviations: Deviation[]): string[][] {
  const rows = new Map<string, { error: number; warning: number; note: number }>();
  for (const d of deviations) {
    const key = d.osf_field ?? '—';
    const row = rows.get(key) ?? { error: 0, warning: 0, note: 0 };
    row[d.severity] += 1;
    rows.set(key, row);
  }
  return [...rows].map(([field, r]) => [field, String(r.error), String(r.warning), String(r.note)]);
}

/** The lock's state, what changed since, and the git history, as list items (and a table). */
function lockLines(audit: Audit): string[] {
  const p = audit.preregistration;
  if (!p.locked) return ['- Lock: NOT LOCKED (no lock.json beside the preregistration)'];
  const state = p.lock_problems.length > 0 ? 'LOCK DOES NOT CHECK ITSELF' : p.changed_since_lock ? 'CHANGED AFTER ITS LOCK' : 'matches its lock';
  const format = p.lock_format === 2 ? 'it keeps a snapshot of the locked text' : 'format 1: it keeps only the hash';
  const lines = [`- Lock: ${state} (locked ${md(p.locked_at ?? '')}, SHA-256 ${markdownCode(p.locked_sha256 ?? '')}; ${format})`];
  if (p.lock_format === 2) {
    lines.push(p.lock_problems.length === 0 ? '- The lock checks itself: its snapshot hashes to its recorded SHA-256.' : `- The lock does not check itself: ${md(p.lock_problems.join('; '))}`);
  }
  const changes = audit.deviations.filter((d) => PLAN_CHANGE_KINDS.has(d.kind));
  if (p.changes_since_lock === null) {
    if (p.changed_since_lock) lines.push('- Changes of substance since the lock: cannot be named (the lock holds no snapshot; lock again with scripts/lock-prereg.ts to keep one)');
  } else if (changes.length === 0) {
    lines.push(`- Changes of substance since the lock: none${p.changed_since_lock ? ' (the file changed in comments or layout only)' : ''}`);
  } else {
    lines.push(`- Changes of substance since the lock: ${changes.length}`);
    for (const d of changes) lines.push(`  - ${d.severity.toUpperCase()}: ${md(d.summary ?? '')}`);
  }
  const h = p.history;
  if (!h.checked) {
    lines.push(`- Git history since the lock date: could not check (${md(h.reason ?? '')})`);
  } else if (h.commits.length === 0) {
    lines.push(`- Git history since the lock date: no commit changed the preregistration or its lock on or after ${md(p.locked_at ?? '')}`);
  } else {
    const after = h.commits.filter((c) => c.after_lock).length;
    lines.push(`- Git history since the lock date: ${h.commits.length} commit(s) changed the preregistration or its lock on or after ${md(p.locked_at ?? '')}, ${after} of them after that day:`, '');
    lines.push(...table(['commit', 'date (UTC)', 'changed', 'after the lock date', 'subject'],
      h.commits.map((c) => [c.commit, c.date, c.changed.join(', ') || '—', c.after_lock ? 'yes' : 'no', c.subject])), '');
  }
  return lines;
}

/** The judge: the settings preregistered and used side by side, and what came back. */
function judgeLines(j: JudgeAudit): string[] {
  const out = ['## The judge', ''];
  if (j.source === 'export') {
    out.push('The ratings came with the export (no judge.json): the preregistered judge below is not checked against how they were made.', '');
  } else {
    const tokens = j.usage ? `; tokens counted by the endpoint: ${j.usage.prompt_tokens} prompt, ${j.usage.completion_tokens} completion` : '';
    out.push(`The ratings were made by the judge at ${markdownCode(j.endpoint ?? '')}: ${j.requests} requests, ${j.ratings} ratings, ${j.unparsed} replies without a readable score (missing ratings, not imputed), ${j.reasked} read from a re-ask${tokens}.`, '');
  }
  const rows = judgeSettingRows(j).map((r) => [r.setting, r.preregistered, r.used, r.compared ? (r.differs ? 'DIFFERS' : 'as planned') : '—']);
  out.push(...table(['setting', 'preregistered', 'used', ''], rows));
  if (j.unparsed_by_reason && (j.unparsed ?? 0) > 0) {
    out.push('', ...table(['reply without a readable score', 'count'], Object.entries(j.unparsed_by_reason).filter(([, n]) => n > 0).map(([r, n]) => [r, String(n)])));
  }
  if (j.served_models) out.push('', `Models named in the replies: ${md(Object.entries(j.served_models).map(([m, n]) => `${m} (${String(n)})`).join(', '))}.`);
  return out;
}

/**
 * Renders the audit as Markdown.
 * Example: `renderAuditMarkdown(audit).split('\n')[0]` → `'# Audit: preregistration vs what ran'`.
 */
export function renderAuditMarkdown(audit: Audit): string {
  const p = audit.preregistration;
  const s = audit.summary;
  const out: string[] = ['# Audit: preregistration vs what ran', ''];
  const verdict = { as_planned: 'Ran as preregistered.', deviations: 'Ran with deviations (below).', errors: 'ERRORS: see the deviations below before reading any confirmatory result.' }[s.verdict];
  out.push(`**${verdict}** ${s.ran_as_planned} of ${s.planned} preregistered items ran as planned; ${s.errors} error(s), ${s.warnings} warning(s), ${s.notes} note(s); ${s.unplanned} result(s) not in the preregistration (exploratory).`, '');

  out.push('## Preregistration and lock', '');
  out.push(
    `- File: ${markdownCode(p.file)} — ${md(p.title)}, version ${md(p.version)}`,
    `- SHA-256 now: ${markdownCode(p.sha256)}`,
    ...lockLines(audit),
    `- results.json computed under SHA-256 ${markdownCode(p.results_sha256)}${p.results_sha256 === p.sha256 ? ' (the same file)' : ' (ANOTHER file)'}`,
    `- Alpha ${md(String(audit.alpha))}; sample: ${audit.sample.enrolled} enrolled, ${audit.sample.randomised} randomised, ${audit.sample.analysed} analysed (control ${audit.sample.by_arm.control}, video ${audit.sample.by_arm.video}, coach ${audit.sample.by_arm.coach})`,
    '',
  );

  if (audit.judge) out.push(...judgeLines(audit.judge), '');

  out.push('## Deviations', '', 'Each with what was planned, what happened, its cause and its impact on inference (Lakens 2024; Willroth & Atherton 2024).', '');
  if (audit.deviations.length > 0) out.push(...table(['OSF Prereg field', 'errors', 'warnings', 'notes'], byOsfField(audit.deviations)), '');
  out.push(...table(['severity', 'kind', 'item', 'OSF Prereg field', 'planned', 'actual', 'cause', 'impact'], deviationRows(audit.deviations)), '');

  out.push('## Preregistered items', '', 'n is the number of participants a test used; "(k missing)" counts analysed participants it could not use (missing ratings or self-reports are not imputed, as preregistered).', '');
  out.push(...table(
    ['id', 'status', 'planned', 'correction', 'ran', 'n', 'p', 'p adjusted', 'decision', 'verdict'],
    audit.items.map((i) => {
      const planned = `${i.planned.method}; ${i.planned.outcome}${i.planned.contrast ? `; ${i.planned.contrast}` : ''}`;
      const ran = i.ran.length === 0 ? 'did not run' : i.ran.length === 1 ? 'ran' : `${i.ran.length} sub-results`;
      const one = i.ran.length === 1 ? i.ran[0] : null;
      return [
        i.id, `${i.status} (${i.tag})`, planned, i.planned.correction ? `${i.planned.correction} (${i.planned.correction_id})` : 'none', ran,
        one ? `${one.n}${i.n_missing ? ` (${i.n_missing} missing)` : ''}` : i.ran.map((r) => r.n).join(', ') || '—',
        one ? num(one.p) : '—', one ? num(one.p_adjusted) : '—', one?.decision ?? '—', i.verdict.replace(/_/g, ' '),
      ];
    }),
  ), '');
  const multi = audit.items.filter((i) => i.ran.length > 1);
  for (const i of multi) {
    out.push(`Sub-results of ${md(i.id)}:`, '');
    out.push(...table(['id', 'n', 'p', 'note'], i.ran.map((r) => [r.id, String(r.n), num(r.p), r.note ?? ''])), '');
  }

  const scoped = audit.items.flatMap((i) => i.ran).filter((r) => r.scope);
  if (scoped.length > 0) {
    out.push('## Scope of the results', '', ...scoped.map((r) => `- ${r.id}: ${markdownCell(r.scope as string)}.`), '');
  }
  out.push(
    '## Reading the statistics',
    '',
    "- The 95% CI of each d is the estimate's CI divided by the pooled round-1 SD, taken as known (as specified): the SD's own sampling uncertainty is ignored, so the interval is somewhat too narrow.",
    "- The CI of each H5 share difference is Newcombe's (1998) method-10 interval for paired proportions.",
    '- H6 is decided by the equivalence test (two one-sided tests on Fisher z against the bounds r = ±0.1), its TOST p; the p of the correlation itself tests r = 0, which the decision does not use.',
    '',
  );

  out.push('## Exclusions', '');
  out.push(...table(['id', 'rule', 'removed', 'of', 'share', 'expected at most', 'flag'],
    audit.exclusions.map((e) => [e.id, e.rule, String(e.n), String(e.denominator), e.share === null ? '—' : `${(e.share * 100).toFixed(1)}%`, `${(e.expected_max_share * 100).toFixed(1)}%`, e.above_expected ? 'ABOVE EXPECTED' : 'ok'])), '');

  if (audit.attrition) {
    const a = audit.attrition;
    const d = a.differential_attrition;
    out.push('## Attrition after allocation (exploratory)', '');
    out.push('Exclusions after allocation make the analysed set per protocol. Fisher\'s exact test of arm × lost (not preregistered): ' + (d.p === null ? `not computed (${d.note ?? 'no reason given'})` : `p = ${num(d.p)}${d.note ? ` (${d.note})` : ''}`) + '.', '');
    out.push(...table(['arm', 'allocated', 'lost', 'analysed'], Object.entries(d.by_arm).map(([arm, c]) => [arm, String(c.allocated), String(c.lost), String(c.analysed)])), '');
    if (a.bounds.length > 0) {
      out.push(`Bounds on the difference in round-${a.bounds[0].round} mean alignment (not the ANCOVA's adjusted difference): Lee (2009) among the always-observed, assuming monotonicity; worst/best case over everyone allocated, the lost imputed at 1 and 5.`, '');
      const range = (lo: number | undefined, hi: number | undefined) => (lo === undefined || hi === undefined ? '—' : `[${num(lo)}, ${num(hi)}]`);
      out.push(...table(['item', 'contrast', 'observed/allocated', 'observed difference', 'Lee bounds', 'trimmed', 'worst/best case', 'note'], a.bounds.map((b) => [
        b.hypothesis, b.contrast, `${b.observed.treatment}/${b.allocated.treatment}, ${b.observed.reference}/${b.allocated.reference}`,
        b.lee ? num(b.lee.observed_difference) : '—', range(b.lee?.lower, b.lee?.upper), b.lee ? `${b.lee.trimmed} (${num(b.lee.trim_share)})` : '—',
        range(b.worst_case?.lower, b.worst_case?.upper), b.note ?? '',
      ])), '');
    }
  }

  out.push('## Results not in the preregistration (exploratory)', '');
  out.push(...table(['id', 'status', 'method', 'outcome', 'n', 'p'], audit.unplanned.map((t) => [t.id, t.status, t.method, t.outcome, String(t.n), num(t.p)])), '');

  out.push('## Data warnings from ingest', '');
  out.push(...table(['code', 'count', 'where (first few)'], audit.data_warnings.map((g) => [g.code, String(g.count), g.locations.join('; ') || '—'])), '');
  return out.join('\n');
}
