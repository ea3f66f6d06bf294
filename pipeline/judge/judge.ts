/**
 * The judge, end to end: an export's transcripts → a request per conversation × dimension × run
 * under the preregistered judge → replies kept in the store as they arrive → the ratings table.
 *
 * Everything that can refuse the input or the arguments runs before the first request; the
 * output folder is written only when every request has a reply (readable or not), into a
 * temporary folder renamed into place. A run that stops early (budget, Ctrl-C, an endpoint that
 * keeps failing or refuses) keeps what it stored and writes nothing: the same command resumes it.
 */
import { closeSync, existsSync, readSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { BadInputError, IncompleteError, UsageError, Warnings } from '../errors.ts';
import { readStudyExport, isPilotExport } from '../ingest/index.ts';
import { openRegularFile } from '../input-file.ts';
import { checkOutput, withOutput, type OutputFolder, type OutputRequest } from '../output/folder.ts';
import { overlapOf } from '../output/paths.ts';
import { exportFiles } from '../ingest/export-files.ts';
import type { StudyTables } from '../ingest/tables.ts';
import { DEFAULT_PREREGISTRATION_FILE, loadPreregistration } from '../prereg/load.ts';
import type { JudgeSpec, LoadedPreregistration } from '../prereg/types.ts';
import { createRng } from '../stats/random.ts';
import { ChatClient } from './client.ts';
import { dispatch, type Dispatch, type DispatchEnd, type DispatchOutcome } from './dispatch.ts';
import { DEFAULT_ENDPOINT, parseEndpoint, type Endpoint } from './endpoint.ts';
import { JUDGE_FILE, RATINGS_FILE, WIDE_FILE, judgeRecord, ratingsCsv, wideCsv } from './outputs.ts';
import type { JudgeRecord } from './record.ts';
import { afterReply, estimatedPromptTokens, planJudging, slotState, taskBody, type JudgePlan, type JudgeTask, type SlotState } from './plan.ts';
import { createJudgeProgress } from './progress.ts';
import type { JudgeSettings } from './prompt.ts';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './retry.ts';
import { JudgeStore } from './store.ts';
import { DEFAULT_CONCURRENCY, DEFAULT_KEY_VARIABLE, DEFAULT_RETRIES, DEFAULT_STORE, DEFAULT_TIMEOUT_SECONDS } from './options.ts';

/** The seed of the backoff's jitter (timing only: it never reaches an output). */
export const JITTER_SEED = 20260326;

export interface JudgeOptions {
  data: string;
  /** The judge command's output folder; absent when `run --judge` keeps the outputs in memory. */
  out?: string;
  prereg?: string;
  store?: string;
  endpoint?: string;
  model?: string;
  temperature?: number;
  runs?: number;
  concurrency?: number;
  /** HTTP requests allowed in all, retries included. */
  maxRequests?: number;
  timeoutSeconds?: number;
  retries?: number;
  /** The environment variable holding the key. */
  apiKeyEnv?: string;
  authHeader?: 'authorization' | 'api-key';
  /** Judge an export that already has ratings (the judged export carries the judge's instead). */
  replaceRatings?: boolean;
  /** Judge every conversation, also those of participants the exclusions remove whatever the ratings. */
  allConversations?: boolean;
  /** Another folder that is replaced whole (run's --out in `run --judge`): the store must not be in it. */
  replacedFolder?: string;
  env?: NodeJS.ProcessEnv;
  /** Progress and messages (stderr in the CLI). */
  stderr?: { isTTY?: boolean; write(text: string): unknown };
  backoff?: BackoffPolicy;
  random?: () => number;
  /** Called when requests start to go out (the CLI wires Ctrl-C to it). */
  onDispatch?: (d: Dispatch) => void;
}

/** What judging produced: the files of the output folder (in memory) and the record. */
export interface JudgeOutcome {
  format: 'contract' | 'pilot';
  record: JudgeRecord;
  /** Output files written by the judge, by name. */
  files: Record<string, string>;
  /** Export files copied unchanged into a judged export (contract exports), relative to --data. */
  copied: string[];
  /** Lines for the user; the last says how many ratings and how many unreadable replies. */
  summary: string[];
  dispatched: DispatchOutcome | null;
}

/** Everything resolved before the first request. */
interface Prepared {
  loaded: LoadedPreregistration;
  preregFile: string;
  judge: JudgeSpec;
  settings: JudgeSettings;
  endpoint: Endpoint;
  apiKey: string | null;
  keyVariable: string;
  storeDir: string;
  tables: StudyTables;
  format: 'contract' | 'pilot';
  plan: JudgePlan;
  deviations: string[];
}

/** Whether folder `child` is `parent` or inside it (output/paths.ts overlapOf). */
function inside(child: string, parent: string): boolean {
  const overlap = overlapOf(resolve(child), resolve(parent));
  return overlap === 'is' || overlap === 'is inside';
}

/** --out of `judge`, through pipeline/output like every writing command: new, empty or an earlier
 *  output of this pipeline (only its listed files are replaced), apart from --data and --store. */
function outputRequest(out: string, data: string, storeDir: string, preregFile: string): OutputRequest {
  return { command: 'judge', out, apart: [{ option: '--data', path: data }, { option: '--store', path: storeDir }], inputs: [{ option: '--prereg', path: preregFile }] };
}

function positiveInteger(value: number | undefined, name: string, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw new UsageError(`--${name} must be a whole number of at least 1 (${JSON.stringify(value)})`);
  return v;
}

const isRatingsTable = (name: string) => name === 'ratings.csv' || name === 'ratings.jsonl';

/** The export files a judged export carries over unchanged: every table but the ratings, and
 *  study.json (an earlier judge.json is replaced by the judge's own). */
function exportFilesToCopy(data: string): string[] {
  return exportFiles(data).filter((name) => !isRatingsTable(name) && name !== JUDGE_FILE);
}

function hasRatingsTable(data: string): string | null {
  return exportFiles(data).find(isRatingsTable) ?? null;
}

async function prepare(options: JudgeOptions, dryRun: boolean): Promise<Prepared> {
  const env = options.env ?? process.env;
  const data = options.data;
  if (!existsSync(data) || !statSync(data).isDirectory()) throw new UsageError(`--data ${data} is not a folder`);
  const storeDir = options.store ?? DEFAULT_STORE;
  if (options.out !== undefined) {
    if (inside(options.out, data)) throw new UsageError('--out must not be the --data folder or inside it: the export is never changed');
    if (inside(data, options.out)) throw new UsageError('--out must not contain the --data folder: it is replaced whole');
    if (inside(storeDir, options.out)) throw new UsageError('--store must not be inside --out, which is replaced whole: the store keeps the paid replies');
    // Before any request is paid for; the folder is claimed once every reply is in (writeJudgeOutput).
    checkOutput(outputRequest(options.out, data, storeDir, options.prereg ?? DEFAULT_PREREGISTRATION_FILE));
  }
  if (inside(storeDir, data)) throw new UsageError('--store must not be inside the --data folder: the export is never changed');
  if (options.replacedFolder !== undefined && inside(storeDir, options.replacedFolder)) {
    throw new UsageError('--store must not be inside --out, which is replaced whole: the store keeps the paid replies');
  }

  const preregFile = options.prereg ?? DEFAULT_PREREGISTRATION_FILE;
  const loaded = loadPreregistration(preregFile);
  const judge = loaded.prereg.judge;
  if (!judge) {
    throw new BadInputError([{ file: preregFile, line: null, column: 'judge', message: 'the preregistration has no judge section: the model, prompt, rubric and runs must be preregistered before the judge rates anything' }]);
  }
  const temperature = options.temperature ?? judge.temperature;
  if (!Number.isFinite(temperature) || temperature < 0 || temperature > 2) throw new UsageError(`--temperature must be a number from 0 to 2 (${JSON.stringify(options.temperature)})`);
  const model = options.model ?? judge.model;
  if (model.trim() === '') throw new UsageError('--model must not be empty');
  const settings: JudgeSettings = { model, temperature, runs: positiveInteger(options.runs, 'runs', judge.runs), max_tokens: judge.max_tokens };
  const deviations: string[] = [];
  if (settings.model !== judge.model) deviations.push(`model ${settings.model} (preregistered: ${judge.model})`);
  if (settings.temperature !== judge.temperature) deviations.push(`temperature ${settings.temperature} (preregistered: ${judge.temperature})`);
  if (settings.runs !== judge.runs) deviations.push(`${settings.runs} runs (preregistered: ${judge.runs})`);

  const endpoint = parseEndpoint(options.endpoint ?? DEFAULT_ENDPOINT);
  const keyVariable = options.apiKeyEnv ?? DEFAULT_KEY_VARIABLE;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(keyVariable)) throw new UsageError(`--api-key-env must name an environment variable (${JSON.stringify(keyVariable)})`);
  const key = env[keyVariable];
  const apiKey = key === undefined || key === '' ? null : key;
  if (apiKey === null && !endpoint.loopback && !dryRun) {
    throw new UsageError(`no API key: set the environment variable ${keyVariable} (or name the one that holds it with --api-key-env NAME); only a local endpoint (localhost) is used without one`);
  }

  const format = isPilotExport(data) ? 'pilot' : 'contract';
  const warnings = new Warnings();
  const tables = await readStudyExport(data, warnings, { ratingsOptional: true });
  const ratingsFile = format === 'contract' ? hasRatingsTable(data) : null;
  if (ratingsFile !== null && !options.replaceRatings) {
    throw new UsageError(`the export already has ratings (${ratingsFile}, ${tables.ratings.length} rows): they are kept unless you ask; pass --replace-ratings to make the judged export carry the judge's ratings instead (the export itself is never changed)`);
  }
  // A contract export: only the conversations a rating can bring into the analysis (the
  // preregistered exclusions, applied as if every conversation were rated), unless asked for all.
  const scope = { exclusions: format === 'contract' && !options.allConversations ? loaded.prereg.exclusions : null };
  const plan = planJudging(tables, judge, settings, endpoint.label, scope);
  return { loaded, preregFile, judge, settings, endpoint, apiKey, keyVariable, storeDir, tables, format, plan, deviations };
}

