/**
 * The report's provenance: one line at the top and a section at the end naming the software
 * (this project's version, Node's and every package's), the digest of the code that ran, the git
 * commit (or why there is none), the command and the date (pipeline/runner/provenance.ts records
 * them; manifest.json carries the same).
 */
import { escapeHtml as e } from './escape.ts';
import type { ReportInputs, ReportProvenance } from './inputs.ts';

const short = (sha: string) => sha.slice(0, 12);

function commitText(p: ReportProvenance): string {
  if (p.git === null) return `not recorded: ${p.git_note ?? 'unknown why'}`;
  return `${p.git.commit}${p.git.uncommitted_changes ? ' with uncommitted changes to the code (the code digest names what ran)' : ''}`;
}

function dateText(p: ReportProvenance): string {
  return p.date ?? 'not stamped: the outputs carry no clock time, so the same inputs give the same bytes (set SOURCE_DATE_EPOCH to stamp one)';
}

/**
 * The line under the title: software, code digest, commit, date.
 *
 * @example
 * provenanceLine(inputs) // '<p class="muted" id="made-by">Made by lend-an-ear-analysis 0.1.0 on Node v20.20.2; code 5c0f12ab34cd; …</p>'
 */
export function provenanceLine(inputs: ReportInputs): string {
  const p = inputs.provenance;
  if (!p) return '';
  const commit = p.git ? `commit ${short(p.git.commit)}${p.git.uncommitted_changes ? ' (with uncommitted changes)' : ''}` : 'commit not recorded';
  return `<p class="muted" id="made-by">Made by ${e(p.software.name)} ${e(p.software.version)} on Node ${e(p.node)}; code <code>${e(short(p.code_sha256))}</code>; ${e(commit)}; ${e(p.date ? `dated ${p.date}` : 'not dated')}. <a href="#provenance">Provenance</a>.</p>`;
}

/**
 * The "Provenance" section, or a note that none was recorded (a report made outside `run`).
 *
 * @example
 * provenanceSection(inputs).startsWith('<h2 id="provenance">Provenance</h2>') // true
 */
export function provenanceSection(inputs: ReportInputs): string {
  const p = inputs.provenance;
  if (!p) return '<h2 id="provenance">Provenance</h2>\n<p class="muted">Not recorded: this report was not made by the pipeline\'s run command.</p>';
  const packages = Object.entries(p.dependencies).map(([name, version]) => `${name} ${version}`).join(', ');
  const rows: [string, string][] = [
    ['Software', `${e(p.software.name)} ${e(p.software.version)}, Node ${e(p.node)}`],
    ['Packages', e(packages)],
    ['Code', `SHA-256 <code>${e(p.code_sha256)}</code> over the normalised code of the four stages (comments and layout do not count; manifest.json lists each file's digest)`],
    ['Git commit', e(commitText(p))],
    ['Command', p.command ? `<code>${e(p.command)}</code> (the options that decide the outputs; manifest.json has the command line as typed)` : 'not recorded'],
    ['Date', e(dateText(p))],
    ['Inputs', `data SHA-256 <code>${e(inputs.results.study.data_sha256)}</code>; preregistration SHA-256 <code>${e(inputs.results.preregistration.sha256)}</code>; every file's SHA-256 in manifest.json`],
  ];
  return `<h2 id="provenance">Provenance</h2>
<dl class="provenance">
${rows.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('\n')}
</dl>`;
}
