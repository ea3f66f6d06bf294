/**
 * The `run` pipeline as stages through a content-addressed cache:
 *
 *   ingest → score → analyze → report   (then manifest.json, always rebuilt)
 *
 * Each stage is keyed on the SHA-256 of its inputs' bytes (export files; earlier stages' output
 * digests), its code (code-hash.ts), the preregistration sections it reads (canonical JSON of the
 * parsed items), its parameters, and Node's and the dependencies' versions (key.ts). A stage whose
 * key has an entry in the cache is skipped; an edit reruns exactly the stages that read what
 * changed, and a rerun whose output is unchanged stops the rerun there (early cutoff). Outputs are
 * the same bytes with a cold cache, a warm one, or --force.
 *
 * --out is claimed before any work (pipeline/output/: apart from --data and --cache, new, empty or
 * this pipeline's own output, writable); every output is written into a folder beside it and
 * swapped into place at the end, atomically, so a failure or a kill leaves nothing partial.
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { ResultsDoc } from '../analyze/types.ts';
import { BadInputError, UsageError, readJsonInput } from '../errors.ts';
import type { Consort, StudyTables } from '../ingest/tables.ts';
import { PROVENANCE_UNKNOWN, nothingToAnalyse } from '../ingest/catalogue.ts';
import { lockChangeLine, type Audit } from '../prereg/audit.ts';
import { judgeLine } from '../prereg/audit-judge.ts';
import { preregHistory, type PreregHistory } from '../prereg/history.ts';
import { DEFAULT_PREREGISTRATION_FILE, loadPreregistration } from '../prereg/load.ts';
import { lockPathFor, sha256Hex } from '../prereg/lock.ts';
import type { LoadedPreregistration } from '../prereg/types.ts';
import { startRendererThread, type ChartRenderer } from '../report/chart-renderer.ts';
import { generatedAtFromEnv } from '../report/generated-at.ts';
import type { ReliabilityInput, TagFrequencyRow } from '../report/inputs.ts';
import { reliabilityInputFrom } from '../report/reliability-input.ts';
import { readDiagnosis } from '../diagnose/report-input.ts';
import type { ScoredStudy } from '../score/types.ts';
import { StageCache, type OutputRecord } from './cache.ts';
import { canonicalJson } from './canonical-json.ts';
import { CODE_NORMALISER, codeMemo, type CodeMemo } from './code-hash.ts';
import { shortKey, type KeyMaterial } from './key.ts';
import { exportFiles } from '../ingest/export-files.ts';
import { checkOutput, claimOutput, type OutputFolder, type OutputRequest } from '../output/folder.ts';
import { fileHash } from './file-hash.ts';
import { reproducingCommand, runProvenance, type Provenance } from './provenance.ts';
import { MANIFEST_SCHEMA, dependencyVersions, exportSha256, fileEntry, sourceDateEpoch, type FileEntry, type Manifest, type ManifestStage } from './manifest.ts';
import { fileInput, exportNamesWatch, planStage, reasonsToRun, runStage, type PlannedStage, type StageEngine, type StageInput, type StagePlanSpec, type StageRun } from './stage.ts';
import { STAGE_ENTRY } from './stage-entries.ts';
import { ANALYZE_SECTIONS } from './stages/analyze-sections.ts';
import type { ExportSummary } from './stages/ingest.ts';
import type { JudgeOptions } from '../judge/judge.ts';
import { isPilotExport } from '../ingest/pilot.ts';

export const DEFAULT_SEED = 20260326;
/** The cache folder when --cache is not given, relative to the current directory (gitignored). */
export const DEFAULT_CACHE_DIR = '.cache';

