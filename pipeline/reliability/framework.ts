/**
 * A rating framework as data (docs/RELIABILITY.md, "Frameworks"): one YAML file declaring a
 * rubric's label, dimensions, scale, id column, the rater files, the groups formed from raters
 * (e.g. `experts` = the median of expert1..3), the pairs to compare and the raters whose
 * Krippendorff's alpha is reported. Adding a rubric is adding a file; no code changes. Every
 * problem in a file is located (`file:line: key: what (value)`) and refused as a whole.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { BadInputError, type Problem } from '../errors.ts';
import { locate, pathLabel, type PathSegment } from '../prereg/locate.ts';
import * as msg from './catalogue.ts';

/** A rater, group or dimension name: a letter or digit first, then letters, digits, `_`, `.`, `-`. */
export const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export interface RaterSpec {
  name: string;
  /** The rater file, as a path usable from the current folder. */
  file: string;
  /** A description shown in outputs (e.g. the model's name). */
  label?: string;
  /** For a `ratings` table holding several raters: the value of its `rater` column to read
   *  (default: the rater's name). */
  select?: string;
  /** `framework` when declared in the file, `command line` when added or replaced by --rater. */
  from: 'framework' | 'command line';
}

export interface GroupSpec {
  name: string;
  combine: 'median' | 'mean';
  members: string[];
}

export interface BootstrapSpec {
  replicates: number;
  seed: number;
  confidence_level: number;
}

export interface FrameworkMethod {
  /** Weights of Cohen's kappa on the categories' positions. */
  kappa_weights: 'quadratic' | 'linear';
  /** Each value becomes round(code_scale · v), halves to even, before the categories are formed. */
  code_scale: number;
  /** Critical value of the Fisher-z interval of Spearman's rho. */
  fisher_z: number;
}

/** The companion paper's method: the defaults of every framework file. */
export const PAPER_METHOD: FrameworkMethod = { kappa_weights: 'quadratic', code_scale: 100, fisher_z: 1.96 };

export interface FrameworkSpec {
  /** The file's name without `.yaml`: the framework's short name. */
  name: string;
  /** The framework file as given. */
  file: string;
  label: string;
  synthetic: boolean;
  source: string;
  /** Shown first and marked in the report (the study's own rubric). */
  highlight: boolean;
  id_column: string;
  scale: { min: number; max: number };
  dimensions: string[];
  raters: RaterSpec[];
  groups: GroupSpec[];
  pairs: [string, string][];
  alpha: { raters: string[]; metric: 'interval' | 'ordinal' | 'nominal'; bootstrap: BootstrapSpec | null } | null;
  method: FrameworkMethod;
}

const KEYS = ['label', 'synthetic', 'source', 'highlight', 'folder', 'id_column', 'scale', 'dimensions', 'raters', 'groups', 'pairs', 'alpha', 'method'];

