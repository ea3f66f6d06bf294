/**
 * The machine-readable preregistration (preregistration/preregistration.yaml), as the loader
 * returns it after schema validation. Every item carries `tag`: `paper` (published) or
 * `reconstructed` (our reading of STUDY.md). Code holds methods; these objects hold decisions.
 */
import type { Arm, Dimension, Round } from '../study.ts';

export type Provenance = 'paper' | 'reconstructed';

/** Methods the analysis stage knows how to run. A hypothesis names one of these. */
export type MethodName =
  | 'ancova_ols_hc3' // outcome at round 3 ~ arm + same outcome at round 1; HC3; t on residual df
  | 'mcnemar_exact' // round-r self-report >= threshold vs judged score >= threshold, paired
  | 'pearson_fisher_tost' // Pearson r of predictor with round-r alignment; Fisher-z CI; TOST on z
  | 'one_sample_t' // per-participant share of aligned choices vs null_value
  | 'welch_change' // exploratory: round-3 minus round-1 outcome, Welch t between two arms
  | 'mixed_random_intercept' // exploratory: outcome ~ arm * round + (1 | participant), REML
  | 'ancova_by_scenario'; // exploratory: ancova_ols_hc3 within each round-3 scenario

export type Outcome = 'alignment' | Dimension;

export interface HypothesisSpec {
  /** Fixed ID, e.g. H1, H4.advice_giving.coach_vs_video, X1.coach_vs_control. */
  id: string;
  tag: Provenance;
  status: 'confirmatory' | 'exploratory';
  /** primary | secondary | silent_empathy | perception | exploratory */
  family: string;
  question: string;
  method: MethodName;
  outcome: Outcome | 'perception_share';
  /** For two-arm comparisons: treatment − reference. */
  contrast: { treatment: Arm; reference: Arm } | null;
  /** H6: the trait score correlated with alignment. */
  predictor: 'trait_jes' | 'trait_sites' | null;
  /** H5/H6: which round (1). */
  round: Round | null;
  /** H5: a response or judged score counts as "yes" when >= threshold (4). */
  threshold: number | null;
  /** H6: equivalence bounds on r, ±bound (0.1). */
  equivalence_bound: number | null;
  /** H7: the null value of the mean share (0.5). */
  null_value: number | null;
  /** The preregistered direction: the estimate must have this sign for `supported`. `none` for
   *  equivalence (H6) and for exploratory analyses. */
  direction: 'positive' | 'negative' | 'none';
  /** How the decision is made: p (adjusted where a correction applies) below alpha with the right
   *  sign, or the TOST equivalence p below alpha. */
  decision_rule: 'p_below_alpha' | 'equivalence_p_below_alpha' | 'none';
}

export interface CorrectionSpec {
  id: string;
  tag: Provenance;
  method: 'holm' | 'bh' | 'bonferroni';
  /** Hypothesis IDs adjusted together. */
  hypotheses: string[];
}

export interface ExclusionSpec {
  id: string; // E1, E2, E3
  tag: Provenance;
  description: string;
  rule: 'attention_failed' | 'incomplete_rounds' | 'min_supporter_messages';
  /** Before or after randomisation, for the CONSORT flow. */
  stage: 'before_randomisation' | 'after_allocation';
  /** E3: fewer than this many supporter messages in any round excludes. */
  min_supporter_messages: number | null;
}

export interface MissingDataSpec {
  tag: Provenance;
  /** available_case: no imputation; each test uses the participants it has and reports its n. */
  policy: 'available_case';
  description: string;
}

export interface RaterGroupSpec {
  /** e.g. experts */
  name: string;
  members: string[];
  combine: 'median' | 'mean';
}

export interface ReliabilitySpec {
  tag: Provenance;
  rater_groups: RaterGroupSpec[];
  /** Pairs of raters or groups for kappa, e.g. [experts, gemini]. */
  kappa_pairs: [string, string][];
  kappa_weights: 'none' | 'linear' | 'quadratic';
  /** Ratings are multiplied by this and rounded before building the contingency table (100). */
  kappa_scale: number;
  /** Raters among whom Krippendorff's alpha is computed. */
  alpha_raters: string[];
  alpha_metric: 'nominal' | 'ordinal' | 'interval';
  bootstrap_replicates: number;
  bootstrap_seed: number;
  confidence_level: number;
  /** Fields of this section that are our choice although the method is published (e.g. the
   *  bootstrap size); absent when the whole section has the section's tag. */
  reconstructed_fields?: string[];
}

