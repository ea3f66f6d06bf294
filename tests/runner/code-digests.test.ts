/**
 * The normalised code digests shipped in pipeline/runner/code-digests.json, and the order in which
 * a stage's code is read: a shipped digest is esbuild's normalisation of the bytes it names (so
 * using it gives every stage the key esbuild would), and every file of a stage's code is read
 * before stageCode first awaits (so a stage started while esbuild works ran the bytes its key
 * names, or the edit is noticed).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../pipeline/prereg/lock.ts';
import { SHIPPED_DIGESTS, codeChangedSince, normaliseModule, stageCode, type ShippedDigests } from '../../pipeline/runner/code-hash.ts';
import { STAGE_ENTRY } from '../../pipeline/runner/stage-entries.ts';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'code-digests-'));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the shipped code digests', () => {
  it('give every stage the code digests esbuild gives it now', async () => {
    for (const entry of Object.values(STAGE_ENTRY)) {
      const shipped = await stageCode([entry], null);
      const fresh = await stageCode([entry], { dir: null, write: false, shipped: false });
      expect(shipped).toEqual(fresh);
    }
  });

  it('are each esbuild\'s normalisation of the bytes they name, for every current module they name', async () => {
    const doc = JSON.parse(readFileSync(SHIPPED_DIGESTS, 'utf8')) as ShippedDigests;
    const current = new Map<string, { path: string; raw: Buffer }>();
    for (const entry of Object.values(STAGE_ENTRY)) {
      for (const path of Object.keys(await stageCode([entry], null))) {
        const loader = path.endsWith('.ts') ? 'ts' : path.endsWith('.js') ? 'js' : null;
        if (loader === null) continue;
        const raw = readFileSync(path);
        current.set(`${loader}-${sha256Hex(raw)}`, { path, raw });
      }
    }
    let checked = 0;
    for (const [key, shipped] of Object.entries(doc.files)) {
      const file = current.get(key);
      if (!file) continue; // the digest of bytes no file has now: never looked up
      expect(shipped, file.path).toEqual(await normaliseModule(file.path, file.raw));
      checked += 1;
    }
    // Not a vacuous check: the committed file names most of the current modules.
    expect(checked).toBeGreaterThan(current.size / 2);
  });
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
    const pending = stageCode(['src/entry.ts'], { dir: null, write: false, shipped: false }, work);
    // Edited while esbuild normalises the first level: c.ts is two imports deep.
    write('src/deep/c.ts', 'export const c = 2;\n');
    const code = await pending;
    expect(Object.keys(code)).toEqual(['src/deep/b.ts', 'src/deep/c.ts', 'src/entry.ts']);
    expect(code['src/deep/c.ts'].raw_sha256).toBe(sha256Hex('export const c = 1;\n'));
    expect(codeChangedSince(code, work)).toEqual(['src/deep/c.ts']);
  });
});
