/**
 * The report's "Design diagnosis" section, from diagnosis.json (`run --diagnosis`): per hypothesis
 * its power, the bias and coverage against each true value, the type I error in the null setting,
 * the family-wise errors, the per-protocol analysis under arm-dependent attrition, the minimum
 * detectable effect with its interval, and in plain words why the figures that look alarming are
 * expected (the notes the diagnosis writes). Everything from the file is escaped.
 */
import { formatNumber } from './apa.ts';
import { escapeHtml as e } from './escape.ts';
import type { DiagnosisInput, McValue } from './inputs.ts';

const f3 = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(3));

/** "0.948 [0.933, 0.960]" for a rate, "0.812 (0.012)" for a mean: the estimate and its Monte Carlo uncertainty. */
function mcText(v: McValue | null | undefined): string {
  if (!v || v.value === null) return '—';
  if (v.ci_low !== undefined && v.ci_high !== undefined) return `${f3(v.value)} [${f3(v.ci_low)}, ${f3(v.ci_high)}]`;
  return v.mcse === null ? f3(v.value) : `${f3(v.value)} (${f3(v.mcse)})`;
}

/** A table cell: the estimate, and its interval or Monte Carlo SE on a second, smaller line (so the wide tables fit a printed page). */
function cell(v: McValue | null | undefined): string {
  if (!v || v.value === null) return '<td class="num">—</td>';
  const below = v.ci_low !== undefined && v.ci_high !== undefined ? `[${f3(v.ci_low)}, ${f3(v.ci_high)}]` : v.mcse === null ? '' : `(${f3(v.mcse)})`;
  return `<td class="num">${e(f3(v.value))}${below ? `<br><small>${e(below)}</small>` : ''}</td>`;
}
const idCell = (id: string, note: string | null = null) =>
  `<td class="id"><code>${e(id).replace(/\./g, '.<wbr>')}</code>${note ? ` <a class="prereg-tag" href="#${e(noteId(note))}">see the note</a>` : ''}</td>`;

/** The HTML id of the note about `about` (ids and dashes kept, anything else a hyphen). */
function noteId(about: string): string {
  return `diagnosis-note-${about.replace(/[^A-Za-z0-9.]+/g, '-')}`;
}

