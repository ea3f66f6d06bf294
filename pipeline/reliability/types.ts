/**
 * reliability.json (docs/CONTRACT.md, "Outputs of `reliability`") and tagger_validity.json: the
 * judge's agreement with experts and crowd on the pilot, and the expression tagger's agreement
 * with the experts. Read by the report. Numbers that cannot be computed are `null`.
 */
import type { Dimension } from '../study.ts';
import type { Provenance, RaterGroupSpec } from '../prereg/types.ts';

export interface KappaRow {
  /** [first rater, second rater]: rows and columns of the contingency table. */
  pair: [string, string];
  dimension: Dimension;
  /** Quadratic-weighted (per the preregistration) Cohen's kappa. */
  kappa: number | null;
  /** Two-sided, from z = kappa / sqrt(var_kappa): the companion paper's p. */
  p: number | null;
  /** kappa / sqrt(var_kappa), the asymptotic (non-null) standard error. */
  z: number | null;
  /** statsmodels' own test, from the variance under H0 (var_kappa0): given for comparison. */
  p_null_variance: number | null;
  /** Conversations with both ratings. */
  n: number;
}

export interface SpearmanRow {
  pair: [string, string];
  dimension: Dimension;
  rho: number | null;
  /** Two-sided p of rho = 0 (t on n − 2 df, as scipy.stats.spearmanr). */
  p: number | null;
  /** Fisher-z interval at the preregistered confidence level: tanh(atanh(rho) ± z·/sqrt(n − 3)). */
  ci_low: number | null;
  ci_high: number | null;
  n: number;
}

export interface AlphaEntry {
  /** Krippendorff's alpha among the preregistered raters. */
  value: number | null;
  /** BCa bootstrap interval over conversations (R boot.ci type "bca", jackknife acceleration). */
  ci_low: number | null;
  ci_high: number | null;
  /** Percentile bootstrap interval (R boot.ci type "perc"), beside it. */
  percentile_low: number | null;
  percentile_high: number | null;
  /** Conversations with at least two of the raters' scores. */
  n: number;
}

export interface ReliabilityDoc {
  schema: 'lend-an-ear-reliability/1';
  study: { name: string; synthetic: boolean; source: string };
  method: {
    tag: Provenance;
    rater_groups: RaterGroupSpec[];
    kappa_weights: 'none' | 'linear' | 'quadratic';
    kappa_scale: number;
    kappa_categories: string;
    kappa_p: string;
    alpha_raters: string[];
    alpha_metric: 'nominal' | 'ordinal' | 'interval';
    bootstrap_replicates: number;
    bootstrap_seed: number;
    confidence_level: number;
  };
  conversations: number;
  raters: string[];
  kappa: KappaRow[];
  spearman: SpearmanRow[];
  alpha: Record<Dimension, AlphaEntry>;
  /** Mean of the per-dimension alphas that could be computed; null when none could. */
  alpha_mean: number | null;
}

export interface TagValidityRow {
  subcomponent: string;
  dimension: Dimension;
  /** The rater or group the tag rate is compared with (the experts' median). */
  reference: string;
  /** Spearman rho of the per-conversation tag rate with the reference score. */
  rho: number | null;
  p: number | null;
  ci_low: number | null;
  ci_high: number | null;
  n: number;
  /** Mean share of supporter messages carrying the tag, over the conversations. */
  mean_rate: number | null;
  /** The ceiling: Spearman rho between each pair of individual experts on this dimension. */
  expert_pairs: { pair: [string, string]; rho: number | null; ci_low: number | null; ci_high: number | null; n: number }[];
  /** Mean of the expert-pair rhos. */
  expert_mean_rho: number | null;
}

export interface TaggerValidityDoc {
  schema: 'lend-an-ear-tagger-validity/1';
  taxonomy_tag: Provenance;
  confidence_level: number;
  conversations: number;
  supporter_messages: number;
  rows: TagValidityRow[];
  /** Sub-components without a matching dimension: their overall rate only. */
  unmatched: { subcomponent: string; mean_rate: number | null }[];
}
