/**
 * The small pieces of pipeline/output/ and of the terminal's safety: temporary names, the marker's
 * paths and text, folder overlap (a prefix is not a parent), real paths through links, and the
 * escaping of control characters before text reaches a terminal.
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { intOption } from '../../pipeline/command.ts';
import { UsageError, formatProblem } from '../../pipeline/errors.ts';
import { isPlainRelativePath, markerText, type OutputMarker } from '../../pipeline/output/marker.ts';
import { parseTempName, tempPath } from '../../pipeline/output/names.ts';
import { overlapOf, realPathOf } from '../../pipeline/output/paths.ts';
import { terminalSafe } from '../../pipeline/terminal.ts';
import { cleanup, tempDir } from './helpers.ts';

afterAll(cleanup);

describe('temporary names beside --out', () => {
  it('are read back as written, for the folder they belong to only', () => {
    const writer = { host: '3f9a1c07', pid: 4242, nonce: '0badcafe' };
    const path = tempPath('/w/results', 'old', writer, 2);
    expect(path).toBe('/w/.results.lend-an-ear-old-3f9a1c07-4242-0badcafe-2');
    expect(parseTempName('.results.lend-an-ear-old-3f9a1c07-4242-0badcafe-2', '/w/results')).toEqual({ kind: 'old', writer, attempt: 2, path });
    expect(parseTempName('.results.lend-an-ear-old-3f9a1c07-4242-0badcafe-2', '/w/results2')).toBeNull();
    expect(parseTempName('.results.lend-an-ear-new-3f9a1c07-4242-0badcafe.bak', '/w/results')).toBeNull();
    expect(parseTempName('results.lend-an-ear-new-3f9a1c07-4242-0badcafe', '/w/results')).toBeNull();
  });
  it('stay within a file name\'s 255 bytes for a long folder name', () => {
    const out = `/w/${'é'.repeat(120)}`;
    const path = tempPath(out, 'new', { host: '3f9a1c07', pid: 4194304, nonce: '0badcafe' });
    expect(Buffer.byteLength(path.slice(3))).toBeLessThanOrEqual(255);
    expect(parseTempName(path.slice(3), out)?.kind).toBe('new');
  });
});

describe('the marker', () => {
  it('lists plain relative paths only', () => {
    for (const ok of ['results.json', 'figures/a.svg', '.hidden']) expect(isPlainRelativePath(ok), ok).toBe(true);
    for (const bad of ['', '/etc/passwd', '../thesis.tex', 'a/../b', 'a//b', './a', 'a\\b', '.lend-an-ear-output.json']) expect(isPlainRelativePath(bad), bad).toBe(false);
  });
  it('is JSON, one file a line', () => {
    const marker: OutputMarker = { schema: 'lend-an-ear-output/1', command: 'run', complete: true, files: [{ path: 'a.txt', bytes: 1, sha256: 'a'.repeat(64) }] };
    const text = markerText(marker);
    expect(JSON.parse(text)).toEqual(marker);
    expect(text.split('\n')).toHaveLength(9);
    expect(JSON.parse(markerText({ ...marker, files: [] }))).toEqual({ ...marker, files: [] });
  });
});

describe('folders apart', () => {
  it('compares whole path segments', () => {
    expect(overlapOf('/w/data', '/w/data')).toBe('is');
    expect(overlapOf('/w/data/out', '/w/data')).toBe('is inside');
    expect(overlapOf('/w', '/w/data')).toBe('contains');
    expect(overlapOf('/w/data', '/w/database')).toBeNull();
    expect(overlapOf('/w/database', '/w/data')).toBeNull();
  });
  it('resolves links in the part of a path that exists', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    expect(realPathOf(join(dir, 'link', 'not', 'yet'))).toBe(join(realPathOf(dir), 'real', 'not', 'yet'));
  });
});

describe('text on its way to a terminal', () => {
  it('has every control character escaped, and nothing else', () => {
    expect(terminalSafe('\u001b[31mred\u001b[0m\u0000 bell\u0007 csi\u009b tab\t nl\n rtl\u202e ok é 😀')).toBe('\\u001b[31mred\\u001b[0m\\u0000 bell\\u0007 csi\\u009b tab\\u0009 nl\\u000a rtl\\u202e ok é 😀');
  });
  it('applies to every problem printed, message and value alike', () => {
    const line = formatProblem({ file: 'ratings.jsonl', line: 2, column: null, message: 'not valid JSON: Unexpected token \u001b in JSON', value: '\u009b2J' });
    expect(line).toBe('ratings.jsonl:2: not valid JSON: Unexpected token \\u001b in JSON ("\\u009b2J")');
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});

describe('integer options', () => {
  it('refuse integers a double cannot hold exactly, instead of recording another number', () => {
    expect(intOption({ seed: '9007199254740991' }, 'seed', 1)).toBe(9007199254740991);
    expect(intOption({ seed: '-9007199254740991' }, 'seed', 1)).toBe(-9007199254740991);
    expect(() => intOption({ seed: '9007199254740992' }, 'seed', 1)).toThrow(UsageError);
    expect(() => intOption({ seed: '99999999999999999999' }, 'seed', 1)).toThrow('--seed must be an integer from -9007199254740991 to 9007199254740991 ("99999999999999999999")');
  });
});
