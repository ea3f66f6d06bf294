/**
 * Speed of the linear models at study scale (`npx tsx bench/linear-models.ts`): one OLS fit with
 * HC3 on 100,000 × 5 and the random-intercept mixed model on 3,000 participants × 3 rounds, each
 * after a warm-up, as CPU milliseconds (user + system; less sensitive than wall time to other jobs
 * on the machine). Moved here from a timed test: performance is measured, not asserted.
 */
import { fitOls } from '../pipeline/stats/ols.ts';
import { fitRandomInterceptLmm } from '../pipeline/stats/mixed.ts';
import { createRng } from '../pipeline/stats/random.ts';

function cpuMilliseconds(work: () => unknown): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

export function benchLinearModels(): { olsMs: number; lmmMs: number } {
  const rng = createRng(1);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 100_000; i++) {
    const row = [1, rng.uniform() < 0.33 ? 1 : 0, rng.uniform() < 0.5 ? 1 : 0, rng.normal(), rng.normal()];
    X.push(row);
    y.push(row[1] + row[3] + rng.normal());
  }
  const names = ['(Intercept)', 'a', 'b', 'c', 'd'];
  fitOls(y.slice(0, 1000), X.slice(0, 1000), names).vcov('HC3');
  const olsMs = cpuMilliseconds(() => fitOls(y, X, names).vcov('HC3'));

  const ly: number[] = [];
  const lX: number[][] = [];
  const groups: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const arm = i % 3;
    const u = rng.normal(0, 0.6);
    for (let round = 0; round < 3; round++) {
      const row = [1, arm === 1 ? 1 : 0, arm === 2 ? 1 : 0, round === 1 ? 1 : 0, round === 2 ? 1 : 0];
      lX.push(row);
      ly.push(3 + 0.3 * row[1] * row[4] + u + rng.normal(0, 0.5));
      groups.push(`p${i}`);
    }
  }
  const lnames = ['(Intercept)', 'armB', 'armC', 'round2', 'round3'];
  fitRandomInterceptLmm(ly.slice(0, 300), lX.slice(0, 300), lnames, groups.slice(0, 300));
  const lmmMs = cpuMilliseconds(() => fitRandomInterceptLmm(ly, lX, lnames, groups));
  return { olsMs, lmmMs };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { runScript } = await import('../pipeline/script.ts');
  const usage = `Usage: npx tsx bench/linear-models.ts

CPU time of one OLS fit with HC3 on 100,000 × 5 and of the random-intercept mixed model on 3,000
participants × 3 rounds, each after a warm-up. Takes no options.`;
  await runScript({ command: 'npx tsx bench/linear-models.ts', usage, options: {} }, () => {
    const { olsMs, lmmMs } = benchLinearModels();
    process.stdout.write(`OLS + HC3, 100,000 × 5: ${olsMs.toFixed(0)} ms CPU\n`);
    process.stdout.write(`random-intercept LMM, 3,000 × 3: ${lmmMs.toFixed(0)} ms CPU\n`);
  });
}
