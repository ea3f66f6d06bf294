/**
 * H1–H3 and H4.*: the ANCOVA by OLS (STUDY.md): round-3 outcome ~ arm + round-1 outcome, with all
 * three arms in the model (treatment coding, control as the base level), HC3 robust standard
 * errors, t on the residual df; the hypothesis' contrast is treatment − reference. The effect size
 * d is the estimate over the pooled within-arm SD of the outcome at round 1 among the participants
 * in the model; its CI is the estimate's CI over the same SD, taken as known (as specified): the
 * SD's own sampling error is left out, so the interval is somewhat too narrow (`ci_note` says so).
 *
 * Not estimable (nulls, a note, decision `not_estimable`; stats/degenerate.ts): an arm with fewer
 * than 2 participants, an outcome or baseline without spread, or an essentially perfect fit (the
 * outcome round an exact linear function of the baseline and arm: every t would be round-off).
 *
 * R equivalent: `fit <- lm(post ~ arm + pre)`; `L %*% coef(fit)` with
 * `sqrt(L %*% sandwich::vcovHC(fit, type = "HC3") %*% L)`, `qt(.975, df.residual(fit))`.
 */
import { ARMS, type Arm } from '../study.ts';
import type { HypothesisSpec } from '../prereg/types.ts';
import type { ScoredParticipant } from '../score/types.ts';
import { fitOls, ModelFitError, type OlsFit } from '../stats/ols.ts';
import { contrast } from '../stats/contrast.ts';
import { isEssentiallyConstant, isEssentiallyPerfectFit, RELATIVE_VARIANCE_TOLERANCE } from '../stats/degenerate.ts';
import type { MethodContext } from './context.ts';
import { pooledWithinArmSd } from './effect-size.ts';
import { judgedOutcome, outcomeAt } from './outcomes.ts';
import { allFinite, blankResult, withTStatistics } from './result.ts';
import type { TestResult } from './types.ts';

/** Stated with every d: what its CI leaves out. */
export const D_CI_NOTE = "the estimate's CI divided by the pooled round-1 SD, taken as known: the SD's own sampling uncertainty is ignored (as specified), so this interval is somewhat too narrow";

/** Columns of the ANCOVA design, in order: intercept, one indicator per non-base arm, baseline. */
const BASE_ARM: Arm = 'control';
const ARM_COLUMNS = ARMS.filter((a) => a !== BASE_ARM);
export const ANCOVA_TERMS = ['(Intercept)', ...ARM_COLUMNS.map((a) => `arm${a}`), 'baseline'];

/** The contrast vector treatment − reference over ANCOVA_TERMS. */
export function armContrastVector(treatment: Arm, reference: Arm): number[] {
  const weights = ANCOVA_TERMS.map(() => 0);
  const column = (arm: Arm) => ANCOVA_TERMS.indexOf(`arm${arm}`);
  if (treatment !== BASE_ARM) weights[column(treatment)] += 1;
  if (reference !== BASE_ARM) weights[column(reference)] -= 1;
  return weights;
}

/**
 * Runs the preregistered ANCOVA of `spec` on `participants` (those with the outcome at both the
 * baseline and the outcome round). Each arm needs at least 2 participants (with one, HC3 divides
 * by zero); otherwise the result carries nulls and a note. `id` overrides the result id (used by
 * the per-scenario analysis).
 *
 * @example
 * ancovaTest(h1, scored.participants, context).estimate; // adjusted mean difference coach − control
 */
export function ancovaTest(spec: HypothesisSpec, participants: readonly ScoredParticipant[], context: MethodContext, id: string = spec.id): TestResult {
  if (!spec.contrast) throw new Error(`${spec.id}: ancova_ols_hc3 needs a contrast`);
  const outcome = judgedOutcome(spec.outcome, spec.method);
  const { baseline_round: baselineRound, outcome_round: outcomeRound, effect_size_round: sdRound } = context.scoring;

  const post: number[] = [];
  const rows: number[][] = [];
  const arms: Arm[] = [];
  const sdValues: number[] = [];
  const sdArms: Arm[] = [];
  const nByArm = Object.fromEntries(ARMS.map((a) => [a, 0])) as Record<Arm, number>;
  for (const p of participants) {
    const y = outcomeAt(p, outcome, outcomeRound);
    const baseline = outcomeAt(p, outcome, baselineRound);
    if (y === null || baseline === null) continue;
    post.push(y);
    rows.push([1, ...ARM_COLUMNS.map((a) => (p.arm === a ? 1 : 0)), baseline]);
    arms.push(p.arm);
    nByArm[p.arm] += 1;
    const standardiser = outcomeAt(p, outcome, sdRound);
    if (standardiser !== null) {
      sdValues.push(standardiser);
      sdArms.push(p.arm);
    }
  }

  const result = blankResult(spec, post.length, null, id);
  result.n_by_arm = nByArm;
  const thin = ARMS.filter((a) => nByArm[a] < 2);
  if (thin.length > 0 || post.length <= ANCOVA_TERMS.length) {
    result.note = `too few participants with the outcome at rounds ${baselineRound} and ${outcomeRound} (${ARMS.map((a) => `${a} ${nByArm[a]}`).join(', ')}; each arm needs at least 2)`;
    return result;
  }

  if (isEssentiallyConstant(post)) {
    result.note = `no spread in round-${outcomeRound} ${outcome} (every participant has the same value): the ANCOVA is undefined`;
    return result;
  }
  const baselines = rows.map((row) => row[row.length - 1]);
  if (isEssentiallyConstant(baselines)) {
    result.note = `no spread in round-${baselineRound} ${outcome} (every participant has the same value): the baseline cannot be adjusted for`;
    return result;
  }
  let fit: OlsFit;
  try {
    fit = fitOls(post, rows, ANCOVA_TERMS);
  } catch (err) {
    if (!(err instanceof ModelFitError)) throw err;
    result.note = `the model could not be estimated: ${err.message}`;
    return result;
  }
  if (isEssentiallyPerfectFit(fit.rss / fit.df_residual, fit.fitted)) {
    result.note = `essentially perfect fit: round-${outcomeRound} ${outcome} is an exact linear function of arm and round-${baselineRound} ${outcome} (residual variance at most ${RELATIVE_VARIANCE_TOLERANCE} of the squared scale), so any difference and p-value would be round-off`;
    return result;
  }
  const c = contrast(fit, armContrastVector(spec.contrast.treatment, spec.contrast.reference), 'HC3', context.confidenceLevel);
  if (!allFinite(c.estimate, c.se, c.statistic, c.p, c.ci_low, c.ci_high)) {
    result.note = 'the model could not be estimated (singular design or a leverage of 1)';
    return result;
  }
  withTStatistics(result, c);

  const sd = pooledWithinArmSd(sdValues, sdArms);
  const spread = Number.isFinite(sd) && !isEssentiallyPerfectFit(sd * sd, sdValues);
  result.effect_size = spread
    ? { name: 'd', value: c.estimate / sd, ci_low: c.ci_low / sd, ci_high: c.ci_high / sd, ci_note: D_CI_NOTE }
    : { name: 'd', value: null, ci_low: null, ci_high: null };
  if (!spread) result.note = `no spread within arms in the outcome at round ${sdRound}: d is undefined`;
  return result;
}
