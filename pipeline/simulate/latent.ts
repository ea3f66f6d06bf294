/**
 * The latent side of a participant: general skill, personal offsets per dimension, and from
 * them the latent judge-scale score of each conversation (the model in calibration.ts).
 */
import { DIMENSIONS, type Arm, type Dimension, type Round } from '../study.ts';
import type { Rng } from '../stats/random.ts';
import type { PerDimension, SimulationParams } from './calibration.ts';

export interface LatentParticipant {
  /** General empathic-communication skill, N(0, 1). */
  skill: number;
  /** Personal offset per dimension, N(0, 1) each. */
  offset: Record<Dimension, number>;
}

/**
 * Draws a participant's skill and offsets (7 standard normal draws, skill first, then the
 * offsets in DIMENSIONS order).
 *
 * @example
 * drawLatentParticipant(createRng(1)).offset.advice_giving; // a N(0, 1) draw
 */
export function drawLatentParticipant(rng: Rng): LatentParticipant {
  const skill = rng.normal();
  const offset = {} as Record<Dimension, number>;
  for (const d of DIMENSIONS) offset[d.name] = rng.normal();
  return { skill, offset };
}

/**
 * The participant's stable tendency on a dimension as a standard normal: the skill and offset
 * parts of the latent score, standardised (used to tie self-reports weakly to behaviour).
 *
 * @example
 * // skill 1, no offset: advice_giving is proscriptive, so the tendency is −0.55 / hypot(0.55, 0.45)
 * standardisedTendency({ skill: 1, offset: { ...zeros } }, 'advice_giving', CALIBRATION); // -0.774
 */
export function standardisedTendency(person: LatentParticipant, dimension: Dimension, params: SimulationParams): number {
  const { skillLoading, uniqueSd } = params.latent;
  const spec = DIMENSIONS.find((d) => d.name === dimension)!;
  return (spec.direction * skillLoading * person.skill + uniqueSd * person.offset[dimension]) / Math.hypot(skillLoading, uniqueSd);
}

/**
 * The latent judge-scale score of one conversation on every dimension: baseline + skill +
 * offset + conversation noise + scenario shift + practice + the arm's effect at this round.
 *
 * @example
 * // an average control participant at round 1: baseline 3.1 + job-loss shift 0.25 + noise
 * conversationLatent({ skill: 0, offset: { ...zeros } }, 'control', 1, 'job_loss', CALIBRATION, createRng(1)).advice_giving;
 * // 3.3946797776212514
 */
export function conversationLatent(person: LatentParticipant, arm: Arm, round: Round, scenario: string, params: SimulationParams, rng: Rng): PerDimension {
  const { latent, effects } = params;
  const shift = latent.scenarioShift[scenario] ?? {};
  const progress = (round - 1) / 2;
  const weight = effects.roundWeight[round - 1];
  const scores = {} as Record<Dimension, number>;
  for (const d of DIMENSIONS) {
    scores[d.name] =
      latent.baseline[d.name] +
      d.direction * latent.skillLoading * person.skill +
      latent.uniqueSd * person.offset[d.name] +
      latent.conversationSd * rng.normal() +
      (shift[d.name] ?? 0) +
      effects.practice[d.name] * progress +
      effects.arm[arm][d.name] * weight;
  }
  return scores;
}

/**
 * The latent alignment of a conversation's latent scores: the mean over the six dimensions of
 * direction × score (higher is closer to the norms; unrounded, unclipped, unreflected).
 *
 * @example
 * latentAlignment({ validating_emotions: 3, …, advice_giving: 2, … }); // (3 + … − 2 − …) / 6
 */
export function latentAlignment(scores: PerDimension): number {
  let sum = 0;
  for (const d of DIMENSIONS) sum += d.direction * scores[d.name];
  return sum / DIMENSIONS.length;
}

/**
 * Mean and SD, over participants, conversations and the round-3 scenario (uniform over the four),
 * of the latent round-3 alignment without any treatment effect (the untreated potential outcome):
 * skill contributes skillLoading·g, the offsets uniqueSd²/6 and the conversation noise
 * conversationSd²/6 to the variance, the scenario the variance of its mean shift.
 *
 * @example
 * untreatedOutcomeMoments(CALIBRATION); // { mean: 0.42…, sd: 0.62… }
 */
export function untreatedOutcomeMoments(params: SimulationParams, scenarios: readonly string[]): { mean: number; sd: number } {
  const { latent, effects } = params;
  const base: Record<string, number> = {};
  for (const d of DIMENSIONS) base[d.name] = latent.baseline[d.name] + effects.practice[d.name];
  const shifts = scenarios.map((s) => latentAlignment(Object.fromEntries(DIMENSIONS.map((d) => [d.name, latent.scenarioShift[s]?.[d.name] ?? 0])) as unknown as PerDimension));
  const shiftMean = shifts.reduce((a, b) => a + b, 0) / shifts.length;
  const shiftVariance = shifts.reduce((a, b) => a + (b - shiftMean) ** 2, 0) / shifts.length;
  const k = DIMENSIONS.length;
  const variance = latent.skillLoading ** 2 + (latent.uniqueSd ** 2 + latent.conversationSd ** 2) / k + shiftVariance;
  return { mean: latentAlignment(base as unknown as PerDimension) + shiftMean, sd: Math.sqrt(variance) };
}
