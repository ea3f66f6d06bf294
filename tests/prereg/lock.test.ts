/**
 * The lock: preregistration/lock.json holds the SHA-256 of the file's bytes and the date it was
 * frozen; an edit after the lock is reported as `changed_since_lock`, with both hashes.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { BadInputError } from '../../pipeline/errors.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { formatLock, lockDate, makeLock, readLock, sha256Hex } from '../../pipeline/prereg/lock.ts';
import { LOCK_FILE, PREREG_FILE, preregCopy } from './helpers.ts';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vector for "abc"', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('the committed lock', () => {
  it('locks the committed preregistration, byte for byte', () => {
    const loaded = loadPreregistration(PREREG_FILE);
    const expected = createHash('sha256').update(readFileSync(PREREG_FILE)).digest('hex');
    expect(loaded.sha256).toBe(expected);
    expect(loaded.lock).toEqual({ locked: true, locked_sha256: expected, locked_at: JSON.parse(readFileSync(LOCK_FILE, 'utf8')).locked_at, changed_since_lock: false });
  });
});

describe('an edit after the lock', () => {
  it('is reported as changed_since_lock with the locked and the current hash', () => {
    const { dir, file } = preregCopy();
    made.push(dir);
    const lockedSha = sha256Hex(readFileSync(file));
    writeFileSync(file, readFileSync(file, 'utf8').replace('alpha: 0.05', 'alpha: 0.1'));
    const loaded = loadPreregistration(file);
    expect(loaded.prereg.alpha).toBe(0.1);
    expect(loaded.lock.locked).toBe(true);
    expect(loaded.lock.changed_since_lock).toBe(true);
    expect(loaded.lock.locked_sha256).toBe(lockedSha);
    expect(loaded.sha256).toBe(sha256Hex(readFileSync(file)));
    expect(loaded.sha256).not.toBe(lockedSha);
  });

  it('is caught even when only a comment or a line ending changes (the hash is of the bytes)', () => {
    const { dir, file } = preregCopy();
    made.push(dir);
    writeFileSync(file, readFileSync(file, 'utf8').replace('\n', '\r\n'));
    expect(loadPreregistration(file).lock.changed_since_lock).toBe(true);
  });
});

describe('without a lock', () => {
  it('is loaded as not locked and not changed', () => {
    const { dir, file } = preregCopy(false);
    made.push(dir);
    expect(loadPreregistration(file).lock).toEqual({ locked: false, locked_sha256: null, locked_at: null, changed_since_lock: false });
  });

  it('ignores a lock that freezes another file of the folder', () => {
    const { dir, file, lock } = preregCopy(false);
    made.push(dir);
    writeFileSync(lock, formatLock({ ...makeLock(file, readFileSync(file), '2026-11-26'), file: 'other.yaml' }));
    expect(readLock(file)).toBeNull();
  });

  it('refuses a malformed lock rather than treating it as absent', () => {
    const { dir, file, lock } = preregCopy(false);
    made.push(dir);
    writeFileSync(lock, '{"schema":"lend-an-ear-prereg-lock/1","file":"preregistration.yaml","sha256":"xyz","locked_at":"2026-11-26"}');
    expect(() => loadPreregistration(file)).toThrow(BadInputError);
    try {
      loadPreregistration(file);
    } catch (err) {
      expect((err as BadInputError).problems).toEqual([{ file: lock, line: null, column: 'sha256', message: 'must be 64 lowercase hex digits', value: 'xyz' }]);
    }
  });
});

describe('lockDate', () => {
  it('takes --date first, then SOURCE_DATE_EPOCH, never the clock', () => {
    expect(lockDate('2026-11-26', '0')).toBe('2026-11-26');
    // 1774483200 s = 2026-03-26T00:00:00Z (20 538 days × 86 400 s after 1970-01-01).
    expect(lockDate(undefined, '1774483200')).toBe('2026-03-26T00:00:00Z');
    expect(lockDate(undefined, undefined)).toBeNull();
    expect(lockDate('26/11/2026', undefined)).toBeNull();
  });
});
