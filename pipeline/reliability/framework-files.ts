/**
 * The outputs of `reliability --framework`: reliability.json (every number at full precision),
 * reliability.csv (one row per framework × dimension × pair, formatted as the companion paper
 * printed its table: kappa and rho to 2 decimals, p to 3, z to 3) and reliability.md (the same rows
 * as Markdown tables, one per framework, with Krippendorff's alpha).
 */
import { csvRow } from '../escape/csv.ts';
import { markdownCell as md, markdownCode } from '../escape/markdown.ts';
import type { FrameworkResult, FrameworkRow } from './framework-compute.ts';
import { fixed, fixedTypeset } from './format.ts';

export const FRAMEWORKS_SCHEMA = 'lend-an-ear-reliability-frameworks/1';

export interface FrameworksDoc {
  schema: typeof FRAMEWORKS_SCHEMA;
  method: Record<string, string>;
  frameworks: FrameworkResult[];
}

/** What each statistic is, written into reliability.json beside the numbers. */
export const METHOD_TEXT: Record<string, string> = {
  reference: 'Kumar et al. (2026), When large language models are reliable for judging empathic communication, Nature Machine Intelligence 8(2) 173-185; docs/RELIABILITY.md',
  alignment: 'two raters are joined on the conversation id, read as text; a conversation one side lacks is an error; pairs with a missing value are dropped (listwise per pair)',
  groups: "a group's value is the median (or mean) of its members' values for the conversation and dimension, missing when any member's is; a ratings table's several runs of a rater are combined by their median first",
  kappa: "weighted Cohen's kappa on the codes round(code_scale * value), halves to even; categories = the distinct codes either rater of the pair used; weights quadratic (or linear) in the categories' positions 0..k-1; as statsmodels cohens_kappa(table, wt='quadratic')",
  se: 'large-sample non-null standard error of kappa (Fleiss, Cohen & Everitt 1969; SAS ASE)',
  p: 'two-sided normal p of z = kappa / se; p_null_variance: from the variance under kappa = 0, for comparison',
  spearman: "rho: Pearson correlation of mid-ranks (scipy.stats.spearmanr); rho_p: two-sided from t on n - 2 df; rho_ci: tanh(atanh(rho) +- fisher_z / sqrt(n - 3))",
  alpha: "Krippendorff's alpha among the alpha raters per dimension (coincidence matrix, Krippendorff 2011); mean: the plain mean of the dimensions' alpha",
};

/** JSON as written: two-space indent, final newline. */
function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

function num(x: number | null, digits: number): string {
  return x === null ? '' : fixed(x, digits);
}

const CSV_HEADER = ['framework', 'dimension', 'rater_a', 'rater_b', 'n', 'kappa', 'p', 'se', 'z', 'rho', 'rho_p', 'rho_ci_low', 'rho_ci_high', 'note'];

/** reliability.csv: the paper's rounding, one row per framework × dimension × pair. Numbers are
 *  written as formatted text (e.g. `0.70`), so a reader sees the paper's digits; text cells go
 *  through the project's one CSV writer (quoted, formulas made inert). */
export function frameworksCsv(doc: FrameworksDoc): string {
  const lines = [CSV_HEADER.join(',')];
  for (const f of doc.frameworks) {
    for (const r of f.rows) {
      const numbers = [num(r.kappa, 2), num(r.p, 3), num(r.se, 3), num(r.z, 3), num(r.rho, 2), num(r.rho_p, 3), num(r.rho_ci_low, 2), num(r.rho_ci_high, 2)];
      lines.push([csvRow([f.label, r.dimension, r.pair[0], r.pair[1], r.n]), ...numbers, csvRow([r.notes.join('; ')])].join(','));
    }
  }
  return lines.join('\n') + '\n';
}

function mdNum(x: number | null, digits: number): string {
  return x === null ? '—' : fixedTypeset(x, digits);
}

