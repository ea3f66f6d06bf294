/**
 * The pieces a stage key is made of: canonical JSON, the content digest of outputs, what counts as
 * a stage's code (and that a comment or a reindent does not change its digest), the reasons given
 * for a changed key, and the cache's checksums. Expected values are worked by hand or are
 * published test vectors (FIPS 180-2 for SHA-256).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StageCache, encodeOutput } from '../../pipeline/runner/cache.ts';
import { canonicalJson } from '../../pipeline/runner/canonical-json.ts';
import { codeChangedSince, stageCode } from '../../pipeline/runner/code-hash.ts';
import { outputDigest } from '../../pipeline/runner/digest.ts';
import { KEY_SCHEMA, changeReasons, stageKey, type KeyMaterial } from '../../pipeline/runner/key.ts';
import { sha256Hex } from '../../pipeline/prereg/lock.ts';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'runner-keys-'));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const material = (over: Partial<KeyMaterial> = {}): KeyMaterial => ({
  schema: KEY_SCHEMA,
  stage: 'analyze',
  inputs: { 'output of score: scored': 'a'.repeat(64), 'data file messages.csv': 'b'.repeat(64) },
  code: { 'pipeline/analyze/index.ts': 'c'.repeat(64), 'pipeline/stats/ols.ts': 'd'.repeat(64) },
  preregistration: { hypotheses: 'e'.repeat(64), alpha: 'f'.repeat(64) },
  params: { seed: 5 },
  versions: { 'Node version': 'v20.0.0' },
  ...over,
});

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: [2, { d: 1, c: null }], a: 'x', u: undefined })).toBe('{"a":"x","b":[2,{"c":null,"d":1}]}');
    expect(canonicalJson({ z: 1, a: { y: 2, b: 3 } })).toBe(canonicalJson({ a: { b: 3, y: 2 }, z: 1 }));
  });
});

describe('the content digest of an output', () => {
  it('is the same for the same values however V8 holds the numbers', () => {
    // 3 read from "3.0" and 3 computed as 6 / 2 are the same value; so are 0.1 + 0.2 printed and parsed.
    const computed = { n: 6 / 2, x: 0.1 + 0.2, rows: [{ a: 1.5 }, { a: 2 }] };
    const parsed = JSON.parse('{"n":3.0,"x":0.30000000000000004,"rows":[{"a":1.5},{"a":2.0}]}');
    expect(outputDigest(computed)).toBe(outputDigest(parsed));
  });

  it('changes with any value, with member order, and hashes bytes as bytes', () => {
    expect(outputDigest({ a: 1, b: 2 })).not.toBe(outputDigest({ a: 1, b: 3 }));
    expect(outputDigest({ a: 1, b: 2 })).not.toBe(outputDigest({ b: 2, a: 1 }));
    expect(outputDigest({ png: new Uint8Array([1, 2, 3]) })).not.toBe(outputDigest({ png: new Uint8Array([1, 2, 4]) }));
    // A long table is hashed in chunks: the row at the chunk seam still counts.
    const rows = Array.from({ length: 45_000 }, (_, i) => ({ i }));
    const edited = rows.map((r) => ({ ...r }));
    edited[20_000].i = -1;
    expect(outputDigest(rows)).not.toBe(outputDigest(edited));
  });
});

describe('a stage key', () => {
  it('is the SHA-256 of the canonical JSON of its material, whatever the key order', () => {
    const m = material();
    expect(stageKey(m)).toBe(sha256Hex(canonicalJson(m)));
    const reordered = { ...m, inputs: Object.fromEntries(Object.entries(m.inputs).reverse()) };
    expect(stageKey(reordered)).toBe(stageKey(m));
    // FIPS 180-2 appendix B.1, to pin the hash behind it.
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('explains a change in the words of the study', () => {
    const before = material();
    expect(changeReasons(before, before)).toEqual([]);
    expect(changeReasons(before, material({ inputs: { ...before.inputs, 'data file messages.csv': '0'.repeat(64) } }))).toEqual(['data file messages.csv changed']);
    expect(changeReasons(before, material({ code: { ...before.code, 'pipeline/analyze/index.ts': '0'.repeat(64) } }))).toEqual(['code of pipeline/analyze changed']);
    expect(changeReasons(before, material({ code: { ...before.code, 'pipeline/analyze/new.ts': '0'.repeat(64) } }))).toEqual(['code of pipeline/analyze changed']);
    expect(changeReasons(before, material({ preregistration: { ...before.preregistration, hypotheses: '0'.repeat(64) } }))).toEqual(['preregistration hypotheses changed']);
    expect(changeReasons(before, material({ params: { seed: 6 } }))).toEqual(['parameter seed changed (5 → 6)']);
    expect(changeReasons(before, material({ versions: { 'Node version': 'v22.0.0' } }))).toEqual(['Node version changed']);
    const { 'data file messages.csv': _gone, ...rest } = before.inputs;
    expect(changeReasons(before, material({ inputs: rest }))).toEqual(['data file messages.csv is gone']);
  });
});

describe("what counts as a stage's code", () => {
  const root = () => join(work, 'project');
  const write = (rel: string, text: string) => {
    mkdirSync(join(root(), rel, '..'), { recursive: true });
    writeFileSync(join(root(), rel), text);
  };

  it('follows relative imports and new URL files, not type-only imports or packages', async () => {
    write('src/entry.ts', `import { helper } from './helper.ts';\nimport type { Shape } from './types.ts';\nimport { parse } from 'yaml';\nexport const run = (s: Shape) => helper(parse(s.text));\n`);
    write('src/helper.ts', `import { readFileSync } from 'node:fs';\nconst TABLE = new URL('./table.yaml', import.meta.url);\nexport function helper(x: unknown) { return [x, readFileSync(TABLE, 'utf8')]; }\n`);
    write('src/types.ts', 'export interface Shape { text: string }\n');
    write('src/table.yaml', 'a: 1\n');
    write('src/unused.ts', 'export const nobody = 1;\n');
    const code = await stageCode(['src/entry.ts'], null, root());
    expect(Object.keys(code)).toEqual(['src/entry.ts', 'src/helper.ts', 'src/table.yaml']);
    expect(code['src/table.yaml'].sha256).toBe(sha256Hex('a: 1\n'));
  });

  it('ignores comments and layout but not a change to what runs', async () => {
    write('src/calc.ts', 'export function mean(xs: number[]): number {\n  return xs.reduce((a, b) => a + b, 0) / xs.length;\n}\n');
    const before = (await stageCode(['src/calc.ts'], null, root()))['src/calc.ts'];
    write('src/calc.ts', '/** The arithmetic mean. */\nexport function mean(xs: number[]): number {\n    // sum, then divide\n    return xs.reduce((a, b) => a + b, 0)\n      / xs.length;\n}\n');
    const reworded = (await stageCode(['src/calc.ts'], null, root()))['src/calc.ts'];
    expect(reworded.sha256).toBe(before.sha256);
    expect(reworded.raw_sha256).not.toBe(before.raw_sha256);
    write('src/calc.ts', 'export function mean(xs: number[]): number {\n  return xs.reduce((a, b) => a + b, 0) / (xs.length - 1);\n}\n');
    const changed = (await stageCode(['src/calc.ts'], null, root()))['src/calc.ts'];
    expect(changed.sha256).not.toBe(before.sha256);
  });

  it('notices a code file edited after it was hashed', async () => {
    write('src/late.ts', 'export const x = 1;\n');
    const code = await stageCode(['src/late.ts'], null, root());
    expect(codeChangedSince(code, root())).toEqual([]);
    write('src/late.ts', 'export const x = 2;\n');
    expect(codeChangedSince(code, root())).toEqual(['src/late.ts']);
  });
});

