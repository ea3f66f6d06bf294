/**
 * The lock: preregistration/lock.json holds the SHA-256 of the file's bytes, a snapshot of its text
 * and the date it was frozen; an edit after the lock is reported as `changed_since_lock`, with both
 * hashes; the lock checks itself (its snapshot must hash to its recorded hash).
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BadInputError } from '../../pipeline/errors.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { formatLock, lockDate, lockSelfCheck, makeLock, readLock, sha256Hex, snapshotText } from '../../pipeline/prereg/lock.ts';
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
    expect(loaded.lock).toEqual({
      locked: true, locked_sha256: expected, locked_at: JSON.parse(readFileSync(LOCK_FILE, 'utf8')).locked_at, changed_since_lock: false,
      format: 2, problems: [], locked_plan: loaded.prereg,
    });
  });

  it('keeps the locked text itself, which hashes to the recorded hash', () => {
    const lock = readLock(PREREG_FILE)!;
    expect(lock.schema).toBe('lend-an-ear-prereg-lock/2');
    expect(snapshotText(lock)).toBe(readFileSync(PREREG_FILE, 'utf8'));
    expect(lockSelfCheck(lock)).toEqual([]);
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
    expect(loadPreregistration(file).lock).toEqual({ locked: false, locked_sha256: null, locked_at: null, changed_since_lock: false, format: null, problems: [], locked_plan: null });
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

describe('the lock checks itself', () => {
  it('a hash edited by hand to match an edited file leaves the old snapshot behind: a problem of the lock', () => {
    const { dir, file, lock } = preregCopy();
    made.push(dir);
    writeFileSync(file, readFileSync(file, 'utf8').replace('alpha: 0.05', 'alpha: 0.10'));
    const record = JSON.parse(readFileSync(lock, 'utf8'));
    const lockedSha = record.sha256;
    record.sha256 = sha256Hex(readFileSync(file));
    writeFileSync(lock, JSON.stringify(record, null, 2));
    const loaded = loadPreregistration(file);
    expect(loaded.lock.changed_since_lock).toBe(false);
    expect(loaded.lock.problems).toEqual([`its snapshot hashes to ${lockedSha}, not to its recorded sha256 ${record.sha256}: the lock was edited by hand or damaged`]);
    expect((loaded.lock.locked_plan as { alpha: number }).alpha).toBe(0.05);
  });

  it('a snapshot that is not YAML is a problem of the lock', () => {
    const { dir, file, lock } = preregCopy();
    made.push(dir);
    const record = JSON.parse(readFileSync(lock, 'utf8'));
    record.snapshot = ['alpha: [0.05'];
    record.sha256 = sha256Hex('alpha: [0.05');
    writeFileSync(lock, JSON.stringify(record));
    const loaded = loadPreregistration(file);
    expect(loaded.lock.problems).toHaveLength(1);
    expect(loaded.lock.problems[0]).toMatch(/^its snapshot is not valid YAML/);
    expect(loaded.lock.locked_plan).toBeNull();
  });

  it('a format 2 lock without its snapshot is refused as malformed', () => {
    const { dir, file, lock } = preregCopy();
    made.push(dir);
    const record = JSON.parse(readFileSync(lock, 'utf8'));
    delete record.snapshot;
    writeFileSync(lock, JSON.stringify(record));
    expect(() => loadPreregistration(file)).toThrow(BadInputError);
  });

  it('a format 1 lock (a hash only) is still read, with no plan to compare with', () => {
    const { dir, file, lock } = preregCopy();
    made.push(dir);
    writeFileSync(lock, JSON.stringify({ schema: 'lend-an-ear-prereg-lock/1', file: 'preregistration.yaml', sha256: sha256Hex(readFileSync(file)), locked_at: '2026-11-26' }));
    expect(loadPreregistration(file).lock).toMatchObject({ locked: true, format: 1, problems: [], locked_plan: null, changed_since_lock: false });
  });
});

describe('makeLock', () => {
  it('keeps the text line by line, joined with \\n it is the bytes', () => {
    const bytes = Buffer.from('a: 1\r\nb: "é"\n');
    const lock = makeLock('p/preregistration.yaml', bytes, '2026-11-26');
    expect(lock.snapshot).toEqual(['a: 1\r', 'b: "é"', '']);
    expect(sha256Hex(snapshotText(lock)!)).toBe(lock.sha256);
  });
  it('refuses bytes that are not UTF-8 (their snapshot would not hash back)', () => {
    expect(() => makeLock('p.yaml', Buffer.from([0x61, 0xff, 0x0a]), '2026-11-26')).toThrow(BadInputError);
  });
});

describe('scripts/lock-prereg.ts', () => {
  // node with tsx's loader, in this process's node: the tsx command starts a second node for every run.
  const TSX = [process.execPath, '--import', 'tsx'];
  const script = (...args: string[]) => spawnSync(TSX[0], [...TSX.slice(1), 'scripts/lock-prereg.ts', ...args], { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '' } });

  it('prints its help and exits 0; an unknown option is exit 2', () => {
    const help = script('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npx tsx scripts\/lock-prereg\.ts/);
    const bad = script('--bogus');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--bogus'");
  });

  it('reads only a regular file: a named pipe in the preregistration\'s place is refused, not waited on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'prereg-fifo-'));
    made.push(dir);
    const fifo = join(dir, 'preregistration.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = spawnSync(TSX[0], [...TSX.slice(1), 'scripts/lock-prereg.ts', '--file', fifo, '--render-only'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${fifo}: cannot read the preregistration: a named pipe (FIFO), not a regular file`);
  });

  it('writes a format 1 lock again in the new format, keeping its date; refuses a change without --relock', () => {
    const { dir, file, lock } = preregCopy();
    made.push(dir);
    const sha = sha256Hex(readFileSync(file));
    const lockedAt = JSON.parse(readFileSync(LOCK_FILE, 'utf8')).locked_at as string;
    writeFileSync(lock, JSON.stringify({ schema: 'lend-an-ear-prereg-lock/1', file: 'preregistration.yaml', sha256: sha, locked_at: lockedAt }));
    const upgraded = script('--file', file);
    expect(upgraded.status, upgraded.stderr).toBe(0);
    expect(readFileSync(lock, 'utf8')).toBe(formatLock(makeLock(file, readFileSync(file), lockedAt)));
    // The committed lock is exactly what the script writes for the committed file.
    expect(readFileSync(LOCK_FILE, 'utf8')).toBe(readFileSync(lock, 'utf8'));

    writeFileSync(file, readFileSync(file, 'utf8').replace('alpha: 0.05', 'alpha: 0.10'));
    const refused = script('--file', file, '--date', '2026-12-01');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('has changed since; pass --relock');
    const relocked = script('--file', file, '--date', '2026-12-01', '--relock');
    expect(relocked.status, relocked.stderr).toBe(0);
    expect(loadPreregistration(file).lock).toMatchObject({ locked_at: '2026-12-01', changed_since_lock: false, problems: [] });
  }, 30_000);
});
