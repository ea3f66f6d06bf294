/**
 * The `run` chain, straight through: load the preregistration → read the export → exclusions →
 * scores → analyses → audit → report. Every output is written into a temporary folder beside
 * --out and renamed into place at the end, so a failure leaves nothing partial; the same inputs and
 * seed give byte-identical files.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { analyzeStudy, resultsToCsv } from '../analyze/index.ts';
import type { ResultsDoc } from '../analyze/types.ts';
import { BadInputError, UsageError, Warnings } from '../errors.ts';
import { applyExclusions } from '../ingest/exclusions.ts';
import { readStudyExport } from '../ingest/index.ts';
import type { Consort } from '../ingest/tables.ts';
import { auditSummaryFrom, buildAudit, lockChangeLine, type Audit } from '../prereg/audit.ts';
import { renderAuditMarkdown } from '../prereg/audit-render.ts';
import { DEFAULT_PREREGISTRATION_FILE, loadPreregistration } from '../prereg/load.ts';
import { lockPathFor } from '../prereg/lock.ts';
import { writeReport } from '../report/index.ts';
import type { ReliabilityInput } from '../report/inputs.ts';
import { scoreStudy } from '../score/index.ts';
import { tagFrequencies } from '../score/tagger.ts';
import { MANIFEST_SCHEMA, dependencyVersions, fileEntry, folderSha256, listFiles, sourceDateEpoch, type Manifest } from './manifest.ts';

export const DEFAULT_SEED = 20260326;

export interface RunOptions {
  data: string;
  out: string;
  prereg?: string;
  seed?: number;
  /** reliability.json from the `reliability` command, shown in the report. */
  reliability?: string;
  /** The command line as given, recorded in manifest.json. */
  commandLine?: string[];
  env?: NodeJS.ProcessEnv;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
}

export interface RunOutcome {
  results: ResultsDoc;
  consort: Consort;
  audit: Audit;
  /** Output files, relative to --out, sorted. */
  files: string[];
  /** Lines for the user; when the preregistration changed after its lock, the last one says so. */
  summary: string[];
}

/** JSON as written to disk: two-space indent, a final newline, numbers as JS prints them. */
function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

function readReliability(file: string): ReliabilityInput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new BadInputError([{ file, line: null, column: null, message: `cannot read reliability results: ${(err as Error).message}` }], { cause: err });
  }
  const doc = parsed as Partial<ReliabilityInput> | null;
  if (!doc || !Array.isArray(doc.kappa) || typeof doc.alpha !== 'object' || doc.alpha === null) {
    throw new BadInputError([{ file, line: null, column: 'kappa', message: 'not a reliability.json (needs kappa rows and alpha per dimension)' }]);
  }
  return doc as ReliabilityInput;
}

/** --out must be new, empty, or a previous run's output (it is replaced whole). */
function checkOutFolder(out: string): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new UsageError(`--out ${out} exists and is not a folder`);
  const files = listFiles(out);
  if (files.length > 0 && !files.includes('manifest.json')) {
    throw new UsageError(`--out ${out} holds files that are not a previous run's output; give a new or empty folder`);
  }
}

/** Replaces `out` by the finished temporary folder. */
function moveIntoPlace(tmp: string, out: string): void {
  if (existsSync(out)) {
    const old = `${tmp}.old`;
    renameSync(out, old);
    renameSync(tmp, out);
    rmSync(old, { recursive: true, force: true });
  } else {
    renameSync(tmp, out);
  }
}

/**
 * Runs the preregistered analysis of the export in `options.data` into `options.out`.
 * Example: `await runPipeline({ data: 'data/synthetic', out: 'reports/synthetic' })` writes
 * results.json, results.csv, consort.json, audit.json, audit.md, report.html, figures/ and
 * manifest.json, and returns the parsed results and audit.
 */
