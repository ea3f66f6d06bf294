/**
 * Issue 14 §2, case by case: only regular files are read as tables (a FIFO, a device, a folder, a
 * socket or a loop of links in a table's place is a located problem, never a hang or a crash);
 * records and cells are bounded (a table linked to /dev/zero, a file without line breaks); a
 * required table without rows is refused in CSV and JSONL alike; an export without study.json is
 * of unknown provenance; control characters from the input never reach a terminal raw; the export
 * is the files it consists of, so a stray file elsewhere in the folder changes nothing; integer
 * options beyond 2^53 are refused.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BadInputError, UsageError, Warnings, formatProblem } from '../../pipeline/errors.ts';
import { command as diagnose } from '../../pipeline/diagnose/command.ts';
import { ingest } from '../../pipeline/ingest/command.ts';
import { exportFiles } from '../../pipeline/ingest/export-files.ts';
import { readStudyExport } from '../../pipeline/ingest/index.ts';
import { MAX_CELL_LENGTH, MAX_RECORD_LENGTH } from '../../pipeline/ingest/limits.ts';
import { exportSha256 } from '../../pipeline/runner/manifest.ts';
import { command as run } from '../../pipeline/runner/command.ts';
import { command as simulate } from '../../pipeline/simulate/command.ts';
import { PILOT_DIR, VALID_CSV, VALID_JSONL, cleanup, refusal, tempDir } from './helpers.ts';

afterAll(cleanup);

/** A copy of `base` to spoil. */
function copyOf(base: string): string {
  const dir = join(tempDir(), 'export');
  cpSync(base, dir, { recursive: true });
  return dir;
}

/** The problem lines of refusing `dir`, failing (not hanging) if reading takes over 20 s. */
async function problemsOf(dir: string): Promise<string[]> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('ingest hung')), 20_000));
  return (await Promise.race([refusal(dir), timeout])).lines;
}

