/**
 * The true value of each confirmatory result in a simulated population: what its estimate should
 * be, against which bias and CI coverage are judged. Taken from the simulator's parameters exactly
 * wherever they define it; measured where they do not, and then said so, with the measurement's SE.
 *
 * Exact (from the parameters):
 * - no treatment effect (the null setting): every arm contrast is 0;
 * - H5 in the null setting: 0, since the self-report is drawn exactly as the judged score is;
 * - H6 in the design setting: 0, since trait empathy is drawn independently of everything the
 *   judge sees (skillCorrelation 0);
 * - H7 on the pool of items: E[logistic(A + S)] over participants' abilities A ~ N(μ, σ_A²) and
 *   item shifts S ~ N(0, σ_S²), i.e. logisticNormalMean(μ, hypot(σ_A, σ_S)) (0.5 exactly when μ = 0);
 * - H7 on the items used: for the study's own bank of items (perceptionItemShifts, the same draws
 *   the simulator makes), the mean over its items of E[logistic(A + S_j)] — each participant answers
 *   a uniformly random subset of the bank, so this is the expected per-participant share the t test
 *   estimates. One value per study (`SimulationOutcome.truths`).
 *
 * Measured (approximate):
 * - arm contrasts with planted effects (H1–H4): the simulator plants its effects on a latent scale;
 *   the judge's rounding to 1–5, the median of its runs and clipping change their size on the scale
 *   the analyses see. They are measured by paired potential outcomes: one large study simulated twice
 *   from the same seed, with the effects and without. Only the effects differ (the simulator draws
 *   the same random numbers whatever their size), so each participant's round-3 difference is their
 *   own treatment effect; its mean in an arm is that arm's effect (exactly 0 in control), and the
 *   contrast's true value is the difference of two arms' effects, with its SE from the spread of the
 *   individual effects;
 * - H5 in the design setting: the self share is exact (the self-report's marginal distribution is a
 *   parameter: P(answer ≥ threshold)); the judged share is measured on the large study, with its
 *   binomial SE;
 * - H6 at the equivalence bound (null setting): the mean r over the null studies (diagnose.ts): the
 *   sample r is unbiased to O(1/n) (−r(1 − r²)/(2n) ≈ −5e−5 here), and its MCSE is reported.
 * - arm contrasts among the participants who would stay in either arm (attrition setting): paired
 *   potential outcomes as above, on the large study with everyone given the attrition of the
 *   contrast's arm that loses more (attrition is monotone, so the participants kept are exactly
 *   those observed in both arms).
 */
import { analyzeStudy } from '../analyze/index.ts';
import { pooledWithinArmSd } from '../analyze/effect-size.ts';
import { outcomeAt } from '../analyze/outcomes.ts';
import type { Consort } from '../ingest/tables.ts';
import type { HypothesisSpec, Outcome, Preregistration } from '../prereg/types.ts';
import type { ScoredParticipant, ScoredStudy } from '../score/types.ts';
import type { SimulationParams } from '../simulate/calibration.ts';
import { perceptionItemShifts } from '../simulate/generate.ts';
import { logisticNormalMean } from '../stats/logistic-normal.ts';
import { DIMENSIONS, type Arm, type Dimension } from '../study.ts';
import { scopedPreregistration } from './scope.ts';
import { settingParams, type SimulationSetting } from './settings.ts';
import { simulateScoredStudy } from './simulated-study.ts';

export type TruthKind =
  /** From the simulator's parameters, exactly (up to quadrature, ~1e−13). */
  | 'exact'
  /** Exact for each study, from its own draws (H7 on the items used); `value` is their mean. */
  | 'exact_per_study'
  /** Measured on a large paired study (arm contrasts): approximate, with its SE. */
  | 'paired_potential_outcomes'
  /** H5: the self share exact, the judged share measured on a large study. */
  | 'exact_self_share_measured_judged_share'
  /** The mean estimate over the null studies (H6 at the bound): approximate, with its MCSE. */
  | 'mean_of_null_studies';