export interface RunOptions {
  data: string;
  out: string;
  prereg?: string;
  seed?: number;
  /** reliability.json from the `reliability` command, shown in the report. */
  reliability?: string;
  /** diagnosis.json from the `diagnose` command, shown in the report. */
  diagnosis?: string;
  /** The command line as given, recorded in manifest.json. */
  commandLine?: string[];
  env?: NodeJS.ProcessEnv;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
  /** The cache folder (default DEFAULT_CACHE_DIR); null runs every stage and stores nothing. */
  cache?: string | null;
  /** Rerun every stage even when its key is in the cache. */
  force?: boolean;
  /** Record each stage's status and wall time in manifest.json (not byte-identical then). */
  timings?: boolean;
  /** Name the project's git commit in report.html and manifest.json (default true; provenance.ts
   *  says why `npm run reproduce` leaves it out). */
  recordGitCommit?: boolean;
  /** Called after a stage computed, before its inputs are checked again (tests inject edits here). */
  afterCompute?: (stage: string) => void | Promise<void>;
  /** Judge the export's transcripts first (`run --judge`): the judge's options (pipeline/judge). */
  judge?: RunJudgeOptions;
}

/** The judge's options in `run --judge` (the export and the preregistration are the run's). */
export type RunJudgeOptions = Omit<JudgeOptions, 'data' | 'out' | 'prereg'>;

/** What the judge made for this run: its files (in memory) and where ingest reads them. */
interface Judged {
  files: Record<string, string>;
  ratingsPath: string;
  recordPath: string;
  /** SHA-256 of ratings.csv and judge.json: an input of ingest's key (hence of score's). */
  ratingsSha256: string;
  recordSha256: string;
}

export interface RunOutcome {
  results: ResultsDoc;
  consort: Consort;
  audit: Audit;
  /** Output files, relative to --out, sorted. */
  files: string[];
  /** Lines for the user; when the preregistration changed after its lock, the last one says so. */
  summary: string[];
  /** Each stage: key, status, outputs. */
  stages: StageRun[];
}

/** How many participants each exclusion rule removed, `E1: 12, E2: 3`, in the order of the flow. */
function exclusionCounts(consort: Consort): string {
  const byRule = new Map<string, number>();
  const count = (list: { id: string; n: number }[]) => {
    for (const e of list) if (e.n > 0) byRule.set(e.id, (byRule.get(e.id) ?? 0) + e.n);
  };
  count(consort.excluded_before_randomisation);
  for (const arm of Object.values(consort.by_arm)) count(arm.lost);
  return [...byRule].map(([id, n]) => `${id}: ${n}`).join(', ');
}

/** The --reliability file, its shape checked at the edge (exit 2 naming the file and each wrong path). */
function readReliability(file: string): ReliabilityInput {
  return reliabilityInputFrom(readJsonInput(file, 'reliability results'), file);
}

/** What `run` writes and what must stay out of its way: --data and --cache apart from --out and
 *  from each other, and the input files outside --out. */
function outputRequest(options: RunOptions): OutputRequest {
  const preregFile = options.prereg ?? DEFAULT_PREREGISTRATION_FILE;
  return {
    command: 'run',
    out: options.out,
    apart: [
      { option: '--data', path: options.data },
      { option: '--cache', path: options.cache === undefined ? DEFAULT_CACHE_DIR : options.cache },
    ],
    inputs: [
      { option: '--prereg', path: preregFile },
      { option: 'the lock of --prereg', path: lockPathFor(preregFile) },
      { option: '--reliability', path: options.reliability },
      { option: '--diagnosis', path: options.diagnosis },
    ],
    log: options.log,
  };
}

/** What every stage plan is built from: the options, resolved and hashed once. */
interface RunContext {
  data: string;
  preregFile: string;
  loaded: LoadedPreregistration;
  /** The git history of the preregistration and its lock since the lock date (the audit's). */
  history: PreregHistory;
  reliabilityFile?: string;
  diagnosisFile?: string;
  seed: number;
  generatedAt?: string;
  versions: KeyMaterial['versions'];
  codeMemo: CodeMemo | null;
  /** Each export file hashed once: ingest's inputs, and the export's SHA-256 for the report. */
  dataFiles: StageInput[];
  /** manifest.ts exportSha256 of the export, from the same hashes. */
  dataSha256: string;
  /** The judge's ratings (run --judge), or null: the export's own. */
  judged: Judged | null;
}

