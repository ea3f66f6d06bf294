/**
 * The staged runner end to end, in process, on a small simulated export (seed 11, scale 0.1): a
 * second run skips every stage; an edit reruns exactly the stages that read what changed; an input
 * edited while a stage runs is caught and that stage's output is not cached; a corrupted cache
 * entry is rebuilt, never used; the outputs are the same bytes with a cold cache, a warm one,
 * --force and no cache at all; a dry run says why and writes nothing.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itFull } from '../full.ts';
import { sha256Hex } from '../../pipeline/prereg/lock.ts';
import type { ReportInputs } from '../../pipeline/report/inputs.ts';
import { stagesSection } from '../../pipeline/report/stages.ts';
import { STAGE_GRAPH } from '../../pipeline/runner/graph.ts';
import { listFiles } from '../../pipeline/runner/list-files.ts';
import { dryRunPipeline, formatDryRunLine, runPipeline, type RunOptions } from '../../pipeline/runner/run.ts';

// node with tsx's loader, in this process's node: the tsx command starts a second node for every run.
const TSX = [process.execPath, '--import', 'tsx'];
let work: string;
let data: string;
let prereg: string;
let counter = 0;

/** A fresh --out folder name. */
const newOut = () => join(work, `out-${++counter}`);

async function run(options: Partial<RunOptions> & { cache: string | null }) {
  const log: string[] = [];
  const out = newOut();
  const outcome = await runPipeline({ data, out, prereg: join(prereg, 'preregistration.yaml'), seed: 5, env: {}, log: (l) => log.push(l), ...options });
  const status = Object.fromEntries(outcome.stages.map((s) => [s.name, s.status]));
  return { outcome, status, log, out };
}

function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, sha256Hex(readFileSync(join(dir, f)))]));
}