/** Collects problems at YAML paths; they are located in the text only when thrown. */
class FrameworkProblems {
  private readonly found: { path: PathSegment[]; message: string; value?: unknown; key?: string }[] = [];
  add(path: PathSegment[], message: string, value?: unknown, key?: string): void {
    this.found.push({ path, message, value, key });
  }
  get size(): number {
    return this.found.length;
  }
  throwIfAny(file: string, doc: Document, lines: LineCounter): void {
    if (this.found.length === 0) return;
    const problems: Problem[] = this.found.map((p) => {
      const at = locate(doc, lines, p.path, p.key);
      const where = p.key === undefined ? p.path : [...p.path, p.key];
      return { file, line: at.line, column: pathLabel(where), message: p.message, ...(p.value === undefined ? {} : { value: shown(p.value) }) };
    });
    throw new BadInputError(problems);
  }
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function text(data: Record<string, unknown>, key: string, problems: FrameworkProblems, required: boolean): string | null {
  const v = data[key];
  if (v === undefined || v === null) {
    if (required) problems.add([], msg.REQUIRED_KEY, undefined, key);
    return null;
  }
  if (typeof v !== 'string' || v.trim() === '') {
    problems.add([key], msg.NOT_TEXT, v);
    return null;
  }
  return v;
}

function name(v: unknown, path: PathSegment[], problems: FrameworkProblems): string | null {
  if (typeof v !== 'string' || !NAME.test(v)) {
    problems.add(path, msg.BAD_NAME, v);
    return null;
  }
  return v;
}

function finite(v: unknown, path: PathSegment[], problems: FrameworkProblems, check: (x: number) => boolean, message: string): number | null {
  if (typeof v !== 'number' || !Number.isFinite(v) || !check(v)) {
    problems.add(path, message, v);
    return null;
  }
  return v;
}

/** A list of names, none repeated. */
function names(v: unknown, path: PathSegment[], problems: FrameworkProblems, min: number): string[] {
  if (!Array.isArray(v) || v.length < min) {
    problems.add(path, msg.namesList(min), v);
    return [];
  }
  const out: string[] = [];
  v.forEach((item, i) => {
    const n = name(item, [...path, i], problems);
    if (n === null) return;
    if (out.includes(n)) problems.add([...path, i], msg.REPEATED_NAME, n);
    else out.push(n);
  });
  return out;
}

function raterSpecs(v: unknown, folder: string, problems: FrameworkProblems): RaterSpec[] {
  if (!isRecord(v) || Object.keys(v).length === 0) {
    problems.add(['raters'], msg.RATERS_MAP, v);
    return [];
  }
  const out: RaterSpec[] = [];
  for (const [key, entry] of Object.entries(v)) {
    if (name(key, ['raters'], problems) === null) continue;
    const fileOf = isRecord(entry) ? entry.file : entry;
    if (typeof fileOf !== 'string' || fileOf.trim() === '') {
      problems.add(['raters', key], msg.RATER_ENTRY, entry);
      continue;
    }
    if (isRecord(entry)) {
      for (const k of Object.keys(entry)) if (!['file', 'label', 'rater'].includes(k)) problems.add(['raters', key], msg.UNKNOWN_KEY, undefined, k);
      for (const k of ['label', 'rater']) if (entry[k] !== undefined && (typeof entry[k] !== 'string' || entry[k] === '')) problems.add(['raters', key, k], msg.NOT_TEXT, entry[k]);
    }
    const label = isRecord(entry) && typeof entry.label === 'string' ? entry.label : undefined;
    const select = isRecord(entry) && typeof entry.rater === 'string' ? entry.rater : undefined;
    out.push({ name: key, file: isAbsolute(fileOf) ? fileOf : join(folder, fileOf), ...(label ? { label } : {}), ...(select ? { select } : {}), from: 'framework' });
  }
  return out;
}

function groupSpecs(v: unknown, problems: FrameworkProblems): GroupSpec[] {
  if (v === undefined || v === null) return [];
  if (!isRecord(v)) {
    problems.add(['groups'], msg.GROUPS_MAP, v);
    return [];
  }
  const out: GroupSpec[] = [];
  for (const [key, entry] of Object.entries(v)) {
    if (name(key, ['groups'], problems) === null) continue;
    const combine = isRecord(entry) ? Object.keys(entry) : [];
    if (!isRecord(entry) || combine.length !== 1 || (combine[0] !== 'median' && combine[0] !== 'mean')) {
      problems.add(['groups', key], msg.GROUP_ENTRY, entry);
      continue;
    }
    const how = combine[0] as 'median' | 'mean';
    out.push({ name: key, combine: how, members: names(entry[how], ['groups', key, how], problems, 2) });
  }
  return out;
}

function pairSpecs(v: unknown, problems: FrameworkProblems): [string, string][] {
  if (!Array.isArray(v) || v.length === 0) {
    problems.add(['pairs'], msg.PAIRS_LIST, v);
    return [];
  }
  const out: [string, string][] = [];
  v.forEach((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) return problems.add(['pairs', i], msg.PAIR_ENTRY, pair);
    const a = name(pair[0], ['pairs', i, 0], problems);
    const b = name(pair[1], ['pairs', i, 1], problems);
    if (a === null || b === null) return;
    if (a === b) return problems.add(['pairs', i], msg.PAIR_WITH_ITSELF, a);
    if (out.some(([x, y]) => (x === a && y === b) || (x === b && y === a))) return problems.add(['pairs', i], msg.REPEATED_PAIR, `${a},${b}`);
    out.push([a, b]);
  });
  return out;
}