function prepare(options: RunOptions, dryRun: boolean, judged: Judged | null = null): RunContext {
  const env = options.env ?? process.env;
  const preregFile = options.prereg ?? DEFAULT_PREREGISTRATION_FILE;
  if (!existsSync(options.data) || !statSync(options.data).isDirectory()) throw new UsageError(`--data ${options.data} is not a folder`);
  const loaded = loadPreregistration(preregFile);
  const deps = dependencyVersions();
  const names = exportFiles(options.data);
  const dataFiles = names.map((rel) => fileInput(`data file ${rel}`, join(options.data, rel)));
  return {
    dataFiles,
    dataSha256: sha256Hex(names.map((rel, i) => `${dataFiles[i].sha256}  ${rel}\n`).join('')),
    judged,
    data: options.data,
    preregFile,
    loaded,
    // One git log, every run: the audit lists it, so it is part of the report's key.
    history: preregHistory(preregFile, lockPathFor(preregFile), loaded.lock.locked_at, env),
    reliabilityFile: options.reliability,
    diagnosisFile: options.diagnosis,
    seed: options.seed ?? DEFAULT_SEED,
    generatedAt: generatedAtFromEnv(env),
    versions: { 'Node version': deps.node, 'dependency versions': sha256Hex(canonicalJson(deps.dependencies)), 'code normaliser': CODE_NORMALISER },
    // A dry run reads remembered code digests but writes nothing.
    codeMemo: codeMemo(options.cache === undefined ? DEFAULT_CACHE_DIR : options.cache, !dryRun),
  };
}

/** Output digests of a finished (or cached) stage, as downstream inputs named `output of STAGE: NAME`. */
function outputInputs(stage: string, outputs: Record<string, OutputRecord> | null, names: string[]): StageInput[] {
  return names.map((name) => ({ name: `output of ${stage}: ${name}`, sha256: outputs?.[name]?.digest ?? UNKNOWN }));
}

/** The report's input that is results.json's `data_sha256` (manifest.ts exportSha256). */
const EXPORT_DIGEST_INPUT = 'export (SHA-256 over all its files)';

/** The digest of an output not known yet (dry run: its stage would run first). */
const UNKNOWN = '?';

type Outputs = Record<string, OutputRecord> | null;

/** The judged ratings as ingest's inputs: the store's replies reach every later key through them. */
const JUDGED_RATINGS_INPUT = 'judged ratings (from the judge store)';
const JUDGE_RECORD_INPUT = 'judge record (judge.json)';

function ingestSpec(ctx: RunContext): StagePlanSpec {
  const judged = ctx.judged === null ? [] : [
    { name: JUDGED_RATINGS_INPUT, sha256: ctx.judged.ratingsSha256 },
    { name: JUDGE_RECORD_INPUT, sha256: ctx.judged.recordSha256 },
  ];
  return {
    name: 'ingest',
    entries: [STAGE_ENTRY.ingest],
    inputs: [...ctx.dataFiles, ...judged],
    watches: [exportNamesWatch('the list of export files', ctx.data)],
    preregistration: { exclusions: ctx.loaded.prereg.exclusions },
    // The study's default name is the export folder's name (ingest/study-meta.ts).
    params: { export_folder_name: basename(resolve(ctx.data)) },
    versions: ctx.versions,
    codeMemo: ctx.codeMemo,
  };
}

function scoreSpec(ctx: RunContext, ingest: Outputs): StagePlanSpec {
  return {
    name: 'score',
    entries: [STAGE_ENTRY.score],
    inputs: outputInputs('ingest', ingest, ['analysed']),
    preregistration: { scoring: ctx.loaded.prereg.scoring },
    params: {},
    versions: ctx.versions,
    codeMemo: ctx.codeMemo,
  };
}

function analyzeSections(ctx: RunContext): Record<string, unknown> {
  return Object.fromEntries(ANALYZE_SECTIONS.map((s) => [s, ctx.loaded.prereg[s]]));
}

function analyzeSpec(ctx: RunContext, ingest: Outputs, score: Outputs): StagePlanSpec {
  return {
    name: 'analyze',
    entries: [STAGE_ENTRY.analyze],
    inputs: [...outputInputs('score', score, ['scored']), ...outputInputs('ingest', ingest, ['consort'])],
    preregistration: analyzeSections(ctx),
    params: {},
    versions: ctx.versions,
    codeMemo: ctx.codeMemo,
  };
}

