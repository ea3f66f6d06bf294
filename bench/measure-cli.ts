/**
 * Runs one pipeline command in this (fresh) process and, at exit, writes its peak resident memory
 * wall time and CPU time to the file named by BENCH_MEASURE_FILE, so that the benchmark can time the real
 * command line, start-up included. Usage: `node --import tsx bench/measure-cli.ts run --data …`.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_MEASURE_FILE;
const started = performance.now();
process.on('exit', (code) => {
  // performance.now() counts from this process's start, so start-up is inside `seconds`.
  const usage = process.resourceUsage();
  // CPU of the whole process (main thread, workers, libuv's pool), user + system: less sensitive
  // than wall time to other jobs on a shared machine.
  if (file) writeFileSync(file, JSON.stringify({ code, seconds: performance.now() / 1000, sinceImport: (performance.now() - started) / 1000, peakRssMb: usage.maxRSS / 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 }));
});
const { runCli } = await import('../pipeline/cli.ts');
await runCli();