export interface Truth {
  /** On the estimate's scale (1–5 points for H1–H4, a share difference for H5, r for H6, a share for H7). */
  value: number;
  /** Standard error of `value` where it is measured; 0 where exact. */
  se: number;
  /** H1–H4: `value` over the pooled within-arm SD of the round-1 outcome (the d of results.json). */
  d: number | null;
  how: TruthKind;
}

/**
 * The share of aligned choices on the pool of perception items, E[logistic(A + S)].
 *
 * @example
 * poolShare(CALIBRATION); // 0.7477085428255… (R integrate: 0.74770854282553656)
 */
export function poolShare(params: SimulationParams): number {
  const { logitMean, logitSd, itemSd } = params.perception;
  return logisticNormalMean(logitMean, Math.hypot(logitSd, itemSd));
}

/**
 * The expected share of aligned choices on the bank of items of the study with this seed: the mean
 * over its items S_j of E[logistic(A + S_j)], A ~ N(logitMean, logitSd²).
 *
 * @example
 * usedItemsShare(CALIBRATION, 7); // about 0.75, ± the spread of a bank of 40 items
 */
export function usedItemsShare(params: SimulationParams, seed: number): number {
  const { logitMean, logitSd } = params.perception;
  const shifts = perceptionItemShifts(params, seed);
  let sum = 0;
  for (const shift of shifts) sum += logisticNormalMean(logitMean + shift, logitSd);
  return sum / shifts.length;
}

function isDimension(outcome: string): outcome is Dimension {
  return DIMENSIONS.some((d) => d.name === outcome);
}

/** P(self-report ≥ threshold) from the marginal distribution of answers 1..5. */
function selfShare(params: SimulationParams, dimension: Dimension, threshold: number): number {
  return params.selfReport.distribution[dimension].slice(threshold - 1).reduce((sum, p) => sum + p, 0);
}

/**
 * Simulates, excludes and scores a study (no message text) in a setting.
 *
 * @example
 * scoredSimulation(prereg, { kind: 'design', coach: 1, video: 1 }, 7, 1).participants.length; // 968
 */
export function scoredSimulation(prereg: Preregistration, setting: SimulationSetting, seed: number, scale: number): ScoredStudy {
  return simulateScoredStudy(prereg, settingParams(setting), seed, scale).scored;
}

function armEffect(withEffect: readonly ScoredParticipant[], without: readonly ScoredParticipant[], outcome: Outcome, arm: Arm, round: 1 | 2 | 3): { mean: number; se: number } {
  if (arm === 'control') return { mean: 0, se: 0 };
  let n = 0;
  let sum = 0;
  let squares = 0;
  withEffect.forEach((p, i) => {
    if (p.arm !== arm) return;
    const a = outcomeAt(p, outcome, round);
    const b = outcomeAt(without[i], outcome, round);
    if (a === null || b === null) return;
    const diff = a - b;
    n++;
    sum += diff;
    squares += diff * diff;
  });
  const mean = sum / n;
  const variance = n > 1 ? (squares - n * mean * mean) / (n - 1) : 0;
  return { mean, se: Math.sqrt(Math.max(0, variance) / n) };
}

function sameParticipants(a: ScoredStudy, b: ScoredStudy): void {
  const ids = (s: ScoredStudy) => s.participants.map((p) => p.participant_id).join('\n');
  if (ids(a) !== ids(b)) throw new Error('true values: the two simulations must have the same participants (same seed, scale and attrition)');
}

/** True if `spec` compares two arms on a judged outcome (H1–H4). */
export function isArmContrast(spec: HypothesisSpec): boolean {
  return spec.method === 'ancova_ols_hc3' && spec.contrast !== null && spec.outcome !== 'perception_share';
}

/**
 * The true value of an arm contrast by paired potential outcomes on a large study simulated with
 * the effects (`withEffect`) and without (`withoutEffect`), among the participants they analyse.
 *
 * @example
 * armContrastTruth(prereg, h1, scoredSimulation(prereg, design, 99, 20), scoredSimulation(prereg, noEffect, 99, 20));
 * // { value: 0.607…, se: 0.001…, d: 0.97…, how: 'paired_potential_outcomes' }
 */