/** The run's provenance (provenance.ts), once its code digest is known. */
function provenanceOf(options: RunOptions, ctx: RunContext, knownCode: Record<string, string>[]): Promise<Provenance> {
  const recordGitCommit = options.recordGitCommit ?? true;
  const command = reproducingCommand({ data: ctx.data, prereg: ctx.preregFile, seed: ctx.seed, reliability: ctx.reliabilityFile, diagnosis: ctx.diagnosisFile, recordGitCommit });
  return runProvenance({ command, memo: ctx.codeMemo, knownCode, recordCommit: recordGitCommit, date: ctx.generatedAt ?? null });
}

function reportSpec(ctx: RunContext, ingest: Outputs, score: Outputs, analyze: Outputs, provenance: Provenance): StagePlanSpec {
  const lockFile = lockPathFor(ctx.preregFile);
  return {
    name: 'report',
    entries: [STAGE_ENTRY.report],
    inputs: [
      ...outputInputs('analyze', analyze, ['results']),
      ...outputInputs('score', score, ['scored', 'tag_shares']),
      ...outputInputs('ingest', ingest, ['consort', 'export_summary']),
      // results.json records it: any byte of the export reruns the report, even when the tables read are the same.
      { name: EXPORT_DIGEST_INPUT, sha256: ctx.dataSha256, recheck: () => exportSha256(ctx.data) },
      fileInput('preregistration file', ctx.preregFile),
      fileInput('preregistration lock', lockFile),
      // The same two files can sit under another history (a rebase, another clone).
      { name: 'git history of the preregistration and its lock', sha256: sha256Hex(canonicalJson(ctx.history)) },
      ...(ctx.reliabilityFile ? [fileInput('reliability file', ctx.reliabilityFile)] : []),
      ...(ctx.diagnosisFile ? [fileInput('diagnosis file', ctx.diagnosisFile)] : []),
    ],
    preregistration: {},
    params: {
      seed: ctx.seed,
      // Written into results.json and audit.json as given.
      preregistration_path: ctx.preregFile,
      generated_at: ctx.generatedAt ?? null,
      // Shown in the report: the software, code digest, commit and command of this run (Node's and
      // the dependencies' versions are in every key already).
      software: `${provenance.software.name} ${provenance.software.version}`,
      code_sha256: provenance.code_sha256,
      git_commit: provenance.git?.commit ?? null,
      git_uncommitted_changes: provenance.git?.uncommitted_changes ?? null,
      git_note: provenance.git_note,
      // The command shown is made from the seed and these paths (reproducingCommand).
      data_path: ctx.data,
      reliability_path: ctx.reliabilityFile ?? null,
      diagnosis_path: ctx.diagnosisFile ?? null,
    },
    versions: ctx.versions,
    codeMemo: ctx.codeMemo,
  };
}

function manifestStage(run: StageRun, timings: boolean): ManifestStage {
  const { inputs, code, preregistration, params, versions } = run.material;
  return {
    name: run.name,
    key: run.key,
    inputs,
    code,
    preregistration,
    params,
    versions,
    outputs: Object.fromEntries(Object.entries(run.outputs).map(([name, r]) => [name, { digest: r.digest }])),
    ...(timings ? { timing: { status: run.status, seconds: Number(run.seconds.toFixed(3)) } } : {}),
  };
}

/**
 * Runs the preregistered analysis of the export in `options.data` into `options.out`, stage by
 * stage through the cache. Example: `await runPipeline({ data: 'data/synthetic', out:
 * 'reports/synthetic' })` writes results.json, results.csv, consort.json, audit.json, audit.md,
 * report.html, figures/ and manifest.json; a second call finds every stage up to date.
 */
