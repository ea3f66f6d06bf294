// Scale: the fits must stay linear in n (no n × n matrices). Bounds are on CPU time and generous
// because the CI machine has 2 shared cores; an O(n²) implementation would take minutes (mixed
// model: a 9,000 × 9,000 V alone is 650 MB) and fail them. Measured on the 2-core development
// machine at load average ~12: OLS 100k × 5 fit 45–90 ms CPU (+ HC3), LMM 3,000 × 3 ≈ 150–400 ms.
import { describe, expect, it } from 'vitest';
import { fitOls } from '../../pipeline/stats/ols.ts';
import { fitRandomInterceptLmm } from '../../pipeline/stats/mixed.ts';
import { createRng } from '../../pipeline/stats/random.ts';

/** CPU time of this process (user + system) spent in `work`, less sensitive than wall time to other jobs on the machine. */
function cpuMilliseconds(work: () => unknown): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

describe('linear models at study scale', () => {
  it('fits OLS with HC3 on 100,000 × 5 in well under a second', () => {
    const rng = createRng(1);
    const X: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const row = [1, rng.uniform() < 0.33 ? 1 : 0, rng.uniform() < 0.5 ? 1 : 0, rng.normal(), rng.normal()];
      X.push(row);
      y.push(row[1] + row[3] + rng.normal());
    }
    fitOls(y.slice(0, 1000), X.slice(0, 1000), ['(Intercept)', 'a', 'b', 'c', 'd']); // warm up the JIT
    const ms = cpuMilliseconds(() => fitOls(y, X, ['(Intercept)', 'a', 'b', 'c', 'd']).vcov('HC3'));
    expect(ms).toBeLessThan(1000);
  });

  it('fits the random-intercept model for 3,000 participants × 3 rounds in well under two seconds', () => {
    const rng = createRng(2);
    const y: number[] = [];
    const X: number[][] = [];
    const groups: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const arm = i % 3;
      const u = rng.normal(0, 0.6);
      for (let round = 0; round < 3; round++) {
        const row = [1, arm === 1 ? 1 : 0, arm === 2 ? 1 : 0, round === 1 ? 1 : 0, round === 2 ? 1 : 0];
        row.push(row[1] * row[3], row[2] * row[3], row[1] * row[4], row[2] * row[4]);
        X.push(row);
        y.push(3 + 0.3 * row[7] + u + rng.normal(0, 0.5));
        groups.push(`p${i}`);
      }
    }
    const names = ['(Intercept)', 'armcoach', 'armpeer', 'round2', 'round3', 'armcoach:round2', 'armpeer:round2', 'armcoach:round3', 'armpeer:round3'];
    let fit = null as unknown as ReturnType<typeof fitRandomInterceptLmm>;
    const ms = cpuMilliseconds(() => (fit = fitRandomInterceptLmm(y, X, names, groups)));
    expect(ms).toBeLessThan(2000);
    // Balanced split-plot: within-participant df are exactly (3000 − 3)·(3 − 1) = 5994.
    expect(Math.abs(fit.coefficients[7].df - 5994)).toBeLessThan(1e-4);
  });
});
