import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../pipeline/errors.ts';
import { runReliability } from '../../pipeline/reliability/command.ts';
import { PILOT_DIR } from './pilot.ts';

const PREREG = 'preregistration/preregistration.yaml';

describe('the reliability command on the pilot', () => {
  it('writes the three files, byte-identical on a second run, with no message text', async () => {
    const a = mkdtempSync(join(tmpdir(), 'rel-a-'));
    const b = mkdtempSync(join(tmpdir(), 'rel-b-'));
    expect(await runReliability(PILOT_DIR, a, PREREG)).toEqual(['reliability.json', 'tagger_validity.json', 'tagged_messages.csv']);
    await runReliability(PILOT_DIR, b, PREREG);
    for (const f of readdirSync(a)) expect(readFileSync(join(a, f))).toEqual(readFileSync(join(b, f)));
    expect(readdirSync(a).sort()).toEqual(['.lend-an-ear-output.json', 'reliability.json', 'tagged_messages.csv', 'tagger_validity.json']);

    const csv = readFileSync(join(a, 'tagged_messages.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('conversation_id,turn,subcomponent,category');
    // A phrase of the first supporter message of the pilot must not leak into the outputs.
    for (const f of readdirSync(a)) expect(readFileSync(join(a, f), 'utf8')).not.toContain('sorry to hear');

    const doc = JSON.parse(readFileSync(join(a, 'reliability.json'), 'utf8'));
    expect(doc.kappa[0]).toMatchObject({ pair: ['experts', 'gemini'], dimension: 'validating_emotions', n: 50 });
    expect(Object.keys(doc.alpha)).toHaveLength(6);
    const validity = JSON.parse(readFileSync(join(a, 'tagger_validity.json'), 'utf8'));
    expect(validity.rows.map((r: { subcomponent: string }) => r.subcomponent)).toEqual([
      'validating_emotions', 'demonstrating_understanding', 'encouraging_elaboration', 'advice_giving', 'dismissing_emotions', 'self_oriented',
    ]);
    expect(validity.supporter_messages).toBe(csv.trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 2).join()).filter((v, i, all) => all.indexOf(v) === i).length);
  }, 120_000);
});

describe('the reliability command refuses bad input', () => {
  it('a missing preregistration is bad input and nothing is written', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rel-bad-')), 'out');
    await expect(runReliability(PILOT_DIR, out, 'no/such/prereg.yaml')).rejects.toBeInstanceOf(BadInputError);
    expect(existsSync(out)).toBe(false);
  });
  it('a missing export folder is bad input and nothing is written', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rel-bad-')), 'out');
    await expect(runReliability('no/such/export', out, PREREG)).rejects.toBeInstanceOf(BadInputError);
    expect(existsSync(out)).toBe(false);
  });
});

describe('the reliability command line', () => {
  const TSX = join('node_modules', '.bin', 'tsx');
  const cli = (...args: string[]) => spawnSync(TSX, ['pipeline/cli.ts', 'reliability', ...args], { encoding: 'utf8' });

  it('computes a framework with a rater and a pair added on the command line, and writes the three files', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rel-cli-')), 'out');
    const made = 'tests/fixtures/reliability/made-up';
    const done = cli('--framework', join(made, 'replication.yaml'), '--rater', `judge-y=${join(made, 'judge_runs.csv')}`, '--pair', 'coders,judge-y', '--out', out);
    expect(done.status, done.stderr).toBe(0);
    // The three files and the output folder's marker (pipeline/output/), which lists them.
    expect(readdirSync(out).sort()).toEqual(['.lend-an-ear-output.json', 'reliability.csv', 'reliability.json', 'reliability.md']);
    const doc = JSON.parse(readFileSync(join(out, 'reliability.json'), 'utf8'));
    expect(doc.schema).toBe('lend-an-ear-reliability-frameworks/1');
    expect(doc.frameworks[0].rows.map((r: { pair: string[] }) => r.pair.join('–'))).toContain('coders–judge-y');
    expect(readFileSync(join(out, 'reliability.md'), 'utf8')).toContain('**SYNTHETIC ratings**');
  }, 60_000);

  it('--framework with --out on a folder the pipeline did not write: exit 2, one line, the folder untouched', () => {
    const out = mkdtempSync(join(tmpdir(), 'rel-cli-'));
    writeFileSync(join(out, 'thesis.tex'), 'mine');
    const done = cli('--framework', join('tests/fixtures/reliability/made-up', 'replication.yaml'), '--out', out);
    expect(done.status).toBe(2);
    expect(done.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(out)).toEqual(['thesis.tex']);
    expect(readFileSync(join(out, 'thesis.tex'), 'utf8')).toBe('mine');
  });

  it('refuses a bad rater file with a located problem, exit 2, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rel-cli-bad-'));
    cpSync('tests/fixtures/reliability/made-up', dir, { recursive: true });
    writeFileSync(join(dir, 'coderA.csv'), readFileSync(join(dir, 'coderA.csv'), 'utf8').replace(/^r-03,\d+,/m, 'r-03,12,'));
    const out = join(dir, 'out');
    const refused = cli('--framework', join(dir, 'replication.yaml'), '--out', out);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`${join(dir, 'coderA.csv')}:4: warmth: must be a number from 0 to 10 ("12")`);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('says a missing --data folder is bad arguments (exit 2), as run does, and points its help to docs/', () => {
    const missing = cli('--data', '/nonexistent', '--out', join(tmpdir(), 'never'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^error: --data \/nonexistent is not a folder; see 'npm run pipeline -- reliability --help'\n$/);
    expect(missing.stderr).not.toMatch(/^internal error/m);
    const help = cli('--help');
    expect(help.stdout).toContain('docs/RELIABILITY.md');
    expect(help.stdout).not.toMatch(/(^|[^/])(CONTRACT|RELIABILITY|ARCHITECTURE)\.md/);
  }, 60_000);
});
