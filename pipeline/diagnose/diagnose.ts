/**
 * The design diagnosis: simulate the preregistered design many times with planted effects and
 * without, run the preregistered analyses on each, and summarise per hypothesis (power, type I
 * error, bias, coverage, with Monte Carlo SEs); then the power curve of H1 over the coaching
 * effect and its minimum detectable effect at 80% power. Deterministic for a seed whatever the
 * number of workers: every study's seed comes from (seed, stream, index) and results are merged
 * in index order.
 */
import type { Preregistration } from '../prereg/types.ts';
import { CALIBRATION } from '../simulate/calibration.ts';
import type { Job, JobResult } from './jobs.ts';
import { bisectPower, bracketFromCurve } from './mde.ts';
import { proportionWithMcse, meanWithMcse } from './monte-carlo.ts';
import type { PlantedValue } from './planted.ts';
import type { JobPool } from './pool.ts';
import type { Progress } from './progress.ts';
import { simulationSeed } from './seeds.ts';
import type { SimulationOutcome, SimulationTask } from './simulate-one.ts';
import { familyWiseError, summarizeHypothesis } from './summarize.ts';
import type { DiagnosisDoc, PowerCurvePoint } from './types.ts';

export interface DiagnoseSettings {
  sims: number;
  seed: number;
  /** Analysed participants per simulated study (968 in the paper). */
  participants: number;
  /** Planted effects in SD of round-1 alignment (ANCOVA d vs control); null = the calibrated effect. */
  effectCoach: number | null;
  effectVideo: number | null;
  /** Studies per power-curve point and per bisection step; 0 = no curve and no MDE. */
  curveSims: number;
  /** Size (simulator scale) of the large study pair that measures the planted values. */
  plantedScale: number;
  prereg: Preregistration;
  preregFile: string;
  preregSha256: string;
}

/** Power-curve grid in d at 968 participants; stretched by sqrt(968 / n) for other sizes. */
const CURVE_GRID = [0, 0.03, 0.06, 0.09, 0.12, 0.15, 0.18, 0.24, 0.36, 0.6];
const TARGET_POWER = 0.8;
const BISECTION_STEPS = 6;
const MDE_HYPOTHESIS = 'H1';
/** The video − control hypothesis whose d calibrates the video effect. */
const VIDEO_HYPOTHESIS = 'H3';

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * Runs the diagnosis on `pool`, reporting each finished study to `progress`.
 *
 * @example
 * const doc = await diagnoseDesign({ sims: 200, seed: 1, participants: 968, effectCoach: null, effectVideo: null, curveSims: 50, plantedScale: 20, prereg, preregFile, preregSha256 }, pool, progress);
 * doc.hypotheses.find((h) => h.id === 'H1')?.power; // { value: 1, mcse: 0, n: 200 }
 */
