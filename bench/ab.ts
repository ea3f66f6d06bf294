/**
 * A/B timing of two checkouts of the project (say main and a branch), interleaved so that a
 * shared machine's slow spells fall on both: the bundled study's cold `run`, `diagnose` of 1,000
 * simulated studies, and a cold `run` of the 100× export, each as the command line in a fresh
 * process (`/usr/bin/time`: wall, user + system CPU of the process and its threads and children,
 * peak RSS). Each checkout needs its own `npm ci` and derived files (`npm run reproduce`, or the
 * writers it calls). Prints a Markdown table of medians, and every run.
 *
 *   npx tsx bench/ab.ts --a ../main --b . [--rounds 7] [--diagnose-rounds 3] [--x100-rounds 2] [--record]
 *
 * With --record the result also replaces the A/B section of bench/results.md (which `npm run
 * bench` keeps when it rewrites the rest).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '../pipeline/errors.ts';
import { runScript } from '../pipeline/script.ts';
import { AB_HEADING, abSection, markdownTable } from './markdown.ts';

const USAGE = `Usage: npx tsx bench/ab.ts --a DIR --b DIR [--rounds N] [--diagnose-rounds N] [--x100-rounds N]

Times two checkouts of the project against each other, interleaved (A B, B A, A B, …): the
bundled study's cold run, diagnose of 1,000 simulated studies (--sims 500 --curve-sims 0
--workers 2), and a cold run of the 100x export (simulated once by checkout A into a temporary
folder). Each checkout needs its own npm ci and current derived files. Prints medians and every
run as Markdown; needs /usr/bin/time.

Options:
  --a DIR               checkout A (e.g. main)
  --b DIR               checkout B (e.g. this branch)
  --rounds N            cold runs of the bundled study per checkout (default 7)
  --diagnose-rounds N   diagnose runs per checkout (default 3; 0 skips)
  --x100-rounds N       100x runs per checkout (default 2; 0 skips)
  --record              also write the result as the A/B section of bench/results.md
  -h, --help            this text`;

interface Timed {
  label: string;
  checkout: 'A' | 'B';
  wall: number;
  cpu: number;
  rssMb: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The pipeline's command line in `dir`, timed by /usr/bin/time. */