const count = (n: number) => n.toLocaleString('en-US');

/** What was left out, and why (the dry run, and the start of a run). */
function skippedLines(plan: JudgePlan): string[] {
  const lines: string[] = [];
  const { excludedWhateverTheRatings: excluded, withoutSupporterMessages: empty } = plan.skipped;
  if (excluded.length > 0) lines.push(`judge: ${count(excluded.length)} conversations not judged: their participants are excluded whatever the ratings (E1, E3, an incomplete round); --all-conversations judges them too`);
  if (empty.length > 0) lines.push(`judge: ${count(empty.length)} conversations not judged: no supporter message`);
  return lines;
}

function describePlan(p: Prepared): string {
  const { plan, settings } = p;
  return `${count(plan.conversationIds.length)} conversations × ${plan.prompts.length} dimensions × ${settings.runs} runs = ${count(plan.keys.length)} requests (model ${settings.model}, temperature ${settings.temperature}, at ${p.endpoint.label})`;
}

/**
 * What judging would do, without sending or writing anything: the requests in all, those whose
 * reply is already in the store, those to send and their estimated prompt tokens.
 *
 * @example
 * (await dryRunJudge({ data: 'data/lend-an-ear-pilot' })).join('\n')
 * // judge: 50 conversations × 6 dimensions × 5 runs = 1,500 requests (model gemini-2.5-pro, …)
 * // judge: 0 already in the store judge-store; 1,500 to send, about 1,100,000 prompt tokens (…)
 */
