/**
 * X2 (exploratory): the outcome over all three rounds, outcome ~ arm × round + (1 | participant),
 * REML, with arm and round as factors (control and the baseline round as base levels). Reported
 * per contrast: the difference between two arms in the change from the baseline round to the
 * outcome round (the arm × round interaction), with Satterthwaite df. With no contrast in the
 * spec, one result per pairwise contrast, id `{id}.{contrast}` (e.g. X2.coach_vs_control).
 *
 * R equivalent: `fit <- lmerTest::lmer(y ~ arm * round + (1 | participant), REML = TRUE)`;
 * `lmerTest::contest1D(fit, L, ddf = "Satterthwaite", confint = TRUE)`.
 *
 * Not estimable (nulls, a note; stats/degenerate.ts): an arm with fewer than 2 participants, an
 * outcome without spread, a model that cannot be fitted (the REML optimum at a residual variance
 * of 0: every participant's rounds differ by the same amounts), or an essentially perfect fit,
 * its residual variance at most 1e-20 of the outcome's squared scale (every difference and t
 * would be round-off: t = 28.9 on a difference of 3.6e-19 before this check).
 */
import { ARMS, CONTRASTS, ROUNDS, type Arm } from '../study.ts';
import type { HypothesisSpec } from '../prereg/types.ts';
import type { ScoredParticipant } from '../score/types.ts';
import { isEssentiallyConstant, isEssentiallyPerfectFit, RELATIVE_VARIANCE_TOLERANCE } from '../stats/degenerate.ts';
import { fitRandomInterceptLmm, type RandomInterceptLmm } from '../stats/mixed.ts';
import type { MethodContext } from './context.ts';
import { judgedOutcome, outcomeAt } from './outcomes.ts';
import { allFinite, blankResult } from './result.ts';
import type { TestResult } from './types.ts';

const BASE_ARM: Arm = 'control';

/** The fixed-effect terms in R's order for `arm * round`. */
export function mixedTerms(baselineRound: number): string[] {
  const arms = ARMS.filter((a) => a !== BASE_ARM);
  const rounds = ROUNDS.filter((r) => r !== baselineRound);
  return [
    '(Intercept)',
    ...arms.map((a) => `arm${a}`),
    ...rounds.map((r) => `round${r}`),
    ...rounds.flatMap((r) => arms.map((a) => `arm${a}:round${r}`)),
  ];
}

function designRow(arm: Arm, round: number, terms: readonly string[]): number[] {
  return terms.map((term) => {
    if (term === '(Intercept)') return 1;
    const parts = term.split(':');
    return parts.every((part) => part === `arm${arm}` || part === `round${round}`) ? 1 : 0;
  });
}

/**
 * Fits the random-intercept model of `spec` once and reports each contrast's difference in change
 * (outcome round − baseline round) between its two arms.
 *
 * @example
 * mixedModelTests(x2, scored.participants, context).map((r) => r.id); // ['X2.coach_vs_control', 'X2.coach_vs_video', 'X2.video_vs_control']
 */
export function mixedModelTests(spec: HypothesisSpec, participants: readonly ScoredParticipant[], context: MethodContext): TestResult[] {
  const outcome = judgedOutcome(spec.outcome, spec.method);
  const { baseline_round: baselineRound, outcome_round: outcomeRound } = context.scoring;
  const contrasts: [string, { treatment: Arm; reference: Arm }][] = spec.contrast
    ? [[spec.id, spec.contrast]]
    : Object.entries(CONTRASTS).map(([name, c]) => [`${spec.id}.${name}`, c]);
  const terms = mixedTerms(baselineRound);

  const y: number[] = [];
  const X: number[][] = [];
  const groups: string[] = [];
  const participantsByArm = Object.fromEntries(ARMS.map((a) => [a, 0])) as Record<Arm, number>;
  for (const p of participants) {
    let any = false;
    for (const round of ROUNDS) {
      const value = outcomeAt(p, outcome, round);
      if (value === null) continue;
      y.push(value);
      X.push(designRow(p.arm, round, terms));
      groups.push(p.participant_id);
      any = true;
    }
    if (any) participantsByArm[p.arm] += 1;
  }

  const results = contrasts.map(([id, c]) => {
    const r = blankResult({ ...spec, contrast: c }, participantsByArm[c.treatment] + participantsByArm[c.reference], null, id);
    r.n_by_arm = { [c.treatment]: participantsByArm[c.treatment], [c.reference]: participantsByArm[c.reference] };
    return r;
  });
  const thin = ARMS.filter((a) => participantsByArm[a] < 2);
  if (thin.length > 0) {
    for (const r of results) r.note = `too few participants with the outcome (${ARMS.map((a) => `${a} ${participantsByArm[a]}`).join(', ')}; each arm needs at least 2)`;
    return results;
  }
  if (isEssentiallyConstant(y)) {
    for (const r of results) r.note = `no spread in ${outcome} (every participant has the same value at every round): the mixed model is undefined`;
    return results;
  }
  let fit: RandomInterceptLmm;
  try {
    fit = fitRandomInterceptLmm(y, X, terms, groups, context.confidenceLevel);
  } catch (err) {
    for (const r of results) r.note = `the mixed model could not be estimated: ${(err as Error).message}`;
    return results;
  }
  if (isEssentiallyPerfectFit(fit.var_residual, y)) {
    for (const r of results) r.note = `essentially perfect fit: the residual variance is at most ${RELATIVE_VARIANCE_TOLERANCE} of the squared scale of ${outcome} (each participant's rounds differ by amounts the arm and round explain exactly), so any difference and p-value would be round-off`;
    return results;
  }
  contrasts.forEach(([, c], i) => {
    const L = terms.map(() => 0);
    if (c.treatment !== BASE_ARM) L[terms.indexOf(`arm${c.treatment}:round${outcomeRound}`)] += 1;
    if (c.reference !== BASE_ARM) L[terms.indexOf(`arm${c.reference}:round${outcomeRound}`)] -= 1;
    const est = fit.contrast(L, context.confidenceLevel);
    const r = results[i];
    if (!allFinite(est.estimate, est.se, est.df, est.p)) {
      r.note = 'the mixed model gave no finite estimate for this contrast';
      return;
    }
    r.estimate = est.estimate;
    r.se = est.se;
    r.statistic = est.statistic;
    r.df = est.df;
    r.p = est.p;
    r.ci_low = est.ci_low;
    r.ci_high = est.ci_high;
  });
  return results;
}
