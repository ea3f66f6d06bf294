/**
 * The results as tables for a paper, APA-formatted and ready to paste: `results-table.tex` (LaTeX
 * with booktabs) and `results-table.md` (a GitHub-flavoured Markdown table), one table of the
 * confirmatory results and one of the exploratory ones, each with its note.
 *
 * APA 7 (sections 6.36, 6.44, 7.21): statistics symbols in italics (t, p, d, r, n, M), a true
 * minus, p to three decimals without a leading zero and "< .001" below, no leading zero for r and
 * shares, df as printed by apa.ts (whole numbers as integers, Welch and Satterthwaite to two
 * decimals), a 95% CI in brackets after its estimate, and a note under the table saying what the
 * estimates are and that the preregistration is this project's reconstruction.
 *
 * Cells are built once as runs of text (`Run`): our own text (numbers and words), a statistic's
 * symbol, or text from the data (an id, a contrast, a scenario's name), and rendered for each
 * format: the data escaped for it, the symbols in italics, and in LaTeX the minus, "<" and dashes
 * in their LaTeX forms.
 */
import type { ResultsDoc, TestResult } from '../analyze/types.ts';
import { escapeMarkdown } from '../escape/markdown.ts';
import { dimensionSpec, isDimension } from '../study.ts';
import { formatDf, formatNoLeadingZero, formatNumber, formatP } from './apa.ts';

/** A run of a cell: our own text, a statistic's symbol (italic), or text from the data (escaped). */
export type Run = { text: string } | { symbol: string } | { data: string };
export type Cell = Run[];

export interface PaperTable {
  caption: string;
  columns: { title: Cell; align: 'l' | 'r' }[];
  rows: Cell[][];
  note: Cell;
}

const t = (text: string): Run => ({ text });
const sym = (symbol: string): Run => ({ symbol });
const data = (text: string): Run => ({ data: text });
const EM_DASH = '—';

const outcomeLabel = (outcome: string) => (isDimension(outcome) ? dimensionSpec(outcome).label.toLowerCase() : outcome.replace(/_/g, ' '));

/** "[0.56, 0.68]": a 95% CI in brackets, with or without leading zeros. */
function bracket(low: number | null, high: number | null, noLeadingZero: boolean): string {
  if (low === null || high === null) return '';
  const f = noLeadingZero ? formatNoLeadingZero : formatNumber;
  return ` [${f(low)}, ${f(high)}]`;
}

/** What is compared, in words: the contrast and outcome, or the question of the method. */
function comparison(r: TestResult): Cell {
  switch (r.method) {
    case 'mcnemar_exact':
      return [t('Said vs judged: '), data(outcomeLabel(r.outcome))];
    case 'pearson_fisher_tost':
      return [t('Trait empathy ('), data((r.id.split('.')[1] ?? '').toUpperCase()), t(') vs round-1 alignment')];
    case 'one_sample_t':
      return [t('Share of aligned choices vs .5')];
    default: {
      const contrast = r.contrast ? [data(r.contrast.replace(' - ', ' − ')), t(', ')] : [];
      const scenario = r.scenario ? [t(', scenario '), data(r.scenario)] : [];
      return [...contrast, data(outcomeLabel(r.outcome)), ...scenario];
    }
  }
}

/** The estimate with its CI: a difference of means, a difference of shares, r, or a mean share. */
function estimate(r: TestResult): Cell {
  if (r.estimate === null) return [t(EM_DASH)];
  const boundedByOne = r.method === 'mcnemar_exact' || r.method === 'pearson_fisher_tost';
  const f = boundedByOne ? formatNoLeadingZero : formatNumber;
  return [t(`${f(r.estimate)}${bracket(r.ci_low, r.ci_high, boundedByOne)}`)];
}

/** The test statistic: t(df) = …, r(df) = …, or McNemar's discordant pairs. */
function statistic(r: TestResult): Cell {
  if (r.method === 'mcnemar_exact') return r.discordant ? [t(`McNemar, ${r.discordant[0]}/${r.discordant[1]} discordant`)] : [t('McNemar')];
  if (r.method === 'pearson_fisher_tost') {
    if (r.estimate === null) return [t(EM_DASH)];
    const df = r.df !== null ? formatDf(r.df) : r.n > 2 ? String(r.n - 2) : null;
    return [sym('r'), t(`${df === null ? '' : `(${df})`} = ${formatNoLeadingZero(r.estimate)}`)];
  }
  if (r.statistic === null) return [t(EM_DASH)];
  return [sym('t'), t(`${r.df === null ? '' : `(${formatDf(r.df)})`} = ${formatNumber(r.statistic)}`)];
}