export async function runPipeline(options: RunOptions): Promise<RunOutcome> {
  if (options.judge) return judgeThenRun(options, options.judge);
  // Before any work: --out may be replaced, and can be written (else exit 2, nothing touched).
  const output = claimOutput(outputRequest(options));
  // The chart renderer loads vega, vega-lite and resvg on another thread while ingest, score and
  // analyze run here (chart-renderer.ts); a run whose report is cached just stops it.
  const renderer = startRendererThread();
  try {
    return await runStages(options, renderer, output, null);
  } finally {
    output.discard();
    // Not awaited: the thread stops on its own time (about 40 ms), the caller need not wait.
    renderer.close().catch(() => {});
  }
}

/** run --judge needs the contract's tables: the pilot's format is judged with `judge` and compared
 *  with the experts in `reliability`. */
function checkJudgeable(data: string): void {
  if (existsSync(data) && isPilotExport(data)) {
    throw new UsageError("run --judge needs a study export (the contract's tables); the pilot's format is judged with 'npm run pipeline -- judge' and compared with the experts in 'reliability'");
  }
}

/** The judge's files kept beside the run's output (judge/ratings.csv, judge/judge.json), staged
 *  in a temporary folder of the system's while the stages read them (not beside --out, which holds
 *  only the pipeline's own output and its staging). */