export async function runPipeline(options: RunOptions): Promise<RunOutcome> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  const preregFile = options.prereg ?? DEFAULT_PREREGISTRATION_FILE;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!existsSync(options.data) || !statSync(options.data).isDirectory()) throw new UsageError(`--data ${options.data} is not a folder`);
  if (resolve(options.out) === resolve(options.data)) throw new UsageError('--out must not be the --data folder');
  checkOutFolder(options.out);

  const loaded = loadPreregistration(preregFile);
  const reliability = options.reliability ? readReliability(options.reliability) : undefined;
  log(`preregistration ${preregFile}: sha256 ${loaded.sha256}${loaded.lock.changed_since_lock ? ' (CHANGED since its lock)' : loaded.lock.locked ? ' (matches its lock)' : ' (not locked)'}`);

  const warnings = new Warnings();
  const tables = await readStudyExport(options.data, warnings);
  log(`read ${tables.participants.length} participants, ${tables.conversations.length} conversations, ${tables.messages.length} messages`);
  const { analysed, consort } = applyExclusions(tables, loaded.prereg.exclusions);
  const scored = scoreStudy(analysed, loaded.prereg);
  const dataSha256 = folderSha256(options.data);
  const results = analyzeStudy(scored, loaded.prereg, {
    consort,
    dataSha256,
    preregInfo: { file: preregFile, sha256: loaded.sha256, locked: loaded.lock.locked && !loaded.lock.changed_since_lock },
  });
  const audit = buildAudit({ loaded, results, consort, warnings });
  log(`analysed ${consort.analysed} of ${consort.enrolled}; ${results.tests.length} results; audit: ${audit.summary.verdict}`);

  const outParent = dirname(resolve(options.out));
  mkdirSync(outParent, { recursive: true });
  const tmp = mkdtempSync(join(outParent, `.${basename(resolve(options.out))}.tmp-`));
  try {
    writeFileSync(join(tmp, 'results.json'), jsonText(results));
    writeFileSync(join(tmp, 'results.csv'), resultsToCsv(results));
    writeFileSync(join(tmp, 'consort.json'), jsonText(consort));
    writeFileSync(join(tmp, 'audit.json'), jsonText(audit));
    writeFileSync(join(tmp, 'audit.md'), renderAuditMarkdown(audit));
    await writeReport(tmp, {
      results,
      scored,
      consort,
      audit: auditSummaryFrom(audit),
      reliability,
      // Expression tags of the analysed participants' supporter messages, as shares only.
      tagFrequencies: tagFrequencies(analysed.messages, analysed.conversations, analysed.participants)
        .filter((row) => row.share !== null)
        .map((row) => ({ arm: row.arm, round: row.round, subcomponent: row.subcomponent, share: row.share as number })),
      counts: { participants: tables.participants.length, conversations: tables.conversations.length, messages: tables.messages.length },
      seed,
    });

    const inputs: Manifest['inputs'] = listFiles(options.data).map((rel) => ({ role: 'data', ...fileEntry(join(options.data, rel), `${options.data}/${rel}`) }));
    inputs.push({ role: 'preregistration', ...fileEntry(preregFile, preregFile) });
    const lockFile = lockPathFor(preregFile);
    if (existsSync(lockFile)) inputs.push({ role: 'preregistration_lock', ...fileEntry(lockFile, lockFile) });
    if (options.reliability) inputs.push({ role: 'reliability', ...fileEntry(options.reliability, options.reliability) });
    const outputs = listFiles(tmp).map((rel) => fileEntry(join(tmp, rel), rel));
    const manifest: Manifest = {
      schema: MANIFEST_SCHEMA,
      command_line: options.commandLine ?? [],
      seed,
      source_date_epoch: sourceDateEpoch(env),
      versions: dependencyVersions(),
      inputs,
      outputs,
    };
    writeFileSync(join(tmp, 'manifest.json'), jsonText(manifest));
    const files = listFiles(tmp);
    moveIntoPlace(tmp, options.out);

    const summary = [`wrote ${files.length} files to ${options.out}`];
    const s = audit.summary;
    summary.push(`audit: ${s.ran_as_planned} of ${s.planned} preregistered items ran as planned; ${s.errors} error(s), ${s.warnings} warning(s); see ${join(options.out, 'audit.md')}`);
    const lockLine = lockChangeLine(audit);
    if (lockLine !== null) summary.push(lockLine);
    return { results, consort, audit, files, summary };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
