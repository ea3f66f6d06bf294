/**
 * The small pieces of the diagnosis: Monte Carlo summaries (expected values from Python's
 * `statistics` module, /usr/bin/python3: mean, stdev, stdev/sqrt(n); proportion MCSE
 * sqrt(p(1-p)/n) as in Morris, White & Crowther 2019, Table 6), the seeds, the bisection, and the
 * command line's refusals.
 */
import { describe, expect, it } from 'vitest';
import { command } from '../../pipeline/diagnose/command.ts';
import { bisectPower, bracketFromCurve } from '../../pipeline/diagnose/mde.ts';
import { meanWithMcse, proportionWithMcse } from '../../pipeline/diagnose/monte-carlo.ts';
import { simulationSeed } from '../../pipeline/diagnose/seeds.ts';
import { perceptionPopulationShare } from '../../pipeline/diagnose/planted.ts';
import { CALIBRATION } from '../../pipeline/simulate/calibration.ts';
import { UsageError } from '../../pipeline/errors.ts';

describe('Monte Carlo summaries', () => {
  it('mean, SD and MCSE as Python statistics: [0.12, 0.5, 0.31, 0.77, 0.05] -> 0.35, 0.2930017064796722, 0.13103434664239752', () => {
    const m = meanWithMcse([0.12, 0.5, 0.31, null, 0.77, 0.05]);
    expect(m.n).toBe(5);
    expect(m.value).toBeCloseTo(0.35, 14);
    expect(m.sd).toBeCloseTo(0.2930017064796722, 14);
    expect(m.mcse).toBeCloseTo(0.13103434664239752, 14);
    expect(meanWithMcse([1, 2, 3]).mcse).toBeCloseTo(0.5773502691896258, 14);
  });

  it('a proportion skips nulls and has MCSE sqrt(p(1-p)/n): 1 of 4 -> 0.25, 0.21650635094610965', () => {
    expect(proportionWithMcse([true, false, null, false, false])).toEqual({ value: 0.25, mcse: expect.closeTo(0.21650635094610965, 15), n: 4 });
    expect(proportionWithMcse([null])).toEqual({ value: null, mcse: null, n: 0 });
  });
});

describe('simulation seeds', () => {
  it('depend on seed, stream and index only, and do not collide over 20,000 studies of two streams', () => {
    expect(simulationSeed(5, 'design', 7)).toBe(simulationSeed(5, 'design', 7));
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      seen.add(simulationSeed(20260401, 'design', i));
      seen.add(simulationSeed(20260401, 'curve', i));
    }
    expect(seen.size).toBe(20_000);
    expect(simulationSeed(1, 'design', 0)).not.toBe(simulationSeed(2, 'design', 0));
    expect(() => simulationSeed(1, 'design', -1)).toThrow(RangeError);
  });
});

describe('minimum detectable effect by bisection', () => {
  it('finds the bracket on a curve and halves it onto a known step at d = 0.21 (0.2 + 0.05·k/32 with k = 7 gives 0.2109375)', async () => {
    const bracket = bracketFromCurve([{ d: 0, power: 0.03 }, { d: 0.2, power: 0.7 }, { d: 0.25, power: 0.9 }, { d: 0.3, power: 0.97 }], 0.8);
    expect(bracket).toEqual({ low: 0.2, high: 0.25 });
    const found = await bisectPower(async (d) => (d >= 0.21 ? 0.85 : 0.6), bracket!, 0.8, 5, 0.9);
    expect(found.high).toBeCloseTo(0.2109375, 15);
    expect(found.low).toBeCloseTo(0.209375, 15);
    expect(found.powerAtHigh).toBe(0.85);
    expect(bracketFromCurve([{ d: 0, power: 0.05 }, { d: 1, power: 0.5 }], 0.8)).toBeNull();
  });
});

describe('diagnose command line', () => {
  it.each([
    [['--out', 'x'], /--sims is required/],
    [['--sims', '1', '--out', 'x'], /at least 2/],
    [['--sims', '10', '--out', 'x', '--workers', '0'], /--workers/],
    [['--sims', '10', '--out', 'x', '--effect-coach', 'big'], /--effect-coach/],
    [['--sims', '10', '--out', 'x', '--participants', '10'], /--participants/],
    [['--sims', '10', '--out', 'x', '--bogus'], /bogus/],
    [['--sims', '10', '--out', 'package.json'], /not a folder/],
  ])('refuses %j with a UsageError (exit 2) before simulating anything', async (argv, message) => {
    await expect(command.run(argv)).rejects.toSatisfy((err: unknown) => err instanceof UsageError && message.test((err as Error).message));
  });
});

describe('planted value of H7', () => {
  it('is the simulator population mean share E[logistic(ability + item shift)]: 0.7477085428255362 by scipy.integrate.quad (abs. error 1e-14)', () => {
    // /usr/bin/python3: quad(lambda z: expit(1.25 + hypot(0.7, 0.5) * z) * norm.pdf(z), -30, 30)
    expect(perceptionPopulationShare(CALIBRATION.perception)).toBeCloseTo(0.7477085428255362, 11);
    expect(CALIBRATION.perception).toMatchObject({ logitMean: 1.25, logitSd: 0.7, itemSd: 0.5 });
  });
});