export async function diagnoseDesign(settings: DiagnoseSettings, pool: JobPool, progress: Progress): Promise<DiagnosisDoc> {
  const { sims, seed, participants, curveSims, plantedScale, prereg } = settings;
  const scale = participants / CALIBRATION.sample.analysedParticipants;
  // A planted-value job simulates two studies of plantedScale x 968 participants: weigh it so.
  const plantedWeight = (2 * plantedScale) / scale;
  const tick = () => progress.tick();
  progress.grow(plantedWeight);
  const plantedJob = (coach: number, video: number): Job => ({ kind: 'planted', task: { seed: simulationSeed(seed, 'planted', 0), scale: plantedScale, coach, video } });
  const plantedOf = (r: JobResult): Record<string, PlantedValue> => (r.kind === 'planted' ? r.values : {});
  const outcomeOf = (r: JobResult): SimulationOutcome => {
    if (r.kind !== 'study') throw new Error('expected a study outcome');
    return r.outcome;
  };

  // Phase 1: the planted values at the calibrated effects, which turn a requested d into a
  // multiplier. The studies that do not need them (the null set; the planted set too when the
  // calibrated effects are asked for) are queued at the same time, so no thread idles while one
  // thread measures them.
  const study = (set: SimulationTask['set'], index: number, point: number, studySeed: number, coach: number, video: number, scope: SimulationTask['scope']): Job => ({
    kind: 'study',
    task: { set, index, point, seed: studySeed, scale, coach, video, scope },
  });
  const designStudies = (set: 'planted' | 'null', coach: number, video: number): Job[] =>
    Array.from({ length: sims }, (_, i) => study(set, i, 0, simulationSeed(seed, 'design', i), coach, video, 'confirmatory'));
  const atCalibratedEffects = settings.effectCoach === null && settings.effectVideo === null;
  // Batches run concurrently and are awaited later: a failure is reported once, where awaited.
  const pending = <T>(promise: Promise<T>): Promise<T> => {
    promise.catch(() => {});
    return promise;
  };
  const runStudies = (jobs: Job[]) => pending(pool.run(jobs, tick).then((results) => results.map(outcomeOf)));
  const calibrating = pending(pool.run([plantedJob(1, 1)], () => progress.tick(plantedWeight)));
  progress.grow(sims * (atCalibratedEffects ? 2 : 1));
  const plantedAtCalibrated = atCalibratedEffects ? runStudies(designStudies('planted', 1, 1)) : null;
  const nullRun = runStudies(designStudies('null', 0, 0));
  const [calibratedResult] = await calibrating;
  const calibrated = plantedOf(calibratedResult);
  const calibratedD = { coach: calibrated[MDE_HYPOTHESIS]?.d ?? NaN, video: calibrated[VIDEO_HYPOTHESIS]?.d ?? NaN };
  const coachMultiplier = settings.effectCoach === null ? 1 : settings.effectCoach / calibratedD.coach;
  const videoMultiplier = settings.effectVideo === null ? 1 : settings.effectVideo / calibratedD.video;

  // Phase 2: the planted values at the requested effects, the planted set at them, the power curve.
  const sameAsCalibrated = coachMultiplier === 1 && videoMultiplier === 1;
  const plantedRun = sameAsCalibrated ? Promise.resolve(calibratedResult) : pending(pool.run([plantedJob(coachMultiplier, videoMultiplier)], () => progress.tick(plantedWeight), { first: true }).then(([r]) => r));
  const plantedStudiesRun = plantedAtCalibrated ?? runStudies(designStudies('planted', coachMultiplier, videoMultiplier));
  const stretch = Math.sqrt(CALIBRATION.sample.analysedParticipants / participants);
  const grid = curveSims > 0 ? CURVE_GRID.map((d) => round6(d * stretch)) : [];
  const curveStudies = (d: number, point: number): Job[] =>
    Array.from({ length: curveSims }, (_, j) => study('curve', j, point, simulationSeed(seed, 'curve', j), d / calibratedD.coach, videoMultiplier, 'primary'));
  const curveRuns = grid.map((d, point) => runStudies(curveStudies(d, point)));
  progress.grow((sameAsCalibrated ? 0 : plantedWeight) + (atCalibratedEffects ? 0 : sims) + grid.length * curveSims + (curveSims > 0 ? BISECTION_STEPS * curveSims : 0));

  const planted = plantedOf(await plantedRun);
  const plantedStudies = await plantedStudiesRun;
  const nullStudies = await nullRun;
  const curveOutcomes = await Promise.all(curveRuns);
  const alpha = prereg.alpha;
  const supportedShare = (studies: readonly SimulationOutcome[]) => proportionWithMcse(studies.map((o) => o.tests[MDE_HYPOTHESIS]?.supported ?? null));

  const points: PowerCurvePoint[] = grid.map((d, point) => {
    const atPoint = curveOutcomes[point];
    const mean = meanWithMcse(atPoint.map((o) => o.tests[MDE_HYPOTHESIS]?.d ?? null));
    return {
      d,
      coach_multiplier: round6(d / calibratedD.coach),
      power: supportedShare(atPoint),
      rejection_rate: proportionWithMcse(atPoint.map((o) => (o.tests[MDE_HYPOTHESIS]?.p ?? null) === null ? null : (o.tests[MDE_HYPOTHESIS].p as number) < alpha)),
      mean_d: { value: mean.value, mcse: mean.mcse, n: mean.n },
    };
  });

  // Phase 3: bisection for the minimum detectable effect on the curve's studies.
  let mde: DiagnosisDoc['mde'] = null;
  if (curveSims > 0) {
    const method =
      `bisection over the planted coaching effect (d = multiplier x calibrated d; video effect held at its design value) for power of ${MDE_HYPOTHESIS}'s preregistered decision >= ${TARGET_POWER}, ` +
      `${BISECTION_STEPS} halvings of the bracket read off the power curve, each point on the same ${curveSims} simulated studies (common random numbers, the curve's seeds)`;
    const bracket = bracketFromCurve(points.map((p) => ({ d: p.d, power: p.power.value })), TARGET_POWER);
    const evaluated = new Map<number, ReturnType<typeof supportedShare>>();
    if (bracket) {
      const highPoint = points.find((p) => p.d === bracket.high);
      const found = await bisectPower(
        async (d) => {
          const batch = await runStudies(curveStudies(d, -1));
          const share = supportedShare(batch);
          evaluated.set(d, share);
          return share.value ?? 0;
        },
        bracket,
        TARGET_POWER,
        BISECTION_STEPS,
        highPoint?.power.value ?? null,
      );
      const atMde = evaluated.get(found.high) ?? highPoint?.power ?? null;
      mde = { hypothesis: MDE_HYPOTHESIS, target_power: TARGET_POWER, d: round6(found.high), coach_multiplier: round6(found.high / calibratedD.coach), power_at_mde: atMde, bracket: { low: round6(found.low), high: round6(found.high) }, bisection_steps: BISECTION_STEPS, method };
    } else {
      mde = { hypothesis: MDE_HYPOTHESIS, target_power: TARGET_POWER, d: null, coach_multiplier: null, power_at_mde: null, bracket: null, bisection_steps: 0, method: `${method}; the curve never crossed the target in d = 0..${grid[grid.length - 1]}, so no bisection was run` };
    }
  }

  const confirmatory = prereg.hypotheses.filter((h) => h.status === 'confirmatory');
  const hypotheses = confirmatory.map((spec) => summarizeHypothesis(spec, plantedStudies, nullStudies, planted[spec.id] ?? null, alpha));
  const families = [...new Set(confirmatory.filter((h) => h.contrast).map((h) => h.family))];
  const familyWise = families.map((family) => {
    const ids = confirmatory.filter((h) => h.family === family && h.contrast).map((h) => h.id);
    return { family, hypotheses: ids, rate: familyWiseError(nullStudies, ids) };
  });

  return {
    schema: 'lend-an-ear-diagnosis/1',
    settings: {
      sims,
      seed,
      participants,
      scale,
      effect_coach_d: round6(coachMultiplier * calibratedD.coach),
      effect_video_d: round6(videoMultiplier * calibratedD.video),
      coach_multiplier: coachMultiplier,
      video_multiplier: videoMultiplier,
      curve_sims: curveSims,
      planted_scale: plantedScale,
      alpha,
      preregistration: { file: settings.preregFile, sha256: settings.preregSha256 },
    },
    calibrated_d: calibratedD,
    hypotheses,
    family_wise_error: familyWise,
    power_curve: curveSims > 0 ? { hypothesis: MDE_HYPOTHESIS, sims_per_point: curveSims, video_multiplier: videoMultiplier, points } : null,
    mde,
  };
}
