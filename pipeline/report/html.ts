/**
 * report.html: one self-contained page (inline CSS and SVG, no script, no external resource; a
 * Content-Security-Policy that forbids scripts and network as a second line of defence). Every
 * string that comes from the data goes through `escapeHtml`; no participant id or message text is
 * ever passed in.
 */
import type { TestResult } from '../analyze/types.ts';
import { ARMS } from '../study.ts';
import type { DifferentialAttrition } from '../analyze/attrition.ts';
import { apaResult, decisionPText, formatCi, formatNumber, formatP, formatPercent } from './apa.ts';
import { escapeHtml as e } from './escape.ts';
import { reliabilityIsReal, type ReliabilityFrameworkInput } from './reliability-input.ts';
import { fixedTypeset } from '../reliability/format.ts';
import { tableOfContents } from './contents.ts';
import { diagnosisSection } from './diagnosis-section.ts';
import { decisionCounts, headlineRows } from './headline.ts';
import type { ReportInputs } from './inputs.ts';
import { provenanceLine, provenanceSection } from './provenance.ts';
import { publishedComparison } from './published.ts';
import { stagesSection } from './stages.ts';
import { judgeSection } from './judge-section.ts';
import { STYLE } from './style.ts';

/** A chart ready for the page: its name, caption and rendered SVG (ids already made unique). */
export interface RenderedChart {
  name: string;
  title: string;
  svg: string;
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; script-src 'none'";


/** A result's id as code that may wrap after a dot or an underscore (H4.demonstrating_understanding.coach_vs_video), never inside a word. */
const idCode = (id: string) => `<code>${e(id).replace(/[._]/g, '$&<wbr>')}</code>`;

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
    // The p the decision is read from: the TOST p for an equivalence test (H6), else only a
    // corrected p (a row outside every correction set has none; its p is in the APA column).
    const pAdj = t.equivalence_p !== undefined && t.equivalence_p !== null ? decisionPText(t) : t.correction ? `${formatP(t.p_adjusted)} (${t.correction})` : '—';
    const cells = [
      `<td class="id">${idCode(t.id)}</td>`, `<td>${e(t.contrast ?? '')}</td>`,
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
  return families
    .map((family) => {
      const members = tests.filter((t) => t.family === family);
      const notes = [
        ...members.filter((t) => t.scope).map((t) => `<p class="muted scope">Scope of <code>${e(t.id)}</code>: ${e(t.scope)}.</p>`),
        ...members.map(itemAnalysisNote).filter((n) => n !== ''),
      ];
      return `<h3>Family: ${e(family)}</h3>\n${resultsTable(members, withDecision)}${notes.length ? `\n${notes.join('\n')}` : ''}`;
    })
    .join('\n');
}

/** What the by-item and two-way perception analyses did, under their table. */
function itemAnalysisNote(t: TestResult): string {
  if (t.method === 'one_sample_t_by_item' && t.items && t.items.length > 0) {
    const shares = t.items.map((i) => i.share);
    return `<p class="muted"><code>${e(t.id)}</code>: the mean of ${e(t.items.length)} items' shares of aligned choices (from ${e(formatNumber(Math.min(...shares)))} to ${e(formatNumber(Math.max(...shares)))}), tested against 0.5 over items (df = items − 1): the inference reaches items like these, not only the ones shown.</p>`;
  }
  if (t.method === 'cluster_robust_two_way' && t.clusters) {
    const se = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : formatNumber(v, 4));
    return `<p class="muted"><code>${e(t.id)}</code>: the share of all ${e(t.clusters.participants)} participants' choices, its SE ${e(se(t.se))} with participants and ${e(t.clusters.items)} items as crossed clusters (Cameron, Gelbach &amp; Miller 2011; as R's sandwich::vcovCL), against ${e(se(t.one_way_se?.participants))} with participants alone and ${e(se(t.one_way_se?.items))} with items alone; t on min(clusters) − 1 df.</p>`;
  }
  return '';
}

function sampleSection(inputs: ReportInputs, consortSvg: string | undefined): string {
  const { sample } = inputs.results;
  const c = inputs.consort;
  const armRows = ARMS.map((arm) => {
    const entry = c.by_arm[arm];
    const lost = entry.lost.reduce((a, l) => a + l.n, 0);
    const share = entry.allocated > 0 ? ` (${formatPercent(lost / entry.allocated, 1)})` : '';
    return `<tr><td>${e(arm)}</td><td class="num">${e(entry.allocated)}</td><td class="num">${e(lost)}${e(share)}</td><td class="num">${e(entry.analysed)}</td><td class="num">${e(sample.by_arm[arm])}</td></tr>`;
  });
  return `<h2 id="sample">Sample and CONSORT flow</h2>
<p>Enrolled ${e(sample.enrolled)}, randomised ${e(sample.randomised)}, analysed ${e(sample.analysed)}.</p>
<table><thead><tr><th>Arm</th><th>Allocated</th><th>Lost after allocation</th><th>Analysed (CONSORT)</th><th>Analysed (results)</th></tr></thead><tbody>
${armRows.join('\n')}
</tbody></table>
${attritionTestParagraph(inputs.results.attrition?.differential_attrition)}
${consortSvg ?? ''}`;
}

