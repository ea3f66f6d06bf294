/**
 * The planted value of each confirmatory result: what its estimate would be in the simulated
 * population, against which bias and CI coverage are judged.
 *
 * The simulator plants its effects on a latent scale; the judge's rounding to 1–5, the median of
 * its runs and the clipping at 1 and 5 change their size on the scale the analyses see. So the
 * planted value of a treatment contrast (H1–H3, H4.*) is measured on the judged scale, by common
 * random numbers: one large study (`scale` × 968 participants) is simulated twice from the same
 * seed, with the effects and without. Nothing but the effects differs, so each participant's
 * round-3 difference between the two is their own treatment effect; its mean in an arm is that
 * arm's effect (exactly 0 in control, and everywhere under no effect), and the contrast's planted
 * value is the difference of two arms' effects. Its standard error (from the spread of the
 * participants' effects) is reported and carried into the bias's uncertainty.
 *
 * The other confirmatory results do not depend on the treatment. For H5 (shares) and H6
 * (correlations) the planted value is the preregistered analysis' estimate on the same large study,
 * with its standard error (H5: of a difference of paired proportions, from the discordant counts).
 * H7 is different: every simulated study draws its own bank of perception items, so a large
 * study's mean share is conditional on its one bank. Its planted value is the population mean the
 * simulator's parameters imply, E[logistic(ability + item shift)], integrated numerically.
 */
import { analyzeStudy } from '../analyze/index.ts';
import { pooledWithinArmSd } from '../analyze/effect-size.ts';
import { outcomeAt } from '../analyze/outcomes.ts';
import type { Consort } from '../ingest/tables.ts';
import type { Outcome, Preregistration } from '../prereg/types.ts';
import type { ScoredParticipant, ScoredStudy } from '../score/types.ts';
import { CALIBRATION } from '../simulate/calibration.ts';
import type { Arm } from '../study.ts';
import { scopedPreregistration } from './scope.ts';
import { simulateScoredStudy } from './simulated-study.ts';

export interface PlantedValue {
  /** On the estimate's scale (1–5 points for H1–H4, a share difference for H5, r for H6, a share for H7). */
  value: number;
  /** Standard error of `value` as measured on the large study; null when the analysis gives none (H5). */
  se: number | null;
  /** H1–H4: `value` over the pooled within-arm SD of the round-1 outcome (the d of results.json). */
  d: number | null;
  how: 'paired_potential_outcomes' | 'large_sample_estimate' | 'simulator_parameters';
}

/** z for a 95% interval, to turn a reported CI back into an SE where a result has no `se`. */
const Z975 = 1.959963984540054;

/**
 * The simulator's population mean share of aligned perception choices: E[logistic(A + S)] with
 * ability A ~ N(logitMean, logitSd²) and item shift S ~ N(0, itemSd²), over participants and item
 * banks (pipeline/simulate/participant.ts), by Simpson's rule on z in [−12, 12] (4,000 intervals).
 *
 * @example
 * perceptionPopulationShare(CALIBRATION.perception); // 0.7477085428255… (scipy.integrate.quad: 0.7477085428255362)
 */
export function perceptionPopulationShare(perception: { logitMean: number; logitSd: number; itemSd: number }): number {
  const sd = Math.hypot(perception.logitSd, perception.itemSd);
  const intervals = 4000;
  const low = -12;
  const h = 24 / intervals;
  const f = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) / (1 + Math.exp(-(perception.logitMean + sd * z)));
  let sum = f(low) + f(-low);
  for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * f(low + i * h);
  return (sum * h) / 3;
}

/**
 * Simulates, excludes and scores a study (no message text), with the calibrated effects times
 * `coach` and `video`.
 *
 * @example
 * scoredSimulation(prereg, 7, 1, 1, 1).participants.length; // 968
 */
export function scoredSimulation(prereg: Preregistration, seed: number, scale: number, coach: number, video: number): ScoredStudy {
  return simulateScoredStudy(prereg, seed, scale, coach, video).scored;
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

/**
 * The planted values of every confirmatory hypothesis, by id, from the same large study simulated
 * with the effects (`withEffect`) and without (`withoutEffect`, same seed and scale).
 *
 * @example
 * const without = scoredSimulation(prereg, 99, 20, 0, 0);
 * plantedValues(prereg, scoredSimulation(prereg, 99, 20, 1, 1), without).H1;
 * // { value: 0.607…, se: 0.001…, d: 0.986…, how: 'paired_potential_outcomes' }
 */
export function plantedValues(prereg: Preregistration, withEffect: ScoredStudy, withoutEffect: ScoredStudy): Record<string, PlantedValue> {
  const ids = (s: ScoredStudy) => s.participants.map((p) => p.participant_id).join('\n');
  if (ids(withEffect) !== ids(withoutEffect)) throw new Error('planted values: the two simulations must have the same participants (same seed and scale)');
  const { outcome_round: outcomeRound, effect_size_round: sdRound } = prereg.scoring;
  const scoped = scopedPreregistration(prereg, 'confirmatory');
  const results = new Map(analyzeStudy(withEffect, scoped, { consort: emptyConsort(), dataSha256: '', preregInfo: { file: '', sha256: '', locked: true } }).tests.map((t) => [t.id, t]));
  const planted: Record<string, PlantedValue> = {};
  for (const spec of scoped.hypotheses) {
    if (spec.method === 'ancova_ols_hc3' && spec.contrast && spec.outcome !== 'perception_share') {
      const outcome = spec.outcome;
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
      planted[spec.id] = { value, se: Math.hypot(treated.se, reference.se), d: value / pooledWithinArmSd(values, arms), how: 'paired_potential_outcomes' };
    } else if (spec.method === 'one_sample_t' && spec.outcome === 'perception_share') {
      planted[spec.id] = { value: perceptionPopulationShare(CALIBRATION.perception), se: 0, d: null, how: 'simulator_parameters' };
    } else {
      const result = results.get(spec.id);
      if (!result || result.estimate === null) continue;
      let se = result.se ?? (result.ci_low !== null && result.ci_high !== null ? (result.ci_high - result.ci_low) / (2 * Z975) : null);
      if (se === null && result.discordant && result.n > 0) {
        // Difference of paired proportions: var = (b + c − (b − c)²/n) / n².
        const [b, c] = result.discordant;
        se = Math.sqrt(Math.max(0, b + c - ((b - c) * (b - c)) / result.n)) / result.n;
      }
      planted[spec.id] = { value: result.estimate, se, d: null, how: 'large_sample_estimate' };
    }
  }
  return planted;
}

/** analyzeStudy copies the CONSORT counts into results.json's sample block, which the diagnosis does not read. */
function emptyConsort(): Consort {
  const arm = () => ({ allocated: 0, lost: [], analysed: 0 });
  return { schema: 'lend-an-ear-consort/1', enrolled: 0, excluded_before_randomisation: [], randomised: 0, by_arm: { control: arm(), video: arm(), coach: arm() }, analysed: 0 };
}
