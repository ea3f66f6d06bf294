/**
 * The lock of a preregistration: lock.json beside the file, holding what was frozen and when. It
 * keeps the frozen file itself, not only its hash (the OSF "frozen registration" idea, done with a
 * hash and a copy instead of a server):
 *
 * - `sha256`: the SHA-256 of the file's bytes when it was locked. A later edit, even of a comment,
 *   changes it, and every run's audit says so.
 * - `snapshot`: the locked file's text, one string a line (joined with `\n`, it is the file's
 *   bytes). The audit parses it and compares the plan that ran with it item by item
 *   (plan-diff.ts), so it can name each change: a hypothesis removed, alpha changed.
 * - `locked_at`: the date it was frozen.
 *
 * The lock checks itself: its snapshot must hash to its recorded `sha256`. A hash edited by hand to
 * match an edited file leaves the snapshot of the old file behind, and the audit reports the lock
 * as broken. (A lock rewritten whole, hash and snapshot, is consistent by construction: the git
 * history in the audit, history.ts, is what shows it.) Format 1 locks (`…-lock/1`, a hash only) are
 * still read: the audit then says what changed cannot be named.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BadInputError, type Problem } from '../errors.ts';

export const LOCK_SCHEMA = 'lend-an-ear-prereg-lock/2';
/** The first format: the hash and the date only. */
export const LOCK_SCHEMA_V1 = 'lend-an-ear-prereg-lock/1';

export interface LockFile {
  schema: typeof LOCK_SCHEMA | typeof LOCK_SCHEMA_V1;
  /** The locked file's name, relative to the lock's folder. */
  file: string;
  /** SHA-256 of the locked file's bytes. */
  sha256: string;
  /** ISO 8601 date (or date-time) the preregistration was frozen. */
  locked_at: string;
  /** The locked file's text, split at `\n` (format 2; absent in format 1). */
  snapshot?: string[];
}

/**
 * SHA-256 of bytes, as lowercase hex.
 * Example: `sha256Hex(Buffer.from('abc'))` → `'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'`
 * (FIPS 180-2, appendix B.1).
 */
export function sha256Hex(bytes: Uint8Array | string): string {
  // A text is hashed as its UTF-8 bytes, converted first: the same digest as update(text), faster.
  return createHash('sha256').update(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes).digest('hex');
}

/** Where the lock of a preregistration file lives: `lock.json` in the same folder. */
export function lockPathFor(preregFile: string): string {
  return join(dirname(preregFile), 'lock.json');
}

/**
 * Builds the lock record of a preregistration file's bytes (which must be UTF-8 text).
 * Example: `makeLock('p/preregistration.yaml', Buffer.from('a: 1\n'), '2026-11-26').snapshot` → `['a: 1', '']`.
 */
export function makeLock(preregFile: string, bytes: Uint8Array, lockedAt: string): LockFile {
  const text = Buffer.from(bytes).toString('utf8');
  // The snapshot is text: bytes that are not UTF-8 would not hash back to the lock.
  if (sha256Hex(text) !== sha256Hex(bytes)) throw new BadInputError([{ file: preregFile, line: null, column: null, message: 'is not UTF-8 text: it cannot be locked' }]);
  return { schema: LOCK_SCHEMA, file: basename(preregFile), sha256: sha256Hex(bytes), locked_at: lockedAt, snapshot: text.split('\n') };
}

/** The lock file as written: two-space JSON and a final newline. */
export function formatLock(lock: LockFile): string {
  return JSON.stringify(lock, null, 2) + '\n';
}

/** The locked file's text from a format 2 lock; null for format 1. */
export function snapshotText(lock: LockFile): string | null {
  return lock.snapshot === undefined ? null : lock.snapshot.join('\n');
}

/**
 * What is wrong with the lock itself: its snapshot does not hash to its recorded `sha256` (edited by
 * hand, or damaged). Empty when it checks itself, and for a format 1 lock (nothing to check).
 * Example: `lockSelfCheck({ ...lock, sha256: 'f'.repeat(64) })` → `['its snapshot hashes to …, not to its recorded sha256 ffff…']`.
 */
export function lockSelfCheck(lock: LockFile): string[] {
  const text = snapshotText(lock);
  if (text === null) return [];
  const actual = sha256Hex(text);
  return actual === lock.sha256 ? [] : [`its snapshot hashes to ${actual}, not to its recorded sha256 ${lock.sha256}: the lock was edited by hand or damaged`];
}

/**
 * Reads the lock beside `preregFile`. Returns null when there is none, or when it locks another
 * file of the same folder. A malformed lock is bad input (a broken lock must not pass as "unlocked").
 */
export function readLock(preregFile: string, lockFile = lockPathFor(preregFile)): LockFile | null {
  if (!existsSync(lockFile)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(lockFile, 'utf8'));
  } catch (err) {
    throw new BadInputError([{ file: lockFile, line: null, column: null, message: `not valid JSON: ${(err as Error).message}` }], { cause: err });
  }
  const lock = parsed as Partial<LockFile> | null;
  const problems: Omit<Problem, 'file' | 'line'>[] = [];
  if (!lock || (lock.schema !== LOCK_SCHEMA && lock.schema !== LOCK_SCHEMA_V1)) problems.push({ column: 'schema', message: `must be ${LOCK_SCHEMA} (or ${LOCK_SCHEMA_V1})`, value: String(lock?.schema) });
  if (typeof lock?.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(lock.sha256)) problems.push({ column: 'sha256', message: 'must be 64 lowercase hex digits', value: String(lock?.sha256) });
  if (typeof lock?.locked_at !== 'string' || lock.locked_at === '') problems.push({ column: 'locked_at', message: 'must be a date', value: String(lock?.locked_at) });
  if (typeof lock?.file !== 'string' || lock.file === '') problems.push({ column: 'file', message: 'must name the locked file', value: String(lock?.file) });
  if (lock?.schema === LOCK_SCHEMA && (!Array.isArray(lock.snapshot) || !lock.snapshot.every((l) => typeof l === 'string'))) {
    problems.push({ column: 'snapshot', message: 'must be the locked file\'s text, a list of lines', value: typeof lock.snapshot });
  }
  if (problems.length > 0) throw new BadInputError(problems.map((p) => ({ file: lockFile, line: null, ...p })));
  if (lock!.file !== basename(preregFile)) return null;
  return lock as LockFile;
}

/**
 * The freezing date for a new lock: `--date` if given (YYYY-MM-DD or an ISO date-time), else
 * SOURCE_DATE_EPOCH (seconds) as an ISO date-time, else null (the caller must refuse: a lock
 * date is never taken from the clock, so locking is reproducible).
 * Example: `lockDate(undefined, '1774483200')` → `'2026-03-26T00:00:00Z'`.
 */
export function lockDate(dateArg: string | undefined, sourceDateEpoch: string | undefined): string | null {
  if (dateArg !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?Z)?$/.test(dateArg) || Number.isNaN(Date.parse(dateArg))) return null;
    return dateArg;
  }
  if (sourceDateEpoch !== undefined && /^\d+$/.test(sourceDateEpoch)) {
    return new Date(Number(sourceDateEpoch) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return null;
}
