/**
 * The diagnosis measures what it claims: simulated studies run through the preregistered
 * analyses give H1 a type I error of 0.05 under no effect and 95% CIs that cover the planted
 * value, within 3 Monte Carlo SEs. The SEs are those of the nominal rates (sqrt(0.05 · 0.95 / n)),
 * not of the estimates, so a rate of 0 or 1 cannot pass by having an MCSE of 0. A t test whose SE
 * were 20% too small would reject about 10% of the time and fail here (3 MCSE = 0.038 at n = 300).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Job, JobResult } from '../../pipeline/diagnose/jobs.ts';
import { createJobPool } from '../../pipeline/diagnose/pool.ts';
import { simulationSeed } from '../../pipeline/diagnose/seeds.ts';
import type { SimulationOutcome } from '../../pipeline/diagnose/simulate-one.ts';
import { summarizeHypothesis } from '../../pipeline/diagnose/summarize.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';

const prereg = loadPreregistration().prereg;
const h1 = prereg.hypotheses.find((h) => h.id === 'H1')!;
const pool = createJobPool(prereg, 2);
afterAll(() => pool.close());

const PARTICIPANTS = 150;
const scale = PARTICIPANTS / 968;
const nominal = (rate: number, n: number) => 3 * Math.sqrt((rate * (1 - rate)) / n);
const studies = (n: number, coach: number, stream: 'design' | 'curve'): Job[] =>
  Array.from({ length: n }, (_, index) => ({
    kind: 'study',
    task: { set: coach === 0 ? 'null' : 'planted', index, point: 0, seed: simulationSeed(424242, stream, index), scale, coach, video: 0, scope: 'primary' },
  }));
const outcomes = (results: JobResult[]): SimulationOutcome[] => results.map((r) => (r.kind === 'study' ? r.outcome : (undefined as never)));

describe('diagnosis of H1 on small studies (150 participants)', () => {
  it('under no effect: type I error within 3 MCSE of 0.05, CI coverage of 0 within 3 MCSE of 0.95, bias within 3 MCSE of 0', async () => {
    const n = 300;
    const nullStudies = outcomes(await pool.run(studies(n, 0, 'design')));
    const d = summarizeHypothesis(h1, [], nullStudies, null, prereg.alpha).null_set!;
    expect(d.type_i_error.n).toBe(n);
    expect(Math.abs((d.type_i_error.value as number) - 0.05)).toBeLessThan(nominal(0.05, n));
    expect(Math.abs((d.coverage.value as number) - 0.95)).toBeLessThan(nominal(0.05, n));
    expect(Math.abs(d.bias.value as number)).toBeLessThan(3 * (d.bias.mcse as number));
  }, 60_000);

  it('with a planted coaching effect (0.4 x calibrated): coverage of the paired planted value within 3 MCSE of 0.95, bias within 3 MCSE', async () => {
    const n = 200;
    const [planted] = await pool.run([{ kind: 'planted', task: { seed: simulationSeed(424242, 'planted', 0), scale: 3, coach: 0.4, video: 0 } }]);
    const values = planted.kind === 'planted' ? planted.values : {};
    // The planted value is on the judged scale and positive; d is 0.4 x the calibrated ~0.96.
    expect(values.H1.d).toBeGreaterThan(0.3);
    expect(values.H1.d).toBeLessThan(0.5);
    const withEffect = outcomes(await pool.run(studies(n, 0.4, 'curve')));
    const d = summarizeHypothesis(h1, withEffect, [], values.H1, prereg.alpha);
    expect(Math.abs((d.coverage.value as number) - 0.95)).toBeLessThan(nominal(0.05, n));
    expect(Math.abs(d.bias.value as number)).toBeLessThan(3 * (d.bias.mcse as number));
  }, 60_000);
});