/** The differential-attrition test under the CONSORT table. */
function attritionTestParagraph(test: DifferentialAttrition | undefined): string {
  if (!test) return '';
  const result = test.p === null ? `not computed${test.note ? ` (${test.note})` : ''}` : `Fisher's exact test of arm × lost, ${formatP(test.p)}${test.note ? ` (${test.note})` : ''}`;
  return `<p id="differential-attrition">Participants lost after allocation (exclusions after treatment began) leave a per-protocol analysed set. Differential attrition by arm (exploratory, not preregistered): ${e(result)}. A small p says the arms lost participants at different rates, which can bias the arm comparisons; a large one does not show that they did not. The sensitivity of H1–H3 to attrition is under <a href="#attrition">Attrition bounds</a>.</p>`;
}

/** Lee (2009) and worst/best-case bounds for the ANCOVA contrasts on alignment (results.json `attrition`). */
function attritionBoundsSection(inputs: ReportInputs): string {
  const attrition = inputs.results.attrition;
  if (!attrition || attrition.bounds.length === 0) return '';
  const interval = (low: number | undefined, high: number | undefined) => (low === undefined || high === undefined ? 'n/a' : `[${formatNumber(low)}, ${formatNumber(high)}]`);
  const rows = attrition.bounds.map((b) => {
    const test = inputs.results.tests.find((t) => t.id === b.hypothesis);
    const perProtocol = test && test.estimate !== null ? `${formatNumber(test.estimate)}, ${formatCi(test.ci_low, test.ci_high)}` : 'n/a';
    const trimmed = b.lee ? (b.lee.trimmed === 'none' ? 'none (equal shares observed)' : `${b.lee.trimmed === 'treated' ? b.contrast.split(' - ')[0] : b.contrast.split(' - ')[1]} by ${formatPercent(b.lee.trim_share, 1)}`) : '—';
    return `<tr><td><code>${e(b.hypothesis)}</code></td><td>${e(b.contrast)}</td><td class="num">${e(`${b.observed.treatment}/${b.allocated.treatment}, ${b.observed.reference}/${b.allocated.reference}`)}</td><td>${e(perProtocol)}</td><td class="num">${e(b.lee ? formatNumber(b.lee.observed_difference) : 'n/a')}</td><td>${e(interval(b.lee?.lower, b.lee?.upper))}</td><td>${e(trimmed)}</td><td>${e(interval(b.worst_case?.lower, b.worst_case?.upper))}</td><td class="note">${e(b.note ?? '')}</td></tr>`;
  });
  const round = attrition.bounds[0].round;
  return `<h3 id="attrition">Attrition bounds on H1–H3 (exploratory, not preregistered)</h3>
<p class="muted">How far could the participants lost after allocation move the arm contrasts on round-${e(round)} alignment? Both bounds are on a difference of round-${e(round)} means, not on the ANCOVA's baseline-adjusted difference (adjusting needs the lost participants' round 1 and a model for them); the observed difference of means is shown beside the per-protocol ANCOVA estimate for comparison. <strong>Lee (2009) bounds</strong>: the effect among participants who would have been analysed in either arm, assuming monotonicity (being allocated one arm rather than the other only ever keeps participants in the study, or only ever loses them); the arm that kept more of its allocated participants has its observed outcomes trimmed by the excess share, from the top for the lower bound and from the bottom for the upper (ties trimmed in part). <strong>Worst/best case</strong>: the effect over everyone allocated, each lost participant's outcome imputed at the end of the 1–5 scale that favours one side, with no assumption about why they were lost. Both are point estimates of the bounds; their sampling uncertainty is not included.</p>
<div class="table-wrap"><table><thead><tr><th>ID</th><th>Contrast</th><th>Observed / allocated</th><th>Per-protocol estimate (ANCOVA)</th><th>Observed difference of means</th><th>Lee bounds</th><th>Trimmed</th><th>Worst/best-case bounds</th><th>Note</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>`;
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

/** "0.63 (< .001)": a kappa and its p, as the report's tables show them. */
function kappaCell(kappa: number | null, p: number | null): string {
  if (kappa === null) return '<td class="num">—</td>';
  return `<td class="num">${e(fixedTypeset(kappa, 2))}${p === null ? '' : ` <span class="muted">(${e(formatP(p))})</span>`}</td>`;
}

/** One framework: a table of dimensions by pairs (kappa and p), with alpha among the experts. */
function frameworkTable(f: ReliabilityFrameworkInput): string {
  const pairs: string[] = [];
  for (const r of f.rows) {
    const pair = `${r.pair[0]} – ${r.pair[1]}`;
    if (!pairs.includes(pair)) pairs.push(pair);
  }
  const dimensions: string[] = [];
  for (const r of f.rows) if (!dimensions.includes(r.dimension)) dimensions.push(r.dimension);
  for (const a of f.alpha) if (!dimensions.includes(a.dimension)) dimensions.push(a.dimension);
  const withAlpha = f.alpha.length > 0;
  const body = dimensions.map((d) => {
    const a = f.alpha.find((x) => x.dimension === d);
    const alphaCell = withAlpha ? `<td class="num">${a && a.value !== null ? `${e(fixedTypeset(a.value, 3))}${a.ci_low !== null && a.ci_high !== null ? ` <span class="muted">[${e(fixedTypeset(a.ci_low, 3))}, ${e(fixedTypeset(a.ci_high, 3))}]</span>` : ''}` : '—'}</td>` : '';
    const cells = pairs.map((pair) => {
      const r = f.rows.find((x) => x.dimension === d && `${x.pair[0]} – ${x.pair[1]}` === pair);
      return r ? kappaCell(r.kappa, r.p) : '<td class="num">—</td>';
    });
    return `<tr><td><code>${e(d)}</code></td>${alphaCell}${cells.join('')}</tr>`;
  });
  const origin = [f.synthetic ? '<strong>SYNTHETIC ratings</strong>' : 'real ratings', f.conversations === null ? '' : `${e(f.conversations)} conversations`, f.source ? `source: ${e(f.source)}` : ''].filter(Boolean).join('; ');
  const alphaMean = f.alpha_mean === null ? '' : ` Krippendorff's alpha among the experts, mean over dimensions: ${e(fixedTypeset(f.alpha_mean, 3))}.`;
  return `<h3${f.highlight ? ' class="highlight"' : ''}>${e(f.label)}${f.highlight ? " (this study's rubric)" : ''}</h3>
<p>${origin}.${alphaMean}</p>
<div class="table-wrap"><table><thead><tr><th>Dimension</th>${withAlpha ? '<th>alpha [95% CI]</th>' : ''}${pairs.map((p) => `<th>κ ${e(p)} (p)</th>`).join('')}</tr></thead><tbody>
${body.join('\n')}
</tbody></table></div>`;
}

function reliabilitySection(inputs: ReportInputs, figure: string | undefined): string {
  const rel = inputs.reliability;
  if (!rel) return '';
  const ordered = [...rel.frameworks].sort((a, b) => Number(b.highlight) - Number(a.highlight));
  const real = ordered.filter((f) => !f.synthetic);
  const synthetic = ordered.filter((f) => f.synthetic);
  const rows = rel.frameworks.reduce((s, f) => s + f.rows.length, 0);
  const banner = real.length > 0
    ? `<div class="banner real-data" id="real-data-banner">REAL DATA. This section is computed on real ratings: ${e(real.map((f) => f.label).join(', '))}${synthetic.length ? `; SYNTHETIC ratings: ${e(synthetic.map((f) => f.label).join(', '))}` : ''}.</div>`
    : `<div class="banner">SYNTHETIC ratings: ${e(synthetic.map((f) => f.label).join(', '))}.</div>`;
  return `<h2 id="reliability">Reliability of the judge</h2>
${banner}
<p>How well an LLM judge, the crowd and experts agree when they rate the same conversations, computed as the companion paper did (Kumar et al. 2026, <em>Nature Machine Intelligence</em>): quadratic-weighted Cohen's kappa per dimension and pair of raters, with its two-sided p from the non-null standard error; "experts" is the median of the three experts. ${e(rows)} rows in all. Every number at full precision, with the standard errors and Spearman's rho, is in the reliability file the report was given (reliability.json; reliability.csv and reliability.md beside it, as <code>npm run pipeline -- reliability --framework</code> writes them).</p>
${figure ?? ''}
${ordered.map(frameworkTable).join('\n')}`;
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
    return `<tr><td class="id">${idCode(h.id)}</td><td>${e(h.question)}</td><td>${e(h.result)}${note}</td><td>${e(h.p)}</td>${decisionText(h.decision, h.tag)}<td>${e(h.status)}</td></tr>`;
  });
  const c = decisionCounts(inputs.results.tests);
  const synthetic = inputs.results.study.synthetic ? ' <strong>Synthetic data: these numbers show what the pipeline does, not what the study found.</strong>' : '';
  return `<section id="summary" aria-labelledby="summary-heading">
<h2 id="summary-heading">Summary</h2>
<p>Analysed ${e(inputs.results.sample.analysed)} participants (${ARMS.map((arm) => `${e(arm)} ${e(inputs.results.sample.by_arm[arm])}`).join(', ')}). Of ${e(c.total)} confirmatory results, ${e(c.supported)} are supported, ${e(c.notSupported)} not supported${c.notEstimable ? `, and ${e(c.notEstimable)} could not be estimated from these data (see their notes)` : ''}${c.noDecision ? `; ${e(c.noDecision)} have no decision` : ''}; the headline ones are below, every one is in <a href="#confirmatory">the full table</a>.${synthetic}</p>
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
  const kappa = charts.find((c) => c.name === 'reliability-kappa');
  const figure = (c: RenderedChart) => `<figure id="fig-${e(c.name)}" class="chart">\n${c.svg}\n<figcaption>${e(c.title)} (figures/${e(c.name)}.svg)</figcaption>\n</figure>`;
  const consortFigure = consort ? figure(consort) : undefined;
  const others = charts.filter((c) => c.name !== 'consort' && c.name !== 'reliability-kappa');
  const source = scored.meta.source ? `<p class="muted">Source: ${e(scored.meta.source)}</p>` : '';
  const about = `<h2 id="about">About this analysis</h2>