function fullSection(dx: DiagnosisInput): string {
  const rows = (dx.hypotheses ?? []).flatMap((h) =>
    (h.targets.length > 0 ? h.targets : [null]).map((t, i) => {
      const first = i === 0;
      const truth = t ? `${f3(t.truth)}${t.truth_se > 0 ? ` ± ${t.truth_se.toFixed(4)}` : ''}` : '—';
      return `<tr>${first ? idCell(h.id, h.note) : '<td></td>'}<td>${e(t?.target ?? '—')}</td><td class="num" title="${e(t?.truth_how ?? '')}">${e(truth)}</td>${first ? cell(h.mean_estimate) : '<td></td>'}${cell(t?.bias)}${cell(t?.coverage)}${first ? cell(h.power) : '<td></td>'}${first ? cell(h.type_i_error) : '<td></td>'}</tr>`;
    }),
  );
  const effects = dx.effect_coach_d === undefined ? '' : ` Planted effects: coaching d = ${e(f3(dx.effect_coach_d))}, video d = ${e(f3(dx.effect_video_d ?? 0))}.`;
  const familyWise = dx.family_wise?.length
    ? `<p>Family-wise error in the null setting (share of studies with any "supported" hypothesis of the family): ${dx.family_wise.map((f) => `${e(f.family)} ${e(mcText(f.rate))}`).join('; ')}.</p>`
    : '';
  const mde = dx.mde
    ? `<p>Minimum detectable effect of <code>${e(dx.mde.hypothesis)}</code> at ${e(Math.round(dx.mde.target_power * 100))}% power: ${
        dx.mde.d === null
          ? 'not reached in the searched range'
          : `d = ${e(f3(dx.mde.d))}${dx.mde.interval ? ` (95% interval ${e(f3(dx.mde.interval.low))} to ${e(dx.mde.interval.high === null ? 'beyond the range searched' : f3(dx.mde.interval.high))})` : ''}${dx.mde.power ? `; power evaluated there ${e(mcText(dx.mde.power))}` : ''}`
      }; the power curve is in figures/power-curve.svg.</p>`
    : '';
  const attrition = dx.attrition
    ? `<h3 id="diagnosis-attrition">Attrition that depends on the arm</h3>
<p>${e(dx.attrition.sims)} studies with the planted effects and attrition: ${e(dx.attrition.description)}. Shift: per study, the per-protocol estimate minus the estimate of the same study without this attrition.</p>
<div class="table-wrap"><table><thead><tr><th>Hypothesis</th><th>Effect on everyone</th><th>On those who would stay in either arm</th><th>Mean estimate</th><th>Shift</th><th>Coverage (everyone)</th><th>Coverage (stayers)</th></tr></thead><tbody>
${dx.attrition.rows.map((r) => `<tr>${idCell(r.id)}<td class="num">${e(f3(r.truth_all))}</td><td class="num">${e(f3(r.truth_stayers))}</td>${cell(r.mean_estimate)}${cell(r.shift)}${cell(r.coverage_all)}${cell(r.coverage_stayers)}</tr>`).join('\n')}
</tbody></table></div>
<p>The attrition bounds (mean limits over the studies; Lee's are about those who would stay in either arm, the worst/best-case ones about everyone randomised), and how often they contain the effect they are about. Fisher's test of arm × lost detects this attrition in ${e(mcText(dx.attrition.differential_test))} of the studies.</p>
<div class="table-wrap"><table><thead><tr><th>Hypothesis</th><th>Lee bounds</th><th>Contain the stayers' effect</th><th>Worst/best-case bounds</th><th>Contain the effect on everyone</th></tr></thead><tbody>
${dx.attrition.bounds.map((b) => `<tr>${idCell(b.id)}<td class="num">${e(`${f3(b.lee[0])} to ${f3(b.lee[1])}`)}</td>${cell(b.lee_covers_stayers)}<td class="num">${e(`${f3(b.worst_case[0])} to ${f3(b.worst_case[1])}`)}</td>${cell(b.worst_case_covers_all)}</tr>`).join('\n')}
</tbody></table></div>`
    : '';
  const notes = dx.notes?.length
    ? `<h3 id="diagnosis-plain-words">In plain words</h3>
<ul class="diagnosis-notes">
${dx.notes.map((n) => `<li id="${e(noteId(n.about))}"><strong>${e(n.about)}.</strong> ${e(n.text)}</li>`).join('\n')}
</ul>`
    : '';
  return `<h2 id="diagnosis">Design diagnosis</h2>
<p><strong>Simulated studies, not data:</strong> ${e(dx.simulations)} synthetic studies with the planted effects and ${e(dx.simulations)} in the null setting${dx.participants === undefined ? '' : `, ${e(dx.participants)} analysed participants each`}${dx.seed === undefined ? '' : `, seed ${e(dx.seed)}`}, each run through the preregistered exclusions, scoring and analyses.${effects}</p>
${dx.null_setting ? `<p class="muted">The null setting: ${e(dx.null_setting)}.</p>` : ''}
<p class="muted">Rates with their 95% Wilson interval in brackets, means with their Monte Carlo SE in parentheses. Power = share of studies whose preregistered decision is "supported"; coverage = share of 95% CIs containing the true value (measured true values ± their SE); type I error = share of null-setting studies that reject two-sided at alpha (H6: that claim equivalence at the bound).</p>
<div class="table-wrap"><table><thead><tr><th>Hypothesis</th><th>True value of</th><th>True value</th><th>Mean estimate</th><th>Bias</th><th>Coverage</th><th>Power</th><th>Type I error</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>
${familyWise}
${mde}
${attrition}
${notes}`;
}

/**
 * The section's HTML; '' without a diagnosis.
 *
 * @example
 * diagnosisSection(inputs.diagnosis).startsWith('<h2 id="diagnosis">'); // true
 */
export function diagnosisSection(dx: DiagnosisInput | undefined): string {
  if (!dx) return '';
  if (dx.hypotheses && dx.hypotheses.length > 0) return fullSection(dx);
  const rows = dx.power.map((r) => `<tr><td><code>${e(r.id)}</code></td><td class="num">${e(formatNumber(r.effect))}</td><td class="num">${e(r.n_per_arm)}</td><td class="num">${e(formatNumber(r.power))}</td></tr>`);
  return `<h2 id="diagnosis">Design diagnosis</h2>
<p>Power from ${e(dx.simulations)} simulated studies per row.</p>
<table><thead><tr><th>Hypothesis</th><th>Assumed effect</th><th>n per arm</th><th>Power</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
