/**
 * The reliability of one framework: read the rater files its pairs, groups and alpha use, form the
 * groups, check that each pair's raters rated the same conversations, then for every dimension and
 * pair the kappa and Spearman row, and Krippendorff's alpha among the alpha raters. All problems of
 * all files are collected and thrown together (exit 2, nothing written).
 */
import { BadInputError, formatProblem, type Problem } from '../errors.ts';
import { ProblemList } from '../ingest/problems.ts';
import type { FrameworkMethod, FrameworkSpec, GroupSpec } from './framework.ts';
import { readRaterFile, type RaterSeries } from './rater-file.ts';
import { FrameworkSeries } from './series.ts';
import { pairAgreement, type PairAgreement } from './pair-agreement.ts';
import { frameworkAlpha, type FrameworkAlpha } from './framework-alpha.ts';

export interface FrameworkRow extends PairAgreement {
  dimension: string;
  pair: [string, string];
}

export interface RaterEntry {
  name: string;
  label: string | null;
  file: string;
  format: 'wide' | 'ratings';
  sha256: string;
  conversations: number;
  from: 'framework' | 'command line';
}

/** A framework's result: what its file declares about it, then what was computed. */
export interface FrameworkResult extends Pick<FrameworkSpec, 'name' | 'label' | 'file' | 'synthetic' | 'source' | 'highlight' | 'id_column' | 'scale' | 'dimensions'> {
  method: FrameworkMethod;
  /** The raters read (those a pair, group or alpha uses), in the framework's order. */
  raters: RaterEntry[];
  groups: GroupSpec[];
  pairs: [string, string][];
  /** Conversations of the first pair (every pair's raters rated the same ones). */
  conversations: number;
  /** One row per dimension × pair, dimensions in the framework's order, then pairs. */
  rows: FrameworkRow[];
  alpha: FrameworkAlpha | null;
}

/** The raters a framework's pairs, groups and alpha need, in the order declared. */
function ratersNeeded(spec: FrameworkSpec): string[] {
  const groups = new Map(spec.groups.map((g) => [g.name, g]));
  const need = new Set<string>();
  const use = (name: string) => {
    const g = groups.get(name);
    if (g) g.members.forEach((m) => need.add(m));
    else need.add(name);
  };
  spec.pairs.forEach(([a, b]) => (use(a), use(b)));
  spec.alpha?.raters.forEach(use);
  return spec.raters.map((r) => r.name).filter((n) => need.has(n));
}

function throwIfAny(problems: Problem[]): void {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = formatProblem(p);
    return seen.has(key) ? false : (seen.add(key), true);
  });
  if (unique.length > 0) throw new BadInputError(unique.slice(0, 200), { total: unique.length });
}

/**
 * @example
 * const result = await computeFramework(loadFramework('data/frameworks/epitome.yaml'));
 * result.rows.length; // 18 (3 dimensions × 6 pairs)
 */
export async function computeFramework(spec: FrameworkSpec): Promise<FrameworkResult> {
  const problems = new ProblemList();
  const names = ratersNeeded(spec);
  const read: RaterSeries[] = [];
  for (const name of names) {
    const rater = spec.raters.find((r) => r.name === name)!;
    read.push(await readRaterFile({ rater: name, ...(rater.select ? { select: rater.select } : {}), file: rater.file, id_column: spec.id_column, dimensions: spec.dimensions, scale: spec.scale }, problems));
  }
  problems.throwIfAny();
  const series = new FrameworkSeries(read);
  const idProblems: Problem[] = [];
  for (const g of spec.groups) if (spec.pairs.flat().includes(g.name) || spec.alpha?.raters.includes(g.name)) idProblems.push(...series.addGroup(g));
  throwIfAny(idProblems);
  for (const [a, b] of spec.pairs) idProblems.push(...series.unmatched(a, b));
  const alphaRaters = spec.alpha?.raters ?? [];
  for (const r of alphaRaters.slice(1)) idProblems.push(...series.unmatched(alphaRaters[0], r));
  throwIfAny(idProblems);

  const rows: FrameworkRow[] = [];
  for (const dimension of spec.dimensions) {
    for (const [a, b] of spec.pairs) {
      const aligned = series.aligned(a, b, dimension);
      rows.push({ dimension, pair: [a, b], ...pairAgreement(aligned.a, aligned.b, spec.method) });
    }
  }
  const byName = new Map(read.map((r) => [r.rater, r]));
  return {
    name: spec.name,
    label: spec.label,
    file: spec.file,
    synthetic: spec.synthetic,
    source: spec.source,
    highlight: spec.highlight,
    id_column: spec.id_column,
    scale: spec.scale,
    dimensions: spec.dimensions,
    method: spec.method,
    raters: spec.raters
      .filter((r) => byName.has(r.name))
      .map((r) => {
        const s = byName.get(r.name)!;
        return { name: r.name, label: r.label ?? null, file: r.file, format: s.format, sha256: s.sha256, conversations: s.conversations, from: r.from };
      }),
    groups: spec.groups,
    pairs: spec.pairs,
    conversations: spec.pairs.length > 0 ? series.conversations(spec.pairs[0][0]) : 0,
    rows,
    alpha: frameworkAlpha(spec, series),
  };
}