export async function dryRunJudge(options: JudgeOptions): Promise<string[]> {
  const p = await prepare(options, true);
  const store = JudgeStore.open(p.storeDir, { write: false });
  const states = p.plan.keys.map((_, slot) => slotState(p.plan, store, slot));
  const todo = states.filter((s): s is SlotState & { kind: 'todo' } => s.kind === 'todo');
  const stored = states.length - todo.length;
  let tokens = 0;
  const estimated = new Map<string, number>();
  for (const s of todo) {
    let t = estimated.get(s.task.prompt);
    if (t === undefined) estimated.set(s.task.prompt, (t = estimatedPromptTokens(p.plan, s.task)));
    tokens += t;
  }
  const unparsed = states.filter((s) => s.kind === 'unparsed').length;
  const lines = [
    `judge: ${describePlan(p)}`,
    `judge: ${count(stored)} already in the store ${p.storeDir}${unparsed > 0 ? ` (${count(unparsed)} of them without a readable score)` : ''}; ${count(todo.length)} to send, about ${count(tokens)} prompt tokens (characters / 4; the endpoint counts exactly, and each reply adds its own tokens)`,
  ];
  if (options.maxRequests !== undefined && options.maxRequests < todo.length) lines.push(`judge: --max-requests ${count(options.maxRequests)} stops before all are sent; a rerun continues`);
  lines.push(...skippedLines(p.plan));
  for (const d of p.deviations) lines.push(`judge: DEVIATION from the preregistration: ${d}`);
  if (p.apiKey === null && !p.endpoint.loopback) lines.push(`judge: no API key in ${p.keyVariable}: set it before the real run`);
  return lines;
}

