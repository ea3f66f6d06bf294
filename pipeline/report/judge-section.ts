/**
 * The report's section on the judge: how the ratings were made (the settings preregistered and
 * used, what came back) and, only for a synthetic or public study, a few rationales per dimension,
 * as the judge wrote them. A rationale quotes the transcript, so for any other study none is
 * shown and the page says why (pipeline/judge/README.md, "Rationales, and what may be shown").
 * Everything from the data goes through the one HTML escaper.
 */
import { judgeSettingRows } from '../prereg/audit-judge.ts';
import { DIMENSIONS } from '../study.ts';
import { escapeHtml as e } from './escape.ts';
import type { ReportInputs } from './inputs.ts';

/**
 * The section's HTML, or '' when the judge did not make the ratings.
 *
 * @example
 * judgeSection({ ...inputs, judge: { audit, rationales: null, rationales_note: 'not shown: …' } }).startsWith('<h2 id="judge">') // true
 */
export function judgeSection(inputs: ReportInputs): string {
  const j = inputs.judge;
  if (!j) return '';
  const a = j.audit;
  const rows = judgeSettingRows(a).map((r) => `<tr><td>${e(r.setting)}</td><td>${e(r.preregistered)}</td><td>${r.differs ? `<strong>${e(r.used)}</strong>` : e(r.used)}</td></tr>`);
  const rationales = j.rationales === null
    ? `<p class="muted">Rationales ${e(j.rationales_note)}.</p>`
    : DIMENSIONS.map((d) => {
      const mine = j.rationales!.filter((r) => r.dimension === d.name);
      if (mine.length === 0) return '';
      return `<h3>${e(d.label)}</h3>\n${mine.map((r) => `<blockquote class="rationale"><p><strong>Score ${e(r.score)}.</strong> ${r.example === null ? '' : `Example: ${e(r.example)}`}</p>${r.justification === null ? '' : `<p>Justification: ${e(r.justification)}</p>`}</blockquote>`).join('\n')}`;
    }).join('\n');
  return `<h2 id="judge">The judge</h2>
<p>The ratings were made by the LLM judge at <code>${e(a.endpoint ?? '')}</code>: ${e(a.requests ?? 0)} requests, ${e(a.ratings ?? 0)} ratings, ${e(a.unparsed ?? 0)} replies without a readable score (missing ratings, not imputed).</p>
<table><thead><tr><th>Setting</th><th>Preregistered</th><th>Used</th></tr></thead><tbody>${rows.join('')}</tbody></table>
${j.rationales === null ? '' : `<p class="muted">${e(`Rationales: ${j.rationales_note}.`)}</p>\n`}${rationales}`;
}
