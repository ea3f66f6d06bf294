/**
 * The git history of a preregistration and its lock: the commits that changed either on or after
 * the lock date, so a lock rewritten by hand (a hash and snapshot made to match an edited file,
 * with the old date) is visible in the audit. One `git log` of the two files, with a time limit,
 * never a network call. Without git, outside a repository, or in a shallow clone (whose history
 * is cut), it says it could not check, and why.
 *
 * The result is part of the report stage's key (runner/run.ts): the same bytes of the two files
 * can sit under another history (a rebase, a fresh clone of another commit), and the audit must
 * then be written again.
 */
import { spawnSync } from 'node:child_process';
import { basename, dirname } from 'node:path';

export interface HistoryCommit {
  /** The first 12 hex digits of the commit (fixed length: `%h` depends on the repository). */
  commit: string;
  /** Committer date, UTC, ISO 8601 to the second. */
  date: string;
  /** The commit's subject line, cut to 100 characters. */
  subject: string;
  /** Which of the two files it changed. */
  changed: ('preregistration' | 'lock')[];
  /** Committed after the lock date (after its end, for a lock dated by day). */
  after_lock: boolean;
}

export interface PreregHistory {
  checked: boolean;
  /** Why the history could not be checked (null when it was). */
  reason: string | null;
  /** Commits that changed the preregistration or its lock on or after the lock date, newest first. */
  commits: HistoryCommit[];
}

/** How long the one `git log` may take before the audit says it could not check. */
export const GIT_LOG_TIMEOUT_MS = 5_000;

const SUBJECT_MAX = 100;

/** The end of the lock date in ms: a date-only lock covers its whole (UTC) day. */
function lockEnd(lockedAt: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(lockedAt) ? Date.parse(`${lockedAt}T23:59:59.999Z`) : Date.parse(lockedAt);
}

function lockStart(lockedAt: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(lockedAt) ? Date.parse(`${lockedAt}T00:00:00Z`) : Date.parse(lockedAt);
}

/** An environment for git with nothing that points it elsewhere, prompts, or fetches. */
function gitEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!k.startsWith('GIT_')) clean[k] = v;
  return { ...clean, GIT_TERMINAL_PROMPT: '0', GIT_NO_LAZY_FETCH: '1', GIT_OPTIONAL_LOCKS: '0', GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' };
}

/**
 * Parses `git log --raw --format=%x00%H%x09%cI%x09%D%x09%s` output into commits, newest first.
 * Exported for the tests.
 */
export function parseGitLog(text: string, preregName: string, lockName: string, lockedAt: string): PreregHistory {
  const start = lockStart(lockedAt);
  const end = lockEnd(lockedAt);
  const commits: HistoryCommit[] = [];
  let total = 0;
  for (const record of text.split('\0').slice(1)) {
    const [header, ...rest] = record.split('\n');
    const [hash, iso, decoration, ...subject] = header.split('\t');
    total += 1;
    if (/(^|, )grafted(,|$)/.test(decoration ?? '')) {
      return { checked: false, reason: 'the git history is cut (a shallow clone): the commits before it are not here', commits: [] };
    }
    const time = Date.parse(iso);
    if (!(time >= start)) continue;
    const files = rest.filter((l) => l.startsWith(':')).map((l) => l.slice(l.indexOf('\t') + 1));
    const is = (name: string) => files.some((f) => f === name || f.endsWith(`/${name}`));
    const changed: HistoryCommit['changed'] = [];
    if (is(preregName)) changed.push('preregistration');
    if (is(lockName)) changed.push('lock');
    const oneLine = subject.join('\t');
    commits.push({
      commit: hash.slice(0, 12),
      date: new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      subject: oneLine.length > SUBJECT_MAX ? `${oneLine.slice(0, SUBJECT_MAX - 1)}…` : oneLine,
      changed,
      after_lock: time > end,
    });
  }
  if (total === 0) return { checked: false, reason: 'the preregistration and its lock are in no commit of the git history', commits: [] };
  return { checked: true, reason: null, commits };
}

/**
 * The commits that changed `preregFile` or `lockFile` on or after `lockedAt`, by one `git log`
 * run in the preregistration's folder.
 *
 * @example
 * preregHistory('preregistration/preregistration.yaml', 'preregistration/lock.json', '2026-11-26')
 * // { checked: true, reason: null, commits: [{ commit: '…', date: '2026-11-26T03:00:05Z', subject: 'prereg: …', changed: ['preregistration'], after_lock: false }, …] }
 */
export function preregHistory(preregFile: string, lockFile: string, lockedAt: string | null, env: NodeJS.ProcessEnv = process.env): PreregHistory {
  if (lockedAt === null) return { checked: false, reason: 'there is no lock date to check the history against', commits: [] };
  if (Number.isNaN(lockStart(lockedAt))) return { checked: false, reason: `the lock date ${JSON.stringify(lockedAt)} is not a date`, commits: [] };
  const args = [
    '-c', 'core.quotePath=false', '-c', 'log.showSignature=false', '-C', dirname(preregFile),
    'log', '--no-color', '--no-renames', '--no-abbrev', '--raw', '--max-count=1000',
    '--format=%x00%H%x09%cI%x09%D%x09%s', '--', basename(preregFile), basename(lockFile),
  ];
  const child = spawnSync('git', args, { encoding: 'utf8', timeout: GIT_LOG_TIMEOUT_MS, env: gitEnv(env), stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 8 * 1024 * 1024 });
  const code = (child.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return { checked: false, reason: 'git is not installed', commits: [] };
  if (code === 'ETIMEDOUT') return { checked: false, reason: `git log took longer than ${GIT_LOG_TIMEOUT_MS / 1000} s`, commits: [] };
  if (child.error) return { checked: false, reason: `git log could not run (${code ?? 'error'})`, commits: [] };
  if (child.status !== 0) {
    if (/not a git repository/i.test(child.stderr)) return { checked: false, reason: 'the preregistration is not in a git repository', commits: [] };
    return { checked: false, reason: `git log failed (exit status ${child.status})`, commits: [] };
  }
  return parseGitLog(child.stdout, basename(preregFile), basename(lockFile), lockedAt);
}