<p>${e(scored.meta.description)}</p>
${source}
<p>The analysis runs the tests of a reconstructed preregistration of the "Lend an Ear" experiment (Kumar, Poungpeth, Yang, Lambert &amp; Groh, 2026, arXiv 2603.15245): supporters practise empathic communication with a language model playing a person in trouble, in three arms (coach, video, control); round 1 is the baseline and round 3 the outcome. Six dimensions are judged 1–5; alignment is the mean over them, proscriptive ones reversed.</p>
${preregistrationNote(inputs)}
<p class="muted">Data SHA-256 <code>${e(results.study.data_sha256)}</code>${inputs.generatedAt ? `; generated ${e(inputs.generatedAt)}` : ''}.</p>`;
  const confirmatorySection = `<h2 id="confirmatory">Preregistered (confirmatory) results</h2>
<p class="muted">Two-sided tests, alpha = .05. The APA column shows the unadjusted p; the decision uses the p adjusted within the family's correction set, or for the equivalence hypotheses (H6) the TOST p against the equivalence bounds, shown in the p column; "p adjusted" is "—" for a result outside every correction set. The 95% CI of d is the estimate's CI divided by the pooled round-1 SD, taken as known (as specified): the SD's own sampling uncertainty is ignored, so it is somewhat too narrow. The CI of an H5 share difference is Newcombe's (1998) paired interval (method 10).</p>
${resultsByFamily(confirmatory, true)}`;
  const exploratorySection = `<h2 id="exploratory">Exploratory results</h2>
