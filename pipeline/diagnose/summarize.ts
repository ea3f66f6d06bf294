/**
 * From the outcomes of the simulated studies to the per-hypothesis diagnosis (power, type I
 * error, bias, coverage, each with its Monte Carlo SE). Pure; outcomes are read in index order.
 */
import type { HypothesisSpec } from '../prereg/types.ts';
import { meanWithMcse, proportionWithMcse, type McEstimate } from './monte-carlo.ts';
import type { PlantedValue } from './planted.ts';
import type { SimulationOutcome, TestOutcome } from './simulate-one.ts';
import type { HypothesisDiagnosis } from './types.ts';

function column(outcomes: readonly SimulationOutcome[], id: string): TestOutcome[] {
  return outcomes.map((o) => o.tests[id]).filter((t): t is TestOutcome => t !== undefined);
}

function rejected(tests: readonly TestOutcome[], alpha: number): (boolean | null)[] {
  return tests.map((t) => (t.p === null ? null : t.p < alpha));
}

function covers(tests: readonly TestOutcome[], value: number): (boolean | null)[] {
  return tests.map((t) => (t.ci_low === null || t.ci_high === null ? null : t.ci_low <= value && value <= t.ci_high));
}

/** Bias and its SE; where the planted value has no SE (H5), the Monte Carlo part alone. */
function biasOf(tests: readonly TestOutcome[], planted: number, plantedSe: number | null): McEstimate {
  const mean = meanWithMcse(tests.map((t) => t.estimate));
  if (mean.value === null) return { value: null, mcse: null, n: 0 };
  return { value: mean.value - planted, mcse: mean.mcse === null ? null : Math.hypot(mean.mcse, plantedSe ?? 0), n: mean.n };
}

/**
 * The diagnosis of one hypothesis from the planted-effect studies and (for treatment contrasts)
 * the no-effect studies.
 *
 * @example
 * summarizeHypothesis(h1Spec, planted, nullStudies, plantedValues.H1, 0.05).power;
 * // { value: 1, mcse: 0, n: 200 }
 */
export function summarizeHypothesis(
  spec: HypothesisSpec,
  plantedStudies: readonly SimulationOutcome[],
  nullStudies: readonly SimulationOutcome[],
  planted: PlantedValue | null,
  alpha: number,
): HypothesisDiagnosis {
  const tests = column(plantedStudies, spec.id);
  const estimates = meanWithMcse(tests.map((t) => t.estimate));
  const empty: McEstimate = { value: null, mcse: null, n: 0 };
  const nullTests = spec.contrast ? column(nullStudies, spec.id) : [];
  return {
    id: spec.id,
    family: spec.family,
    outcome: spec.outcome,
    contrast: spec.contrast ? `${spec.contrast.treatment} - ${spec.contrast.reference}` : null,
    planted,
    power: proportionWithMcse(tests.map((t) => t.supported)),
    rejection_rate: proportionWithMcse(rejected(tests, alpha)),
    mean_estimate: { value: estimates.value, mcse: estimates.mcse, n: estimates.n },
    empirical_se: estimates.sd,
    bias: planted ? biasOf(tests, planted.value, planted.se) : empty,
    coverage: planted ? proportionWithMcse(covers(tests, planted.value)) : empty,
    mean_d: (({ value, mcse, n }) => ({ value, mcse, n }))(meanWithMcse(tests.map((t) => t.d))),
    null_set: spec.contrast
      ? {
          type_i_error: proportionWithMcse(rejected(nullTests, alpha)),
          supported_rate: proportionWithMcse(nullTests.map((t) => t.supported)),
          bias: biasOf(nullTests, 0, 0),
          coverage: proportionWithMcse(covers(nullTests, 0)),
        }
      : null,
  };
}

/**
 * Under no effect, the share of studies in which at least one of `ids` is `supported` (the
 * family-wise error rate of the preregistered decisions).
 *
 * @example
 * familyWiseError(nullStudies, ['H1', 'H2']); // { value: 0.02…, mcse: 0.00…, n: 1000 }
 */
export function familyWiseError(nullStudies: readonly SimulationOutcome[], ids: readonly string[]): McEstimate {
  return proportionWithMcse(
    nullStudies.map((o) => {
      const decisions = ids.map((id) => o.tests[id]?.supported ?? null).filter((s): s is boolean => s !== null);
      return decisions.length === 0 ? null : decisions.some(Boolean);
    }),
  );
}