function endMessage(end: DispatchEnd, keyVariable: string): string {
  switch (end.kind) {
    case 'budget':
      return `stopped at --max-requests ${count(end.maxRequests)}`;
    case 'failing':
      return `stopped: ${end.task} still failed after ${end.attempts} attempts (${end.why}); the endpoint seems unwell`;
    case 'fatal':
      return `stopped at once: ${end.why}${/HTTP 40[13]\b/.test(end.why) ? ` (the key's variable: ${keyVariable})` : ''}`;
    case 'stopped':
      return 'stopped (interrupted)';
    case 'done':
      return 'done';
  }
}

/**
 * Judges the export in `options.data`: sends what the store does not have yet, keeps every
 * reply, and returns the output files (written into `options.out` when given).
 * Throws IncompleteError (nothing written) when it stopped before every request had a reply.
 *
 * @example
 * const outcome = await judgeExport({ data: 'export', out: 'judged', endpoint: 'http://127.0.0.1:8000/v1' });
 * outcome.summary.at(-1) // 'judge: wrote 87,120 ratings … 0 unparsed …'
 */
export async function judgeExport(options: JudgeOptions): Promise<JudgeOutcome> {
  const stderr = options.stderr ?? process.stderr;
  const p = await prepare(options, false);
  const { plan } = p;
  for (const d of p.deviations) stderr.write(`judge: DEVIATION from the preregistration: ${d}; the audit will name it\n`);
  const store = JudgeStore.open(p.storeDir, { write: true });
  let dispatched: DispatchOutcome | null = null;
  let states: SlotState[];
  const started = Date.now();
  try {
    if (store.report.skippedLines > 0) stderr.write(`judge: ${store.report.skippedLines} incomplete line(s) in ${p.storeDir} (a write cut short by a kill) skipped\n`);
    const todo = plan.keys.map((_, slot) => slotState(plan, store, slot)).flatMap((s) => (s.kind === 'todo' ? [s.task] : []));
    stderr.write(`judge: ${describePlan(p)}; ${count(plan.keys.length - todo.length)} in the store, ${count(todo.length)} to send\n`);
    for (const line of skippedLines(plan)) stderr.write(`${line}\n`);
    if (todo.length > 0) {
      const concurrency = positiveInteger(options.concurrency, 'concurrency', DEFAULT_CONCURRENCY);
      const client = new ChatClient({
        endpoint: p.endpoint, apiKey: p.apiKey, keyVariable: p.keyVariable, authHeader: options.authHeader ?? 'authorization',
        timeoutMs: (options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000, sockets: concurrency,
      });
      const progress = createJudgeProgress(todo.length, stderr);
      const rng = createRng(JITTER_SEED);
      try {
        const d = dispatch<JudgeTask>({
          tasks: todo,
          concurrency,
          maxRequests: options.maxRequests ?? Infinity,
          retries: options.retries ?? DEFAULT_RETRIES,
          backoff: options.backoff ?? DEFAULT_BACKOFF,
          random: options.random ?? (() => rng.uniform()),
          // the body is written to the store before it is first sent: a reply always finds its request
          body: (task) => {
            const body = taskBody(plan, task);
            store.appendPrompt(task.prompt, body);
            return body;
          },
          post: (body) => client.post(body),
          abandon: () => client.abandon(),
          onRetry: () => progress.retry(),
          onReply: (task, status, response, text) => {
            const answer = store.appendReply({
              key: task.key, prompt: task.prompt, endpoint: plan.endpoint, conversation_id: task.conversation_id, dimension: task.dimension,
              run: task.run, reask: task.reask, at: new Date().toISOString(), http_status: status,
            }, response, text);
            const { parsed, next } = afterReply(plan, task, answer);
            if (!parsed.ok && next === null) progress.unparsed();
            if (next === null) progress.reply();
            return next;
          },
        });
        options.onDispatch?.(d);
        dispatched = await d.outcome;
      } finally {
        client.close();
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      progress.done(`judge: ${count(dispatched.replies)} replies stored, ${count(dispatched.sent)} requests sent (${count(dispatched.retries)} retried) in ${seconds} s`);
    }
    states = plan.keys.map((_, slot) => slotState(plan, store, slot));
  } finally {
    store.close();
  }

  const missing = states.filter((s) => s.kind === 'todo').length;
  if (missing > 0) {
    const end = dispatched?.end ?? { kind: 'stopped' as const };
    const exit = end.kind === 'fatal' ? 2 : end.kind === 'stopped' ? 130 : 3;
    throw new IncompleteError([
      `judge: ${endMessage(end, p.keyVariable)}`,
      `judge: ${count(states.length - missing)} of ${count(states.length)} requests have a reply in ${p.storeDir}; nothing was written${options.out ? ` to ${options.out}` : ''}`,
      `judge: run the same command again to send the other ${count(missing)} (nothing stored is sent again)`,
    ].join('\n'), exit);
  }

  const { record, files } = outputsFrom(p, states);
  const copied = p.format === 'contract' ? exportFilesToCopy(options.data) : [];
  const summary: string[] = [];
  if (options.out !== undefined) {
    await writeJudgeOutput(outputRequest(options.out, options.data, p.storeDir, p.preregFile), files, copied.map((name) => join(options.data, name)));
    const kind = p.format === 'contract' ? 'a judged export (the export\'s tables with the judge\'s ratings.csv)' : `${RATINGS_FILE} and ${WIDE_FILE} (a rater file for reliability)`;
    summary.push(`judge: wrote ${kind} to ${options.out}`);
  }
  const reasons = Object.entries(record.unparsed_by_reason).filter(([, n]) => n > 0).map(([r, n]) => `${n} ${r}`).join(', ');
  summary.push(`judge: ${count(record.ratings)} ratings from ${count(record.requests)} requests; ${count(record.unparsed)} unparsed${reasons ? ` (${reasons})` : ''}${record.unparsed > 0 ? `: missing ratings, listed in ${JUDGE_FILE}` : ''}`);
  return { format: p.format, record, files, copied, summary, dispatched };
}

/** The judge's files from the slots' states, every one of which has a reply. */
function outputsFrom(p: Prepared, states: readonly SlotState[]): { record: JudgeRecord; files: Record<string, string> } {
  const record = judgeRecord({ plan: p.plan, states, preregFile: p.preregFile, preregSha256: p.loaded.sha256, preregistered: p.judge, meta: p.tables.meta });
  const files: Record<string, string> = {
    [RATINGS_FILE]: ratingsCsv(p.plan, states, p.settings.model),
    [JUDGE_FILE]: JSON.stringify(record, null, 2) + '\n',
  };
  if (p.format === 'pilot') files[WIDE_FILE] = wideCsv(p.plan, states);
  return { record, files };
}

/**
 * The judge's files as the store has them, sending and writing nothing; null while some request
 * has no reply yet (what `run --judge --dry-run` needs to know whether ingest is up to date).
 *
 * @example
 * (await judgedFromStore({ data: 'export', store: 'judge-store' }))?.files['ratings.csv'] // the same bytes judge writes
 */
export async function judgedFromStore(options: JudgeOptions): Promise<{ record: JudgeRecord; files: Record<string, string> } | null> {
  const p = await prepare({ ...options, out: undefined }, true);
  const store = JudgeStore.open(p.storeDir, { write: false });
  const states = p.plan.keys.map((_, slot) => slotState(p.plan, store, slot));
  return states.some((s) => s.kind === 'todo') ? null : outputsFrom(p, states);
}

/** Writes the judge's files and copies of the export files `copied` into --out, through
 *  pipeline/output: a new folder beside it put in its place, never a partial one. */
async function writeJudgeOutput(request: OutputRequest, files: Record<string, string>, copied: string[]): Promise<void> {
  await withOutput(request, (output) => {
    for (const from of copied) copyInto(output, basename(from), from);
    for (const [name, text] of Object.entries(files)) output.write(name, text);
  });
}

/** Copies the input file `from` into the output as `rel`, a MiB at a time. */
function copyInto(output: OutputFolder, rel: string, from: string): void {
  const file = output.open(rel);
  const { fd } = openRegularFile(from);
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) file.write(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  file.close();
}