<p class="muted">Not preregistered as tests of hypotheses: no decision is drawn from them.</p>
${exploratory.length ? resultsByFamily(exploratory, false) : '<p>None in this run.</p>'}${attritionBoundsSection(inputs) ? `\n${attritionBoundsSection(inputs)}` : ''}`;
  const chartsSection = `<h2 id="charts">Charts</h2>\n${others.map(figure).join('\n')}`;
  // The page's sections in order. A section is a string that starts with its <h2 id="…">, or ''
  // when it has nothing to show; the contents are made from those headings.
  const sections = [
    about,
    sampleSection(inputs, consortFigure),
    confirmatorySection,
    exploratorySection,
    auditSection(inputs),
    judgeSection(inputs),
    chartsSection,
    publishedSection(inputs),
    reliabilitySection(inputs, kappa ? figure(kappa) : undefined),
    diagnosisSection(inputs.diagnosis),
    stagesSection(inputs).trim(),
    provenanceSection(inputs),
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
${synthetic ? `<div class="banner" id="synthetic-banner">SYNTHETIC DATA. Every result, table and chart of the analysis on this page comes from a simulated study, not from real participants. It shows what the pipeline does, not what the study found.${inputs.reliability && reliabilityIsReal(inputs.reliability) ? ' The judge-reliability section is the exception: it is computed on real ratings.' : ''}</div>` : ''}
${provenanceLine(inputs)}
${results.study.provenance === 'unknown' || scored.meta.provenance === 'unknown' ? '<div class="banner" id="provenance-banner">PROVENANCE UNKNOWN. The export has no study.json, so nothing says whether these data come from real participants or from a simulation. Read every result as if it could be simulated; add a study.json with &quot;synthetic&quot; to the export to say which.</div>' : ''}
${summarySection(inputs)}
${tableOfContents(sections)}
${sections}
</body>
</html>
`;
}
