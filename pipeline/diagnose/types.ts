/**
 * diagnosis.json (schema lend-an-ear-diagnosis/2): what `diagnose` writes and what the report
 * reads. Every Monte Carlo estimate carries its standard error (mcse) and the number of simulated
 * studies it rests on (n); every rate also its Wilson 95% interval (ci_low, ci_high). Nothing
 * machine-specific: no paths but the preregistration's as given, no times.
 */
import type { McEstimate } from './monte-carlo.ts';
import type { Truth } from './truths.ts';

/** Bias and coverage of one result against one true value. */
export interface TargetDiagnosis {
  /** What the truth is the value of, in words ("the planted effect", "the items used", "the pool of items"). */
  target: string;
  truth: Truth;
  /** Mean of (estimate − truth); its mcse combines the Monte Carlo error and the truth's SE. */
  bias: McEstimate;
  /** Share of CIs that contain the truth (null when the result has no CI). */
  coverage: McEstimate;
}

export interface HypothesisDiagnosis {
  id: string;
  family: string;
  outcome: string;
  contrast: string | null;
  /** With the planted effects (the design setting). */
  planted: {
    /** Share of studies whose preregistered decision is `supported` (adjusted p, direction; H6: equivalence). */
    power: McEstimate;
    /** Share with unadjusted two-sided p < alpha (the test's own rejection rate). */
    rejection_rate: McEstimate;
    mean_estimate: McEstimate;
    /** SD of the estimate over studies (its true standard error in this design), with its MCSE. */
    empirical_se: McEstimate;
    /** Mean of the SEs the analysis reported, where it reports one (compare with empirical_se). */
    model_se: McEstimate;
    targets: TargetDiagnosis[];
  };
  /** In the null setting: this hypothesis at its null (settings.ts). */
  null: {
    /** The null, in words. */
    setting: string;
    /** Which share is the error: a two-sided test rejecting, or equivalence claimed at the bound. */
    error: 'p_below_alpha' | 'equivalence_supported';
    /** The error rate: the share of null studies making the error `error` names. */
    type_i_error: McEstimate;
    rejection_rate: McEstimate;
    /** Share `supported` (adjusted, with the preregistered direction; H6: equivalence). */
    supported_rate: McEstimate;
    mean_estimate: McEstimate;
    targets: TargetDiagnosis[];
  } | null;
}

export interface PowerCurvePoint {
  /** Planted coaching effect in SD of round-1 alignment: coach_multiplier × calibrated d. */
  d: number;
  coach_multiplier: number;
  /** Share of the curve's studies supported at this effect (their detection thresholds ≤ d). */
  power: McEstimate;
}

/** One arm contrast under attrition that depends on the arm and the participant. */
export interface AttritionContrast {
  id: string;
  contrast: string;
  /** The effect on everyone randomised (the design setting's truth: no one is lost to it). */
  truth_all: Truth;
  /** The effect on those who would stay in either arm (the target of Lee's bounds). */
  truth_always_observed: Truth | null;
  /** The per-protocol estimate (the preregistered analysis of those who stayed). */
  mean_estimate: McEstimate;
  /** Per study: estimate with attrition − estimate of the same study without it (same people, less the lost). */
  shift: McEstimate;
  bias_all: McEstimate;
  coverage_all: McEstimate;
  bias_always_observed: McEstimate | null;
  coverage_always_observed: McEstimate | null;
  /** The difference in observed round-3 means, unadjusted (what the bounds are built around). */
  observed_difference: McEstimate;
  /** Lee (2009) bounds on the effect among the always-observed: their means over studies, and how often they contain each truth. */
  lee: BoundsDiagnosis;
  /** Worst/best-case bounds (missing outcomes at the ends of the 1–5 scale) on the effect over everyone allocated. */
  worst_case: BoundsDiagnosis;
}

/** Estimated bounds over the simulated studies. */
export interface BoundsDiagnosis {
  lower: McEstimate;
  upper: McEstimate;
  /** Share of studies whose [lower, upper] contains the effect on those who would stay in either arm (Lee's target). */
  covers_always_observed: McEstimate;
  /** Share of studies whose [lower, upper] contains the effect on everyone randomised. */
  covers_all: McEstimate;
}

export interface DiagnosisNote {
  /** What the note explains: a hypothesis id or a section ("attrition", "mde", …). */
  about: string;
  text: string;
}

export interface DiagnosisDoc {
  schema: 'lend-an-ear-diagnosis/2';
  settings: {
    sims: number;
    seed: number;
    participants: number;
    scale: number;
    effect_coach_d: number;
    effect_video_d: number;
    coach_multiplier: number;
    video_multiplier: number;
    /** Studies of the attrition setting (0: none). */
    attrition_sims: number;
    curve_sims: number;
    planted_scale: number;
    alpha: number;
    preregistration: { file: string; sha256: string };
  };
  /** d of H1 (coach − control) and H3 (video − control) at the simulator's calibrated effects. */
  calibrated_d: { coach: number; video: number };
  /** The null setting in words, and its trait loadings (settings.ts). */
  null_setting: { description: string; trait_skill_correlation: { jes: number; sites: number } };
  hypotheses: HypothesisDiagnosis[];
  /**
   * The exploratory analyses beside H7 (H7-by-item, H7-two-way), which let the share vary from item
   * to item, judged against H7's two truths; they carry no decision, so their power is empty and
   * their error in the null setting is the two-sided rejection against the pool's share.
   */
  exploratory: HypothesisDiagnosis[];
  /** In the null setting: share of studies with at least one `supported` hypothesis in the family. */
  family_wise_error: { family: string; hypotheses: string[]; rate: McEstimate }[];
  attrition: {
    description: string;
    after_round1: { control: number; video: number; coach: number };
    outcome_slope: number;
    /** Share of each arm's randomised participants lost after allocation (E2, E3), mean over studies. */
    lost_share: { control: McEstimate; video: McEstimate; coach: McEstimate };
    /** Fisher's exact test of arm × lost: how often it detects this attrition, and how often it rejects in the null setting (no differential attrition). */
    differential_test: { power: McEstimate; type_i_error: McEstimate };
    contrasts: AttritionContrast[];
  } | null;
  power_curve: {
    hypothesis: 'H1';
    sims: number;
    video_multiplier: number;
    /** Largest effect searched; a study not supported there has no threshold in range. */
    d_max: number;
    /** Width of each study's final bisection bracket (the resolution of its threshold). */
    resolution: number;
    points: PowerCurvePoint[];
  } | null;
  mde: {
    hypothesis: 'H1';
    target_power: number;
    /** The target quantile of the studies' detection thresholds (null when not reached below d_max). */
    d: number | null;
    coach_multiplier: number | null;
    /** Distribution-free interval of that quantile from the order statistics (Conover 1999, §3.2). */
    interval: { low: number | null; high: number | null; coverage: number; ranks: [number, number] } | null;
    /** Power evaluated directly on the same studies at d: equals the target share when every study's decision is monotone in the effect. */
    power_at_mde: McEstimate | null;
    /** Studies whose decision at d disagrees with their threshold (a decision that is not monotone in the effect). */
    non_monotone: number;
    /** Of the studies supported at d: the share whose H1 p was at least alpha/2, supported only because H2's two-sided p was below alpha/2 (Holm's step-down). */
    through_h2: McEstimate | null;
    method: string;
    holm_rule: string;
  } | null;
  /** Plain-words explanations of figures that look alarming but are expected (and of those that are not). */
  notes: DiagnosisNote[];
}
