/**
 * The `--reliability` file of `run`, checked at the edge and put in the one shape the report
 * draws: a list of frameworks, each with its kappa rows and alpha. Two files are accepted:
 *
 * - reliability.json of `reliability --framework` (schema `lend-an-ear-reliability-frameworks/1`,
 *   e.g. reports/reliability/reliability.json: the companion paper's four frameworks);
 * - reliability.json of `reliability --data` (schema `lend-an-ear-reliability/1`: one study's
 *   ratings, kappa rows and alpha per dimension), shown as one framework.
 *
 * A file of the wrong shape is bad input (exit 2) naming the file and the JSON path of the first
 * things wrong, e.g. `reliability.json: frameworks[2].rows[7].kappa: must be a number or null ("high")`,
 * never a TypeError deep in the report.
 */
import { BadInputError, type Problem } from '../errors.ts';
import { pathLabel as label, type PathSegment } from '../prereg/locate.ts';
import { FRAMEWORKS_SCHEMA } from '../reliability/framework-files.ts';

export interface ReliabilityRowInput {
  dimension: string;
  pair: [string, string];
  kappa: number | null;
  p: number | null;
  n: number;
}

export interface ReliabilityAlphaInput {
  dimension: string;
  value: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

export interface ReliabilityFrameworkInput {
  label: string;
  /** The study's own rubric: marked in the chart and the section. */
  highlight: boolean;
  synthetic: boolean;
  source: string | null;
  conversations: number | null;
  rows: ReliabilityRowInput[];
  alpha: ReliabilityAlphaInput[];
  alpha_mean: number | null;
}

/** What the report's reliability section and chart are drawn from. */
export interface ReliabilityInput {
  frameworks: ReliabilityFrameworkInput[];
}

type Path = PathSegment[];

function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Reads typed values at JSON paths, collecting a problem for each one that is wrong. */
class Reader {
  readonly problems: Problem[] = [];
  constructor(private readonly file: string) {}

  private bad(path: Path, message: string, value: unknown): void {
    if (this.problems.length < 20) this.problems.push({ file: this.file, line: null, column: label(path), message, ...(value === undefined ? {} : { value: shown(value) }) });
  }

  object(v: unknown, path: Path): Record<string, unknown> | null {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    this.bad(path, 'must be an object', v);
    return null;
  }

  array(v: unknown, path: Path): unknown[] {
    if (Array.isArray(v)) return v;
    this.bad(path, 'must be a list', v);
    return [];
  }

  text(v: unknown, path: Path): string {
    if (typeof v === 'string') return v;
    this.bad(path, 'must be text', v);
    return '';
  }

  optionalText(v: unknown, path: Path): string | null {
    return v === undefined || v === null ? null : this.text(v, path);
  }

  numberOrNull(v: unknown, path: Path): number | null {
    if (v === null || v === undefined) return null;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    this.bad(path, 'must be a number or null', v);
    return null;
  }

  count(v: unknown, path: Path): number {
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
    this.bad(path, 'must be a whole number of at least 0', v);
    return 0;
  }

  boolean(v: unknown, path: Path, fallback: boolean): boolean {
    if (v === undefined) return fallback;
    if (typeof v === 'boolean') return v;
    this.bad(path, 'must be true or false', v);
    return fallback;
  }

  pair(v: unknown, path: Path): [string, string] {
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
    this.bad(path, 'must be a pair of rater names', v);
    return ['', ''];
  }

  row(v: unknown, path: Path): ReliabilityRowInput {
    const r = this.object(v, path) ?? {};
    return {
      dimension: this.text(r.dimension, [...path, 'dimension']),
      pair: this.pair(r.pair, [...path, 'pair']),
      kappa: this.numberOrNull(r.kappa, [...path, 'kappa']),
      p: this.numberOrNull(r.p, [...path, 'p']),
      n: this.count(r.n, [...path, 'n']),
    };
  }

