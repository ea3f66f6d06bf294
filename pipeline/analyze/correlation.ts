/**
 * H6.*, trait vs expressed empathy (STUDY.md): Pearson r between the trait score and round-1
 * alignment, its 95% CI by Fisher z, the t test of r = 0, and equivalence by two one-sided tests
 * on Fisher z against r = ±bound (0.1): `equivalence_p` is the larger one-sided p. Also r² and
 * the joint R² of round-1 alignment ~ jes + sites (the published R² = 0.001).
 *
 * R equivalent: `cor.test(trait, alignment)`; z = atanh(r), se = 1/sqrt(n − 3),
 * `max(pnorm((z - atanh(0.1)) / se), 1 - pnorm((z + atanh(0.1)) / se))`;
 * `summary(lm(alignment ~ jes + sites))$r.squared`.
 *
 * Not estimable (statistic, p, CI and equivalence p null, a note; stats/degenerate.ts): fewer than
 * 4 pairs, a trait or an outcome without spread (R: cor.test warns "the standard deviation is
 * zero"), or an essentially perfect fit of the outcome on the trait, where r is ±1 up to round-off
 * and Fisher's z is infinite (R: cor.test gives t = Inf, the CI [1, 1]); r and r² are then still
 * reported. The joint R² is null when the outcome has no spread (0/0).
 */
import type { HypothesisSpec } from '../prereg/types.ts';
import type { ScoredParticipant } from '../score/types.ts';
import { pearson } from '../stats/correlation.ts';
import { correlationTost } from '../stats/equivalence.ts';
import { isEssentiallyConstant, isEssentiallyPerfectFit } from '../stats/degenerate.ts';
import { fitOls, ModelFitError } from '../stats/ols.ts';
import { sampleMean } from '../stats/sample.ts';
import type { MethodContext } from './context.ts';
import { judgedOutcome, outcomeAt } from './outcomes.ts';
import { allFinite, blankResult } from './result.ts';
import type { TestResult } from './types.ts';

/** Fisher z needs n − 3 > 0. */
const MIN_PAIRS = 4;

/**
 * Runs the correlation, equivalence and joint-R² analysis of `spec` over the participants who have
 * the trait score and the outcome at the spec's round.
 *
 * @example
 * traitCorrelationTest(h6jes, scored.participants, context).equivalence_p; // e.g. 0.0021
 */
export function traitCorrelationTest(spec: HypothesisSpec, participants: readonly ScoredParticipant[], context: MethodContext): TestResult {
  const outcome = judgedOutcome(spec.outcome, spec.method);
  const predictor = spec.predictor;
  if (predictor === null) throw new Error(`${spec.id}: pearson_fisher_tost needs a predictor`);
  if (spec.equivalence_bound === null) throw new Error(`${spec.id}: pearson_fisher_tost needs an equivalence bound`);
  const round = spec.round ?? context.scoring.baseline_round;

  const trait: number[] = [];
  const expressed: number[] = [];
  for (const p of participants) {
    const x = p[predictor];
    const y = outcomeAt(p, outcome, round);
    if (x === null || y === null) continue;
    trait.push(x);
    expressed.push(y);
  }

  const result = blankResult(spec, trait.length);
  result.r_squared = null;
  result.equivalence_p = null;
  result.equivalence_bounds = [-spec.equivalence_bound, spec.equivalence_bound];
  result.joint_r_squared = jointRSquared(participants, outcome, round);
  if (trait.length < MIN_PAIRS) {
    result.note = `too few participants with ${predictor} and round-${round} ${outcome} (${trait.length}; at least ${MIN_PAIRS} needed)`;
    return result;
  }
  if (isEssentiallyConstant(trait) || isEssentiallyConstant(expressed)) {
    result.note = `no spread in ${predictor} or in round-${round} ${outcome}: r is undefined`;
    return result;
  }
  const r = pearson(trait, expressed, { confLevel: context.confidenceLevel });
  if (perfectLine(expressed, trait) || !allFinite(r.r, r.statistic, r.p)) {
    if (Number.isFinite(r.r)) {
      result.estimate = r.r;
      result.r_squared = r.r * r.r;
    }
    result.note = `round-${round} ${outcome} is an exact linear function of ${predictor} (|r| = 1 up to round-off): the t test, the Fisher-z interval and the equivalence test are undefined`;
    return result;
  }
  result.estimate = r.r;
  result.statistic = r.statistic;
  result.df = r.df;
  result.p = r.p;
  result.ci_low = r.ci_low;
  result.ci_high = r.ci_high;
  result.r_squared = r.r * r.r;
  result.equivalence_p = correlationTost(r.r, trait.length, spec.equivalence_bound).p;
  return result;
}

/**
 * True when lm(outcome ~ predictor) is an essentially perfect fit (|r| = 1 up to round-off). The
 * predictor is centred first, the same model, so that one with a large mean and a small spread is
 * not taken for a copy of the intercept by the QR's collinearity tolerance.
 */
function perfectLine(outcome: readonly number[], predictor: readonly number[]): boolean {
  const mean = sampleMean(predictor);
  const fit = fitOls(outcome, predictor.map((x) => [1, x - mean]), ['(Intercept)', 'predictor']);
  return isEssentiallyPerfectFit(fit.rss / fit.df_residual, fit.fitted);
}

/** R² of outcome ~ trait_jes + trait_sites at `round`, over participants with all three; null if too few, the outcome has no spread, or the design is rank deficient. */
export function jointRSquared(participants: readonly ScoredParticipant[], outcome: ReturnType<typeof judgedOutcome>, round: 1 | 2 | 3): number | null {
  const y: number[] = [];
  const X: number[][] = [];
  for (const p of participants) {
    const value = outcomeAt(p, outcome, round);
    if (value === null || p.trait_jes === null || p.trait_sites === null) continue;
    y.push(value);
    X.push([1, p.trait_jes, p.trait_sites]);
  }
  if (y.length < MIN_PAIRS || isEssentiallyConstant(y)) return null;
  try {
    const fit = fitOls(y, X, ['(Intercept)', 'trait_jes', 'trait_sites']);
    return Number.isFinite(fit.r_squared) ? fit.r_squared : null;
  } catch (err) {
    // A trait without spread makes the design rank deficient: no joint R², not a crash.
    if (err instanceof ModelFitError) return null;
    throw err;
  }
}
