/**
 * Where a run's results come from, as report.html and manifest.json name it: the software (this
 * project's name and version, Node's version, each direct dependency's exact version), the code
 * that ran (one SHA-256 over the normalised digests of every module of the four stages, the same
 * digests their keys are made of, so a reworded comment does not change it), the git commit of the
 * project where it is a git checkout, the command that makes the outputs again, and the date from
 * SOURCE_DATE_EPOCH.
 *
 * Why the date only from SOURCE_DATE_EPOCH: the same inputs and seed must give the same bytes, and
 * a clock would make every run differ (the reproducible-builds convention; stamp a run with
 * `SOURCE_DATE_EPOCH=$(date +%s)`).
 *
 * Why the commit can be left out (`run --no-git-commit`, which `npm run reproduce` passes): the
 * committed reports/ are part of the commit they would name, which does not exist yet when they
 * are written, and CI regenerates them in a fresh clone of a later commit and requires the same
 * bytes. They carry the code digest instead, which names the code whatever commit holds it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { sha256Hex } from '../prereg/lock.ts';
import { PROJECT_ROOT, stageCode, type CodeMemo } from './code-hash.ts';
import { dependencyVersions } from './manifest.ts';
import { STAGE_ENTRY } from './stage-entries.ts';

/** What a run records about its own making. */
export interface Provenance {
  /** This project, from package.json. */
  software: { name: string; version: string };
  node: string;
  /** Exact installed version of each direct dependency (package-lock.json). */
  dependencies: Record<string, string>;
  /** SHA-256 of `<normalised digest>  <path>\n` lines, sorted by path, over the modules of the
   *  ingest, score, analyze and report stages (code-hash.ts). */
  code_sha256: string;
  /** The project's git commit, and whether its code (pipeline/, scripts/, package files) had
   *  uncommitted changes; null when not recorded (see `git_note`). */
  git: { commit: string; uncommitted_changes: boolean } | null;
  /** Why `git` is null: not a git checkout, git not installed, or left out on request. */
  git_note: string | null;
  /** The command that makes these outputs again (reproducingCommand), e.g. `npm run pipeline --
   *  run --data data/synthetic --prereg preregistration/preregistration.yaml --seed 5`;
   *  manifest.json keeps the command line as typed. */
  command: string;
  /** ISO time from SOURCE_DATE_EPOCH, or null (no clock: the outputs stay byte-identical). */
  date: string | null;
}

/** The paths whose uncommitted changes make a run's code differ from its commit. */
const CODE_PATHS = ['pipeline', 'scripts', 'package.json', 'package-lock.json'];

/**
 * The project's git commit and whether its code has uncommitted changes, or why there is none.
 *
 * @example
 * gitState('/work/project') // { git: { commit: '0123…', uncommitted_changes: false }, note: null }
 */
export function gitState(root: string = PROJECT_ROOT): { git: Provenance['git']; note: string | null } {
  const git = (...args: string[]) => spawnSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
  const head = git('rev-parse', '--verify', 'HEAD');
  if (head.error) return { git: null, note: 'git is not installed here' };
  if (head.status !== 0) return { git: null, note: 'the project is not a git checkout' };
  const status = git('status', '--porcelain', '--untracked-files=no', '--', ...CODE_PATHS);
  return { git: { commit: head.stdout.trim(), uncommitted_changes: status.status !== 0 || status.stdout.trim() !== '' }, note: null };
}

/**
 * One SHA-256 over code maps (path → normalised digest, as a stage key's `code`): the union's
 * `<digest>  <path>` lines sorted by path.
 *
 * @example
 * codeSha256Of([{ 'a.ts': 'ab12…' }, { 'b.ts': 'cd34…' }]) // SHA-256 of 'ab12…  a.ts\ncd34…  b.ts\n'
 */
export function codeSha256Of(codes: Record<string, string>[]): string {
  const all: Record<string, string> = Object.assign({}, ...codes);
  return sha256Hex(Object.keys(all).sort().map((path) => `${all[path]}  ${path}\n`).join(''));
}

/**
 * One SHA-256 for the code a run runs: the normalised digest of every module of the four stages.
 * `known` are code maps the stages have computed already (their keys' `code`), reused.
 *
 * @example
 * await codeSha256(null) // '5c0f…' (64 hex digits)
 */
export async function codeSha256(memo: CodeMemo | null, known: Record<string, string>[] = []): Promise<string> {
  const entries = [STAGE_ENTRY.ingest, STAGE_ENTRY.score, STAGE_ENTRY.analyze, STAGE_ENTRY.report].filter((entry) => !known.some((code) => entry in code));
  const rest = entries.length === 0 ? {} : await stageCode(entries, memo);
  return codeSha256Of([...known, Object.fromEntries(Object.entries(rest).map(([path, d]) => [path, d.sha256]))]);
}

/**
 * A command line as a user would type it in a POSIX shell: arguments with anything but letters,
 * digits and `-_./:=@%+,` single-quoted.
 *
 * @example
 * commandText('npm run pipeline --', ['run', '--data', 'my data']) // "npm run pipeline -- run --data 'my data'"
 */
export function commandText(program: string, argv: readonly string[]): string {
  const quote = (arg: string) => (/^[A-Za-z0-9_\-./:=@%+,]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
  return [program, ...argv.map(quote)].join(' ');
}

/**
 * The command that makes these outputs again, written from the values that decide them (never
 * from the command line as typed, whose spelling and order vary): the export, the
 * preregistration, the seed, the reliability and diagnosis files, whether the commit is recorded.
 * Where the outputs and the cache go, and --dry-run, --force, --timings, change no output byte and
 * are left out; manifest.json keeps the command line as typed.
 *
 * @example
 * reproducingCommand({ data: 'data/synthetic', prereg: 'preregistration/preregistration.yaml', seed: 5, recordGitCommit: true })
 * // 'npm run pipeline -- run --data data/synthetic --prereg preregistration/preregistration.yaml --seed 5'
 */
export function reproducingCommand(o: { data: string; prereg: string; seed: number; reliability?: string; diagnosis?: string; recordGitCommit: boolean }): string {
  const argv = ['run', '--data', o.data, '--prereg', o.prereg, '--seed', String(o.seed)];
  if (o.reliability) argv.push('--reliability', o.reliability);
  if (o.diagnosis) argv.push('--diagnosis', o.diagnosis);
  if (!o.recordGitCommit) argv.push('--no-git-commit');
  return commandText('npm run pipeline --', argv);
}

/** This project's name and version (package.json). */
export function softwareVersion(root: string = PROJECT_ROOT): Provenance['software'] {
  const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

/**
 * The provenance of a run whose outputs `command` (reproducingCommand) makes again.
 *
 * @example
 * await runProvenance({ command: 'npm run pipeline -- run --data d --seed 1', memo: null, recordCommit: true, date: null })
 * // { software: { name: 'lend-an-ear-analysis', version: '0.1.0' }, node: 'v20.…', …, command: 'npm run pipeline -- run --data d --seed 1', date: null }
 */
export async function runProvenance(options: { command: string; memo: CodeMemo | null; knownCode?: Record<string, string>[]; recordCommit: boolean; date: string | null }): Promise<Provenance> {
  const versions = dependencyVersions();
  const { git, note } = options.recordCommit ? gitState() : { git: null, note: 'left out on request (run --no-git-commit): these outputs are committed, see the code digest' };
  return {
    software: softwareVersion(),
    node: versions.node,
    dependencies: versions.dependencies,
    code_sha256: await codeSha256(options.memo, options.knownCode),
    git,
    git_note: note,
    command: options.command,
    date: options.date,
  };
}
