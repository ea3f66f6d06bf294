/**
 * The result objects of results.json (docs/CONTRACT.md, "Outputs of run"). Fields that do not apply
 * are `null`, never left out.
 */
import type { Arm } from '../study.ts';
import type { AttritionAnalysis } from './attrition.ts';

export interface EffectSize {
  name: string; // "d" for H1–H4 and the ANCOVA-based exploratory tests
  value: number | null;
  ci_low: number | null;
  ci_high: number | null;
  /** How the CI was formed and what it leaves out (d: the SD is taken as known). */
  ci_note?: string;
}

export interface TestResult {
  id: string;
  status: 'confirmatory' | 'exploratory';
  family: string;
  /** `paper` or `reconstructed`, from the preregistration; `not_preregistered` for the
   *  exploratory analyses the pipeline adds beside a preregistered one (H7-by-item, H7-two-way). */
  tag: 'paper' | 'reconstructed' | 'not_preregistered';
  outcome: string;
  method: string;
  /** e.g. "coach - control"; null when not a two-arm contrast. */
  contrast: string | null;
  estimate: number | null;
  se: number | null;
  ci_low: number | null;
  ci_high: number | null;
  statistic: number | null;
  df: number | null;
  p: number | null;
  /** Adjusted within its correction set; equals `p` where no correction applies. */
  p_adjusted: number | null;
  /** Name of the correction applied (holm, bh, bonferroni) or null. */
  correction: string | null;
  effect_size: EffectSize | null;
  n: number;
  /**
   * `supported` / `not_supported`: the preregistered decision (confirmatory results only; null for
   * an exploratory result that was estimated). `not_estimable`: the data cannot carry the test
   * (too few participants, an empty arm, no spread, an essentially perfect fit; see `note`), for
   * confirmatory and exploratory results alike; its statistic, p and CI are then null.
   */
  decision: 'supported' | 'not_supported' | 'not_estimable' | null;
  /** Why a result is not estimable or only partly (e.g. d undefined); null when it ran in full. */
  note: string | null;
  /** What the inference covers, where that needs saying (H7: the items used). */
  scope?: string | null;
  /** How the CI was formed, where the method leaves a choice (H5: Newcombe's method 10). */
  ci_method?: string | null;
  // H5
  self_share?: number | null;
  judged_share?: number | null;
  /** [self yes & judged no, self no & judged yes] */
  discordant?: [number, number] | null;
  /** Beside the published 87% "very much": the share answering 5. */
  self_share_top?: number | null;
  // H6
  r_squared?: number | null;
  /** The TOST's decision statistic: the larger one-sided p against the bounds below. */
  equivalence_p?: number | null;
  /** The equivalence bounds on r, [−bound, bound]. */
  equivalence_bounds?: [number, number] | null;
  joint_r_squared?: number | null;
  // per-arm descriptives where useful (e.g. n per arm of an ANCOVA)
  n_by_arm?: Partial<Record<Arm, number>> | null;
  /** X3 (ancova_by_scenario): the round-3 scenario this result is restricted to. */
  scenario?: string | null;
  // H7-by-item, H7-two-way
  /** Perception items (pairs) with at least one choice. */
  n_items?: number | null;
  /** H7-by-item: each item's choices and share of aligned choices, by item id. */
  items?: { item_id: string; n: number; share: number }[] | null;
  /** H7-two-way: the clusters, and the SE clustered on each dimension alone (vcovCL, one-way). */
  clusters?: { participants: number; items: number } | null;
  one_way_se?: { participants: number | null; items: number | null } | null;
}

export interface ResultsDoc {
  schema: 'lend-an-ear-results/1';
  /** `provenance: 'unknown'` when the export has no study.json (ingest/study-meta.ts). */
  study: { name: string; synthetic: boolean; provenance?: 'unknown'; data_sha256: string };
  preregistration: { file: string; sha256: string; locked: boolean };
  sample: {
    enrolled: number;
    randomised: number;
    analysed: number;
    by_arm: Record<Arm, number>;
  };
  tests: TestResult[];
  /** Attrition after allocation: the differential-attrition test and the bounds on H1–H3 (exploratory). */
  attrition?: AttritionAnalysis;
}