/** One dimension's rubric for the judge: what the prompt says the dimension is and what its ends mean. */
export interface JudgeDimensionSpec {
  name: Dimension;
  tag: Provenance;
  /** The dimension as the prompt names it, e.g. `Validating emotions`. */
  label: string;
  definition: string;
  /** What a 1 means on this dimension. */
  score_1: string;
  /** What a 5 means on this dimension. */
  score_5: string;
}

/**
 * The LLM judge (pipeline/judge): the model, its settings and the prompt that turn transcripts
 * into ratings. One request per conversation × dimension × run, naming that one dimension and
 * carrying the whole transcript; a run's score is read from the reply by `parse_rule`.
 */
export interface JudgeSpec {
  tag: Provenance;
  /** Fields of this section that are published (the rest are the section's tag). */
  paper_fields?: string[];
  /** The model name sent in every request (`--model` overrides it: a deviation). */
  model: string;
  temperature: number;
  /** Independent runs per conversation and dimension (their aggregate is the score). */
  runs: number;
  /** `max_tokens` of every request; null sends none (the endpoint's default). */
  max_tokens: number | null;
  /** The reply the prompt asks for: the companion paper's three steps ending in `Step 3: Score — N`. */
  reply_format: 'step_example_justification_score';
  /** How the score is read from a reply (pipeline/judge/parse.ts). */
  parse_rule: 'step3_score';
  /** Re-asking once more when a reply has no readable score. */
  reask: {
    /** 0: an unreadable reply is a missing rating, never re-asked. */
    max_reasks: number;
    /** The follow-up message (the original prompt and reply come before it). */
    message: string;
  };
  /** The system message of every request. */
  system_prompt: string;
  /** The user message: {{dimension}}, {{definition}}, {{score_1}}, {{score_5}} and {{transcript}} are filled in. */
  user_prompt: string;
  dimensions: JudgeDimensionSpec[];
}

export interface Preregistration {
  schema: 'lend-an-ear-prereg/1';
  title: string;
  version: string;
  /** Provenance of the top-level settings (alpha, sides, confidence_level). */
  tag?: Provenance;
  alpha: number;
  sides: 'two-sided';
  confidence_level: number;
  /** How a conversation's score and alignment are formed. */
  scoring: {
    tag: Provenance;
    /** Aggregate over judge runs of one conversation on one dimension. */
    aggregate_runs: 'median' | 'mean';
    /** Alignment = mean of prescriptive scores and of (reflect − score) for proscriptive ones. */
    alignment_reflect: number;
    /** Standardiser of effects: pooled within-arm SD of the outcome at this round. */
    effect_size_round: Round;
    baseline_round: Round;
    outcome_round: Round;
  };
  exclusions: ExclusionSpec[];
  /** How missing ratings or self-reports are handled (OSF Prereg "Missing data"). */
  missing_data?: MissingDataSpec;
  hypotheses: HypothesisSpec[];
  corrections: CorrectionSpec[];
  reliability: ReliabilitySpec;
  /** The LLM judge (optional: an export that brings its own ratings needs none). */
  judge?: JudgeSpec;
  /** Dated changes made after the first lock (each followed by a re-lock). */
  amendments?: AmendmentSpec[];
}

/** A change to the preregistration after it was first locked. */
export interface AmendmentSpec {
  /** YYYY-MM-DD */
  date: string;
  /** The top-level sections it changed, e.g. [judge]. */
  sections: string[];
  description: string;
}

/** The preregistration as loaded, with its hash and lock status. */
export interface LoadedPreregistration {
  prereg: Preregistration;
  file: string;
  sha256: string;
  lock: {
    locked: boolean;
    /** SHA-256 recorded in the lock file; null when there is no lock file. */
    locked_sha256: string | null;
    locked_at: string | null;
    /** True when the file's hash differs from the locked one. */
    changed_since_lock: boolean;
    /** The lock's format: 2 keeps a snapshot of the locked text, 1 only its hash; null: no lock. */
    format: 1 | 2 | null;
    /** What is wrong with the lock itself (its snapshot does not hash to its recorded hash, or
     *  does not parse); empty when it checks itself. */
    problems: string[];
    /** The locked plan, parsed from the lock's snapshot (not validated again: it was when it was
     *  locked); null without a snapshot. The audit compares the plan that ran with it item by item. */
    locked_plan: unknown;
  };
}
