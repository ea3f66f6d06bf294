/**
 * `reliability --framework`: the frameworks named on the command line (files, or folders of
 * `*.yaml` files in name order), with any raters added or replaced by `--rater NAME=FILE` and pairs
 * added by `--pair A,B`, computed and written as reliability.json, .csv and .md. Everything is
 * computed before anything is written; a problem anywhere writes nothing.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError, UsageError } from '../errors.ts';
import { NAME, loadFramework, type FrameworkSpec } from './framework.ts';
import { computeFramework } from './framework-compute.ts';
import { FRAMEWORKS_SCHEMA, METHOD_TEXT, frameworkFiles, type FrameworksDoc } from './framework-files.ts';
import { writeReliabilityFiles } from './files.ts';
import { withOutput } from '../output/folder.ts';
import * as msg from './catalogue.ts';

/** The framework files a --framework argument names: the file, or a folder's `*.yaml` in name order. */
export function frameworkFilesIn(arg: string): string[] {
  let isFolder: boolean;
  try {
    isFolder = statSync(arg).isDirectory();
  } catch (err) {
    throw new BadInputError([{ file: arg, line: null, column: null, message: msg.cannotRead('the framework file', (err as NodeJS.ErrnoException).code ?? (err as Error).message) }], { cause: err });
  }
  if (!isFolder) return [arg];
  const files = readdirSync(arg).filter((f) => /\.ya?ml$/i.test(f)).sort();
  if (files.length === 0) throw new BadInputError([{ file: arg, line: null, column: null, message: 'no framework file (*.yaml) in this folder' }]);
  return files.map((f) => join(arg, f));
}

/** `NAME=FILE` of --rater. */
export function parseRaterOption(value: string): { name: string; file: string } {
  const at = value.indexOf('=');
  const name = value.slice(0, at);
  const file = value.slice(at + 1);
  if (at <= 0 || file === '' || !NAME.test(name)) throw new UsageError(msg.raterOption(value));
  return { name, file };
}

/** `A,B` of --pair. */
export function parsePairOption(value: string): [string, string] {
  const parts = value.split(',').map((s) => s.trim());
  if (parts.length !== 2 || !parts.every((p) => NAME.test(p)) || parts[0] === parts[1]) throw new UsageError(msg.pairOption(value));
  return [parts[0], parts[1]];
}

/**
 * The framework with command-line raters (a known name is replaced, a new one added) and pairs
 * (added after the framework's own, unless already there). A rater added but used by no pair is a
 * usage error: it would be read for nothing.
 *
 * @example
 * withCommandLine(spec, [{ name: 'judge', file: 'out/judge.csv' }], [['experts', 'judge']]).pairs.at(-1) // ['experts', 'judge']
 */
export function withCommandLine(spec: FrameworkSpec, raters: { name: string; file: string }[], pairs: [string, string][]): FrameworkSpec {
  const out: FrameworkSpec = { ...spec, raters: [...spec.raters], pairs: [...spec.pairs] };
  for (const r of raters) {
    if (spec.groups.some((g) => g.name === r.name)) throw new UsageError(`--rater ${r.name}: ${msg.GROUP_NAMED_LIKE_RATER}`);
    const entry = { name: r.name, file: r.file, label: undefined, from: 'command line' as const };
    const at = out.raters.findIndex((x) => x.name === r.name);
    if (at === -1) out.raters.push(entry);
    else out.raters[at] = entry;
  }
  const known = [...out.raters.map((r) => r.name), ...spec.groups.map((g) => g.name)];
  for (const [a, b] of pairs) {
    for (const n of [a, b]) if (!known.includes(n)) throw new UsageError(msg.unknownPairName(n, known));
    if (!out.pairs.some(([x, y]) => (x === a && y === b) || (x === b && y === a))) out.pairs.push([a, b]);
  }
  for (const r of raters) {
    const declared = spec.raters.some((x) => x.name === r.name);
    if (!declared && !out.pairs.flat().includes(r.name)) throw new UsageError(`--rater ${r.name} is used by no pair: add one, e.g. --pair ${spec.groups[0]?.name ?? spec.raters[0]?.name ?? 'A'},${r.name}`);
  }
  return out;
}

export interface FrameworksRun {
  frameworks: string[];
  out: string;
  raters: { name: string; file: string }[];
  pairs: [string, string][];
}

/**
 * Computes every framework and returns the document (nothing written).
 *
 * @example
 * (await computeFrameworks({ frameworks: ['data/frameworks'], out: '', raters: [], pairs: [] })).frameworks.length // 4
 */
export async function computeFrameworks(run: Omit<FrameworksRun, 'out'>): Promise<FrameworksDoc> {
  const files = run.frameworks.flatMap(frameworkFilesIn);
  if ((run.raters.length > 0 || run.pairs.length > 0) && files.length !== 1) {
    throw new UsageError(`--rater and --pair need exactly one framework (${files.length} given): say which rubric the added raters rated`);
  }
  const specs = files.map(loadFramework).map((s) => withCommandLine(s, run.raters, run.pairs));
  const frameworks = [];
  for (const spec of specs) frameworks.push(await computeFramework(spec));
  return { schema: FRAMEWORKS_SCHEMA, method: METHOD_TEXT, frameworks };
}

/**
 * Computes and writes reliability.json, reliability.csv and reliability.md into `out`; returns
 * the file names.
 *
 * @example
 * await runFrameworks({ frameworks: ['data/frameworks'], out: 'reports/reliability', raters: [], pairs: [] })
 * // ['reliability.json', 'reliability.csv', 'reliability.md']
 */
export async function runFrameworks(run: FrameworksRun): Promise<string[]> {
  // --out is claimed before any work (pipeline/output/): apart from the frameworks' files and
  // folders (their rater files sit beside them), and holding none of the added rater files.
  const request = {
    command: 'reliability',
    out: run.out,
    apart: run.frameworks.map((path) => ({ option: '--framework', path })),
    inputs: run.raters.map((r) => ({ option: '--rater', path: r.file })),
  };
  return withOutput(request, async (output) => {
    const doc = await computeFrameworks(run);
    const files = frameworkFiles(doc);
    writeReliabilityFiles(output, files);
    return files.map(([name]) => name);
  });
}
