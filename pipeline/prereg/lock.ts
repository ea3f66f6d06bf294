/**
 * The lock of a preregistration: lock.json beside the file, holding the SHA-256 of the file's bytes
 * and the date it was frozen. A later edit changes the hash, and every run's audit says so
 * (the OSF "frozen registration" idea, done with a hash instead of a server).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BadInputError } from '../errors.ts';

export const LOCK_SCHEMA = 'lend-an-ear-prereg-lock/1';

export interface LockFile {
  schema: typeof LOCK_SCHEMA;
  /** The locked file's name, relative to the lock's folder. */
  file: string;
  sha256: string;
  /** ISO 8601 date (or date-time) the preregistration was frozen. */
  locked_at: string;
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

/** Builds the lock record of a preregistration file's bytes. */
export function makeLock(preregFile: string, bytes: Uint8Array, lockedAt: string): LockFile {
  return { schema: LOCK_SCHEMA, file: basename(preregFile), sha256: sha256Hex(bytes), locked_at: lockedAt };
}

/** The lock file as written: two-space JSON and a final newline. */
export function formatLock(lock: LockFile): string {
  return JSON.stringify(lock, null, 2) + '\n';
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
  const problems = [];
  if (!lock || lock.schema !== LOCK_SCHEMA) problems.push({ column: 'schema', message: `must be ${LOCK_SCHEMA}`, value: String(lock?.schema) });
  if (typeof lock?.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(lock.sha256)) problems.push({ column: 'sha256', message: 'must be 64 lowercase hex digits', value: String(lock?.sha256) });
  if (typeof lock?.locked_at !== 'string' || lock.locked_at === '') problems.push({ column: 'locked_at', message: 'must be a date', value: String(lock?.locked_at) });
  if (typeof lock?.file !== 'string' || lock.file === '') problems.push({ column: 'file', message: 'must name the locked file', value: String(lock?.file) });
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
