/**
 * diagnosis.json (schema lend-an-ear-diagnosis/1): what `diagnose` writes and what the report
 * reads. Every rate carries its Monte Carlo standard error (mcse) and the number of simulated
 * studies it rests on (n). Nothing machine-specific: no paths but the preregistration's as given,
 * no times.
 */
import type { McEstimate } from './monte-carlo.ts';
import type { PlantedValue } from './planted.ts';

export interface HypothesisDiagnosis {
  id: string;
  family: string;
  outcome: string;
  contrast: string | null;
  /** What the estimate should be in the simulated population (planted.ts). */
  planted: PlantedValue | null;
  /** Share of studies where the preregistered decision is `supported` (adjusted p, direction; H6: equivalence). */
  power: McEstimate;
  /** Share of studies with unadjusted two-sided p < alpha (the test's own rejection rate). */
  rejection_rate: McEstimate;
  mean_estimate: McEstimate;
  /** SD of the estimate over studies (its true standard error in this design). */
  empirical_se: number | null;
  /** mean estimate − planted value; mcse combines the Monte Carlo error and the planted value's SE. */
  bias: McEstimate;
  /** Share of studies whose CI contains the planted value. */
  coverage: McEstimate;
  mean_d: McEstimate;
  /** Under no treatment effect (the null set); null for results that do not compare arms. */
  null_set: {
    /** Share with unadjusted p < alpha: the type I error of the test. */
    type_i_error: McEstimate;
    /** Share `supported` (adjusted, with the preregistered direction). */
    supported_rate: McEstimate;
    bias: McEstimate;
    /** Share of CIs containing 0, the planted value under no effect (exactly 0). */
    coverage: McEstimate;
  } | null;
}

export interface PowerCurvePoint {
  /** Planted coaching effect in SD of round-1 alignment: coach_multiplier × calibrated d. */
  d: number;
  coach_multiplier: number;
  power: McEstimate;
  rejection_rate: McEstimate;
  mean_d: McEstimate;
}

export interface DiagnosisDoc {
  schema: 'lend-an-ear-diagnosis/1';
  settings: {
    sims: number;
    seed: number;
    participants: number;
    scale: number;
    effect_coach_d: number;
    effect_video_d: number;
    coach_multiplier: number;
    video_multiplier: number;
    curve_sims: number;
    planted_scale: number;
    alpha: number;
    preregistration: { file: string; sha256: string };
  };
  /** d of H1 (coach − control) and H3 (video − control) at the simulator's calibrated effects. */
  calibrated_d: { coach: number; video: number };
  hypotheses: HypothesisDiagnosis[];
  /** Under no effect: share of studies with at least one `supported` treatment contrast in the family. */
  family_wise_error: { family: string; hypotheses: string[]; rate: McEstimate }[];
  power_curve: { hypothesis: 'H1'; sims_per_point: number; video_multiplier: number; points: PowerCurvePoint[] } | null;
  mde: {
    hypothesis: 'H1';
    target_power: number;
    /** Smallest planted d found with power ≥ target (null when none in the searched range). */
    d: number | null;
    coach_multiplier: number | null;
    power_at_mde: McEstimate | null;
    /** The last bracket: power below target at `low`, at or above it at `high` (in d). */
    bracket: { low: number; high: number } | null;
    bisection_steps: number;
    method: string;
  } | null;
}