function stageJudged(files: Record<string, string>): { dir: string; judged: Judged } {
  const dir = mkdtempSync(join(tmpdir(), 'lend-an-ear-judged-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return {
    dir,
    judged: {
      files, ratingsPath: join(dir, 'ratings.csv'), recordPath: join(dir, 'judge.json'),
      ratingsSha256: sha256Hex(files['ratings.csv']), recordSha256: sha256Hex(files['judge.json']),
    },
  };
}

/** `run --judge`: the judge rates the transcripts (sending what its store lacks), then the stages
 *  run on the export with the judge's ratings in place of its own. */
async function judgeThenRun(options: RunOptions, judgeOptions: RunJudgeOptions): Promise<RunOutcome> {
  checkJudgeable(options.data);
  // Before any request is paid for: --out may be replaced, and can be written.
  const output = claimOutput(outputRequest(options));
  let staged: { dir: string; judged: Judged } | null = null;
  let renderer: ChartRenderer | null = null;
  try {
    const { judgeExport } = await import('../judge/judge.ts');
    const outcome = await judgeExport({ ...judgeOptions, data: options.data, prereg: options.prereg ?? DEFAULT_PREREGISTRATION_FILE, replacedFolder: options.out });
    for (const line of outcome.summary) options.log?.(line);
    staged = stageJudged(outcome.files);
    renderer = startRendererThread();
    return await runStages(options, renderer, output, staged.judged);
  } finally {
    output.discard();
    renderer?.close().catch(() => {});
    if (staged) rmSync(staged.dir, { recursive: true, force: true });
  }
}

async function runStages(options: RunOptions, renderer: ChartRenderer, output: OutputFolder, judged: Judged | null): Promise<RunOutcome> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  const ctx = prepare(options, false, judged);
  const reliability = ctx.reliabilityFile ? readReliability(ctx.reliabilityFile) : undefined;
  const diagnosis = ctx.diagnosisFile ? readDiagnosis(ctx.diagnosisFile) : undefined;
  const { loaded } = ctx;
  const lockState = !loaded.lock.locked ? 'NOT LOCKED' : loaded.lock.problems.length > 0 ? 'its lock does NOT CHECK ITSELF' : loaded.lock.changed_since_lock ? 'CHANGED since its lock' : 'matches its lock';
  log(`preregistration ${ctx.preregFile}: sha256 ${loaded.sha256} (${lockState})`);
  const cacheDir = options.cache === undefined ? DEFAULT_CACHE_DIR : options.cache;
  const cache = cacheDir === null ? null : new StageCache(cacheDir);
  cache?.removeStaleTemps();
  const engine: StageEngine = { cache, force: options.force ?? false, log, afterCompute: options.afterCompute };

  // Each stage's modules are loaded only when it runs: a warm run never loads the analyses or the
  // chart renderer (vega, vega-lite, resvg).
  const ingest = await runStage(engine, await planStage(ingestSpec(ctx)), async () => {
    const { ingestStage } = await import('./stages/ingest.ts');
    const files = ctx.judged === null ? undefined : { ratings: { label: 'judge/ratings.csv', path: ctx.judged.ratingsPath, format: 'csv' as const }, record: ctx.judged.recordPath };
    return { ...(await ingestStage(ctx.data, loaded.prereg.exclusions, files)) };
  }, { recompute: ['analysed'] });
  const consort = ingest.read<Consort>('consort');
  if (consort.analysed === 0) throw new BadInputError([{ file: options.data, line: null, column: null, message: nothingToAnalyse(consort.enrolled, exclusionCounts(consort)) }]);
  const score = await runStage(engine, await planStage(scoreSpec(ctx, ingest.outputs)), async () => {
    const { scoreStage } = await import('./stages/score.ts');
    return { ...scoreStage(await ingest.load<StudyTables>('analysed'), { scoring: loaded.prereg.scoring }) };
  });
  ingest.release('analysed'); // read by score only: the largest table of a big export
  const analyze = await runStage(engine, await planStage(analyzeSpec(ctx, ingest.outputs, score.outputs)), async () => {
    const { analyzeStage } = await import('./stages/analyze.ts');
    return {
      ...analyzeStage(score.read<ScoredStudy>('scored'), consort, {
        alpha: loaded.prereg.alpha, confidence_level: loaded.prereg.confidence_level, scoring: loaded.prereg.scoring,
        hypotheses: loaded.prereg.hypotheses, corrections: loaded.prereg.corrections,
      }),
    };
  });

  // The code digests ingest, score and analyze were keyed with are reused; only the report's are read.
  const provenance = await provenanceOf(options, ctx, [ingest.material.code, score.material.code, analyze.material.code]);
  const report = await runStage(engine, await planStage(reportSpec(ctx, ingest.outputs, score.outputs, analyze.outputs, provenance)), async () => {
    const { reportStage } = await import('./stages/report.ts');
    return reportStage({
      results: analyze.read<{ results: ResultsDoc }['results']>('results'),
      scored: score.read<ScoredStudy>('scored'),
      tagShares: score.read<TagFrequencyRow[]>('tag_shares'),
      consort: consort,
      exportSummary: ingest.read<ExportSummary>('export_summary'),
      loaded,
      history: ctx.history,
      reliability,
      diagnosis,
      seed: ctx.seed,
      dataSha256: ctx.dataSha256,
      generatedAt: ctx.generatedAt,
      provenance,
      renderer,
    });
  });
  score.release('scored');
  // The report's files, in memory either way: computed by the stage, or from the cache.
  const reportFiles = report.read<Record<string, Uint8Array>>('files');
  const names = Object.keys(reportFiles).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const rel of names) output.write(rel, reportFiles[rel]);
  const stages = [ingest, score, analyze, report];

  // The judge's files beside the report's: judge/ratings.csv is what the analyses read.
  const judgeFiles: Record<string, Uint8Array> = {};
  for (const [name, text] of Object.entries(ctx.judged?.files ?? {})) {
    judgeFiles[`judge/${name}`] = Buffer.from(text, 'utf8');
    output.write(`judge/${name}`, judgeFiles[`judge/${name}`]);
  }
  const allFiles: Record<string, Uint8Array> = { ...reportFiles, ...judgeFiles };

  // The input files are hashed from disk (file-hash.ts), the bytes the manifest vouches for; the
  // outputs from the bytes in memory.
  const inputEntry = (file: string, label: string): FileEntry => {
    const hash = fileHash(file);
    return hash === null ? fileEntry(file, label) : { path: label, bytes: hash.bytes, sha256: hash.sha256 };
  };
  const inputs: Manifest['inputs'] = exportFiles(options.data).map((rel) => ({ role: 'data', ...inputEntry(join(options.data, rel), `${options.data}/${rel}`) }));
  inputs.push({ role: 'preregistration', ...inputEntry(ctx.preregFile, ctx.preregFile) });
  const lockFile = lockPathFor(ctx.preregFile);
  if (existsSync(lockFile)) inputs.push({ role: 'preregistration_lock', ...inputEntry(lockFile, lockFile) });
  if (options.reliability) inputs.push({ role: 'reliability', ...inputEntry(options.reliability, options.reliability) });
  if (options.diagnosis) inputs.push({ role: 'diagnosis', ...inputEntry(options.diagnosis, options.diagnosis) });
  const outputs: FileEntry[] = Object.keys(allFiles)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((rel) => ({ path: rel, bytes: allFiles[rel].length, sha256: sha256Hex(allFiles[rel]) }));
  const manifest: Manifest = {
    schema: MANIFEST_SCHEMA,
    command_line: options.commandLine ?? [],
    seed: ctx.seed,
    source_date_epoch: sourceDateEpoch(env),
    software: provenance.software,
    code_sha256: provenance.code_sha256,
    git: provenance.git,
    git_note: provenance.git_note,
    versions: { node: provenance.node, dependencies: provenance.dependencies },
    inputs,
    outputs,
    stages: stages.map((s) => manifestStage(s, options.timings ?? false)),
  };
  output.write('manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  // The summary is read from the files as written (their bytes are in memory).
  const written = <T>(rel: string) => JSON.parse(Buffer.from(reportFiles[rel]).toString('utf8')) as T;
  const results = written<ResultsDoc>('results.json');
  const audit = written<Audit>('audit.json');
  const files = output.commit();

  const ran = stages.filter((s) => s.status !== 'up_to_date').map((s) => s.name);
  const summary = [`wrote ${files.length} files to ${options.out} (${ran.length === 0 ? 'every stage up to date' : `ran ${ran.join(', ')}`})`];
  log(`analysed ${consort.analysed} of ${consort.enrolled}; ${results.tests.length} results; audit: ${audit.summary.verdict}`);
  const s = audit.summary;
  const notEstimable = results.tests.filter((t) => t.decision === 'not_estimable').length;
  const notEstimableClause = notEstimable > 0 ? `; ${notEstimable} result${notEstimable === 1 ? '' : 's'} not estimable (see their notes)` : '';
  summary.push(`audit: ${s.ran_as_planned} of ${s.planned} preregistered items ran as planned; ${s.errors} error(s), ${s.warnings} warning(s)${notEstimableClause}; see ${join(options.out, 'audit.md')}`);
  for (const stage of stages.filter((x) => x.status === 'ran_not_cached')) {
    summary.push(`WARNING: ${stage.changedWhileRunning.join(', ')} changed while ${stage.name} ran: its output was not cached and may mix old and new input; run again`);
  }
  const lockLine = lockChangeLine(audit);
  const judgedLine = judgeLine(audit.judge);
  if (judgedLine !== null) summary.push(judgedLine);
  if (lockLine !== null) summary.push(lockLine);
  if (results.study.provenance === 'unknown') summary.push(`WARNING: ${PROVENANCE_UNKNOWN}`);
  return { results, consort, audit, files, summary, stages };
}

