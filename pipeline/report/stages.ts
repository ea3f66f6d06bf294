/**
 * The report's "How this report was made" section: the runner's stage graph as a chain and a
 * table (stage, what it reads, what it produces, what counts as its code). Only static
 * descriptions are shown: whether a stage ran or came from the cache, and how long it took, differ
 * between runs and stay out of the page so that it is byte-identical (they are in the run's log).
 */
import { escapeHtml as e } from './escape.ts';
import type { ReportInputs } from './inputs.ts';

/**
 * The stage-graph section, or '' when the inputs carry no stages.
 *
 * @example
 * stagesSection({ ...inputs, stages: [{ stage: 'ingest', reads: ['export'], produces: ['tables'], code: 'pipeline/ingest' }] })
 * // '\n<h2 id="stages">How this report was made</h2>…' (a leading newline, so absent adds nothing)
 */
export function stagesSection(inputs: ReportInputs): string {
  const stages = inputs.stages;
  if (!stages || stages.length === 0) return '';
  const list = (items: string[]) => items.map((s) => e(s)).join('<br>');
  const rows = stages.map((s) => `<tr><td><strong>${e(s.stage)}</strong></td><td>${list(s.reads)}</td><td>${list(s.produces)}</td><td class="note">${e(s.code)}</td></tr>`);
  return `
<h2 id="stages">How this report was made</h2>
<p>${stages.map((s) => `<code>${e(s.stage)}</code>`).join(' → ')}</p>
<p class="muted">Each stage is keyed on a SHA-256 of what it reads, its code, its parameters and the preregistration sections it uses; a stage whose key is unchanged is taken from the cache. The keys, inputs and outputs of this run are in manifest.json.</p>
<div class="table-wrap"><table><thead><tr><th>Stage</th><th>Reads</th><th>Produces</th><th>Code</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>`;
}
