/**
 * The YAML files parsed ahead (pipeline/yaml-ahead.ts) give exactly what the yaml package parses
 * them to, with the options each reader uses; other text is not answered from it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { LineCounter, parse, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { AHEAD_FILES, parseCleanly, parsedAhead, readAheadFile } from '../../pipeline/yaml-ahead.ts';
import { parsePreregistration } from '../../pipeline/prereg/load.ts';
import { BadInputError } from '../../pipeline/errors.ts';

describe('YAML parsed ahead', () => {
  it.each(AHEAD_FILES)('%s: the committed file is parsed ahead, to what yaml parses it to', (file) => {
    const text = readFileSync(file, 'utf8');
    const ahead = parsedAhead(readFileSync(file));
    expect(ahead).toBeDefined();
    // As load.ts reads the preregistration, and as tagger.ts reads the taxonomy.
    const strict = parseDocument(text, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: true }).toJS({ maxAliasCount: 0 });
    expect(isDeepStrictEqual(ahead?.data, strict)).toBe(true);
    expect(isDeepStrictEqual(ahead?.data, parse(text))).toBe(true);
  });

  it('hands each caller its own copy', () => {
    const bytes = readFileSync(AHEAD_FILES[0]);
    const first = parsedAhead(bytes)?.data as { title: string };
    first.title = 'changed by a caller';
    expect((parsedAhead(bytes)?.data as { title: string }).title).not.toBe('changed by a caller');
  });

  it('answers nothing for any other text, even one byte off', () => {
    const text = readFileSync(AHEAD_FILES[0], 'utf8');
    expect(parsedAhead(`${text}\n`)).toBeUndefined();
    expect(parsedAhead('a: 1')).toBeUndefined();
  });

  it('takes only what parses cleanly', () => {
    expect(parseCleanly('a: [1, 2]\nb: x')).toEqual({ a: [1, 2], b: 'x' });
    expect(parseCleanly('a: 1\na: 2')).toBeNull(); // a duplicate key
    expect(parseCleanly('a: &x 1\nb: *x')).toBeNull(); // an alias
    expect(parseCleanly('a: .nan')).toBeNull(); // JSON cannot carry it
    expect(parseCleanly('a: -0.0')).toBeNull();
    expect(parseCleanly('a: [1')).toBeNull(); // an error
  });

  it('a preregistration not parsed ahead still has its problems located by line and column', () => {
    const text = readFileSync(AHEAD_FILES[0], 'utf8').replace(/^alpha: .*$/m, 'alpha: 2');
    expect(parsedAhead(text)).toBeUndefined();
    try {
      parsePreregistration(text, 'edited.yaml');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(BadInputError);
      const problem = (err as BadInputError).problems[0];
      expect(problem.file).toBe('edited.yaml');
      expect(text.split('\n')[(problem.line as number) - 1]).toBe('alpha: 2');
    }
  });

  it('a missing or damaged yaml-ahead.json only means parsing everything', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yaml-ahead-'));
    try {
      expect(readAheadFile(join(dir, 'none.json')).size).toBe(0);
      writeFileSync(join(dir, 'broken.json'), '[{"file": "x", "sha256": "ab');
      expect(readAheadFile(join(dir, 'broken.json')).size).toBe(0);
      expect(readAheadFile('pipeline/yaml-ahead.json').size).toBe(AHEAD_FILES.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