  alphaEntry(dimension: string, v: unknown, path: Path): ReliabilityAlphaInput {
    const a = this.object(v, path) ?? {};
    return { dimension, value: this.numberOrNull(a.value, [...path, 'value']), ci_low: this.numberOrNull(a.ci_low, [...path, 'ci_low']), ci_high: this.numberOrNull(a.ci_high, [...path, 'ci_high']) };
  }
}

function fromFrameworksDoc(doc: Record<string, unknown>, read: Reader): ReliabilityInput {
  const frameworks = read.array(doc.frameworks, ['frameworks']).map((f, i): ReliabilityFrameworkInput => {
    const path: Path = ['frameworks', i];
    const fw = read.object(f, path) ?? {};
    const head = {
      label: read.text(fw.label, [...path, 'label']),
      highlight: read.boolean(fw.highlight, [...path, 'highlight'], false),
      synthetic: read.boolean(fw.synthetic, [...path, 'synthetic'], false),
      source: read.optionalText(fw.source, [...path, 'source']),
      conversations: fw.conversations === undefined ? null : read.count(fw.conversations, [...path, 'conversations']),
      rows: read.array(fw.rows, [...path, 'rows']).map((r, j) => read.row(r, [...path, 'rows', j])),
    };
    const alphaDoc = fw.alpha === null || fw.alpha === undefined ? null : read.object(fw.alpha, [...path, 'alpha']);
    const alpha = alphaDoc
      ? read.array(alphaDoc.dimensions, [...path, 'alpha', 'dimensions']).map((a, j) => {
          const at: Path = [...path, 'alpha', 'dimensions', j];
          return read.alphaEntry(read.text((a as { dimension?: unknown } | null)?.dimension, [...at, 'dimension']), a, at);
        })
      : [];
    return { ...head, alpha, alpha_mean: alphaDoc ? read.numberOrNull(alphaDoc.mean, [...path, 'alpha', 'mean']) : null };
  });
  return { frameworks };
}

/** reliability.json of `reliability --data`: `kappa` rows, `alpha` per dimension, `alpha_mean`. */
function fromStudyDoc(doc: Record<string, unknown>, read: Reader): ReliabilityInput {
  const study = doc.study === undefined ? null : read.object(doc.study, ['study']);
  const rows = read.array(doc.kappa, ['kappa']).map((r, j) => read.row(r, ['kappa', j]));
  const alphaMap = read.object(doc.alpha, ['alpha']) ?? {};
  return {
    frameworks: [
      {
        label: study ? read.text(study.name, ['study', 'name']) : 'ratings',
        highlight: true,
        synthetic: study ? read.boolean(study.synthetic, ['study', 'synthetic'], false) : read.boolean(doc.synthetic, ['synthetic'], false),
        source: study ? read.optionalText(study.source, ['study', 'source']) : null,
        conversations: doc.conversations === undefined ? null : read.count(doc.conversations, ['conversations']),
        rows,
        alpha: Object.entries(alphaMap).map(([d, a]) => read.alphaEntry(d, a, ['alpha', d])),
        alpha_mean: read.numberOrNull(doc.alpha_mean, ['alpha_mean']),
      },
    ],
  };
}

/**
 * The report's reliability input from a parsed `--reliability` file; throws BadInputError naming
 * the file and each wrong path.
 *
 * @example
 * reliabilityInputFrom(JSON.parse(readFileSync('reports/reliability/reliability.json', 'utf8')), 'reliability.json').frameworks.length // 4
 */
export function reliabilityInputFrom(doc: unknown, file: string): ReliabilityInput {
  const read = new Reader(file);
  const top = read.object(doc, []);
  if (top === null) throw new BadInputError(read.problems);
  const schema = top.schema;
  let input: ReliabilityInput;
  if (schema === FRAMEWORKS_SCHEMA || (schema === undefined && 'frameworks' in top)) input = fromFrameworksDoc(top, read);
  else if (schema === 'lend-an-ear-reliability/1' || (schema === undefined && 'kappa' in top)) input = fromStudyDoc(top, read);
  else {
    read.problems.push({
      file,
      line: null,
      column: schema === undefined ? null : 'schema',
      message: 'not a reliability.json: expected schema lend-an-ear-reliability-frameworks/1 (reliability --framework) or lend-an-ear-reliability/1 (reliability --data)',
      ...(schema === undefined ? {} : { value: shown(schema) }),
    });
    throw new BadInputError(read.problems);
  }
  if (read.problems.length > 0) throw new BadInputError(read.problems);
  return input;
}

/** Whether every framework's ratings are real (the banner then says the section is the exception). */
export function reliabilityIsReal(input: ReliabilityInput): boolean {
  return input.frameworks.length > 0 && input.frameworks.every((f) => !f.synthetic);
}