function rowLine(r: FrameworkRow): string {
  const ci = r.rho_ci_low === null || r.rho_ci_high === null ? '—' : `[${fixedTypeset(r.rho_ci_low, 2)}, ${fixedTypeset(r.rho_ci_high, 2)}]`;
  return `| ${md(r.dimension)} | ${md(r.pair[0])} – ${md(r.pair[1])} | ${r.n} | ${mdNum(r.kappa, 2)} | ${mdNum(r.p, 3)} | ${mdNum(r.rho, 2)} | ${mdNum(r.rho_p, 3)} | ${ci} | ${md(r.notes.join('; '))} |`;
}

/** reliability.md: one table per framework (the paper's rounding), then alpha. */
export function frameworksMarkdown(doc: FrameworksDoc): string {
  const out: string[] = ['# Inter-rater reliability', ''];
  const rows = doc.frameworks.reduce((s, f) => s + f.rows.length, 0);
  out.push(
    `${rows} rows: quadratic-weighted Cohen's kappa with its two-sided p (from the non-null standard error), Spearman's rho with its p and Fisher 95% interval, per framework, dimension and pair of raters; method in docs/RELIABILITY.md. Kappa and rho to 2 decimals, p to 3 (0.000: p < 0.0005), as the companion paper printed them.`,
    '',
  );
  for (const f of doc.frameworks) {
    const data = f.synthetic ? '**SYNTHETIC ratings**' : 'real ratings';
    out.push(`## ${md(f.label)}${f.highlight ? ' (this study\'s rubric)' : ''}`, '');
    out.push(`${data}; ${f.conversations} conversations; ${f.dimensions.length} dimensions on ${f.scale.min}–${f.scale.max}; framework file ${markdownCode(f.file)}.${f.source ? ` Source: ${md(f.source)}.` : ''}`, '');
    const raters = f.raters.map((r) => `${md(r.name)}${r.label ? ` (${md(r.label)})` : ''}${r.from === 'command line' ? ' [command line]' : ''}`);
    const groups = f.groups.map((g) => `${md(g.name)} = ${g.combine} of ${g.members.map(md).join(', ')}`);
    out.push(`Raters: ${raters.join(', ')}.${groups.length ? ` Groups: ${groups.join('; ')}.` : ''}`, '');
    out.push('| dimension | pair | n | κ | p | ρ | p (ρ) | 95% CI (ρ) | note |', '|---|---|---:|---:|---:|---:|---:|---|---|');
    for (const r of f.rows) out.push(rowLine(r));
    out.push('');
    if (f.alpha) {
      const boot = f.alpha.bootstrap;
      out.push(`Krippendorff's alpha (${f.alpha.metric}) among ${f.alpha.raters.map(md).join(', ')}: mean ${mdNum(f.alpha.mean, 3)}.${boot ? ` Interval: ${Math.round(boot.confidence_level * 100)}% BCa bootstrap over conversations, ${boot.replicates} replicates, seed ${boot.seed} (ours: the paper's resamples were unseeded).` : ''}`, '');
      out.push(`| dimension | α | n |${boot ? ' interval |' : ''}`, `|---|---:|---:|${boot ? '---|' : ''}`);
      for (const a of f.alpha.dimensions) {
        const ci = a.ci_low === null || a.ci_high === null ? '—' : `[${fixedTypeset(a.ci_low, 3)}, ${fixedTypeset(a.ci_high, 3)}]`;
        out.push(`| ${md(a.dimension)} | ${mdNum(a.value, 3)} | ${a.n} |${boot ? ` ${ci} |` : ''}`);
      }
      out.push('');
    }
  }
  return out.join('\n');
}

/**
 * The three files of a frameworks run, as [file name, text].
 *
 * @example
 * frameworkFiles(doc).map(([name]) => name) // ['reliability.json', 'reliability.csv', 'reliability.md']
 */
export function frameworkFiles(doc: FrameworksDoc): [string, string][] {
  return [
    ['reliability.json', json(doc)],
    ['reliability.csv', frameworksCsv(doc)],
    ['reliability.md', frameworksMarkdown(doc)],
  ];
}
