/**
 * The unit of work a diagnosis hands to a thread: one simulated study (`study`), or the true values
 * measured on one large pair of studies (`truths`). Pure given the job and the preregistration.
 */
import type { Preregistration } from '../prereg/types.ts';
import { simulateAndAnalyze, type SimulationOutcome, type SimulationTask } from './simulate-one.ts';
import { settingParams, type SimulationSetting } from './settings.ts';
import { armContrastTruth, designTruths, scoredSimulation, type Truth } from './truths.ts';

export interface TruthsTask {
  seed: number;
  /** Size of the large study, as the simulator's scale. */
  scale: number;
  /** The setting with its effects; its twin without effects is the same setting with coach = video = 0. */
  setting: SimulationSetting;
  /** Only these arm contrasts (the attrition setting's always-observed truths); absent: every confirmatory hypothesis. */
  contrasts?: string[];
}

export type Job = { kind: 'study'; task: SimulationTask } | { kind: 'truths'; task: TruthsTask };
export type JobResult = { kind: 'study'; outcome: SimulationOutcome } | { kind: 'truths'; values: Record<string, Truth> };

/**
 * Runs one job.
 *
 * @example
 * runJob({ kind: 'truths', task: { seed: 5, scale: 20, setting: { kind: 'design', coach: 1, video: 1 } } }, prereg);
 * // { kind: 'truths', values: { H1: { value: 0.6…, … }, … } }
 */
export function runJob(job: Job, prereg: Preregistration): JobResult {
  if (job.kind === 'study') return { kind: 'study', outcome: simulateAndAnalyze(job.task, prereg) };
  const { seed, scale, setting, contrasts } = job.task;
  const withEffect = scoredSimulation(prereg, setting, seed, scale);
  const noEffect = { ...setting, coach: 0, video: 0 };
  const withoutEffect = setting.coach === 0 && setting.video === 0 ? withEffect : scoredSimulation(prereg, noEffect, seed, scale);
  if (!contrasts) return { kind: 'truths', values: designTruths(prereg, settingParams(setting), withEffect, withoutEffect) };
  const values: Record<string, Truth> = {};
  for (const id of contrasts) {
    const spec = prereg.hypotheses.find((h) => h.id === id);
    if (spec) values[id] = armContrastTruth(prereg, spec, withEffect, withoutEffect);
  }
  return { kind: 'truths', values };
}