function timeCli(dir: string, args: string[], label: string, checkout: 'A' | 'B', scratch: string): Timed {
  const report = join(scratch, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-o', report, '-f', '%e %U %S %M', process.execPath, '--import', 'tsx', 'pipeline/cli.ts', ...args], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${label} in ${dir} failed (exit ${r.status}): ${r.stderr.split('\n').slice(-3).join(' ')}`);
  const [wall, user, system, rssKb] = readFileSync(report, 'utf8').trim().split(/\s+/).map(Number);
  return { label, checkout, wall, cpu: user + system, rssMb: rssKb / 1024 };
}

/** `rounds` runs of `work` per checkout, in the order A B, B A, A B, … */
function interleaved(rounds: number, work: (checkout: 'A' | 'B', round: number) => Timed): Timed[] {
  const runs: Timed[] = [];
  for (let round = 0; round < rounds; round++) {
    const order: ('A' | 'B')[] = round % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
    for (const checkout of order) {
      const t = work(checkout, round);
      process.stderr.write(`bench/ab: ${t.label} ${t.checkout}: ${t.wall.toFixed(2)} s wall, ${t.cpu.toFixed(2)} s CPU\n`);
      runs.push(t);
    }
  }
  return runs;
}

function count(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number (${JSON.stringify(value)})`);
  return Number(value);
}

await runScript(
  {
    command: 'npx tsx bench/ab.ts',
    usage: USAGE,
    options: { a: { type: 'string' }, b: { type: 'string' }, rounds: { type: 'string' }, 'diagnose-rounds': { type: 'string' }, 'x100-rounds': { type: 'string' }, record: { type: 'boolean' } },
  },
  ({ values }) => {
    const dirs = { A: resolve(values.a ?? ''), B: resolve(values.b ?? '') };
    for (const key of ['a', 'b'] as const) {
      if (!values[key] || !existsSync(join(dirs[key.toUpperCase() as 'A' | 'B'], 'pipeline', 'cli.ts'))) throw new UsageError(`--${key} must be a checkout of the project`);
    }
    const scratch = mkdtempSync(join(tmpdir(), 'bench-ab-'));
    const startLoad = loadavg()[0];
    try {
      const runs: Timed[] = [];
      runs.push(...interleaved(count(values.rounds, 'rounds', 7), (c, i) => {
        const out = join(scratch, `bundled-${c}-${i}`);
        const t = timeCli(dirs[c], ['run', '--data', 'data/synthetic', '--out', out, '--cache', `${out}-cache`], 'bundled run', c, scratch);
        rmSync(out, { recursive: true, force: true });
        rmSync(`${out}-cache`, { recursive: true, force: true });
        return t;
      }));
      runs.push(...interleaved(count(values['diagnose-rounds'], 'diagnose-rounds', 3), (c, i) => {
        const out = join(scratch, `diagnose-${c}-${i}`);
        const t = timeCli(dirs[c], ['diagnose', '--sims', '500', '--curve-sims', '0', '--workers', '2', '--out', out], 'diagnose 1,000 studies', c, scratch);
        rmSync(out, { recursive: true, force: true });
        return t;
      }));
      const x100Rounds = count(values['x100-rounds'], 'x100-rounds', 2);
      if (x100Rounds > 0) {
        const data = join(scratch, 'x100');
        process.stderr.write('bench/ab: simulating the 100x export (checkout A)\n');
        timeCli(dirs.A, ['simulate', '--scale', '100', '--out', data], 'simulate', 'A', scratch);
        runs.push(...interleaved(x100Rounds, (c, i) => {
          const out = join(scratch, `x100-${c}-${i}`);
          const t = timeCli(dirs[c], ['run', '--data', data, '--out', out, '--cache', `${out}-cache`], '100x run', c, scratch);
          rmSync(out, { recursive: true, force: true });
          rmSync(`${out}-cache`, { recursive: true, force: true });
          return t;
        }));
      }
      const labels = [...new Set(runs.map((r) => r.label))];
      const rows = labels.map((label) => {
        const of = (c: 'A' | 'B') => runs.filter((r) => r.label === label && r.checkout === c);
        const [a, b] = [of('A'), of('B')];
        const ratio = (f: (t: Timed) => number) => `${((median(b.map(f)) / median(a.map(f)) - 1) * 100).toFixed(1)}%`;
        return [label, String(a.length), median(a.map((t) => t.wall)).toFixed(2), median(b.map((t) => t.wall)).toFixed(2), ratio((t) => t.wall), median(a.map((t) => t.cpu)).toFixed(2), median(b.map((t) => t.cpu)).toFixed(2), ratio((t) => t.cpu)];
      });
      const commit = (dir: string) => spawnSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim() || 'not a git checkout';
      const text =
        `A: ${dirs.A} (${commit(dirs.A)}); B: ${dirs.B} (${commit(dirs.B)}); load average ${startLoad.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end.\n\n` +
        markdownTable(['measure', 'runs each', 'A wall s', 'B wall s', 'B vs A wall', 'A CPU s', 'B CPU s', 'B vs A CPU'], rows) +
        '\n\nEvery run (wall s / CPU s): ' + runs.map((r) => `${r.label} ${r.checkout} ${r.wall.toFixed(2)}/${r.cpu.toFixed(2)}`).join('; ') + '\n';
      process.stdout.write(text);
      if (values.record) {
        const results = new URL('./results.md', import.meta.url);
        const before = existsSync(results) ? readFileSync(results, 'utf8') : '';
        const rest = abSection(before) ? before.slice(0, before.length - abSection(before).length) : before.trimEnd();
        writeFileSync(results, `${rest}\n\n${AB_HEADING}\n\n\`npx tsx bench/ab.ts\` (medians of interleaved runs; CPU is user + system time of the process and its threads, less sensitive than wall time to other jobs).\n\n${text}`);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
);