/** What a dry run says of one stage. */
export interface DryRunLine {
  stage: string;
  wouldRun: boolean;
  key: string | null;
  /** Why it would run (empty when up to date). */
  reasons: string[];
}

/** One dry-run line as printed: `score: up to date (key …)` or `analyze: would run: …`. */
export function formatDryRunLine(line: DryRunLine): string {
  if (!line.wouldRun) return `${line.stage}: up to date (key ${shortKey(line.key as string)})`;
  if (line.reasons.length === 1 && line.reasons[0].startsWith('if ')) return `${line.stage}: would run ${line.reasons[0]}`;
  return `${line.stage}: would run: ${line.reasons.join('; ')}`;
}

function dryRunStage(cache: StageCache | null, plan: PlannedStage, force: boolean): { line: DryRunLine; outputs: Outputs } {
  const unknown = plan.inputs.filter((i) => i.sha256 === UNKNOWN).map((i) => i.name);
  const upstream = [...new Set(unknown.map((n) => /^output of ([a-z]+):/.exec(n)?.[1] ?? n))].join(', ');
  if (force) return { line: { stage: plan.name, wouldRun: true, key: null, reasons: ['--force'] }, outputs: null };
  if (unknown.length > 0) {
    const own = reasonsToRun(cache, plan).filter((r) => !unknown.some((u) => r.startsWith(u)));
    if (own.length > 0) return { line: { stage: plan.name, wouldRun: true, key: null, reasons: own }, outputs: null };
    return { line: { stage: plan.name, wouldRun: true, key: null, reasons: [`if the output of ${upstream} changes`] }, outputs: null };
  }
  if (cache !== null) {
    const found = cache.lookup(plan.name, plan.key, false);
    if (found.kind === 'hit') return { line: { stage: plan.name, wouldRun: false, key: plan.key, reasons: [] }, outputs: found.outputs };
    if (found.kind === 'corrupt') return { line: { stage: plan.name, wouldRun: true, key: plan.key, reasons: [`its cache entry is corrupted (${found.why})`] }, outputs: null };
  }
  return { line: { stage: plan.name, wouldRun: true, key: plan.key, reasons: cache === null ? ['no cache'] : reasonsToRun(cache, plan) }, outputs: null };
}

