/**
 * A write that fails — a full disk (ENOSPC), a read-only file system (EROFS), no permission
 * (EACCES), a parent folder that does not exist — stops the command with exit status 2 and one line
 * naming the path and the cause: no stack trace, nothing partial beside --out, the previous output
 * as it was, no half cache entry. Writability is checked when --out is claimed, before any work.
 * Failures are injected through the fault hook (pipeline/output/fault.ts): the tests may run as
 * root, whom chmod does not stop; without root, EACCES is also made real with chmod.
 * Also: outputs get the user's umask. (`run`'s own cases: tests/runner/run-edges.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { RefusedError } from '../../pipeline/errors.ts';
import { ingest } from '../../pipeline/ingest/command.ts';
import { FAULT_ENV } from '../../pipeline/output/fault.ts';
import { FIXTURES } from '../ingest/helpers.ts';
import { cleanup, isRoot, snapshot, tempDir, tempsBeside } from './helpers.ts';

const VALID_JSONL = join(FIXTURES, 'valid-jsonl');

afterAll(cleanup);
afterEach(() => {
  delete process.env[FAULT_ENV];
});

async function refusal(attempt: () => Promise<unknown>): Promise<string> {
  const error = await attempt().then(() => null, (err: unknown) => err);
  expect(error).toBeInstanceOf(RefusedError);
  return (error as Error).message;
}

describe('a write that fails', () => {
  it('while writing the output (a full disk) leaves the previous output and nothing beside it', async () => {
    const out = join(tempDir(), 'out');
    await ingest(VALID_JSONL, out, null);
    const before = snapshot(out);
    process.env[FAULT_ENV] = 'ENOSPC@messages.jsonl';
    const message = await refusal(() => ingest(VALID_JSONL, out, null));
    expect(message).toBe(`cannot write ${join(out, 'messages.jsonl')}: no space left on the device (ENOSPC); ${out} was left as it was`);
    expect(snapshot(out)).toEqual(before);
    expect(tempsBeside(out)).toEqual([]);
  });

  it('on a read-only file system is found when --out is claimed, before any work', async () => {
    const parent = tempDir();
    const out = join(parent, 'out');
    process.env[FAULT_ENV] = 'EROFS@*';
    const message = await refusal(() => ingest(join(parent, 'no-such-export'), out, null));
    // the export was never looked at: a missing export would have been a BadInputError
    expect(message).toBe(`cannot write --out ${out}: read-only file system (EROFS) (making a folder in ${parent}); nothing was written or changed`);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('without permission (EACCES): chmod where it binds, the fault hook as root', async () => {
    const parent = tempDir();
    const out = join(parent, 'out');
    if (isRoot) process.env[FAULT_ENV] = 'EACCES@*';
    else chmodSync(parent, 0o555);
    try {
      const message = await refusal(() => ingest(VALID_JSONL, out, null));
      expect(message).toBe(`cannot write --out ${out}: permission denied (EACCES) (making a folder in ${parent}); nothing was written or changed`);
    } finally {
      chmodSync(parent, 0o755);
    }
    expect(readdirSync(parent)).toEqual([]);
  });

  it('into a parent folder that does not exist is refused, and no folder is made', async () => {
    const parent = tempDir();
    const message = await refusal(() => ingest(VALID_JSONL, join(parent, 'missing', 'out'), null));
    expect(message).toBe(`--out ${join(parent, 'missing', 'out')}: the folder it goes in, ${join(parent, 'missing')}, does not exist; create it first (nothing was written)`);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('reaches the user as one line, exit status 2, no stack trace', () => {
    const out = join(tempDir(), 'out');
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'pipeline/cli.ts', 'ingest', '--data', VALID_JSONL, '--out', out], {
      encoding: 'utf8',
      env: { ...process.env, [FAULT_ENV]: 'ENOSPC@ratings.jsonl' },
    });
    expect(child.status).toBe(2);
    expect(child.stderr).toBe(`error: cannot write ${join(out, 'ratings.jsonl')}: no space left on the device (ENOSPC); ${out} was left as it was\n`);
    expect(existsSync(out)).toBe(false);
  });
});

describe('output folders and files', () => {
  it("get the user's umask (not a private 0700 folder)", async () => {
    const previous = process.umask(0o027);
    try {
      const out = join(tempDir(), 'out');
      await ingest(VALID_JSONL, out, null);
      expect(statSync(out).mode & 0o777).toBe(0o750);
      expect(statSync(join(out, 'messages.jsonl')).mode & 0o777).toBe(0o640);
      process.umask(0o002);
      await ingest(VALID_JSONL, out, null);
      expect(statSync(out).mode & 0o777).toBe(0o775);
      expect(statSync(join(out, 'summary.json')).mode & 0o777).toBe(0o664);
    } finally {
      process.umask(previous);
    }
  });
});
