/**
 * The `reliability` command as one cached stage: keyed on every file of the export, the
 * preregistration's `reliability` section (canonical JSON: a comment elsewhere in the YAML does not
 * rerun it), the stage's code, the export folder's name (the study's default name) and the
 * versions; skipped when its key is in the cache, explained with --dry-run, rerun with --force.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import { sha256Hex } from '../prereg/lock.ts';
import { loadPreregistration } from '../prereg/load.ts';
import { writeReliabilityFiles } from '../reliability/files.ts';
import { checkOutput, withOutput, type OutputRequest } from '../output/folder.ts';
import { terminalSafe } from '../terminal.ts';
import { StageCache } from './cache.ts';
import { canonicalJson } from './canonical-json.ts';
import { CODE_NORMALISER, codeMemo } from './code-hash.ts';
import { exportFiles } from '../ingest/export-files.ts';
import { dependencyVersions } from './manifest.ts';
import { fileInput, exportNamesWatch, planStage, reasonsToRun, runStage, type PlannedStage } from './stage.ts';
import { STAGE_ENTRY } from './stage-entries.ts';
import { reliabilityStage, type ReliabilityOutputs } from './stages/reliability.ts';
import { shortKey } from './key.ts';

export interface ReliabilityRunOptions {
  data: string;
  out: string;
  prereg: string;
  /** The cache folder; null runs and stores nothing. */
  cache: string | null;
  force?: boolean;
  log?: (line: string) => void;
}

async function plan(options: ReliabilityRunOptions, dryRun: boolean): Promise<PlannedStage> {
  // As run says it: bad arguments (exit 2) before any work, never a crash listing the folder.
  if (!existsSync(options.data) || !statSync(options.data).isDirectory()) throw new UsageError(`--data ${options.data} is not a folder`);
  const { prereg } = loadPreregistration(options.prereg);
  const deps = dependencyVersions();
  return planStage({
    name: 'reliability',
    entries: [STAGE_ENTRY.reliability],
    inputs: exportFiles(options.data).map((rel) => fileInput(`data file ${rel}`, join(options.data, rel))),
    watches: [exportNamesWatch('the list of export files', options.data)],
    preregistration: { reliability: prereg.reliability },
    params: { export_folder_name: basename(resolve(options.data)) },
    versions: { 'Node version': deps.node, 'dependency versions': sha256Hex(canonicalJson(deps.dependencies)), 'code normaliser': CODE_NORMALISER },
    codeMemo: codeMemo(options.cache, !dryRun),
  });
}

/**
 * Computes (or takes from the cache) and writes the reliability files; returns their names.
 *
 * @example
 * await runReliabilityStage({ data: 'data/lend-an-ear-pilot', out: 'reports/pilot', prereg: 'preregistration/preregistration.yaml', cache: '.cache' })
 * // ['reliability.json', 'tagger_validity.json', 'tagged_messages.csv']; a second call logs 'reliability: up to date (key …)'
 */
export async function runReliabilityStage(options: ReliabilityRunOptions): Promise<string[]> {
  const log = options.log ?? (() => {});
  return withOutput(outputRequest(options), async (output) => {
    const { prereg } = loadPreregistration(options.prereg);
    const planned = await plan(options, false);
    const cache = options.cache === null ? null : new StageCache(options.cache);
    cache?.removeStaleTemps();
    const engine = { cache, force: options.force ?? false, log };
    const run = await runStage(engine, planned, async () => ({ ...(await reliabilityStage(options.data, prereg.reliability)) }));
    const files = run.read<ReliabilityOutputs['files']>('files');
    writeReliabilityFiles(output, Object.entries(files));
    for (const w of run.read<ReliabilityOutputs['warnings']>('warnings')) process.stderr.write(`warning: ${terminalSafe(w.message)}\n`);
    return Object.keys(files);
  });
}

/** --out of `reliability`, apart from --data and --cache, with the preregistration outside it. */
function outputRequest(options: ReliabilityRunOptions): OutputRequest {
  return {
    command: 'reliability',
    out: options.out,
    apart: [{ option: '--data', path: options.data }, { option: '--cache', path: options.cache }],
    inputs: [{ option: '--prereg', path: options.prereg }],
    log: options.log,
  };
}

/**
 * What `reliability` would do, in one line: `reliability: up to date (key …)` or
 * `reliability: would run: data file conversations.csv changed`. Writes nothing.
 */
export async function dryRunReliabilityStage(options: ReliabilityRunOptions): Promise<string> {
  checkOutput(outputRequest(options));
  const planned = await plan(options, true);
  if (options.force) return 'reliability: would run: --force';
  const cache = options.cache === null ? null : new StageCache(options.cache);
  const found = cache?.lookup('reliability', planned.key, false);
  if (found?.kind === 'hit') return `reliability: up to date (key ${shortKey(planned.key)})`;
  if (found?.kind === 'corrupt') return `reliability: would run: its cache entry is corrupted (${found.why})`;
  return `reliability: would run: ${cache === null ? 'no cache' : reasonsToRun(cache, planned).join('; ')}`;
}
