/**
 * Running one stage through the cache: plan its key, reuse a verified entry when the key is known,
 * otherwise run it, check that its inputs did not move while it ran, and store its outputs.
 *
 * A stage is up to date when an entry exists under its key; it then says so on the log
 * (`score: up to date (key 1a2b3c4d5e6f)`) and its outputs are decoded only if a later stage reads
 * them. A stage whose inputs (files or code) changed between the hashing before it ran and the
 * check after it finished still hands its outputs on, but they are not cached, and the run says so.
 */
import { sha256Hex } from '../prereg/lock.ts';
import type { StageCache, OutputRecord } from './cache.ts';
import { encodeOutput, type EncodedOutput } from './cache.ts';
import { canonicalJson } from './canonical-json.ts';
import { codeChangedSince, stageCode, type CodeFileDigest, type CodeMemo } from './code-hash.ts';
import { outputDigest } from './digest.ts';
import { fileHash } from './file-hash.ts';
import { KEY_SCHEMA, changeReasons, shortKey, stageKey, type KeyMaterial } from './key.ts';
import { exportFiles } from '../ingest/export-files.ts';

/** One input of a stage: its name as the user reads it, its SHA-256, and how to hash it again. */
export interface StageInput {
  name: string;
  sha256: string;
  /** For inputs read from disk: hashes it again after the stage ran. */
  recheck?: () => string;
}

/** A file input, hashed now. A missing file hashes to the empty string. */
export function fileInput(name: string, file: string): StageInput {
  return { name, sha256: fileSha256(file), recheck: () => fileSha256(file) };
}

/**
 * The names of an export's files (ingest/export-files.ts), to watch while a stage reads it: a
 * table added or removed meanwhile is noticed (edits of the files themselves are their own inputs).
 */
export function exportNamesWatch(name: string, dir: string): StageInput {
  const names = () => sha256Hex(exportFiles(dir).join('\n'));
  return { name, sha256: names(), recheck: names };
}

function fileSha256(file: string): string {
  return fileHash(file)?.sha256 ?? '';
}

export interface StagePlanSpec {
  name: string;
  /** Entry modules of the stage's code (project-relative); see code-hash.ts. */
  entries: string[];
  inputs: StageInput[];
  /** Checked again after the stage ran like the inputs, but not part of the key (e.g. the list of
   *  an export's files, whose change the per-file inputs already name). */
  watches?: StageInput[];
  /** The preregistration sections the stage reads, parsed; hashed as canonical JSON. */
  preregistration: Record<string, unknown>;
  params: KeyMaterial['params'];
  versions: KeyMaterial['versions'];
  /** Where normalised code digests are remembered (null: not at all). */
  codeMemo: CodeMemo | null;
}

export interface PlannedStage {
  name: string;
  key: string;
  material: KeyMaterial;
  inputs: StageInput[];
  watches: StageInput[];
  code: Record<string, CodeFileDigest>;
}

/**
 * Hashes everything a stage depends on into its key material and key.
 *
 * @example
 * const plan = await planStage({ name: 'score', entries: ['pipeline/runner/stages/score.ts'], inputs: [], preregistration: { scoring }, params: {}, versions: {}, codeMemo: null });
 * plan.key.length // 64
 */
export async function planStage(spec: StagePlanSpec): Promise<PlannedStage> {
  const code = await stageCode(spec.entries, spec.codeMemo);
  const material: KeyMaterial = {
    schema: KEY_SCHEMA,
    stage: spec.name,
    inputs: Object.fromEntries(spec.inputs.map((i) => [i.name, i.sha256])),
    code: Object.fromEntries(Object.entries(code).map(([path, d]) => [path, d.sha256])),
    preregistration: Object.fromEntries(Object.entries(spec.preregistration).map(([section, value]) => [section, sha256Hex(canonicalJson(value))])),
    params: spec.params,
    versions: spec.versions,
  };
  return { name: spec.name, key: stageKey(material), material, inputs: spec.inputs, watches: spec.watches ?? [], code };
}

/** Why a stage must run: its difference from the closest entry in the cache, or `no cache entry`. */
export function reasonsToRun(cache: StageCache | null, plan: PlannedStage): string[] {
  const known = cache ? cache.materials(plan.name) : [];
  let best: string[] | null = null;
  for (const material of known) {
    const reasons = changeReasons(material, plan.material);
    if (reasons.length > 0 && (best === null || reasons.length < best.length)) best = reasons;
  }
  return best ?? ['no cache entry'];
}

/** What a stage run left behind. */
export interface StageRun {
  name: string;
  key: string;
  material: KeyMaterial;
  outputs: Record<string, OutputRecord>;
  status: 'up_to_date' | 'ran' | 'ran_not_cached';
  seconds: number;
  /** Inputs or code files that changed while the stage ran (status `ran_not_cached`). */
  changedWhileRunning: string[];
  /** One output, decoded from the cache on first use or as computed. */
  read<T>(name: string): T;
  /** One output like `read`, or, for an output the cache does not keep (StageCacheOptions
   *  `recompute`), computed again by running the stage once more. */
  load<T>(name: string): Promise<T>;
  /** Lets go of one output once no later stage reads it (its memory can be reclaimed). */
  release(name: string): void;
}

/** How a stage's outputs are cached. */
export interface StageCacheOptions {
  /**
   * Outputs not stored in the cache, only their digests: when a later stage reads one from an up
   * to date entry, the stage is run again (and its digest checked). For ingest's analysed tables
   * of a large export, reading the export again is faster than encoding, storing and decoding them
   * (100×: ~1 GB of v8.serialize bytes, minutes of encode and decode).
   */
  recompute?: string[];
}