export function armContrastTruth(prereg: Preregistration, spec: HypothesisSpec, withEffect: ScoredStudy, withoutEffect: ScoredStudy): Truth {
  const outcome = spec.outcome;
  if (!isArmContrast(spec) || spec.contrast === null || outcome === 'perception_share') throw new Error(`${spec.id} is not an arm contrast`);
  sameParticipants(withEffect, withoutEffect);
  const { outcome_round: outcomeRound, effect_size_round: sdRound } = prereg.scoring;
  const treated = armEffect(withEffect.participants, withoutEffect.participants, outcome, spec.contrast.treatment, outcomeRound);
  const reference = armEffect(withEffect.participants, withoutEffect.participants, outcome, spec.contrast.reference, outcomeRound);
  const values: number[] = [];
  const arms: Arm[] = [];
  for (const p of withEffect.participants) {
    const v = outcomeAt(p, outcome, sdRound);
    if (v !== null) {
      values.push(v);
      arms.push(p.arm);
    }
  }
  const value = treated.mean - reference.mean;
  return { value, se: Math.hypot(treated.se, reference.se), d: value / pooledWithinArmSd(values, arms), how: 'paired_potential_outcomes' };
}

/**
 * The true values in the design setting of every confirmatory hypothesis, by id: arm contrasts and
 * H5 measured on the large study pair, H6 and H7 (on the pool) exact. H7 on the items used is per
 * study and not here.
 *
 * @example
 * designTruths(prereg, params, withEffect, withoutEffect).H6['trait_sites'];
 */
export function designTruths(prereg: Preregistration, params: SimulationParams, withEffect: ScoredStudy, withoutEffect: ScoredStudy): Record<string, Truth> {
  sameParticipants(withEffect, withoutEffect);
  const scoped = scopedPreregistration(prereg, 'confirmatory');
  let results: Map<string, ReturnType<typeof analyzeStudy>['tests'][number]> | null = null;
  const analysed = () => (results ??= new Map(analyzeStudy(withEffect, scoped, { consort: emptyConsort(), dataSha256: '', preregInfo: { file: '', sha256: '', locked: true } }).tests.map((t) => [t.id, t])));
  const truths: Record<string, Truth> = {};
  for (const spec of scoped.hypotheses) {
    if (isArmContrast(spec)) {
      truths[spec.id] = armContrastTruth(prereg, spec, withEffect, withoutEffect);
    } else if (spec.method === 'one_sample_t' && spec.outcome === 'perception_share') {
      truths[spec.id] = { value: poolShare(params), se: 0, d: null, how: 'exact' };
    } else if (spec.method === 'pearson_fisher_tost') {
      if (params.trait.skillCorrelation !== 0 || params.trait.sitesSkillCorrelation !== undefined) throw new Error(`${spec.id}: the true r is 0 only when trait empathy is independent of skill`);
      truths[spec.id] = { value: 0, se: 0, d: null, how: 'exact' };
    } else if (spec.method === 'mcnemar_exact' && spec.threshold !== null && isDimension(spec.outcome)) {
      const result = analysed().get(spec.id);
      if (!result || result.judged_share === null || result.judged_share === undefined || result.n === 0) continue;
      const judged = result.judged_share;
      const self = params.selfReport.mirrorsJudge ? judged : selfShare(params, spec.outcome, spec.threshold);
      truths[spec.id] = { value: self - judged, se: Math.sqrt((judged * (1 - judged)) / result.n), d: null, how: 'exact_self_share_measured_judged_share' };
    }
  }
  return truths;
}

/** analyzeStudy copies the CONSORT counts into results.json's sample block, which the diagnosis does not read. */
function emptyConsort(): Consort {
  const arm = () => ({ allocated: 0, lost: [], analysed: 0 });
  return { schema: 'lend-an-ear-consort/1', enrolled: 0, excluded_before_randomisation: [], randomised: 0, by_arm: { control: arm(), video: arm(), coach: arm() }, analysed: 0 };
}
