/**
 * The `run` command end to end, through the real command line: a small simulated export (seeded, so
 * the same every time) is analysed twice into the same --out and every output file is compared byte
 * for byte; an edit of the preregistration after its lock is reported on the LAST line printed and
 * in audit.json; bad input writes nothing.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../../pipeline/runner/manifest.ts';
import { sha256Hex } from '../../pipeline/prereg/lock.ts';

// node with tsx's loader, in this process's node: the tsx command starts a second node for every run.
const TSX = [process.execPath, '--import', 'tsx'];
let work: string;
let data: string;

function pipeline(...args: string[]) {
  const env = { ...process.env };
  delete env.SOURCE_DATE_EPOCH;
  const child = spawnSync(TSX[0], [...TSX.slice(1), 'pipeline/cli.ts', ...args], { encoding: 'utf8', env });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr, lastLine: child.stderr.trimEnd().split('\n').at(-1) ?? '' };
}

/** `run` with a cache of its own under the test's folder (never the project's .cache/). */
function run(...args: string[]) {
  return pipeline('run', ...args, '--cache', join(work, 'cache'));
}

function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, sha256Hex(readFileSync(join(dir, f)))]));
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'run-test-'));
  data = join(work, 'export');
  const sim = pipeline('simulate', '--out', data, '--seed', '11', '--scale', '0.1');
  expect(sim.status, sim.stderr).toBe(0);
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('run', () => {
  it('gives byte-identical outputs when run twice with the same inputs and seed', () => {
    const out = join(work, 'out');
    const first = run('--data', data, '--out', out, '--seed', '5');
    expect(first.status, first.stderr).toBe(0);
    const files = snapshot(out);
    for (const name of ['results.json', 'results.csv', 'consort.json', 'audit.json', 'audit.md', 'manifest.json', 'report.html']) expect(files.has(name)).toBe(true);
    const second = run('--data', data, '--out', out, '--seed', '5');
    expect(second.status, second.stderr).toBe(0);
    expect(snapshot(out)).toEqual(files);
    for (const stage of ['ingest', 'score', 'analyze', 'report']) expect(second.stderr).toMatch(new RegExp(`^run: ${stage}: up to date \\(key [0-9a-f]{12}\\)$`, 'm'));
    expect(second.stderr).toContain('(every stage up to date)');
    expect(listFiles(work).filter((f) => f.includes('.tmp-') || f.includes('.lend-an-ear-new-') || f.includes('.lend-an-ear-old-'))).toEqual([]);

    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.seed).toBe(5);
    expect(manifest.command_line).toEqual(['run', '--data', data, '--out', out, '--seed', '5', '--cache', join(work, 'cache')]);
    expect(manifest.source_date_epoch).toBeNull();
    // Provenance (pipeline/runner/provenance.ts): the software, the code that ran, the commit.
    expect(manifest.software).toEqual({ name: 'lend-an-ear-analysis', version: JSON.parse(readFileSync('package.json', 'utf8')).version });
    expect(manifest.code_sha256).toMatch(/^[0-9a-f]{64}$/);
    const head = spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' });
    if (head.status === 0) expect(manifest.git.commit).toBe(head.stdout.trim());
    else expect(manifest.git).toBeNull();
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain(`<code>npm run pipeline -- run --data ${data} --prereg preregistration/preregistration.yaml --seed 5</code>`);
    expect(html).toContain(manifest.code_sha256);
    const resultsEntry = manifest.outputs.find((o: { path: string }) => o.path === 'results.json');
    expect(resultsEntry.sha256).toBe(files.get('results.json'));
    expect(manifest.inputs.map((i: { role: string }) => i.role)).toContain('preregistration_lock');

    const audit = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8'));
    expect(audit.preregistration.changed_since_lock).toBe(false);
    expect(audit.items).toHaveLength(32);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.preregistration.sha256).toBe(audit.preregistration.sha256);
  });

  it('names and counts on its last line each change of the preregistration after its lock', () => {
    const prereg = join(work, 'prereg');
    cpSync('preregistration', prereg, { recursive: true });
    const file = join(prereg, 'preregistration.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('alpha: 0.05', 'alpha: 0.01'));
    const out = join(work, 'out-changed');
    const changed = run('--data', data, '--out', out, '--prereg', file);
    expect(changed.status, changed.stderr).toBe(0);
    const lockedAt = JSON.parse(readFileSync(join(prereg, 'lock.json'), 'utf8')).locked_at as string;
    expect(changed.lastLine).toBe(`ERROR: the preregistration ${file} changed after its lock (locked ${lockedAt}): 1 deviation(s) from the locked plan: alpha changed: planned 0.05, ran 0.01; see audit.md`);
    const audit = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8'));
    expect(audit.deviations.slice(0, 2)).toMatchObject([
      { kind: 'preregistration_changed_after_lock', severity: 'warning' },
      { kind: 'changed_after_lock', severity: 'error', item: 'alpha', planned: '0.05', actual: '0.01', summary: 'alpha changed: planned 0.05, ran 0.01' },
    ]);
    expect(audit.alpha).toBe(0.01);
    expect(readFileSync(join(out, 'audit.md'), 'utf8')).toContain('  - ERROR: alpha changed: planned 0.05, ran 0.01');

    // Without its lock: an error, named on the last line (only the report runs again).
    rmSync(join(prereg, 'lock.json'));
    const unlocked = run('--data', data, '--out', out, '--prereg', file);
    expect(unlocked.status, unlocked.stderr).toBe(0);
    expect(unlocked.stderr).toMatch(/^audit: 32 of 32 preregistered items ran as planned; 1 error\(s\), 0 warning\(s\); see .*audit\.md$/m);
    expect(unlocked.lastLine).toBe(`ERROR: the preregistration ${file} is not locked (no lock.json beside it): nothing shows the plan was fixed before the analysis; see audit.md`);
  });

  it('writes nothing when the input is bad (exit 2, every problem on stderr)', () => {
    const bad = join(work, 'bad-export');
    cpSync(data, bad, { recursive: true });
    const participants = join(bad, 'participants.csv');
    const lines = readFileSync(participants, 'utf8').split('\n');
    lines[1] = lines[1].replace(/,(control|video|coach),/, ',placebo,');
    writeFileSync(participants, lines.join('\n'));
    const out = join(work, 'out-bad');
    const refused = run('--data', bad, '--out', out);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/participants\.csv:2: arm: .*\("placebo"\)/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a --reliability file of the right keys but the wrong shape: exit 2, located, nothing written (issue 14 §6)', () => {
    const file = join(work, 'reliability-bad.json');
    writeFileSync(file, JSON.stringify({ schema: 'lend-an-ear-reliability-frameworks/1', frameworks: [{ label: 'X', synthetic: false, rows: [{ dimension: 'd', pair: 'experts', kappa: 'high', p: 0.1, n: 50 }] }] }));
    const out = join(work, 'out-bad-reliability');
    const refused = run('--data', data, '--out', out, '--reliability', file);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`${file}: frameworks[0].rows[0].pair: must be a pair of rater names ("experts")`);
    expect(refused.stderr).toContain(`${file}: frameworks[0].rows[0].kappa: must be a number or null ("high")`);
    expect(refused.stderr).not.toMatch(/TypeError|internal error/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an --out folder that holds something other than a previous run', () => {
    const out = join(work, 'not-a-run');
    cpSync(data, out, { recursive: true });
    rmSync(join(out, '.lend-an-ear-output.json')); // a copy of an export, not an output of the pipeline
    const refused = run('--data', data, '--out', out);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^error: --out \S+ holds files this pipeline did not write \(SHA256SUMS, conversations.csv, messages.csv and 5 more\) and has no valid .lend-an-ear-output.json marker; give a new or empty folder \(nothing was changed\)\n$/);
  });

  it('prints a dry run on stdout and writes nothing', () => {
    const out = join(work, 'out-dry');
    const dry = run('--data', data, '--out', out, '--seed', '7', '--dry-run');
    expect(dry.status, dry.stderr).toBe(0);
    // The first test filled the cache with seed 5: only the report reads the seed.
    expect(dry.stdout).toMatch(/^ingest: up to date \(key [0-9a-f]{12}\)\nscore: up to date \(key [0-9a-f]{12}\)\nanalyze: up to date \(key [0-9a-f]{12}\)\nreport: would run: parameter seed changed \(5 → 7\)\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it('prints its --help', () => {
    const help = pipeline('run', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: npm run pipeline -- run --data DIR --out DIR');
  });
});
