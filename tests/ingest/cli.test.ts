/**
 * The ingest command as a user runs it (`npx tsx pipeline/cli.ts ingest …`): exit status 2 and
 * nothing written on bad input; on success the normalised tables, summary.json and, with the
 * preregistration, consort.json with the hand-counted flow of exclusions.test.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { writeStudyTables } from '../../pipeline/ingest/write.ts';
import { FIXTURES, VALID_CSV, cleanup, overlay, tempDir } from './helpers.ts';
import { EXPECTED_CONSORT, exclusionStudy } from './exclusion-study.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function ingest(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'pipeline/cli.ts', 'ingest', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(cleanup);

describe('npm run pipeline -- ingest', () => {
  it('refuses a bad export with exit 2, every problem on stderr, and writes nothing', () => {
    const data = overlay(VALID_CSV, join(FIXTURES, 'invalid', 'round-twice'));
    writeFileSync(join(data, 'ratings.csv'), 'conversation_id,rater,dimension,score\nc1,judge,empathy,4\nc9,judge,self_oriented,9\n');
    const parent = tempDir();
    const out = join(parent, 'out');
    const r = ingest('--data', data, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')).toEqual([
      'conversations.csv:4: round: participant already has a round-1 conversation (line 2) ("1")',
      'ratings.csv:2: dimension: must be one of validating_emotions, encouraging_elaboration, demonstrating_understanding, advice_giving, self_oriented, dismissing_emotions ("empathy")',
      'ratings.csv:3: conversation_id: no such conversation_id in conversations ("c9")',
      'ratings.csv:3: score: must be a number from 1 to 5 ("9")',
      'error: input refused (4 problems); nothing was written',
      '',
    ]);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(parent)).toEqual([]); // no staging folder left behind either
  });

  it('leaves an existing --out folder untouched on bad input', () => {
    const data = overlay(VALID_CSV, join(FIXTURES, 'invalid', 'invalid-utf8'));
    const out = tempDir();
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const r = ingest('--data', data, '--out', out);
    expect(r.status).toBe(2);
    expect(readdirSync(out)).toEqual(['keep.txt']);
    expect(readdirSync(dirname(out)).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('writes the tables, summary.json and consort.json, byte-identical on a re-run', async () => {
    const data = tempDir();
    // 33 conversations (13 participants × 3, less p03's 3, p04's 1 and p12's 2); 32 rated (not p06's
    // round 2); messages: 1 opening + 2 per supporter message in each = 327 (see exclusion-study.ts)
    await writeStudyTables(exclusionStudy(), data);
    const out1 = join(tempDir(), 'out');
    const out2 = join(tempDir(), 'out');
    for (const out of [out1, out2]) {
      const r = ingest('--data', data, '--out', out, '--prereg', 'preregistration/preregistration.yaml');
      // 2 warnings: p02 and p12 failed the attention check but have an arm (E1 after allocation).
      expect(r.stderr).toBe('ingest: participants 13, conversations 33, messages 327, ratings 32, self_reports 13, perception 13; 2 warning(s)\n');
      expect(r.status).toBe(0);
    }
    const files = readdirSync(out1).sort();
    expect(files).toEqual(['.lend-an-ear-output.json', 'consort.json', 'conversations.jsonl', 'messages.jsonl', 'participants.jsonl', 'perception.jsonl', 'ratings.jsonl', 'self_reports.jsonl', 'study.json', 'summary.json']);
    for (const f of files) expect(readFileSync(join(out2, f))).toEqual(readFileSync(join(out1, f)));
    expect(JSON.parse(readFileSync(join(out1, 'consort.json'), 'utf8'))).toEqual(EXPECTED_CONSORT);
    const summary = JSON.parse(readFileSync(join(out1, 'summary.json'), 'utf8'));
    expect(summary.rows).toEqual({ participants: 13, conversations: 33, messages: 327, ratings: 32, self_reports: 13, perception: 13 });
    expect(summary.format).toBe('contract');
    expect(summary.warnings.map((w: { code: string }) => w.code)).toEqual(['excluded_after_randomisation', 'excluded_after_randomisation']);
  });

  it('documents itself with --help and refuses missing options with exit 2', () => {
    const help = ingest('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run pipeline -- ingest --data DIR --out DIR \[--prereg FILE\]/);
    expect(help.stdout).toContain('summary.json');
    const missing = ingest('--out', join(tempDir(), 'x'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^error: --data is required/);
  });

  it('refuses a folder that does not exist', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'empty'));
    const r = ingest('--data', join(dir, 'nope'), '--out', join(dir, 'out'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('the export folder does not exist');
  });
});
