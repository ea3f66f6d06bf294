/**
 * One fixture per kind of rule violation (tests/fixtures/ingest/invalid/NAME, made by make.py
 * there): each overlays the valid export and must be refused with exactly the problem lines in its
 * expected.txt, written by hand from docs/CONTRACT.md's rules.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, VALID_CSV, cleanup, overlay, refusal } from './helpers.ts';

const INVALID = join(FIXTURES, 'invalid');
const cases = readdirSync(INVALID).filter((n) => statSync(join(INVALID, n)).isDirectory());

afterAll(cleanup);

describe('a bad export is refused with every problem located', () => {
  it('has a fixture for each kind of violation', () => {
    expect(cases.length).toBeGreaterThanOrEqual(35);
  });
  for (const name of cases) {
    it(name, async () => {
      const expected = readFileSync(join(INVALID, name, 'expected.txt'), 'utf8').trimEnd().split('\n');
      const { lines, error } = await refusal(overlay(VALID_CSV, join(INVALID, name)));
      expect(lines).toEqual(expected);
      expect(error.total).toBe(expected.length);
    });
  }

  it('keeps the first 200 problems in full and counts them all', async () => {
    const dir = overlay(VALID_CSV, join(INVALID, 'turn-zero'));
    const { writeFileSync } = await import('node:fs');
    const rows = Array.from({ length: 300 }, (_, i) => `c1,${i + 10},coach,hello`);
    writeFileSync(join(dir, 'messages.csv'), ['conversation_id,turn,role,text', ...rows].join('\n'));
    const { lines, error } = await refusal(dir);
    expect(error.total).toBe(300);
    expect(lines).toHaveLength(200);
    expect(lines[199]).toBe('messages.csv:201: role: must be seeker or supporter ("coach")');
  });

  it('reports invalid JSON with the parser’s reason, on its line', async () => {
    const dir = overlay(VALID_CSV, join(INVALID, 'jsonl-not-object'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'messages.jsonl'), '{"conversation_id":"c1","turn":1,"role":"seeker","text":"hi"}\n{"conversation_id": "c1", "turn": 2,\n');
    const { lines } = await refusal(dir);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^messages\.jsonl:2: not valid JSON: \S/);
  });
});
