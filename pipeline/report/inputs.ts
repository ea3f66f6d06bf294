/**
 * What the report is drawn from. `results`, `scored` and `consort` come from the pipeline's own
 * stages; everything else is optional and its section or chart is left out when absent.
 */
import type { JudgeAudit } from '../prereg/audit-judge.ts';
import type { Rationale } from '../judge/record.ts';
import type { ResultsDoc } from '../analyze/types.ts';
import type { ScoredStudy } from '../score/types.ts';
import type { Consort } from '../ingest/tables.ts';
import type { Arm, Dimension, Round } from '../study.ts';

/** The audit, reduced to what the report shows: declared by the audit (prereg/audit.ts). */
import type { AuditSummary } from '../prereg/audit.ts';
export type { AuditSummary };

/** The --reliability file, checked and put in one shape (reliability-input.ts). */
import type { ReliabilityInput } from './reliability-input.ts';
import type { Provenance } from '../runner/provenance.ts';
export type { ReliabilityInput };

/** Share of a round's supporter messages carrying one tagger sub-component, by arm. */
export interface TagFrequencyRow {
  arm: Arm;
  round: Round;
  subcomponent: string;
  share: number;
}

/** One row of the design diagnosis's power table. */
export interface PowerRow {
  id: string;
  /** The assumed true effect, in the units the diagnosis states. */
  effect: number;
  n_per_arm: number;
  power: number;
}

/** A Monte Carlo estimate with its standard error and the studies behind it (diagnosis.json); rates also their Wilson 95% interval. */
export interface McValue {
  value: number | null;
  mcse: number | null;
  n: number;
  ci_low?: number;
  ci_high?: number;
}

/** One true value a diagnosed result is judged against, with bias and coverage against it. */
export interface DiagnosisTargetRow {
  /** What it is the true value of ("the planted effect", "the items used", "the pool of items"). */
  target: string;
  truth: number;
  /** Its SE where measured; 0 where exact. */
  truth_se: number;
  /** How it was found, in a few words. */
  truth_how: string;
  bias: McValue;
  coverage: McValue;
}

/** One hypothesis of the design diagnosis (`diagnose`, pipeline/diagnose/types.ts), as the report shows it. */
export interface DiagnosisHypothesisRow {
  id: string;
  family: string;
  mean_estimate: McValue;
  /** Share `supported` with the planted effects. */
  power: McValue;
  /** Against each true value (H7: the items used and the pool of items). */
  targets: DiagnosisTargetRow[];
  /** In the null setting: the error rate (a two-sided rejection, or H6's equivalence claimed at the bound) and what the null is. */
  type_i_error: McValue | null;
  null_text: string | null;
  /** The `about` of the note in plain words that explains this row's figures, if one does. */
  note: string | null;
}

export interface DiagnosisInput {
  power: PowerRow[];
  /** Number of simulated studies behind each power estimate. */
  simulations: number;
  /** From diagnosis.json (pipeline/diagnose/report-input.ts); older inputs carry only `power`. */
  participants?: number;
  seed?: number;
  effect_coach_d?: number;
  effect_video_d?: number;
  hypotheses?: DiagnosisHypothesisRow[];
  /** The null setting in words. */
  null_setting?: string;
  /** In the null setting: share of studies with any `supported` hypothesis of the family. */
  family_wise?: { family: string; hypotheses: number; rate: McValue }[];
  /** The per-protocol analysis under arm-dependent attrition. */
  attrition?: {
    sims: number;
    description: string;
    rows: { id: string; contrast: string; truth_all: number; truth_stayers: number | null; mean_estimate: McValue; shift: McValue; coverage_all: McValue; coverage_stayers: McValue | null }[];
    /** Lee and worst/best-case bounds: mean limits over the studies, and how often they contain the truth they are about. */
    bounds: { id: string; lee: [number | null, number | null]; lee_covers_stayers: McValue; worst_case: [number | null, number | null]; worst_case_covers_all: McValue }[];
    /** Share of studies in which Fisher's test of arm × lost rejects. */
    differential_test: McValue;
  };
  /** Power of `hypothesis` over the planted coaching effect d (common random numbers). */
  power_curve?: { hypothesis: string; sims_per_point: number; points: { d: number; power: McValue }[] };
  /** Minimum detectable effect at `target_power`; d null when not reached; interval of the quantile where known. */
  mde?: { hypothesis: string; target_power: number; d: number | null; power: McValue | null; interval?: { low: number | null; high: number | null } | null };
  /** Plain-words explanations of what looks alarming but is expected. */
  notes?: { about: string; text: string }[];
}

/** Participants, conversations and messages: of the whole export, or of what is analysed. */
export interface StudyCounts {
  participants: number;
  conversations: number;
  messages: number;
}

/** What the report shows of a run's provenance: the runner's record of it, as it is. */
export type ReportProvenance = Provenance;

/** One stage of the pipeline's run, for the report's stage graph (pipeline/runner/graph.ts). */
export interface StageGraphRow {
  stage: string;
  /** What the stage reads: files, earlier stages' outputs, preregistration sections, parameters. */
  reads: string[];
  produces: string[];
  /** What counts as the stage's code (its key changes when that code changes). */
  code: string;
}

export interface ReportInputs {
  results: ResultsDoc;
  scored: ScoredStudy;
  consort: Consort;
  audit?: AuditSummary;
  reliability?: ReliabilityInput;
  tagFrequencies?: TagFrequencyRow[];
  diagnosis?: DiagnosisInput;
  /** The whole export's counts. */
  counts?: StudyCounts;
  /** The analysed participants (after the exclusions), their conversations and messages: the
   *  counts to set beside the paper's 968 / 2,904 / 33,938. */
  analysedCounts?: StudyCounts;
  /** Seed of the jitter in the point charts (default 1). */
  seed?: number;
  /** The preregistration lock's date (lock.json `locked_at`), shown beside "whose preregistration". */
  lockedAt?: string | null;
  /** Shown in the footer when set (from SOURCE_DATE_EPOCH); never the wall clock. */
  generatedAt?: string;
  /** Where the results come from (pipeline/runner/provenance.ts); its section says "not recorded"
   *  when absent. */
  provenance?: ReportProvenance;
  /** The runner's stage graph; its section is left out when absent. */
  stages?: StageGraphRow[];
  /** How the judge made the ratings, when it did (judge.json and its audit). */
  judge?: JudgeReportInput;
}

/** The judge in the report: its audit (settings preregistered and used, counts) and, only for a
 *  synthetic or public study, a few rationales per dimension (they quote the transcripts). */
export interface JudgeReportInput {
  audit: JudgeAudit;
  rationales: Rationale[] | null;
  rationales_note: string;
}

export type { Dimension };