/** Every output except manifest.json (whose command line and cache-free fields are checked apart). */
function outputsOf(dir: string): Map<string, string> {
  const files = snapshot(dir);
  files.delete('manifest.json');
  return files;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'runner-stages-'));
  data = join(work, 'export');
  const sim = spawnSync(TSX[0], [...TSX.slice(1), 'pipeline/cli.ts', 'simulate', '--out', data, '--seed', '11', '--scale', '0.1'], { encoding: 'utf8' });
  expect(sim.status, sim.stderr).toBe(0);
  prereg = join(work, 'prereg');
  cpSync('preregistration', prereg, { recursive: true });
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the staged runner', () => {
  it('skips every stage on a second run, and gives the same bytes cold, warm, forced and without a cache', async () => {
    const cache = join(work, 'cache-basic');
    const cold = await run({ cache });
    expect(cold.status).toEqual({ ingest: 'ran', score: 'ran', analyze: 'ran', report: 'ran' });
    const warm = await run({ cache });
    expect(warm.status).toEqual({ ingest: 'up_to_date', score: 'up_to_date', analyze: 'up_to_date', report: 'up_to_date' });
    expect(warm.log).toContain(`score: up to date (key ${cold.outcome.stages[1].key.slice(0, 12)})`);
    const forced = await run({ cache, force: true });
    expect(forced.status).toEqual({ ingest: 'ran', score: 'ran', analyze: 'ran', report: 'ran' });
    const none = await run({ cache: null });
    expect(none.status).toEqual({ ingest: 'ran', score: 'ran', analyze: 'ran', report: 'ran' });

    const dirs = [cold, warm, forced, none].map((r) => r.out);
    const reference = snapshot(dirs[0]);
    expect(reference.has('report.html')).toBe(true);
    for (const dir of dirs.slice(1)) {
      expect(outputsOf(dir)).toEqual(outputsOf(dirs[0]));
      // manifest.json differs only in the command line (not given here, so empty) and nothing else.
      expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(readFileSync(join(dirs[0], 'manifest.json'), 'utf8'));
    }

    const manifest = JSON.parse(readFileSync(join(dirs[1], 'manifest.json'), 'utf8'));
    expect(manifest.stages.map((s: { name: string }) => s.name)).toEqual(['ingest', 'score', 'analyze', 'report']);
    expect(manifest.stages[1].inputs).toEqual({ 'output of ingest: analysed': manifest.stages[0].outputs.analysed.digest });
    expect(Object.keys(manifest.stages[1].code)).toContain('pipeline/score/taxonomy.yaml');
    expect(manifest.stages[0].timing).toBeUndefined();
    const html = readFileSync(join(dirs[1], 'report.html'), 'utf8');
    expect(html).toContain('<h2 id="stages">How this report was made</h2>');
    expect(html).not.toContain(cache);
  });

  it('reruns exactly the stages that read what was edited', async () => {
    const cache = join(work, 'cache-edits');
    await run({ cache });

    // A new seed only moves the report's jitter.
    expect((await run({ cache, seed: 6 })).status).toEqual({ ingest: 'up_to_date', score: 'up_to_date', analyze: 'up_to_date', report: 'ran' });

    // A comment in the preregistration changes no parsed item: only the audit (report) reruns, and
    // it still reports the byte-level change after the lock.
    const yaml = join(prereg, 'preregistration.yaml');
    const original = readFileSync(yaml, 'utf8');
    appendFileSync(yaml, '# a reviewer\'s note\n');
    const comment = await run({ cache });
    expect(comment.status).toEqual({ ingest: 'up_to_date', score: 'up_to_date', analyze: 'up_to_date', report: 'ran' });
    expect(comment.outcome.audit.preregistration.changed_since_lock).toBe(true);
    const lockedAt = JSON.parse(readFileSync('preregistration/lock.json', 'utf8')).locked_at as string;
    expect(comment.outcome.summary.at(-1)).toMatch(new RegExp(`^NOTE: the preregistration .* changed after its lock \\(locked ${lockedAt}\\) in comments or layout only: no deviation of substance; see audit\\.md$`));

    // alpha is read by analyze (decisions), not by ingest or score.
    writeFileSync(yaml, original.replace('alpha: 0.05', 'alpha: 0.01'));
    const dry = (await dryRunPipeline({ data, out: newOut(), prereg: yaml, seed: 5, env: {}, cache })).map(formatDryRunLine);
    expect(dry[0]).toMatch(/^ingest: up to date \(key [0-9a-f]{12}\)$/);
    expect(dry[1]).toMatch(/^score: up to date/);
    expect(dry[2]).toBe('analyze: would run: preregistration alpha changed');
    // The report reads the preregistration's bytes (the audit), so it has a reason of its own.
    expect(dry[3]).toBe('report: would run: preregistration file changed');
    const alpha = await run({ cache });
    expect(alpha.status).toEqual({ ingest: 'up_to_date', score: 'up_to_date', analyze: 'ran', report: 'ran' });
    expect(alpha.outcome.audit.alpha).toBe(0.01);

    // The scoring section is read by score (and analyze); exclusions by ingest.
    writeFileSync(yaml, original.replace(/aggregate_runs: median/, 'aggregate_runs: mean'));
    expect(original).toMatch(/aggregate_runs: median/);
    expect((await run({ cache })).status).toEqual({ ingest: 'up_to_date', score: 'ran', analyze: 'ran', report: 'ran' });
    writeFileSync(yaml, original);
    expect((await run({ cache })).status).toEqual({ ingest: 'up_to_date', score: 'up_to_date', analyze: 'up_to_date', report: 'up_to_date' });

    // Every judge run of one conversation on one dimension given another score: the median moves,
    // so everything downstream of the data reruns.
    const ratings = join(data, 'ratings.csv');
    const ratingsBefore = readFileSync(ratings, 'utf8');
    const lines = ratingsBefore.split('\n');
    const header = lines[0].split(',');
    const [conversationColumn, dimensionColumn, scoreColumn] = ['conversation_id', 'dimension', 'score'].map((c) => header.indexOf(c));
    const first = lines[1].split(',');
    const newScore = first[scoreColumn] === '1' ? '5' : '1';
    const edited = lines.map((line, i) => {
      const cells = line.split(',');
      if (i === 0 || cells[conversationColumn] !== first[conversationColumn] || cells[dimensionColumn] !== first[dimensionColumn]) return line;
      cells[scoreColumn] = newScore;
      return cells.join(',');
    });
    writeFileSync(ratings, edited.join('\n'));
    try {
      const dryData = (await dryRunPipeline({ data, out: newOut(), prereg: yaml, seed: 5, env: {}, cache })).map(formatDryRunLine);
      expect(dryData).toEqual([
        'ingest: would run: data file ratings.csv changed',
        'score: would run if the output of ingest changes',
        'analyze: would run if the output of score, ingest changes',
        // results.json records the export's SHA-256, so the report reruns on any byte of it.
        'report: would run: export (SHA-256 over all its files) changed',
      ]);
      expect((await run({ cache })).status).toEqual({ ingest: 'ran', score: 'ran', analyze: 'ran', report: 'ran' });
    } finally {
      writeFileSync(ratings, ratingsBefore);
    }

    // The same values written differently (a quoted field): ingest reruns, finds the same tables,
    // and the stages after it stop there (early cutoff); the report reruns for the export's hash.
    const quoted = lines.map((line, i) => (i === 1 ? line.split(',').map((cell, c) => (c === conversationColumn ? `"${cell}"` : cell)).join(',') : line));
    writeFileSync(ratings, quoted.join('\n'));
    try {
      expect((await run({ cache })).status).toEqual({ ingest: 'ran', score: 'up_to_date', analyze: 'up_to_date', report: 'ran' });
    } finally {
      writeFileSync(ratings, ratingsBefore);
    }

    // A reliability file shown in the report is read by the report only.
    const reliability = join(work, 'reliability.json');
    writeFileSync(reliability, JSON.stringify({ kappa: [], alpha: {}, alpha_mean: null }));
    expect((await run({ cache, reliability })).status).toEqual({ ingest: 'up_to_date', score: 'up_to_date', analyze: 'up_to_date', report: 'ran' });
  });

  itFull('does not cache the output of a stage whose input changed while it ran, and says so', async () => {
    const cache = join(work, 'cache-race');
    const messages = join(data, 'messages.csv');
    const before = readFileSync(messages);
    try {
      const raced = await run({
        cache,
        // An edit of the export while ingest was reading it.
        afterCompute: (stage) => {
          if (stage === 'ingest') writeFileSync(messages, Buffer.concat([before, Buffer.from('\n')]));
        },
      });
      expect(raced.status.ingest).toBe('ran_not_cached');
      expect(raced.log).toContain('ingest: data file messages.csv changed while the stage ran; its output is NOT cached');
      expect(raced.outcome.summary.some((l) => l.startsWith('WARNING: data file messages.csv changed while ingest ran'))).toBe(true);
      expect(existsSync(join(cache, 'ingest', raced.outcome.stages[0].key))).toBe(false);
      // The stages after it were cached under keys that name what ingest produced.
      expect(existsSync(join(cache, 'score', raced.outcome.stages[1].key))).toBe(true);
    } finally {
      writeFileSync(messages, before);
    }
    const again = await run({ cache });
    expect(again.status.ingest).toBe('ran');
    expect(again.log.find((l) => l.startsWith('ingest: running'))).toBe('ingest: running (no cache entry)');

    // A table added to the export while ingest read it is noticed too (a stray file is not part
    // of the export: ingest/export-files.ts).
    const added = join(data, 'perception.jsonl');
    try {
      const raced = await run({ cache: join(work, 'cache-race-2'), afterCompute: (stage) => (stage === 'ingest' ? writeFileSync(added, 'x') : undefined) });
      expect(raced.status.ingest).toBe('ran_not_cached');
      expect(raced.log).toContain('ingest: the list of export files changed while the stage ran; its output is NOT cached');
    } finally {
      rmSync(added, { force: true });
    }
  });

  itFull('still runs and writes its outputs when the cache cannot be written', async () => {
    const notAFolder = join(work, 'cache-is-a-file');
    writeFileSync(notAFolder, '');
    const blocked = await run({ cache: notAFolder });
    expect(blocked.status).toEqual({ ingest: 'ran', score: 'ran', analyze: 'ran', report: 'ran' });
    expect(blocked.log.filter((l) => l.includes('could not store its output in the cache'))).toHaveLength(4);
    expect(existsSync(join(blocked.out, 'report.html'))).toBe(true);
  });

  itFull('detects a corrupted cache entry, rebuilds it and never uses it', async () => {
    const cache = join(work, 'cache-corrupt');
    const first = await run({ cache });
    const firstDir = first.out;
    const scoreKey = first.outcome.stages[1].key;
    const file = join(cache, 'score', scoreKey, 'scored.v8');
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    writeFileSync(file, bytes);

    // Score's entry is bad, but the stages after it are up to date: nothing reads it then.
    const notRead = await run({ cache });
    expect(notRead.status).toEqual({ ingest: 'up_to_date', score: 'ran', analyze: 'up_to_date', report: 'up_to_date' });
    expect(notRead.log).toContain(`score: cache entry ${scoreKey.slice(0, 12)} is corrupted (scored.v8 does not match its checksum); removed, rebuilding`);
    expect(outputsOf(notRead.out)).toEqual(outputsOf(firstDir));

    // A truncated report entry: rebuilt, and the files are the same bytes as before.
    const reportKey = first.outcome.stages[3].key;
    const reportFile = join(cache, 'report', reportKey, 'files.v8');
    writeFileSync(reportFile, readFileSync(reportFile).subarray(0, 100));
    const rebuilt = await run({ cache });
    expect(rebuilt.status).toEqual({ ingest: 'up_to_date', score: 'up_to_date', analyze: 'up_to_date', report: 'ran' });
    expect(outputsOf(rebuilt.out)).toEqual(outputsOf(firstDir));
    expect((await run({ cache })).status.report).toBe('up_to_date');
  });

  it('records stage status and seconds in manifest.json only with timings', async () => {
    const cache = join(work, 'cache-timings');
    await run({ cache });
    const timed = await run({ cache, timings: true });
    const manifest = JSON.parse(readFileSync(join(timed.out, 'manifest.json'), 'utf8'));
    expect(manifest.stages.map((s: { timing: { status: string } }) => s.timing.status)).toEqual(['up_to_date', 'up_to_date', 'up_to_date', 'up_to_date']);
    expect(typeof manifest.stages[0].timing.seconds).toBe('number');
    expect(timed.status.report).toBe('up_to_date');
  });

  it('shows in the report the stages the runner runs, reading the sections it hashes', async () => {
    const cache = join(work, 'cache-graph');
    const { outcome } = await run({ cache });
    expect(STAGE_GRAPH.map((s) => s.stage)).toEqual(outcome.stages.map((s) => s.name));
    const analyze = outcome.stages.find((s) => s.name === 'analyze');
    const described = STAGE_GRAPH.find((s) => s.stage === 'analyze')?.reads.find((r) => r.startsWith('preregistration: ')) ?? '';
    expect(described.replace('preregistration: ', '').split(', ').sort()).toEqual(Object.keys(analyze?.material.preregistration ?? {}).sort());
    expect(Object.keys(outcome.stages[0].material.preregistration)).toEqual(['exclusions']);
    expect(Object.keys(outcome.stages[1].material.preregistration)).toEqual(['scoring']);
    // Escaped like every other string of the page.
    const html = stagesSection({ ...({} as ReportInputs), stages: [{ stage: '<b>x</b>', reads: ['a & b'], produces: [], code: '"c"' }] });
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).toContain('a &amp; b');
    expect(html).not.toContain('<b>x');
  });

  it('writes nothing in a dry run, and says so when there is no cache entry', async () => {
    const cache = join(work, 'cache-dry');
    const out = newOut();
    const lines = (await dryRunPipeline({ data, out, prereg: join(prereg, 'preregistration.yaml'), seed: 5, env: {}, cache })).map(formatDryRunLine);
    expect(lines).toEqual(['ingest: would run: no cache entry', 'score: would run: no cache entry', 'analyze: would run: no cache entry', 'report: would run: no cache entry']);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(cache)).toBe(false);
  });
});