function alphaSpec(v: unknown, problems: FrameworkProblems): FrameworkSpec['alpha'] {
  if (v === undefined || v === null) return null;
  if (!isRecord(v)) {
    problems.add(['alpha'], msg.ALPHA_ENTRY, v);
    return null;
  }
  for (const k of Object.keys(v)) if (!['raters', 'metric', 'bootstrap'].includes(k)) problems.add(['alpha'], msg.UNKNOWN_KEY, undefined, k);
  const raters = names(v.raters, ['alpha', 'raters'], problems, 2);
  const metric = v.metric ?? 'interval';
  if (metric !== 'interval' && metric !== 'ordinal' && metric !== 'nominal') problems.add(['alpha', 'metric'], msg.ALPHA_METRIC, metric);
  let bootstrap: BootstrapSpec | null = null;
  if (v.bootstrap !== undefined && v.bootstrap !== null) {
    const b = v.bootstrap;
    if (!isRecord(b)) problems.add(['alpha', 'bootstrap'], msg.BOOTSTRAP_ENTRY, b);
    else {
      for (const k of Object.keys(b)) if (!['replicates', 'seed', 'confidence_level'].includes(k)) problems.add(['alpha', 'bootstrap'], msg.UNKNOWN_KEY, undefined, k);
      const replicates = finite(b.replicates, ['alpha', 'bootstrap', 'replicates'], problems, (x) => Number.isInteger(x) && x >= 100 && x <= 100_000, msg.REPLICATES);
      const seed = finite(b.seed, ['alpha', 'bootstrap', 'seed'], problems, (x) => Number.isSafeInteger(x) && x >= 0, msg.SEED);
      const level = finite(b.confidence_level ?? 0.95, ['alpha', 'bootstrap', 'confidence_level'], problems, (x) => x > 0 && x < 1, msg.CONFIDENCE_LEVEL);
      if (replicates !== null && seed !== null && level !== null) bootstrap = { replicates, seed, confidence_level: level };
    }
  }
  return { raters, metric: metric as 'interval', bootstrap };
}

function methodSpec(v: unknown, problems: FrameworkProblems): FrameworkMethod {
  if (v === undefined || v === null) return { ...PAPER_METHOD };
  if (!isRecord(v)) {
    problems.add(['method'], msg.METHOD_ENTRY, v);
    return { ...PAPER_METHOD };
  }
  for (const k of Object.keys(v)) if (!['kappa_weights', 'code_scale', 'fisher_z'].includes(k)) problems.add(['method'], msg.UNKNOWN_KEY, undefined, k);
  const weights = v.kappa_weights ?? PAPER_METHOD.kappa_weights;
  if (weights !== 'quadratic' && weights !== 'linear') problems.add(['method', 'kappa_weights'], msg.KAPPA_WEIGHTS, weights);
  const scale = finite(v.code_scale ?? PAPER_METHOD.code_scale, ['method', 'code_scale'], problems, (x) => x > 0, msg.POSITIVE_NUMBER);
  const z = finite(v.fisher_z ?? PAPER_METHOD.fisher_z, ['method', 'fisher_z'], problems, (x) => x > 0, msg.POSITIVE_NUMBER);
  return { kappa_weights: weights as 'quadratic', code_scale: scale ?? PAPER_METHOD.code_scale, fisher_z: z ?? PAPER_METHOD.fisher_z };
}

/** Every name a pair, group or alpha uses must be a declared rater or group (groups: raters only). */
function checkReferences(spec: FrameworkSpec, problems: FrameworkProblems): void {
  const raters = new Set(spec.raters.map((r) => r.name));
  const groups = new Set(spec.groups.map((g) => g.name));
  for (const g of spec.groups) {
    if (raters.has(g.name)) problems.add(['groups'], msg.GROUP_NAMED_LIKE_RATER, g.name, g.name);
    g.members.forEach((m, i) => {
      if (!raters.has(m)) problems.add(['groups', g.name, g.combine, i], msg.UNKNOWN_RATER, m);
    });
  }
  spec.pairs.forEach(([a, b], i) => {
    if (!raters.has(a) && !groups.has(a)) problems.add(['pairs', i, 0], msg.UNKNOWN_RATER_OR_GROUP, a);
    if (!raters.has(b) && !groups.has(b)) problems.add(['pairs', i, 1], msg.UNKNOWN_RATER_OR_GROUP, b);
  });
  spec.alpha?.raters.forEach((r, i) => {
    if (!raters.has(r)) problems.add(['alpha', 'raters', i], msg.UNKNOWN_RATER, r);
  });
}

