/**
 * Times one pipeline command as a user runs it: a fresh Node process (`node --import tsx`, as
 * `npm run pipeline` does through tsx), start-up included, with its peak resident memory
 * (bench/measure-cli.ts). Worker threads of `diagnose` share the process, so their memory counts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CliRun {
  /** Wall time from spawning the process to its exit. */
  seconds: number;
  peakRssMb: number;
  /** CPU seconds (user + system) of the whole process. */
  cpuSeconds: number;
}

/**
 * Runs `pipeline <args>` in a fresh process; stderr passes through (progress), stdout is dropped.
 *
 * @example
 * await timeCli(['run', '--data', 'data/synthetic', '--out', '/tmp/x']); // { seconds: 6.2, peakRssMb: 310, cpuSeconds: 7.1 }
 */
export function timeCli(args: string[]): Promise<CliRun> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
  const file = join(dir, 'measure.json');
  const script = fileURLToPath(new URL('./measure-cli.ts', import.meta.url));
  const start = performance.now();
  return new Promise<CliRun>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, BENCH_MEASURE_FILE: file } });
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        if (code !== 0) throw new Error(`pipeline ${args[0]} exited with status ${code}`);
        const measured = JSON.parse(readFileSync(file, 'utf8')) as { peakRssMb: number; cpuSeconds: number };
        resolve({ seconds: (performance.now() - start) / 1000, peakRssMb: measured.peakRssMb, cpuSeconds: measured.cpuSeconds });
      } catch (err) {
        reject(err);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/**
 * Wall seconds of `pipeline <args>` run as the command line itself, `node --import tsx
 * pipeline/cli.ts <args>`, without timeCli's measuring wrapper (which adds a module and a
 * dynamic import, ~50 ms): the bundled run's wall time as a user sees it.
 *
 * @example
 * await timeCliWall(['run', '--data', 'data/synthetic', '--out', '/tmp/x']); // e.g. 3.2
 */
export function timeCliWall(args: string[]): Promise<number> {
  const cli = fileURLToPath(new URL('../pipeline/cli.ts', import.meta.url));
  const start = performance.now();
  return new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve((performance.now() - start) / 1000) : reject(new Error(`pipeline ${args[0]} exited with status ${code}`))));
  });
}

/**
 * Seconds for one fresh `node --import tsx` to start and exit doing nothing: the start-up that
 * every command pays before its own work.
 *
 * @example
 * await nodeStartupOnce(); // e.g. 0.41
 */
export function nodeStartupOnce(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', '0'], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', () => resolve((performance.now() - start) / 1000));
  });
}

/**
 * The best of three `nodeStartupOnce`.
 *
 * @example
 * await nodeStartupSeconds(); // e.g. 0.39
 */
export async function nodeStartupSeconds(): Promise<number> {
  return Math.min(await nodeStartupOnce(), await nodeStartupOnce(), await nodeStartupOnce());
}