/** A p-value as a table prints it: "< .001", ".032", "> .999" (the column says p). */
const pCell = (p: number | null | undefined): Cell => [t(p === null || p === undefined || !Number.isFinite(p) ? EM_DASH : formatP(p).replace(/^p = /, '').replace(/^p /, ''))];

const CORRECTION_NAMES: Record<string, string> = { holm: 'Holm', bh: 'BH', bonferroni: 'Bonferroni' };

/** The p the decision uses: adjusted within its set (with the correction's name), the
 *  equivalence p for H6, or "—" outside every correction set. */
function decisionP(r: TestResult): Cell {
  if (r.method === 'pearson_fisher_tost') return [...pCell(r.equivalence_p), t(' (TOST)')];
  if (!r.correction) return [t(EM_DASH)];
  return [...pCell(r.p_adjusted), t(` (${CORRECTION_NAMES[r.correction] ?? r.correction})`)];
}

function effectSize(r: TestResult): Cell {
  const es = r.effect_size;
  if (!es || es.value === null) return [t(EM_DASH)];
  return [sym(es.name), t(` = ${formatNumber(es.value)}${bracket(es.ci_low, es.ci_high, false)}`)];
}

function decision(r: TestResult): Cell {
  if (r.decision === null) return [t(r.note ? `${EM_DASH} (${r.note})` : EM_DASH)];
  const text = r.decision.replace(/_/g, ' ');
  return [t(text.charAt(0).toUpperCase() + text.slice(1))];
}

const COLUMNS = (withDecision: boolean): PaperTable['columns'] => [
  { title: [t('Hypothesis')], align: 'l' },
  { title: [t('Comparison')], align: 'l' },
  { title: [sym('n')], align: 'r' },
  { title: [t('Estimate [95% CI]')], align: 'l' },
  { title: [t('Test')], align: 'l' },
  { title: [sym('p')], align: 'l' },
  { title: [sym('p'), t(' for the decision')], align: 'l' },
  { title: [t('Effect size [95% CI]')], align: 'l' },
  ...(withDecision ? [{ title: [t('Decision')], align: 'l' as const }] : []),
];

function row(r: TestResult, withDecision: boolean): Cell[] {
  return [[data(r.id)], comparison(r), [t(String(r.n))], estimate(r), statistic(r), pCell(r.p), decisionP(r), effectSize(r), ...(withDecision ? [decision(r)] : [])];
}

/**
 * The confirmatory and the exploratory table of a results.json, with their notes.
 *
 * @example
 * paperTables(results, '2026-11-26')[0].rows[0].map(cellText)
 * // ['H1', 'coach − control, alignment', '968', '0.62 [0.56, 0.68]', 't(964) = 20.11', '< .001', '< .001 (Holm)', 'd = 1.01 [0.91, 1.11]', 'Supported']
 */
export function paperTables(results: ResultsDoc, lockedAt: string | null): PaperTable[] {
  const confirmatory = results.tests.filter((r) => r.status === 'confirmatory');
  const exploratory = results.tests.filter((r) => r.status === 'exploratory');
  const synthetic: Cell = results.study.synthetic ? [t(' SYNTHETIC DATA: these numbers come from a simulated study, not from real participants.')] : [];
  const common: Cell = [
    t(' Estimates of arm contrasts are differences in round-3 scores on the 1–5 scale, adjusted for round 1 (ANCOVA, HC3 standard errors) unless the comparison says otherwise; '),
    sym('d'), t(' is the estimate divided by the pooled within-arm SD of the outcome at round 1, and its CI ignores the uncertainty of that SD. Said vs judged: the share saying “quite a bit” or more minus the share judged so at round 1 (exact McNemar test). '),
    sym('p'), t(' is two-sided and unadjusted; '), sym('p'), t(' for the decision is adjusted within the preregistered set (Holm; BH: Benjamini–Hochberg), or the larger one-sided '),
    sym('p'), t(' of the equivalence test (TOST on Fisher '), sym('z'), t(') for trait empathy; — where the result is outside every correction set.'),
  ];
  return [
    {
      caption: 'Preregistered (confirmatory) results',
      columns: COLUMNS(true),
      rows: confirmatory.map((r) => row(r, true)),
      note: [
        t(`The tests and decision rules are this project's reconstruction of the study's preregistration${lockedAt ? `, locked on ${lockedAt}` : ''}, not the authors' own, which is not public; “Supported” means supported under it.`),
        ...common, ...synthetic,
      ],
    },
    {
      caption: 'Exploratory results',
      columns: COLUMNS(false),
      rows: exploratory.map((r) => row(r, false)),
      note: [t('Not preregistered as tests of hypotheses: no decision is drawn from them. Change-score comparisons are Welch tests; the mixed model has a random intercept per participant, with Satterthwaite df.'), ...common, ...synthetic],
    },
  ];
}

