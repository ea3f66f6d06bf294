/**
 * The order in which a stage's code is read: every file of it is read before stageCode first
 * awaits, so the digests name the bytes as planned even if a file is edited while esbuild works,
 * and the edit is noticed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../pipeline/prereg/lock.ts';
import { codeChangedSince, stageCode } from '../../pipeline/runner/code-hash.ts';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'code-read-'));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('reading a stage\'s code', () => {
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(work, rel)), { recursive: true });
    writeFileSync(join(work, rel), text);
  };

  it('reads every file before it first awaits: an edit made after the call is noticed, not hashed', async () => {
    write('src/entry.ts', "import { b } from './deep/b.ts';\nexport const a = () => b + 1;\n");
    write('src/deep/b.ts', "import { c } from './c.ts';\nexport const b = c * 2;\n");
    write('src/deep/c.ts', 'export const c = 1;\n');
    const pending = stageCode(['src/entry.ts'], null, work);
    // Edited while esbuild normalises the first level: c.ts is two imports deep.
    write('src/deep/c.ts', 'export const c = 2;\n');
    const code = await pending;
    expect(Object.keys(code)).toEqual(['src/deep/b.ts', 'src/deep/c.ts', 'src/entry.ts']);
    expect(code['src/deep/c.ts'].raw_sha256).toBe(sha256Hex('export const c = 1;\n'));
    expect(codeChangedSince(code, work)).toEqual(['src/deep/c.ts']);
  });
});
