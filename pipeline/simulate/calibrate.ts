/**
 * Prints every calibrated figure of a simulated study beside its published target:
 * `npx tsx pipeline/simulate/calibrate.ts [--scale 10] [--seed N] [--null]`. Used by hand to set
 * the values in calibration.ts; at large scale it shows the population values.
 */
import { intOption, numberOption } from '../command.ts';
import { UsageError } from '../errors.ts';
import { runScript } from '../script.ts';
import { CALIBRATION, DEFAULT_SEED, nullParams, PUBLISHED_TARGETS } from './calibration.ts';
import { calibrationSummary } from './calibration-check.ts';
import { simulateStudy } from './generate.ts';

const USAGE = `Usage: npx tsx pipeline/simulate/calibrate.ts [--scale X] [--seed N] [--null]

Simulates one study and prints each calibrated figure beside its published target (counts, the
coaching and video effects, the silent-empathy shares, trait empathy's R², realism, perception).

  --scale X   multiply every count by X (default 1; at most 100, about 3.4 million messages,
              since the study is built in memory); a large scale shows the population values
  --seed N    the simulator's seed (default ${DEFAULT_SEED})
  --null      the null study (no treatment effect)`;

await runScript(
  { command: 'npx tsx pipeline/simulate/calibrate.ts', usage: USAGE, options: { scale: { type: 'string' }, seed: { type: 'string' }, null: { type: 'boolean' } } },
  ({ values }) => {
    const scale = numberOption(values, 'scale', 1);
    if (scale > 100) throw new UsageError(`--scale must be at most 100 (${scale})`);
    const seed = intOption(values, 'seed', DEFAULT_SEED);
    calibrate(scale, seed, values.null === true);
  },
);

function calibrate(scale: number, seed: number, isNull: boolean): void {
  const params = isNull ? nullParams(CALIBRATION) : CALIBRATION;
  const summary = calibrationSummary(simulateStudy(params, seed, scale));
  const rows: [string, number, number | string][] = [
    ['participants', summary.participants, PUBLISHED_TARGETS.participants * scale],
    ['conversations', summary.conversations, PUBLISHED_TARGETS.conversations * scale],
    ['messages', summary.messages, PUBLISHED_TARGETS.messages * scale],
    ['coach vs control, d (alignment)', summary.coach.d, PUBLISHED_TARGETS.coachEffectSd],
    ['  ± SE', summary.coach.dSe, ''],
    ['video vs control, d (alignment)', summary.video.d, 'smaller than coach'],
    ['self ≥ 4 elaboration, round 1', summary.selfElaborationAtLeast4, PUBLISHED_TARGETS.selfElaborationAtLeast4],
    ['judged ≥ 4 elaboration, round 1', summary.judgedElaborationAtLeast4, PUBLISHED_TARGETS.judgedElaborationAtLeast4],
    ['self = 5 understanding, round 1', summary.selfUnderstandingVeryMuch, PUBLISHED_TARGETS.selfUnderstandingVeryMuch],
    ['judged = 5 understanding, round 1', summary.judgedUnderstandingVeryMuch, PUBLISHED_TARGETS.judgedUnderstandingVeryMuch],
    ['R² round-1 alignment ~ jes', summary.traitRSquared, PUBLISHED_TARGETS.traitRSquared],
    ['realism ≥ 4', summary.realismAtLeast4, PUBLISHED_TARGETS.realismAtLeast4],
    ['perception: aligned chosen', summary.perceptionAligned, '(assumption)'],
  ];
  for (const [name, value, target] of rows) {
    console.log(`${name.padEnd(36)} ${(Number.isInteger(value) ? String(value) : value.toFixed(4)).padStart(10)}   target ${target}`);
  }
  console.log(`round-1 alignment pooled SD ${summary.coach.pooledBaselineSd.toFixed(4)}; raw coach effect ${summary.coach.estimate.toFixed(4)}`);
  for (const [dimension, s] of Object.entries(summary.coachByDimension)) {
    console.log(`  coach vs control ${dimension.padEnd(28)} ${s.estimate.toFixed(3)} (d ${s.d.toFixed(2)})`);
  }
}
