/**
 * The `diagnose` command as one cached stage, like every other: keyed on its settings and seed, the
 * preregistration file's bytes (diagnosis.json records its SHA-256), the stage's code (the diagnosis,
 * the simulator and the analyses it runs) and the versions; skipped when its key is in the cache,
 * explained with --dry-run, rerun with --force. What is cached is the simulated diagnosis; its notes
 * in plain words (notes.ts) and diagnosis.md are made from it here on every run, in milliseconds,
 * so their wording is not part of the key. The files are the same bytes whether computed or taken
 * from the cache.
 */
import type { DiagnoseSettings } from '../diagnose/diagnose.ts';
import { withNotes } from '../diagnose/notes.ts';
import { renderDiagnosisMarkdown } from '../diagnose/render-md.ts';
import { sha256Hex } from '../prereg/lock.ts';
import { checkOutput, withOutput, type OutputRequest } from '../output/folder.ts';
import { StageCache } from './cache.ts';
import { canonicalJson } from './canonical-json.ts';
import { CODE_NORMALISER, codeMemo } from './code-hash.ts';
import { shortKey } from './key.ts';
import { dependencyVersions } from './manifest.ts';
import { fileInput, planStage, reasonsToRun, runStage, type PlannedStage } from './stage.ts';
import { STAGE_ENTRY } from './stage-entries.ts';
import { diagnoseStage, type DiagnoseOutputs } from './stages/diagnose.ts';

export interface DiagnoseRunOptions {
  settings: DiagnoseSettings;
  out: string;
  workers: number;
  /** The cache folder; null runs and stores nothing. */
  cache: string | null;
  force?: boolean;
  log?: (line: string) => void;
}

async function plan(options: DiagnoseRunOptions, dryRun: boolean): Promise<PlannedStage> {
  const s = options.settings;
  const deps = dependencyVersions();
  return planStage({
    name: 'diagnose',
    entries: [STAGE_ENTRY.diagnose],
    inputs: [fileInput('preregistration file', s.preregFile)],
    preregistration: {},
    params: {
      sims: s.sims,
      seed: s.seed,
      participants: s.participants,
      effect_coach: s.effectCoach,
      effect_video: s.effectVideo,
      attrition_sims: s.attritionSims,
      curve_sims: s.curveSims,
      planted_scale: s.plantedScale,
      preregistration_path: s.preregFile,
    },
    versions: { 'Node version': deps.node, 'dependency versions': sha256Hex(canonicalJson(deps.dependencies)), 'code normaliser': CODE_NORMALISER },
    codeMemo: codeMemo(options.cache, !dryRun),
  });
}

/** --out of `diagnose` (pipeline/output/): apart from --cache, the preregistration outside it. */
function outputRequest(options: DiagnoseRunOptions): OutputRequest {
  return {
    command: 'diagnose',
    out: options.out,
    apart: [{ option: '--cache', path: options.cache }],
    inputs: [{ option: '--prereg', path: options.settings.preregFile }],
    log: options.log,
  };
}

/**
 * Computes (or takes from the cache) and writes diagnosis.json and diagnosis.md; returns their names.
 *
 * @example
 * await runDiagnoseStage({ settings, out: 'reports/diagnosis', workers: 2, cache: '.cache' });
 * // ['diagnosis.json', 'diagnosis.md']; a second call logs 'diagnose: up to date (key …)'
 */
export async function runDiagnoseStage(options: DiagnoseRunOptions): Promise<string[]> {
  const log = options.log ?? (() => {});
  // --out is claimed (and its writability checked) before the simulations start; the files are
  // swapped in whole at the end (pipeline/output/).
  return withOutput(outputRequest(options), async (output) => {
    const planned = await plan(options, false);
    const cache = options.cache === null ? null : new StageCache(options.cache);
    cache?.removeStaleTemps();
    const engine = { cache, force: options.force ?? false, log };
    const run = await runStage(engine, planned, async () => ({ ...(await diagnoseStage(options.settings, options.workers)) }));
    const doc = withNotes(run.read<DiagnoseOutputs['doc']>('doc'));
    const files = { 'diagnosis.json': JSON.stringify(doc, null, 2) + '\n', 'diagnosis.md': renderDiagnosisMarkdown(doc) };
    for (const [name, text] of Object.entries(files)) output.write(name, text);
    return Object.keys(files);
  });
}

/**
 * What `diagnose` would do, in one line: `diagnose: up to date (key …)` or
 * `diagnose: would run: params changed …`. Writes nothing.
 */
export async function dryRunDiagnoseStage(options: DiagnoseRunOptions): Promise<string> {
  checkOutput(outputRequest(options));
  const planned = await plan(options, true);
  if (options.force) return 'diagnose: would run: --force';
  const cache = options.cache === null ? null : new StageCache(options.cache);
  const found = cache?.lookup('diagnose', planned.key, false);
  if (found?.kind === 'hit') return `diagnose: up to date (key ${shortKey(planned.key)})`;
  if (found?.kind === 'corrupt') return `diagnose: would run: its cache entry is corrupted (${found.why})`;
  return `diagnose: would run: ${cache === null ? 'no cache' : reasonsToRun(cache, planned).join('; ')}`;
}