function mkfifo(path: string): void {
  const made = spawnSync('mkfifo', [path]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
}

describe('only regular files are read as tables', () => {
  it('a FIFO in a table\'s place is a located problem, not a hang', async () => {
    const dir = copyOf(VALID_CSV);
    rmSync(join(dir, 'messages.csv'));
    mkfifo(join(dir, 'messages.csv'));
    expect(await problemsOf(dir)).toContain('messages.csv: a named pipe (FIFO), not a regular file');
  });
  it('a table linked to /dev/zero is refused at once, not read without end', async () => {
    const dir = copyOf(VALID_JSONL);
    rmSync(join(dir, 'ratings.jsonl'));
    symlinkSync('/dev/zero', join(dir, 'ratings.jsonl'));
    expect(await problemsOf(dir)).toContain('ratings.jsonl: a character device, not a regular file');
  });
  it('a folder, a socket, a loop of symbolic links or a broken link in a table\'s place: each located', async () => {
    const dir = copyOf(VALID_CSV);
    for (const t of ['ratings', 'perception', 'conversations', 'self_reports']) rmSync(join(dir, `${t}.csv`));
    mkdirSync(join(dir, 'ratings.csv'));
    const socket = createServer();
    await new Promise<void>((resolve) => socket.listen(join(dir, 'perception.csv'), resolve));
    symlinkSync(join(dir, 'conversations.csv'), join(dir, 'conversations.csv'));
    symlinkSync(join(dir, 'nowhere.csv'), join(dir, 'self_reports.csv'));
    try {
      const lines = await problemsOf(dir);
      expect(lines).toContain('ratings.csv: a folder, not a regular file');
      expect(lines).toContain('perception.csv: a socket, not a regular file');
      expect(lines).toContain('conversations.csv: cannot open the file: too many levels of symbolic links (a symlink loop?) (ELOOP)');
      expect(lines).toContain('self_reports.csv: cannot open the file: no such file or folder (ENOENT)');
    } finally {
      socket.close();
    }
  });
  it('a FIFO as study.json, or in the pilot\'s annotations/, does not block either', async () => {
    const dir = copyOf(VALID_CSV);
    rmSync(join(dir, 'study.json'));
    mkfifo(join(dir, 'study.json'));
    expect(await problemsOf(dir)).toEqual(['study.json: a named pipe (FIFO), not a regular file']);
    const pilot = copyOf(PILOT_DIR);
    mkfifo(join(pilot, 'annotations', 'fifo_ratings.csv'));
    mkfifo(join(pilot, 'annotations', 'notes'));
    expect(await problemsOf(pilot)).toEqual(['annotations/fifo_ratings.csv: a named pipe (FIFO), not a regular file']);
  });
});

describe('records and cells are bounded', () => {
  it('a CSV with no line break past the record limit stops there, located', async () => {
    const dir = copyOf(VALID_CSV);
    writeFileSync(join(dir, 'messages.csv'), `conversation_id,turn,role,text\n${'\u0000'.repeat(MAX_RECORD_LENGTH + 2 * 1024 * 1024)}`);
    expect(await problemsOf(dir)).toContain(`messages.csv:2: a record longer than ${MAX_RECORD_LENGTH} characters (the limit; a file with no line breaks?): reading of this file stopped`);
  });
  it('a JSONL line past the limit likewise', async () => {
    const dir = copyOf(VALID_JSONL);
    const first = readFileSync(join(dir, 'ratings.jsonl'), 'utf8').split('\n')[0];
    writeFileSync(join(dir, 'ratings.jsonl'), `${first}\n${'x'.repeat(MAX_RECORD_LENGTH + 1)}\n`);
    expect(await problemsOf(dir)).toContain(`ratings.jsonl:2: a record longer than ${MAX_RECORD_LENGTH} characters (the limit; a file with no line breaks?): reading of this file stopped`);
  });
  it('a cell past the cell limit is named by line and column, in CSV and JSONL', async () => {
    const long = 'a'.repeat(MAX_CELL_LENGTH + 1);
    const csv = copyOf(VALID_CSV);
    const lines = readFileSync(join(csv, 'messages.csv'), 'utf8').split('\n');
    lines[1] = `1,c1,seeker,"${long}"`;
    writeFileSync(join(csv, 'messages.csv'), lines.join('\n'));
    expect(await problemsOf(csv)).toContain(`messages.csv:2: text: a cell of ${MAX_CELL_LENGTH + 1} characters, longer than the limit of ${MAX_CELL_LENGTH}`);
    const jsonl = copyOf(VALID_JSONL);
    const rows = readFileSync(join(jsonl, 'messages.jsonl'), 'utf8').split('\n');
    rows[0] = JSON.stringify({ ...JSON.parse(rows[0]), text: long });
    writeFileSync(join(jsonl, 'messages.jsonl'), rows.join('\n'));
    expect(await problemsOf(jsonl)).toContain(`messages.jsonl:1: text: a cell of ${MAX_CELL_LENGTH + 1} characters, longer than the limit of ${MAX_CELL_LENGTH}`);
  });
  it('a study.json of more than 1 MiB is refused', async () => {
    const dir = copyOf(VALID_CSV);
    writeFileSync(join(dir, 'study.json'), JSON.stringify({ name: 'x', description: 'd'.repeat(1 << 20) }));
    expect((await problemsOf(dir))[0]).toMatch(/^study\.json: the file has \d+ bytes, more than the limit of 1048576$/);
  });
});

describe('a required table without rows', () => {
  it('is refused with a header only (CSV), or empty (JSONL), alike', async () => {
    const csv = copyOf(VALID_CSV);
    writeFileSync(join(csv, 'ratings.csv'), 'conversation_id,rater,dimension,score\n');
    expect(await problemsOf(csv)).toEqual(['ratings.csv: the table has no rows, and it is required']);
    const jsonl = copyOf(VALID_JSONL);
    writeFileSync(join(jsonl, 'ratings.jsonl'), '');
    expect(await problemsOf(jsonl)).toEqual(['ratings.jsonl: the table has no rows, and it is required']);
    writeFileSync(join(jsonl, 'ratings.jsonl'), '\n  \n');
    expect(await problemsOf(jsonl)).toEqual(['ratings.jsonl: the table has no rows, and it is required']);
  });
  it('an export whose tables are all header-only names each required table', async () => {
    const dir = copyOf(VALID_CSV);
    for (const t of ['participants', 'conversations', 'messages', 'ratings', 'self_reports', 'perception']) {
      writeFileSync(join(dir, `${t}.csv`), readFileSync(join(VALID_CSV, `${t}.csv`), 'utf8').split('\n')[0] + '\n');
    }
    expect(await problemsOf(dir)).toEqual([
      'participants.csv: the table has no rows, and it is required',
      'conversations.csv: the table has no rows, and it is required',
      'messages.csv: the table has no rows, and it is required',
      'ratings.csv: the table has no rows, and it is required',
    ]);
  });
  it('an optional table with a header only is an empty table', async () => {
    const dir = copyOf(VALID_CSV);
    writeFileSync(join(dir, 'perception.csv'), 'participant_id,item_id,chose_aligned\n');
    expect((await readStudyExport(dir, new Warnings())).perception).toEqual([]);
  });
});

describe('an export without study.json', () => {
  it('is of unknown provenance, never taken as real; ingest says so and writes no study.json', async () => {
    const dir = copyOf(VALID_CSV);
    rmSync(join(dir, 'study.json'));
    expect((await readStudyExport(dir, new Warnings())).meta).toMatchObject({ synthetic: false, provenance: 'unknown' });
    expect((await readStudyExport(VALID_CSV, new Warnings())).meta.provenance).toBeUndefined();
    const out = join(tempDir(), 'out');
    const summary = await ingest(dir, out, null);
    expect(summary.study.provenance).toBe('unknown');
    expect(existsSync(join(out, 'study.json'))).toBe(false);
    expect((await readStudyExport(out, new Warnings())).meta.provenance).toBe('unknown');
  });
});

describe('control characters from the input', () => {
  it('are escaped in every problem printed (an ANSI escape and a NUL in a bad JSONL line)', async () => {
    const dir = copyOf(VALID_JSONL);
    writeFileSync(join(dir, 'ratings.jsonl'), readFileSync(join(dir, 'ratings.jsonl'), 'utf8') + '\u001b[2J\u001b[31mgotcha\u0000\u009b\n');
    const lines = await problemsOf(dir);
    expect(lines.join('\n')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(lines.some((l) => l.includes('\\u001b[2J'))).toBe(true);
  });
  it('in a column name are escaped in the warning', async () => {
    const dir = copyOf(VALID_CSV);
    const text = readFileSync(join(dir, 'perception.csv'), 'utf8').split('\n');
    text[0] += ',"\u001b]0;title\u0007"';
    writeFileSync(join(dir, 'perception.csv'), text.map((l, i) => (i > 0 && l !== '' ? `${l},x` : l)).join('\n'));
    const warnings = new Warnings();
    await readStudyExport(dir, warnings);
    const { terminalSafe } = await import('../../pipeline/terminal.ts');
    const printed = warnings.items.map((w) => terminalSafe(w.message)).join('\n');
    expect(printed).toContain('unknown column "\\u001b]0;title\\u0007" ignored');
  });
});

describe('the export is the files it consists of', () => {
  it('a stray file deep in the data folder, or a loop of links there, changes no hash and is never read', () => {
    const dir = copyOf(VALID_CSV);
    const files = exportFiles(dir);
    const sha = exportSha256(dir);
    expect(files).toEqual(['conversations.csv', 'messages.csv', 'participants.csv', 'perception.csv', 'ratings.csv', 'self_reports.csv', 'study.json']);
    mkdirSync(join(dir, 'notes', 'deep', 'er'), { recursive: true });
    writeFileSync(join(dir, 'notes', 'deep', 'er', 'stray.txt'), 'x');
    writeFileSync(join(dir, 'README.md'), 'my notes');
    symlinkSync(join(dir, 'loop'), join(dir, 'loop'));
    symlinkSync(dir, join(dir, 'notes', 'up'));
    expect(exportFiles(dir)).toEqual(files);
    expect(exportSha256(dir)).toBe(sha);
    writeFileSync(join(dir, 'ratings.csv'), readFileSync(join(dir, 'ratings.csv'), 'utf8') + '\n');
    expect(exportSha256(dir)).not.toBe(sha);
  });
  it('the pilot is its conversations, annotations/ and study.json', () => {
    expect(exportFiles(PILOT_DIR)).toEqual([
      'annotations/claude_ratings.csv', 'annotations/crowd_ratings.csv', 'annotations/expert1_ratings.csv', 'annotations/expert2_ratings.csv',
      'annotations/expert3_ratings.csv', 'annotations/gemini_ratings.csv', 'annotations/gpt_ratings.csv', 'annotations/sample_ratings_crowdsourced.csv',
      'conversations.csv', 'crowd_annotations_raw.csv',
    ]);
  });
});

describe('integer options beyond 2^53', () => {
  it('are refused by every command that takes one, before anything is written', async () => {
    const out = join(tempDir(), 'out');
    const big = '99999999999999999999';
    await expect(run.run(['--data', VALID_CSV, '--out', out, '--seed', big])).rejects.toThrow(/^--seed must be an integer from -9007199254740991 to 9007199254740991 \("99999999999999999999"\)$/);
    await expect(simulate.run(['--out', out, '--seed', big])).rejects.toBeInstanceOf(UsageError);
    for (const option of ['--seed', '--participants', '--workers', '--curve-sims']) {
      await expect(diagnose.run(['--sims', '10', '--out', out, option, big])).rejects.toBeInstanceOf(UsageError);
    }
    await expect(diagnose.run(['--sims', big, '--out', out])).rejects.toBeInstanceOf(UsageError);
    expect(existsSync(out)).toBe(false);
  });
});

it('every refusal above is a BadInputError naming the file (the command line prints it, exit 2)', async () => {
  const dir = copyOf(VALID_JSONL);
  writeFileSync(join(dir, 'ratings.jsonl'), '');
  const { error } = await refusal(dir);
  expect(error).toBeInstanceOf(BadInputError);
  expect(error.problems.map(formatProblem)).toEqual(['ratings.jsonl: the table has no rows, and it is required']);
});
