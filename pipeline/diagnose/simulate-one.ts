/**
 * One simulated study of a diagnosis, start to finish in memory: simulate (without message text)
 * → preregistered exclusions → score → the preregistered analyses, and the few numbers of each
 * result that the diagnosis summarises, with what the study's own truths are where they depend on
 * the study (H7 on the items used). Pure given its task: the same task gives the same outcome on
 * any thread.
 */
import { attritionBounds, differentialAttritionTest } from '../analyze/attrition.ts';
import { analyzeStudy } from '../analyze/index.ts';
import type { TestResult } from '../analyze/types.ts';
import type { Preregistration } from '../prereg/types.ts';
import { ARMS, type Arm } from '../study.ts';
import { scopedPreregistration, type AnalysisScope } from './scope.ts';
import { settingParams, type SimulationSetting } from './settings.ts';
import { simulateScoredStudy } from './simulated-study.ts';
import { usedItemsShare } from './truths.ts';

export interface SimulationTask {
  /** Which set the study belongs to: planted effects, the null setting, attrition, a power-curve search. */
  set: 'planted' | 'null' | 'attrition' | 'curve';
  /** Position in its set; outcomes are merged in this order. */
  index: number;
  /** The study's own seed (simulationSeed). */
  seed: number;
  /** Sample size as the simulator's scale (analysed participants = round(968 × scale)). */
  scale: number;
  setting: SimulationSetting;
  scope: AnalysisScope;
}

/** What the diagnosis keeps of one result. */
export interface TestOutcome {
  estimate: number | null;
  se: number | null;
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
  /** By hypothesis id, in the preregistration's order. */
  tests: Record<string, TestOutcome>;
  /** Truths that belong to this study alone, by result id (H7 and its companions: the share on this study's items). */
  truths: Record<string, number>;
  /** Randomised and lost after allocation, by arm (the CONSORT flow). */
  allocated: Record<Arm, number>;
  lost: Record<Arm, number>;
  /** Fisher's exact p of arm × lost (the null and attrition sets; null elsewhere or when not computable). */
  differential_p: number | null;
  /** The attrition set: Lee and worst/best-case bounds of each arm contrast on alignment, by hypothesis id. */
  bounds: Record<string, AttritionBoundsOutcome>;
}

/** What the diagnosis keeps of the bounds of one contrast: [lower, upper] of each, null when not computed. */
export interface AttritionBoundsOutcome {
  lee: [number, number] | null;
  worst_case: [number, number] | null;
  /** The untrimmed difference in observed means (the per-protocol comparison the bounds surround). */
  observed_difference: number | null;
}

function keep(result: TestResult): TestOutcome {
  return {
    estimate: result.estimate,
    se: result.se,
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
 * const outcome = simulateAndAnalyze({ set: 'planted', index: 0, seed: 7, scale: 1, setting: { kind: 'design', coach: 1, video: 1 }, scope: 'primary' }, prereg);
 * outcome.tests.H1.supported; // true (the calibrated 0.98 SD effect is found)
 */
export function simulateAndAnalyze(task: SimulationTask, prereg: Preregistration): SimulationOutcome {
  const params = settingParams(task.setting);
  const { scored, consort } = simulateScoredStudy(prereg, params, task.seed, task.scale);
  const scoped = scopedPreregistration(prereg, task.scope);
  const doc = analyzeStudy(scored, scoped, { consort, dataSha256: '', preregInfo: { file: '', sha256: '', locked: true } });
  const tests: Record<string, TestOutcome> = {};
  for (const result of doc.tests) tests[result.id] = keep(result);
  const truths: Record<string, number> = {};
  for (const spec of scoped.hypotheses) {
    if (spec.outcome !== 'perception_share') continue;
    // H7 and its exploratory companions (H7-by-item, H7-two-way) estimate the same share.
    const share = usedItemsShare(params, task.seed);
    for (const id of Object.keys(tests)) if (id === spec.id || id.startsWith(`${spec.id}-`)) truths[id] = share;
  }
  const allocated = {} as Record<Arm, number>;
  const lost = {} as Record<Arm, number>;
  for (const arm of ARMS) {
    allocated[arm] = consort.by_arm[arm].allocated;
    lost[arm] = consort.by_arm[arm].lost.reduce((sum, l) => sum + l.n, 0);
  }
  const attritionSets = task.set === 'attrition' || task.set === 'null';
  const bounds: Record<string, AttritionBoundsOutcome> = {};
  if (task.set === 'attrition') {
    for (const spec of scoped.hypotheses) {
      if (spec.contrast === null || spec.outcome !== 'alignment') continue;
      const b = attritionBounds(scored.participants, consort, spec.contrast, spec.outcome, prereg.scoring.outcome_round, spec.id);
      bounds[spec.id] = {
        lee: b.lee ? [b.lee.lower, b.lee.upper] : null,
        worst_case: b.worst_case ? [b.worst_case.lower, b.worst_case.upper] : null,
        observed_difference: b.lee?.observed_difference ?? null,
      };
    }
  }
  return { set: task.set, index: task.index, tests, truths, allocated, lost, differential_p: attritionSets ? differentialAttritionTest(consort).p : null, bounds };
}
