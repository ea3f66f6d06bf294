/**
 * From the outcomes of the simulated studies to the per-hypothesis diagnosis (power, type I error,
 * bias, coverage, empirical and model SE, each with its Monte Carlo uncertainty). Pure; outcomes
 * are read in index order.
 */
import type { HypothesisSpec } from '../prereg/types.ts';
import { empiricalSeWithMcse, meanWithMcse, proportionWithMcse, type McEstimate } from './monte-carlo.ts';
import type { SimulationOutcome, TestOutcome } from './simulate-one.ts';
import type { Truth } from './truths.ts';
import type { HypothesisDiagnosis, TargetDiagnosis } from './types.ts';

const EMPTY: McEstimate = { value: null, mcse: null, n: 0 };

/** One hypothesis's results over the studies (those that have it), with each study's own truths. */
export interface Column {
  tests: TestOutcome[];
  /** Per study: its own truth of this hypothesis (H7 on the items used), or undefined. */
  own: (number | undefined)[];
}

/**
 * The results of hypothesis `id` over the studies.
 *
 * @example
 * column(outcomes, 'H1').tests.length; // the number of studies
 */
export function column(outcomes: readonly SimulationOutcome[], id: string): Column {
  const tests: TestOutcome[] = [];
  const own: (number | undefined)[] = [];
  for (const o of outcomes) {
    const t = o.tests[id];
    if (t === undefined) continue;
    tests.push(t);
    own.push(o.truths[id]);
  }
  return { tests, own };
}

function rejected(tests: readonly TestOutcome[], alpha: number): (boolean | null)[] {
  return tests.map((t) => (t.p === null ? null : t.p < alpha));
}

/** A truth for every study: the study's own where `perStudy`, else the common value. */
function truthsOf(col: Column, truth: number, perStudy: boolean): number[] {
  return col.own.map((own) => (perStudy ? (own ?? NaN) : truth));
}

/**
 * Bias and coverage of the results against one true value (common, or each study's own).
 *
 * @example
 * againstTruth(column(planted, 'H1'), 'the planted effect', truths.H1); // { target, truth, bias: {…}, coverage: {…} }
 */
export function againstTruth(col: Column, target: string, truth: Truth): TargetDiagnosis {
  const perStudy = truth.how === 'exact_per_study';
  const values = truthsOf(col, truth.value, perStudy);
  const errors = col.tests.map((t, i) => (t.estimate === null || !Number.isFinite(values[i]) ? null : t.estimate - values[i]));
  const mean = meanWithMcse(errors);
  const bias: McEstimate = mean.value === null ? EMPTY : { value: mean.value, mcse: mean.mcse === null ? null : Math.hypot(mean.mcse, truth.se), n: mean.n };
  const coverage = proportionWithMcse(col.tests.map((t, i) => (t.ci_low === null || t.ci_high === null || !Number.isFinite(values[i]) ? null : t.ci_low <= values[i] && values[i] <= t.ci_high)));
  return { target, truth, bias, coverage };
}

/**
 * The mean of each study's own truth, as the summary value of an `exact_per_study` truth.
 *
 * @example
 * perStudyTruth(column(planted, 'H7')); // { value: 0.7477…, se: 0, d: null, how: 'exact_per_study' }
 */
export function perStudyTruth(col: Column): Truth {
  const mean = meanWithMcse(col.own.map((v) => v ?? null));
  return { value: mean.value ?? NaN, se: 0, d: null, how: 'exact_per_study' };
}

function pick(e: McEstimate & { sd?: number | null }): McEstimate {
  return { value: e.value, mcse: e.mcse, n: e.n };
}

/**
 * The planted-set part of a hypothesis's diagnosis.
 *
 * @example
 * plantedSummary(column(planted, 'H1'), [againstTruth(…)], 0.05).power; // { value: 1, mcse: 0, n: 1000, ci_low: 0.996…, ci_high: 1 }
 */
export function plantedSummary(col: Column, targets: TargetDiagnosis[], alpha: number): HypothesisDiagnosis['planted'] {
  return {
    power: proportionWithMcse(col.tests.map((t) => t.supported)),
    rejection_rate: proportionWithMcse(rejected(col.tests, alpha)),
    mean_estimate: pick(meanWithMcse(col.tests.map((t) => t.estimate))),
    empirical_se: empiricalSeWithMcse(col.tests.map((t) => t.estimate)),
    model_se: pick(meanWithMcse(col.tests.map((t) => t.se))),
    targets,
  };
}

/**
 * The null-setting part of a hypothesis's diagnosis: its error rate is the share rejecting
 * (two-sided p < alpha) for tests of a difference, the share claiming equivalence for H6.
 *
 * @example
 * nullSummary(h6Spec, column(nullStudies, 'H6.jes'), 'true r at the bound', targets, 0.05).type_i_error;
 */
export function nullSummary(spec: HypothesisSpec, col: Column, setting: string, targets: TargetDiagnosis[], alpha: number): NonNullable<HypothesisDiagnosis['null']> {
  const error = spec.decision_rule === 'equivalence_p_below_alpha' ? 'equivalence_supported' : 'p_below_alpha';
  const rejection = proportionWithMcse(rejected(col.tests, alpha));
  const supported = proportionWithMcse(col.tests.map((t) => t.supported));
  return {
    setting,
    error,
    type_i_error: error === 'equivalence_supported' ? supported : rejection,
    rejection_rate: rejection,
    supported_rate: supported,
    mean_estimate: pick(meanWithMcse(col.tests.map((t) => t.estimate))),
    targets,
  };
}

/**
 * In the null setting, the share of studies in which at least one of `ids` is `supported` (the
 * family-wise error rate of the preregistered decisions).
 *
 * @example
 * familyWiseError(nullStudies, ['H1', 'H2']); // { value: 0.02…, mcse: 0.00…, n: 1000, ci_low: …, ci_high: … }
 */
export function familyWiseError(nullStudies: readonly SimulationOutcome[], ids: readonly string[]): McEstimate {
  return proportionWithMcse(
    nullStudies.map((o) => {
      const decisions = ids.map((id) => o.tests[id]?.supported ?? null).filter((s): s is boolean => s !== null);
      return decisions.length === 0 ? null : decisions.some(Boolean);
    }),
  );
}

/**
 * Per study, a result's estimate in one set minus its estimate in another set of the same studies
 * (common random numbers: study i of each set has the same seed), as a mean with its MCSE.
 *
 * @example
 * pairedShift(attritionStudies, plantedStudies, 'H1'); // how far attrition moves H1's estimate
 */
export function pairedShift(a: readonly SimulationOutcome[], b: readonly SimulationOutcome[], id: string): McEstimate {
  const byIndex = new Map(b.map((o) => [o.index, o.tests[id]?.estimate ?? null]));
  return pick(
    meanWithMcse(
      a.map((o) => {
        const x = o.tests[id]?.estimate ?? null;
        const y = byIndex.get(o.index) ?? null;
        return x === null || y === null ? null : x - y;
      }),
    ),
  );
}
