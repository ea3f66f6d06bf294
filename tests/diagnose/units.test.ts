/**
 * The small pieces of the diagnosis: Monte Carlo summaries (expected values from Python's
 * `statistics` module, /usr/bin/python3: mean, stdev, stdev/sqrt(n); proportion MCSE
 * sqrt(p(1-p)/n) as in Morris, White & Crowther 2019, Table 6; the Wilson interval from R's
 * prop.test, tests/fixtures/stats/diagnosis-stats.json), the seeds, the threshold search, the
 * progress bar, and the command line's refusals.
 */
import { describe, expect, it } from 'vitest';
import { command } from '../../pipeline/diagnose/command.ts';
import { detectionThresholds, empiricalQuantile, shareDetected } from '../../pipeline/diagnose/mde.ts';
import { meanWithMcse, proportionWithMcse } from '../../pipeline/diagnose/monte-carlo.ts';
import { simulationSeed } from '../../pipeline/diagnose/seeds.ts';
import { createProgress } from '../../pipeline/diagnose/progress.ts';
import { poolShare } from '../../pipeline/diagnose/truths.ts';
import { CALIBRATION } from '../../pipeline/simulate/calibration.ts';
import { RefusedError, UsageError } from '../../pipeline/errors.ts';

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
    // Wilson limits: R prop.test(1, 4, correct = FALSE)$conf.int = 0.0455872608097006, 0.6993581574175980
    expect(proportionWithMcse([true, false, null, false, false])).toEqual({ value: 0.25, mcse: expect.closeTo(0.21650635094610965, 15), n: 4, ci_low: expect.closeTo(0.0455872608097006, 13), ci_high: expect.closeTo(0.699358157417598, 13) });
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

describe('detection thresholds and the minimum detectable effect', () => {
  it('bisects each study onto its own step, leaves a study never supported at +Infinity, and reads power and quantiles off the thresholds', async () => {
    // Study j is supported from grid position step[j] on (of 0..128); study 3 never.
    const step = [40, 90, 1, Infinity, 128];
    const asked: number[] = [];
    const thresholds = await detectionThresholds(async (asks) => {
      asked.push(asks.length);
      return asks.map(({ study, at }) => at >= step[study]);
    }, step.length, 7);
    expect(thresholds).toEqual([40, 90, 1, Infinity, 128]);
    // One batch at the top (all 5), then 7 halvings of the 4 supported there.
    expect(asked).toEqual([5, 4, 4, 4, 4, 4, 4, 4]);
    expect(shareDetected(thresholds, 90)).toEqual([true, true, true, false, false]);
    expect(empiricalQuantile(thresholds, 0.6)).toBe(90); // 3 of 5 at or below 90
    expect(empiricalQuantile(thresholds, 0.8)).toBe(128);
    expect(empiricalQuantile(thresholds, 1)).toBe(Infinity);
  });
});

describe('the progress bar', () => {
  const fakeStream = () => {
    const lines: string[] = [];
    return { lines, stream: { isTTY: true, write: (text: string) => lines.push(text) } as unknown as NodeJS.WriteStream };
  };
  it('never goes back when work is found later, and estimates the time left only from the rate after the first study', () => {
    let clock = 0;
    const { lines, stream } = fakeStream();
    const progress = createProgress('diagnose', 100, stream, () => clock);
    clock = 60_000; // a slow start (threads loading): not counted in the rate
    progress.tick(20);
    expect(lines.at(-1)).toMatch(/20% .* estimating the time left/);
    progress.grow(300); // work found later: 20 of 400 is 5%, but the bar stays at 20%
    clock = 70_000;
    progress.tick(20); // 20 units in 10 s since the first: 2 units/s, 360 left
    expect(lines.at(-1)).toMatch(/20% .*about 3 min 00 s left/);
    const shown = lines.map((l) => Number(/(\d+)%/.exec(l)?.[1]));
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    clock = 250_000;
    progress.tick(360);
    expect(lines.at(-1)).toMatch(/100% \(3 studies\)/);
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
    [['--sims', '10', '--out', 'x', '--curve-sims', '1'], /--curve-sims/],
    [['--sims', '10', '--out', 'x', '--attrition-sims', '-3'], /--attrition-sims/],
  ])('refuses %j with a UsageError (exit 2) before simulating anything', async (argv, message) => {
    await expect(command.run(argv)).rejects.toSatisfy((err: unknown) => err instanceof UsageError && message.test((err as Error).message));
  });
  it('refuses an --out that is a file in one line (RefusedError, exit 2) before simulating anything', async () => {
    await expect(command.run(['--sims', '10', '--out', 'package.json'])).rejects.toSatisfy(
      (err: unknown) => err instanceof RefusedError && err.message === '--out package.json exists and is not a folder; nothing was changed',
    );
  });
});

describe('true value of H7 on the pool of items', () => {
  it('is the simulator population mean share E[logistic(ability + item shift)]: 0.7477085428255362 by scipy.integrate.quad (abs. error 1e-14)', () => {
    // /usr/bin/python3: quad(lambda z: expit(1.25 + hypot(0.7, 0.5) * z) * norm.pdf(z), -30, 30)
    expect(poolShare(CALIBRATION)).toBeCloseTo(0.7477085428255362, 11);
    expect(CALIBRATION.perception).toMatchObject({ logitMean: 1.25, logitSd: 0.7, itemSd: 0.5 });
  });
});
