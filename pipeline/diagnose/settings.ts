/**
 * The simulated populations the diagnosis draws its studies from, as small descriptions a worker
 * turns into simulator parameters (pipeline/simulate/calibration.ts):
 *
 * - `design`: the calibrated study with the treatment effects scaled by `coach` and `video`;
 * - `null`: every confirmatory hypothesis at its null at once: no treatment effect (H1–H4), the
 *   self-report distributed exactly as the judged score (H5: it mirrors the judge), trait empathy
 *   correlated with round-1 alignment at the equivalence bound (H6: |r| = 0.1), and no pull towards
 *   the aligned response across the pool of perception items (H7: logit mean 0, so the pool's share
 *   is exactly 0.5). The analyses of different hypotheses read different columns, so one set of
 *   studies serves all of them;
 * - `attrition`: the design population, with attrition after round 1 that depends on the arm and
 *   on the participant's skill (`ATTRITION`); `asIfArm` gives everyone the attrition of one arm,
 *   which selects the participants who would stay in any arm whose attrition is not higher.
 *
 * Each option is off in the bundled simulation, whose export stays byte for byte the same.
 */
import { CALIBRATION, withTreatmentEffects, type SimulationParams } from '../simulate/calibration.ts';
import type { Arm } from '../study.ts';

export interface SimulationSetting {
  kind: 'design' | 'null' | 'attrition';
  /** Multipliers of the calibrated coaching and video effects (0 in the null setting). */
  coach: number;
  video: number;
  /** attrition only: everyone's attrition as if allocated to this arm. */
  asIfArm?: Arm;
}

/**
 * Correlations of the latent trait normals with the latent skill in the null setting, chosen so
 * that Pearson r of trait_jes and of trait_sites with round-1 alignment is 0.1, the equivalence
 * bound of H6. Not exact (alignment is a judged, rounded score and trait_sites is ordinal):
 * measured by `npx tsx pipeline/diagnose/calibrate-null.ts` (20 studies of 48,400 participants:
 * see that script), and each diagnosis reports the mean r of its null studies beside them.
 */
export const TRAIT_AT_BOUND = { jes: 0.12, sites: 0.1292 } as const;

/**
 * The attrition of the attrition setting [assumption, to show the mechanism, not calibrated to
 * anything]: after round 1, 5% of control, 10% of video and 20% of coached participants of average
 * outcome drop out, and those whose untreated round-3 outcome would be worse more often (log-odds
 * −1.5 per SD), so coaching keeps a better group and the per-protocol estimate of its effect is
 * biased upwards; round 1 cannot adjust it away, since the outcome's round-3 part is not in it.
 * Monotone: whoever drops under control would drop under video or coaching.
 */
export const ATTRITION = { afterRound1: { control: 0.05, video: 0.1, coach: 0.2 }, outcomeSlope: -1.5 } as const;

/**
 * The simulator's parameters for a setting.
 *
 * @example
 * settingParams({ kind: 'null', coach: 0, video: 0 }).perception.logitMean; // 0
 */
export function settingParams(setting: SimulationSetting): SimulationParams {
  const effects = withTreatmentEffects(CALIBRATION, { coach: setting.coach, video: setting.video });
  if (setting.kind === 'design') return effects;
  if (setting.kind === 'attrition') return { ...effects, attrition: { ...ATTRITION, ...(setting.asIfArm ? { asIfArm: setting.asIfArm } : {}) } };
  return {
    ...effects,
    selfReport: { ...effects.selfReport, mirrorsJudge: true },
    trait: { ...effects.trait, skillCorrelation: TRAIT_AT_BOUND.jes, sitesSkillCorrelation: TRAIT_AT_BOUND.sites },
    perception: { ...effects.perception, logitMean: 0 },
  };
}

/**
 * The arm with the highest attrition of a contrast's two arms: its attrition, given to everyone,
 * keeps exactly the participants observed in both arms (attrition is monotone).
 *
 * @example
 * mostAttrition('coach', 'control'); // 'coach'
 */
export function mostAttrition(a: Arm, b: Arm): Arm {
  return ATTRITION.afterRound1[a] >= ATTRITION.afterRound1[b] ? a : b;
}
