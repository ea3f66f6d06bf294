/**
 * The unit of work a diagnosis hands to a thread: one simulated study (`study`), or the planted
 * values from one large pair of studies (`planted`). Pure given the job and the preregistration.
 */
import type { Preregistration } from '../prereg/types.ts';
import { plantedValues, scoredSimulation, type PlantedValue } from './planted.ts';
import { simulateAndAnalyze, type SimulationOutcome, type SimulationTask } from './simulate-one.ts';

export interface PlantedTask {
  seed: number;
  /** Size of the large study, as the simulator's scale. */
  scale: number;
  coach: number;
  video: number;
}

export type Job = { kind: 'study'; task: SimulationTask } | { kind: 'planted'; task: PlantedTask };
export type JobResult = { kind: 'study'; outcome: SimulationOutcome } | { kind: 'planted'; values: Record<string, PlantedValue> };

/**
 * Runs one job.
 *
 * @example
 * runJob({ kind: 'planted', task: { seed: 5, scale: 20, coach: 1, video: 1 } }, prereg);
 * // { kind: 'planted', values: { H1: { value: 0.6…, … }, … } }
 */
export function runJob(job: Job, prereg: Preregistration): JobResult {
  if (job.kind === 'study') return { kind: 'study', outcome: simulateAndAnalyze(job.task, prereg) };
  const { seed, scale, coach, video } = job.task;
  const withEffect = scoredSimulation(prereg, seed, scale, coach, video);
  const withoutEffect = coach === 0 && video === 0 ? withEffect : scoredSimulation(prereg, seed, scale, 0, 0);
  return { kind: 'planted', values: plantedValues(prereg, withEffect, withoutEffect) };
}
