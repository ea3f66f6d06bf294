/**
 * One simulated study of a diagnosis, start to finish in memory: simulate (without message text)
 * → preregistered exclusions → score → the preregistered analyses, and the few numbers of each
 * result that the diagnosis summarises. Pure given its task: the same task gives the same outcome
 * on any thread.
 */
import { analyzeStudy } from '../analyze/index.ts';
import type { TestResult } from '../analyze/types.ts';
import type { Preregistration } from '../prereg/types.ts';
import { scopedPreregistration, type AnalysisScope } from './scope.ts';
import { simulateScoredStudy } from './simulated-study.ts';

export interface SimulationTask {
  /** Which set the study belongs to: planted effects, no effects, or a power-curve point. */
  set: 'planted' | 'null' | 'curve';
  /** Position in its set; outcomes are merged in this order. */
  index: number;
  /** Key of the power-curve point (its index), 0 elsewhere. */
  point: number;
  /** The study's own seed (simulationSeed). */
  seed: number;
  /** Sample size as the simulator's scale (analysed participants = round(968 × scale)). */
  scale: number;
  /** Multipliers of the calibrated coaching and video effects. */
  coach: number;
  video: number;
  scope: AnalysisScope;
}

/** What the diagnosis keeps of one result. */
export interface TestOutcome {
  estimate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p: number | null;
  /** The preregistered decision (adjusted p, direction, or equivalence for H6). */
  supported: boolean | null;
  /** Standardised effect (d) where the result has one. */
  d: number | null;
}

export interface SimulationOutcome {
  set: SimulationTask['set'];
  index: number;
  point: number;
  /** By hypothesis id, in the preregistration's order. */
  tests: Record<string, TestOutcome>;
}

function keep(result: TestResult): TestOutcome {
  return {
    estimate: result.estimate,
    ci_low: result.ci_low,
    ci_high: result.ci_high,
    p: result.p,
    supported: result.decision === 'supported' ? true : result.decision === 'not_supported' ? false : null,
    d: result.effect_size?.value ?? null,
  };
}

/**
 * Simulates and analyses one study.
 *
 * @example
 * const outcome = simulateAndAnalyze({ set: 'planted', index: 0, point: 0, seed: 7, scale: 1, coach: 1, video: 1, scope: 'primary' }, prereg);
 * outcome.tests.H1.supported; // true (the calibrated 0.98 SD effect is found)
 */
export function simulateAndAnalyze(task: SimulationTask, prereg: Preregistration): SimulationOutcome {
  const { scored, consort } = simulateScoredStudy(prereg, task.seed, task.scale, task.coach, task.video);
  const scoped = scopedPreregistration(prereg, task.scope);
  const doc = analyzeStudy(scored, scoped, { consort, dataSha256: '', preregInfo: { file: '', sha256: '', locked: true } });
  const tests: Record<string, TestOutcome> = {};
  for (const result of doc.tests) tests[result.id] = keep(result);
  return { set: task.set, index: task.index, point: task.point, tests };
}
