/**
 * report.html: one self-contained page (inline CSS and SVG, no script, no external resource; a
 * Content-Security-Policy that forbids scripts and network as a second line of defence). Every
 * string that comes from the data goes through `escapeHtml`; no participant id or message text is
 * ever passed in.
 */
import type { TestResult } from '../analyze/types.ts';
import { ARMS } from '../study.ts';
import { apaResult, formatCi, formatNumber, formatP } from './apa.ts';
import { escapeHtml as e } from './escape.ts';
import { tableOfContents } from './contents.ts';
import { diagnosisSection } from './diagnosis-section.ts';
import { decisionCounts, headlineRows } from './headline.ts';
import { reliabilityIsSynthetic, type ReportInputs } from './inputs.ts';
import { publishedComparison } from './published.ts';
import { stagesSection } from './stages.ts';
import { STYLE } from './style.ts';

/** A chart ready for the page: its name, caption and rendered SVG (ids already made unique). */
export interface RenderedChart {
  name: string;
  title: string;
  svg: string;
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; script-src 'none'";


/** The decision, and beside it whose preregistration it is taken against (see preregistrationNote). */
function decisionText(decision: TestResult['decision'], tag: TestResult['tag']): string {
  if (decision === null) return '<td>—</td>';
  const whose = tag === 'paper' ? 'published plan' : 'reconstructed prereg.';
  return `<td class="${e(decision)}">${e(decision.replace(/_/g, ' '))}<a class="prereg-tag" href="#whose-preregistration">${whose}</a></td>`;
}

const decisionCell = (t: TestResult) => decisionText(t.decision, t.tag);

function resultsTable(tests: TestResult[], withDecision: boolean): string {
  const head = ['ID', 'Contrast', 'n', 'Estimate', 'Test (APA)', 'p adjusted', ...(withDecision ? ['Decision'] : []), 'Note'];
  const rows = tests.map((t) => {
    const estimate = t.estimate === null ? 'n/a' : `${formatNumber(t.estimate)}${t.ci_low !== null && t.ci_high !== null ? `, ${formatCi(t.ci_low, t.ci_high)}` : ''}`;
    // Only a corrected p is shown here: a row outside every correction set has none (its p is in the APA column).
    const pAdj = t.correction ? `${formatP(t.p_adjusted)} (${t.correction})` : '—';
    const cells = [
      `<td class="id"><code>${e(t.id).replace(/\./g, '.<wbr>')}</code></td>`, `<td>${e(t.contrast ?? '')}</td>`,
      `<td class="num">${e(t.n)}</td>`, `<td>${e(estimate)}</td>`, `<td class="apa">${e(apaResult(t))}</td>`, `<td>${e(pAdj)}</td>`,
      ...(withDecision ? [decisionCell(t)] : []), `<td class="note">${e(t.note ?? '')}</td>`,
    ];
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<div class="table-wrap"><table><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
}

/** One table per family, in the order the families first appear. */
function resultsByFamily(tests: TestResult[], withDecision: boolean): string {
  const families: string[] = [];
  for (const t of tests) if (!families.includes(t.family)) families.push(t.family);
  return families.map((family) => `<h3>Family: ${e(family)}</h3>\n${resultsTable(tests.filter((t) => t.family === family), withDecision)}`).join('\n');
}

function sampleSection(inputs: ReportInputs, consortSvg: string | undefined): string {
  const { sample } = inputs.results;
  const c = inputs.consort;
  const armRows = ARMS.map((arm) => {
    const entry = c.by_arm[arm];
    const lost = entry.lost.reduce((a, l) => a + l.n, 0);
    return `<tr><td>${e(arm)}</td><td class="num">${e(entry.allocated)}</td><td class="num">${e(lost)}</td><td class="num">${e(entry.analysed)}</td><td class="num">${e(sample.by_arm[arm])}</td></tr>`;
  });
  return `<h2 id="sample">Sample and CONSORT flow</h2>
<p>Enrolled ${e(sample.enrolled)}, randomised ${e(sample.randomised)}, analysed ${e(sample.analysed)}.</p>
<table><thead><tr><th>Arm</th><th>Allocated</th><th>Lost after allocation</th><th>Analysed (CONSORT)</th><th>Analysed (results)</th></tr></thead><tbody>
${armRows.join('\n')}
</tbody></table>
${consortSvg ?? ''}`;
}

function auditSection(inputs: ReportInputs): string {
  const prereg = inputs.results.preregistration;
  const lines = [
    `<p>Preregistration <code>${e(prereg.file)}</code> (this project's reconstruction, <a href="#whose-preregistration">see above</a>), SHA-256 <code>${e(prereg.sha256)}</code>, ${prereg.locked ? `matches its lock${inputs.lockedAt ? ` of ${e(inputs.lockedAt)}` : ''}` : '<strong>does not match its lock</strong>'}.</p>`,
  ];
  const a = inputs.audit;
  if (!a) {
    lines.push('<p class="muted">No audit summary was given to the report.</p>');
  } else {
    const kinds = Object.keys(a.deviations_by_kind).sort();
    const total = kinds.reduce((s, k) => s + a.deviations_by_kind[k], 0);
    lines.push(`<p>${e(a.ran_as_planned)} of ${e(a.planned)} planned tests ran as planned; ${e(total)} deviation(s); ${e(a.errors)} error(s); lock ${a.locked ? 'verified' : '<strong>not verified</strong>'}; audited file SHA-256 <code>${e(a.sha256)}</code>.</p>`);
    if (kinds.length > 0) {
      lines.push(`<table><thead><tr><th>Deviation kind</th><th>Count</th></tr></thead><tbody>${kinds.map((k) => `<tr><td>${e(k)}</td><td class="num">${e(a.deviations_by_kind[k])}</td></tr>`).join('')}</tbody></table>`);
    }
    lines.push('<p class="muted">Every deviation is listed in audit.md.</p>');
  }
  return `<h2 id="audit">Audit of the preregistration</h2>\n${lines.join('\n')}`;
}

function publishedSection(inputs: ReportInputs): string {
  const rows = publishedComparison(inputs.results, inputs.scored, inputs.counts, inputs.analysedCounts);
  return `<h2 id="published">Published vs this run</h2>
<p class="muted">The paper's counts are after its exclusions: they stand beside the analysed counts of this run, and the whole export's follow on their own row.</p>
${inputs.results.study.synthetic ? '<p><strong>This run is on synthetic data: agreement or disagreement with the published figures says nothing about the real study.</strong></p>' : ''}
<table><thead><tr><th>Figure</th><th>Published</th><th>Source</th><th>This run</th><th>Note</th></tr></thead><tbody>
${rows.map((r) => `<tr><td>${e(r.figure)}</td><td>${e(r.published)}</td><td>${e(r.source)}</td><td>${e(r.this_run)}</td><td>${e(r.note)}</td></tr>`).join('\n')}
</tbody></table>`;
}

function reliabilitySection(inputs: ReportInputs): string {
  const rel = inputs.reliability;
  if (!rel) return '';
  const dims = Object.keys(rel.alpha);
  const alphaRows = dims.map((d) => {
    const a = rel.alpha[d];
    return `<tr><td>${e(d)}</td><td class="num">${e(a.value === null ? 'n/a' : formatNumber(a.value))}</td><td>${e(formatCi(a.ci_low, a.ci_high))}</td></tr>`;
  });
  const origin = rel.study
    ? `<p>Computed on ${e(rel.study.name)}${rel.conversations === undefined ? '' : `, ${e(rel.conversations)} conversations`} (${reliabilityIsSynthetic(rel) ? 'SYNTHETIC ratings' : 'real ratings'})${rel.study.source ? `; source: ${e(rel.study.source)}` : ''}.</p>`
    : '';
  return `<h2 id="reliability">Reliability of the judge</h2>
${origin}
<p>Krippendorff's alpha (interval) among the experts${rel.alpha_mean === null ? '' : `, mean ${e(formatNumber(rel.alpha_mean))}`}.</p>
<table><thead><tr><th>Dimension</th><th>alpha</th><th>Bootstrap CI</th></tr></thead><tbody>${alphaRows.join('')}</tbody></table>`;
}

/**
 * Whose preregistration the decisions are taken against: this project's reconstruction, with its
 * lock date, not the authors' (theirs is not public). Every decision cell links here.
 */
function preregistrationNote(inputs: ReportInputs): string {
  const confirmatory = inputs.results.tests.filter((t) => t.status === 'confirmatory');
  const reconstructed = confirmatory.filter((t) => t.tag === 'reconstructed').length;
  const lock = inputs.results.preregistration.locked
    ? `locked on ${inputs.lockedAt ? e(inputs.lockedAt) : 'a date its lock file does not give'}`
    : '<strong>not locked, or changed after its lock</strong> (see the audit)';
  const tags = reconstructed === confirmatory.length
    ? `all ${e(confirmatory.length)} confirmatory hypotheses are tagged <em>reconstructed</em>`
    : `${e(reconstructed)} of the ${e(confirmatory.length)} confirmatory hypotheses are tagged <em>reconstructed</em>, the others <em>paper</em>`;
  return `<p id="whose-preregistration"><strong>Whose preregistration.</strong> The tests and decision rules on this page are this project's reconstruction of the study's preregistration (<code>${e(inputs.results.preregistration.file)}</code>), ${lock}; they are not the authors' own preregistration, which is not public. Each item is tagged <em>paper</em> where it follows a published figure or quote and <em>reconstructed</em> where it is this project's reading of the paper: ${tags}. "Supported" means supported under this reconstructed plan.</p>`;
}

/** The summary at the top: the headline results, each with its decision and status. */
function summarySection(inputs: ReportInputs): string {
  const rows = headlineRows(inputs.results.tests).map((h) => {
    const note = h.note ? `<span class="prereg-tag">${e(h.note)}</span>` : '';
    return `<tr><td class="id"><code>${e(h.id).replace(/\./g, '.<wbr>')}</code></td><td>${e(h.question)}</td><td>${e(h.result)}${note}</td><td>${e(h.p)}</td>${decisionText(h.decision, h.tag)}<td>${e(h.status)}</td></tr>`;
  });
  const c = decisionCounts(inputs.results.tests);
  const synthetic = inputs.results.study.synthetic ? ' <strong>Synthetic data: these numbers show what the pipeline does, not what the study found.</strong>' : '';
  return `<section id="summary" aria-labelledby="summary-heading">
<h2 id="summary-heading">Summary</h2>
<p>Analysed ${e(inputs.results.sample.analysed)} participants (${ARMS.map((arm) => `${e(arm)} ${e(inputs.results.sample.by_arm[arm])}`).join(', ')}). Of ${e(c.total)} confirmatory results, ${e(c.supported)} are supported, ${e(c.notSupported)} not supported${c.noDecision ? `, and ${e(c.noDecision)} could not be estimated from these data (see their notes)` : ''}; the headline ones are below, every one is in <a href="#confirmatory">the full table</a>.${synthetic}</p>
<p>Decisions are taken against <a href="#whose-preregistration">this project's reconstruction of the preregistration</a>, ${inputs.results.preregistration.locked ? `locked${inputs.lockedAt ? ` on ${e(inputs.lockedAt)}` : ''}` : '<strong>not locked, or changed after its lock</strong>'}; the authors' own preregistration is not public.</p>
${rows.length === 0 ? '<p class="muted">None of the headline hypotheses (H1–H3, H5, H6, H7) is in this run.</p>' : `<div class="table-wrap"><table><thead><tr><th>ID</th><th>Question</th><th>Result (95% CI)</th><th>p for the decision</th><th>Decision</th><th>Status</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>`}
<p class="muted">d: the adjusted difference in units of the pooled within-arm SD of round-1 alignment. Gap: share saying "quite a bit" or more minus share judged so. H6 is decided by the equivalence test (r within the preregistered bounds), H7 by the mean share against 0.5.</p>
</section>`;
}

/**
 * The whole report page as a string: deterministic for the same inputs and charts. The frame is:
 * title, synthetic banner, whose preregistration it is, the summary, the contents (made from the
 * sections' `<h2 id>` headings, contents.ts), then the sections.
 *
 * @example
 * buildReportHtml(inputs, charts).startsWith('<!DOCTYPE html>') // true
 */
export function buildReportHtml(inputs: ReportInputs, charts: RenderedChart[]): string {
  const { results, scored } = inputs;
  const synthetic = results.study.synthetic || scored.meta.synthetic;
  const confirmatory = results.tests.filter((t) => t.status === 'confirmatory');
  const exploratory = results.tests.filter((t) => t.status === 'exploratory');
  const consort = charts.find((c) => c.name === 'consort');
  const figure = (c: RenderedChart) => `<figure id="fig-${e(c.name)}" class="chart">\n${c.svg}\n<figcaption>${e(c.title)} (figures/${e(c.name)}.svg)</figcaption>\n</figure>`;
  const consortFigure = consort ? figure(consort) : undefined;
  const others = charts.filter((c) => c.name !== 'consort');
  const source = scored.meta.source ? `<p class="muted">Source: ${e(scored.meta.source)}</p>` : '';
  const about = `<h2 id="about">About this analysis</h2>
<p>${e(scored.meta.description)}</p>
${source}
<p>The analysis runs the tests of a reconstructed preregistration of the "Lend an Ear" experiment (Kumar, Poungpeth, Yang, Lambert &amp; Groh, 2026, arXiv 2603.15245): supporters practise empathic communication with a language model playing a person in trouble, in three arms (coach, video, control); round 1 is the baseline and round 3 the outcome. Six dimensions are judged 1–5; alignment is the mean over them, proscriptive ones reversed.</p>
${preregistrationNote(inputs)}
<p class="muted">Data SHA-256 <code>${e(results.study.data_sha256)}</code>${inputs.generatedAt ? `; generated ${e(inputs.generatedAt)}` : ''}.</p>`;
  const confirmatorySection = `<h2 id="confirmatory">Preregistered (confirmatory) results</h2>
<p class="muted">Two-sided tests, alpha = .05. The APA column shows the unadjusted p; the decision uses the p adjusted within the family's correction set (or the equivalence p for H6); "p adjusted" is "—" for a result outside every correction set.</p>
${resultsByFamily(confirmatory, true)}`;
  const exploratorySection = `<h2 id="exploratory">Exploratory results</h2>
<p class="muted">Not preregistered as tests of hypotheses: no decision is drawn from them.</p>
${exploratory.length ? resultsByFamily(exploratory, false) : '<p>None in this run.</p>'}`;
  const chartsSection = `<h2 id="charts">Charts</h2>\n${others.map(figure).join('\n')}`;
  // The page's sections in order. A section is a string that starts with its <h2 id="…">, or ''
  // when it has nothing to show; the contents are made from those headings.
  const sections = [
    about,
    sampleSection(inputs, consortFigure),
    confirmatorySection,
    exploratorySection,
    auditSection(inputs),
    chartsSection,
    publishedSection(inputs),
    reliabilitySection(inputs),
    diagnosisSection(inputs.diagnosis),
    stagesSection(inputs).trim(),
  ].filter((section) => section !== '').join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(results.study.name)}${synthetic ? ' (SYNTHETIC)' : ''}: Lend an Ear analysis report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${e(results.study.name)}</h1>
${synthetic ? `<div class="banner" id="synthetic-banner">SYNTHETIC DATA. Every result, table and chart of the analysis on this page comes from a simulated study, not from real participants. It shows what the pipeline does, not what the study found.${inputs.reliability && !reliabilityIsSynthetic(inputs.reliability) ? ' The judge-reliability section is the exception: it is computed on real ratings.' : ''}</div>` : ''}
${summarySection(inputs)}
${tableOfContents(sections)}
${sections}
</body>
</html>
`;
}