export interface StageEngine {
  /** null: no cache at all (every stage runs, nothing is stored). */
  cache: StageCache | null;
  /** Rerun every stage even when up to date (entries are still stored). */
  force: boolean;
  log: (line: string) => void;
  /** Called after a stage computed and before its inputs are checked again (tests). */
  afterCompute?: (stage: string) => void | Promise<void>;
}

/**
 * Runs `compute` for `plan` unless the cache holds a verified entry under its key. The stage's code
 * was read when it was planned, before `compute` loaded it, and is checked again after it finished.
 *
 * @example
 * const run = await runStage(engine, plan, async () => ({ scored: scoreStudy(analysed, prereg) }));
 * run.status // 'ran' the first time, 'up_to_date' the second
 */
export async function runStage(
  engine: StageEngine,
  plan: PlannedStage,
  compute: () => Promise<Record<string, unknown>>,
  options: StageCacheOptions = {},
): Promise<StageRun> {
  const { cache, log } = engine;
  const started = performance.now();
  let reasons: string[];
  if (engine.force) {
    reasons = ['--force'];
  } else if (cache === null) {
    reasons = ['no cache'];
  } else {
    const found = cache.lookup(plan.name, plan.key);
    if (found.kind === 'hit') {
      let recomputedValues: Record<string, unknown> | null = null;
      const recomputed = async (name: string): Promise<unknown> => {
        if (recomputedValues === null) {
          log(`${plan.name}: computing ${name} again (its entry keeps only the digest)`);
          recomputedValues = await compute();
        }
        const value = recomputedValues[name];
        if (outputDigest(value) !== found.outputs[name].digest) {
          throw new Error(`${plan.name}: ${name} computed again differs from the digest in its cache entry ${shortKey(plan.key)}; run again with --force`);
        }
        return value;
      };
      log(`${plan.name}: up to date (key ${shortKey(plan.key)})`);
      return {
        name: plan.name, key: plan.key, material: plan.material, outputs: found.outputs, status: 'up_to_date',
        seconds: (performance.now() - started) / 1000, changedWhileRunning: [],
        read: <T>(name: string) => {
          if (found.outputs[name]?.recompute) throw new Error(`stage ${plan.name}: output ${name} is not stored; load it`);
          return found.read(name) as T;
        },
        load: async <T>(name: string) => (found.outputs[name]?.recompute ? await recomputed(name) : found.read(name)) as T,
        release: (name: string) => {
          found.release(name);
          recomputedValues = null;
        },
      };
    }
    if (found.kind === 'corrupt') {
      log(`${plan.name}: cache entry ${shortKey(plan.key)} is corrupted (${found.why}); removed, rebuilding`);
      cache.remove(plan.name, plan.key);
      reasons = ['its cache entry was corrupted'];
    } else {
      reasons = reasonsToRun(cache, plan);
    }
  }
  log(`${plan.name}: running (${reasons.join('; ')})`);

  const values = await compute();
  await engine.afterCompute?.(plan.name);
  const changedWhileRunning = [
    ...[...plan.inputs, ...plan.watches].filter((i) => i.recheck !== undefined && i.recheck() !== i.sha256).map((i) => i.name),
    ...codeChangedSince(plan.code).map((path) => `code file ${path}`),
  ];
  const status: StageRun['status'] = changedWhileRunning.length > 0 ? 'ran_not_cached' : 'ran';
  // Serialised only when stored: without a cache, or when not cached, the content digest is all
  // that is needed (downstream keys, manifest.json).
  const storing = status === 'ran' && cache !== null;
  const outputs: Record<string, OutputRecord> = {};
  let encoded: Record<string, EncodedOutput | { record: OutputRecord }> | null = storing ? {} : null;
  for (const [name, value] of Object.entries(values)) {
    if (encoded && options.recompute?.includes(name)) {
      outputs[name] = { digest: outputDigest(value), file_sha256: '', bytes: 0, recompute: true };
      encoded[name] = { record: outputs[name] };
    } else if (encoded) {
      encoded[name] = encodeOutput(value);
      outputs[name] = encoded[name].record;
    } else {
      outputs[name] = { digest: outputDigest(value), file_sha256: '', bytes: 0 };
    }
  }
  if (status === 'ran_not_cached') {
    log(`${plan.name}: ${changedWhileRunning.join(', ')} changed while the stage ran; its output is NOT cached`);
  } else if (cache !== null && encoded !== null) {
    try {
      cache.store(plan.name, plan.key, plan.material, encoded);
    } catch (err) {
      // A full disk or a read-only cache costs the next run time, not this run's results.
      log(`${plan.name}: could not store its output in the cache (${(err as Error).message}); continuing`);
    }
  }
  encoded = null; // the serialised bytes are on disk now; do not hold them for the rest of the run
  const seconds = (performance.now() - started) / 1000;
  log(`${plan.name}: done in ${seconds.toFixed(2)} s (key ${shortKey(plan.key)})`);
  // Later stages read the outputs as computed. The stages are pure functions of their inputs and
  // never modify them, and their outputs are plain data (what v8.serialize keeps), so this is the
  // same data a warm run decodes from the cache; tests/runner checks that cold, warm, --force and
  // no-cache runs write the same bytes. Decoding the bytes again instead cost a 100× run minutes
  // and gigabytes.
  const live = new Map(Object.entries(values));
  const read = <T>(name: string): T => {
    if (!live.has(name)) throw new Error(`stage ${plan.name} has no output ${name}${name in outputs ? ' (released)' : ''}`);
    return live.get(name) as T;
  };
  return {
    name: plan.name, key: plan.key, material: plan.material, outputs, status, seconds, changedWhileRunning,
    read,
    load: async <T>(name: string) => read<T>(name),
    release: (name: string) => {
      live.delete(name);
    },
  };
}