/** A cell as plain text (for tests and examples). */
export function cellText(cell: Cell): string {
  return cell.map((r) => ('text' in r ? r.text : 'symbol' in r ? r.symbol : r.data)).join('');
}

/**
 * Text made literal in LaTeX (text mode, T1 or OT1 encoding): the ten special characters escaped,
 * and the minus, "<", ">", dashes and other symbols in forms every LaTeX prints.
 *
 * @example
 * escapeLatex('50% & −0.12 < .001') // '50\\% \\& $-$0.12 $<$ .001'
 */
export function escapeLatex(text: string): string {
  const map: Record<string, string> = {
    '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', '$': '\\$', '&': '\\&', '#': '\\#', '%': '\\%', '_': '\\_',
    '~': '\\textasciitilde{}', '^': '\\textasciicircum{}', '<': '$<$', '>': '$>$', '|': '$|$',
    '\u2212': '$-$', '—': '---', '–': '--', '≥': '$\\geq$', '≤': '$\\leq$', '“': '``', '”': "''", '"': "''", '\u00a0': '~',
  };
  return text.replace(/[\\{}$&#%_~^<>|\u2212—–≥≤“”"\u00a0]/g, (ch) => map[ch]).replace(/[\u0000-\u001f\u007f]/g, ' ');
}

const latexRun = (r: Run) => ('symbol' in r ? `\\textit{${escapeLatex(r.symbol)}}` : escapeLatex('text' in r ? r.text : r.data));
const markdownRun = (r: Run) => ('symbol' in r ? `*${r.symbol}*` : 'data' in r ? escapeMarkdown(r.data) : r.text.replace(/\|/g, '\\|'));

/**
 * The tables as one LaTeX file: each a `table` with booktabs rules (`\usepackage{booktabs}`), its
 * caption above and its note below, as APA sets them.
 *
 * @example
 * renderLatex(paperTables(results, '2026-11-26')).includes('\\toprule') // true
 */
export function renderLatex(tables: PaperTable[]): string {
  const parts = ['% Results tables (APA style), written by the Lend an Ear pipeline from results.json.', '% Needs \\usepackage{booktabs} in the preamble.', ''];
  for (const table of tables) {
    const cells = (cellsOfRow: Cell[]) => `${cellsOfRow.map((c) => c.map(latexRun).join('')).join(' & ')} \\\\`;
    parts.push(
      '\\begin{table}[htbp]',
      '\\centering',
      '\\small',
      `\\caption{${escapeLatex(table.caption)}}`,
      `\\begin{tabular}{${table.columns.map((c) => c.align).join('')}}`,
      '\\toprule',
      cells(table.columns.map((c) => c.title)),
      '\\midrule',
      ...(table.rows.length ? table.rows.map(cells) : [`\\multicolumn{${table.columns.length}}{l}{None in this run.} \\\\`]),
      '\\bottomrule',
      '\\end{tabular}',
      '',
      `\\par\\smallskip\\raggedright\\footnotesize\\textit{Note.} ${table.note.map(latexRun).join('')}`,
      '\\end{table}',
      '',
    );
  }
  return parts.join('\n');
}

/**
 * The tables as one Markdown file: a heading, a GitHub-flavoured table and its note each.
 *
 * @example
 * renderMarkdown(paperTables(results, '2026-11-26')).startsWith('**Table 1**') // true
 */
export function renderMarkdown(tables: PaperTable[]): string {
  const parts: string[] = [];
  tables.forEach((table, i) => {
    const line = (cellsOfRow: Cell[]) => `| ${cellsOfRow.map((c) => c.map(markdownRun).join('')).join(' | ')} |`;
    parts.push(
      `**Table ${i + 1}**`,
      '',
      `*${escapeMarkdown(table.caption)}*`,
      '',
      line(table.columns.map((c) => c.title)),
      `|${table.columns.map((c) => (c.align === 'r' ? ' ---: ' : ' --- ')).join('|')}|`,
      ...(table.rows.length ? table.rows.map(line) : [`| None in this run. |${' |'.repeat(table.columns.length - 1)}`]),
      '',
      `*Note.* ${table.note.map(markdownRun).join('')}`,
      '',
    );
  });
  return parts.join('\n');
}