describe('the cache', () => {
  it('gives back what was stored, and refuses an entry whose output or record was altered', () => {
    const cache = new StageCache(join(work, 'cache'));
    const m = material();
    const key = stageKey(m);
    const value = { rows: [{ id: 'p1', score: 3.5 }], png: new Uint8Array([137, 80, 78, 71]) };
    cache.store('analyze', key, m, { results: encodeOutput(value) });
    const hit = cache.lookup('analyze', key);
    expect(hit.kind).toBe('hit');
    if (hit.kind !== 'hit') return;
    expect(hit.read('results')).toEqual(value);
    expect(hit.outputs.results.file_sha256).toBe(sha256Hex(serialize(value)));

    const file = join(work, 'cache', 'analyze', key, 'results.v8');
    const bytes = readFileSync(file);
    bytes[bytes.length - 2] ^= 0xff;
    writeFileSync(file, bytes);
    expect(cache.lookup('analyze', key)).toEqual({ kind: 'corrupt', why: 'results.v8 does not match its checksum' });

    cache.store('analyze', key, m, { results: encodeOutput(value) });
    const entryFile = join(work, 'cache', 'analyze', key, 'entry.json');
    writeFileSync(entryFile, readFileSync(entryFile, 'utf8').replace('"seed": 5', '"seed": 6'));
    expect(cache.lookup('analyze', key)).toEqual({ kind: 'corrupt', why: 'entry.json key material does not hash to its key' });
    cache.store('analyze', key, m, { results: encodeOutput(value) });
    const record = JSON.parse(readFileSync(entryFile, 'utf8'));
    record.outputs.results.digest = '0'.repeat(64);
    writeFileSync(entryFile, JSON.stringify(record));
    expect(cache.lookup('analyze', key)).toEqual({ kind: 'corrupt', why: 'entry.json output records do not match their checksum' });
    cache.store('analyze', key, m, { results: encodeOutput(value) });
    writeFileSync(file, readFileSync(file).subarray(0, 3));
    expect(cache.lookup('analyze', key)).toEqual({ kind: 'corrupt', why: `results.v8 has 3 bytes, not ${encodeOutput(value).record.bytes}` });
    writeFileSync(entryFile, '{"schema": "lend-an-ear-cache-entry/2", "key"');
    expect(cache.lookup('analyze', key).kind).toBe('corrupt');
    expect(cache.lookup('analyze', '0'.repeat(64))).toEqual({ kind: 'miss' });
  });
});