/**
 * What `run` would do, without running or writing anything: for each stage, up to date (its key
 * is in the cache) or would run, and why ("data file messages.csv changed", "code of
 * pipeline/analyze changed", "preregistration hypotheses changed", "no cache entry"). A stage after
 * one that would run is reported as running only if that stage's output changes, unless something
 * of its own changed too.
 *
 * @example
 * (await dryRunPipeline({ data: 'data/synthetic', out: 'reports/synthetic' })).map(formatDryRunLine)
 * // ['ingest: up to date (key 3f…)', 'score: up to date (key …)', 'analyze: would run: preregistration hypotheses changed', 'report: would run: …']
 */
export async function dryRunPipeline(options: RunOptions): Promise<DryRunLine[]> {
  // Refused exactly as the run would be, without writing (nor recovering) anything.
  checkOutput(outputRequest(options));
  let judged: Judged | null = null;
  if (options.judge) {
    checkJudgeable(options.data);
    const { judgedFromStore } = await import('../judge/judge.ts');
    const fromStore = await judgedFromStore({ ...options.judge, data: options.data, prereg: options.prereg ?? DEFAULT_PREREGISTRATION_FILE });
    if (fromStore === null) {
      // The judge's ratings are not all in its store: every stage waits for them.
      prepare(options, true);
      return [
        { stage: 'ingest', wouldRun: true, key: null, reasons: ["if the judge's ratings are new (the judge has requests to send first)"] },
        ...['score', 'analyze', 'report'].map((stage) => ({ stage, wouldRun: true, key: null, reasons: ['if the output of ingest changes'] })),
      ];
    }
    judged = { files: fromStore.files, ratingsPath: '', recordPath: '', ratingsSha256: sha256Hex(fromStore.files['ratings.csv']), recordSha256: sha256Hex(fromStore.files['judge.json']) };
  }
  const ctx = prepare(options, true, judged);
  if (ctx.reliabilityFile) readReliability(ctx.reliabilityFile);
  if (ctx.diagnosisFile) readDiagnosis(ctx.diagnosisFile);
  const cacheDir = options.cache === undefined ? DEFAULT_CACHE_DIR : options.cache;
  const cache = cacheDir === null ? null : new StageCache(cacheDir);
  const force = options.force ?? false;
  const plans = [await planStage(ingestSpec(ctx))];
  const ingest = dryRunStage(cache, plans[0], force);
  plans.push(await planStage(scoreSpec(ctx, ingest.outputs)));
  const score = dryRunStage(cache, plans[1], force);
  plans.push(await planStage(analyzeSpec(ctx, ingest.outputs, score.outputs)));
  const analyze = dryRunStage(cache, plans[2], force);
  const provenance = await provenanceOf(options, ctx, plans.map((plan) => plan.material.code));
  const report = dryRunStage(cache, await planStage(reportSpec(ctx, ingest.outputs, score.outputs, analyze.outputs, provenance)), force);
  return [ingest.line, score.line, analyze.line, report.line];
}