/**
 * Reads and checks a framework file. Paths of rater files are taken relative to the framework
 * file's folder (or to its `folder`, itself relative to the file).
 *
 * @example
 * const spec = loadFramework('data/frameworks/lend-an-ear.yaml');
 * spec.pairs[3]; // ['experts', 'llm']
 */
export function loadFramework(file: string): FrameworkSpec {
  let textOf: string;
  try {
    textOf = readFileSync(file, 'utf8');
  } catch (err) {
    throw new BadInputError([{ file, line: null, column: null, message: msg.cannotRead('the framework file', (err as NodeJS.ErrnoException).code ?? (err as Error).message) }], { cause: err });
  }
  const lines = new LineCounter();
  const doc = parseDocument(textOf, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new BadInputError(doc.errors.map((e) => ({ file, line: lines.linePos(e.pos[0]).line, column: null, message: `YAML ${e.code}: ${e.message.split('\n')[0]}` })));
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 0 });
  } catch (err) {
    throw new BadInputError([{ file, line: null, column: null, message: msg.NO_ALIASES }], { cause: err });
  }
  const problems = new FrameworkProblems();
  if (!isRecord(data)) {
    problems.add([], msg.FRAMEWORK_MAP, data);
    problems.throwIfAny(file, doc, lines);
  }
  const d = data as Record<string, unknown>;
  for (const k of Object.keys(d)) if (!KEYS.includes(k)) problems.add([], msg.UNKNOWN_KEY, undefined, k);
  const label = text(d, 'label', problems, true);
  if (typeof d.synthetic !== 'boolean') problems.add(d.synthetic === undefined ? [] : ['synthetic'], msg.SYNTHETIC, d.synthetic, d.synthetic === undefined ? 'synthetic' : undefined);
  if (d.highlight !== undefined && typeof d.highlight !== 'boolean') problems.add(['highlight'], msg.NOT_BOOLEAN, d.highlight);
  const folderText = text(d, 'folder', problems, false);
  const folder = folderText !== null && isAbsolute(folderText) ? folderText : join(dirname(file), folderText ?? '.');
  const idColumn = text(d, 'id_column', problems, true);
  let scale = { min: 0, max: 0 };
  if (!isRecord(d.scale)) problems.add(d.scale === undefined ? [] : ['scale'], msg.SCALE, d.scale, d.scale === undefined ? 'scale' : undefined);
  else {
    const min = finite(d.scale.min, ['scale', 'min'], problems, () => true, msg.NUMBER);
    const max = finite(d.scale.max, ['scale', 'max'], problems, (x) => min === null || x > min, msg.SCALE_MAX);
    if (min !== null && max !== null) scale = { min, max };
  }
  const spec: FrameworkSpec = {
    name: file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, ''),
    file,
    label: label ?? '',
    synthetic: d.synthetic === true,
    source: text(d, 'source', problems, false) ?? '',
    highlight: d.highlight === true,
    id_column: idColumn ?? '',
    scale,
    dimensions: d.dimensions === undefined ? (problems.add([], msg.REQUIRED_KEY, undefined, 'dimensions'), []) : names(d.dimensions, ['dimensions'], problems, 1),
    raters: d.raters === undefined ? (problems.add([], msg.REQUIRED_KEY, undefined, 'raters'), []) : raterSpecs(d.raters, folder, problems),
    groups: groupSpecs(d.groups, problems),
    pairs: d.pairs === undefined ? (problems.add([], msg.REQUIRED_KEY, undefined, 'pairs'), []) : pairSpecs(d.pairs, problems),
    alpha: alphaSpec(d.alpha, problems),
    method: methodSpec(d.method, problems),
  };
  if (problems.size === 0) checkReferences(spec, problems);
  problems.throwIfAny(file, doc, lines);
  return spec;
}
