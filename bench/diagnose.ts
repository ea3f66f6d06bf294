/**
 * The design-diagnosis benchmark against its target (issue 8: "1,000 simulated studies in
 * diagnose: under 60 s on 2 cores"): `diagnose --sims 500 --attrition-sims 0 --curve-sims 0 --workers 2` is exactly
 * 1,000 simulated studies of 968 participants (500 with the planted effects, 500 null), plus the
 * one planted-value pair every diagnosis measures first (two studies of 20 × 968 participants).
 * Timed as a user runs it: a fresh process, start-up and worker start-up included, with its peak
 * resident memory and its CPU time (all threads).
 *
 * Run alone: `npx tsx bench/diagnose.ts [--sims N] [--workers K]`; bench/index.ts imports
 * benchDiagnose(). The child process is this file again with `--measure-child`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DiagnoseBench {
  /** Wall seconds from spawning the process to its exit. */
  seconds: number;
  /** Simulated studies of the diagnosis proper (2 × sims; the planted-value pair not counted). */
  studies: number;
  peakRssMb: number;
  /** User + system CPU seconds of the whole process (main thread and workers). */
  cpuSeconds: number;
  studiesPerSecond: number;
  /** The pipeline arguments that were timed. */
  args: string[];
}

const CHILD_FLAG = '--measure-child';

/**
 * Times `diagnose --sims <sims> --curve-sims 0 --workers <workers>` in a fresh process.
 *
 * @example
 * await benchDiagnose(); // { seconds: 52.1, studies: 1000, peakRssMb: 900, cpuSeconds: 98, studiesPerSecond: 19.2, args: [...] }
 */
export function benchDiagnose(options: { sims?: number; workers?: number } = {}): Promise<DiagnoseBench> {
  const sims = options.sims ?? 500;
  const workers = options.workers ?? 2;
  const dir = mkdtempSync(join(tmpdir(), 'bench-diagnose-'));
  const file = join(dir, 'measure.json');
  // No attrition set (the same 1,000 studies as before it existed), and a cache of its own, so a
  // diagnosis cached by an earlier run is never timed as "up to date".
  const args = ['diagnose', '--sims', String(sims), '--attrition-sims', '0', '--curve-sims', '0', '--workers', String(workers), '--cache', join(dir, 'cache'), '--out', join(dir, 'out')];
  const start = performance.now();
  return new Promise<DiagnoseBench>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), CHILD_FLAG, file, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        if (code !== 0) throw new Error(`pipeline diagnose exited with status ${code}`);
        const seconds = (performance.now() - start) / 1000;
        const measured = JSON.parse(readFileSync(file, 'utf8')) as { peakRssMb: number; cpuSeconds: number };
        const studies = 2 * sims;
        resolve({ seconds, studies, peakRssMb: measured.peakRssMb, cpuSeconds: measured.cpuSeconds, studiesPerSecond: studies / seconds, args: args.slice(0, -4) });
      } catch (err) {
        reject(err);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

async function measureChild(file: string, args: string[]): Promise<void> {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    writeFileSync(file, JSON.stringify({ peakRssMb: process.resourceUsage().maxRSS / 1024, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
  });
  const { runCli } = await import('../pipeline/cli.ts');
  await runCli(args);
}

const isMain = process.argv[1] === fileURLToPath(import.meta.url);
if (isMain && process.argv[2] === CHILD_FLAG) {
  await measureChild(process.argv[3], process.argv.slice(4));
} else if (isMain) {
  const { runScript } = await import('../pipeline/script.ts');
  const { UsageError } = await import('../pipeline/errors.ts');
  const usage = `Usage: npx tsx bench/diagnose.ts [--sims N] [--workers K]

Times 'diagnose --sims N --curve-sims 0 --workers K' in a fresh process (2 × N simulated studies of
968 participants, N with the planted effects and N null; default N 500, K 2), with its CPU time and
peak memory. Target: 1,000 studies under 60 s on 2 cores.

Options:
  --sims N      simulated studies per set (default 500)
  --workers K   worker threads (default 2)
  -h, --help    this text`;
  const count = (value: string | undefined, name: string): number | undefined => {
    if (value === undefined) return undefined;
    if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`--${name} must be a positive integer (${JSON.stringify(value)})`);
    return Number(value);
  };
  await runScript({ command: 'npx tsx bench/diagnose.ts', usage, options: { sims: { type: 'string' }, workers: { type: 'string' } } }, async ({ values }) => {
    const startLoad = loadavg()[0];
    const result = await benchDiagnose({ sims: count(values.sims, 'sims'), workers: count(values.workers, 'workers') });
    process.stdout.write(
      `${result.args.join(' ')}: ${result.studies} studies in ${result.seconds.toFixed(2)} s wall (${result.studiesPerSecond.toFixed(1)} studies/s), ` +
        `CPU ${result.cpuSeconds.toFixed(2)} s, peak RSS ${result.peakRssMb.toFixed(0)} MB; load average ${startLoad.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end\n`,
    );
  });
}
