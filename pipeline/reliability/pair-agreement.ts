/**
 * Agreement of two raters on one dimension, as the companion paper computed it
 * (docs/RELIABILITY.md §2–3): listwise deletion of incomplete pairs; weighted Cohen's kappa on the
 * codes round(scale·v) (halves to even), categories = the codes either rater of this pair used,
 * weights on the categories' positions, SE from the non-null asymptotic variance, z = kappa/SE,
 * two-sided normal p; Spearman's rho with scipy's p and a Fisher-z interval. Degenerate data give
 * nulls and a note, never a number made of round-off.
 */
import { cohensKappa, ratingContingency } from '../stats/kappa.ts';
import type { FrameworkMethod } from './framework.ts';
import { finiteOrNull } from './numbers.ts';
import { rankAgreement } from './rankAgreement.ts';
import * as msg from './catalogue.ts';

export interface PairAgreement {
  /** Conversations with both values. */
  n: number;
  /** Categories of the kappa table (distinct codes either rater used). */
  categories: number;
  kappa: number | null;
  /** Large-sample non-null standard error of kappa. */
  se: number | null;
  z: number | null;
  /** Two-sided, from z: the paper's p. */
  p: number | null;
  /** statsmodels' own p, from the variance under kappa = 0: for comparison. */
  p_null_variance: number | null;
  rho: number | null;
  rho_p: number | null;
  rho_ci_low: number | null;
  rho_ci_high: number | null;
  /** Why a statistic is missing. */
  notes: string[];
}

/**
 * @example
 * pairAgreement([1, 2, 2, 4, 5, 5, 1, 4], [1, 2, 4, 4, 5, 4, 2, 5], PAPER_METHOD).kappa // 0.7777777777777778
 */
export function pairAgreement(a: (number | null)[], b: (number | null)[], method: FrameworkMethod): PairAgreement {
  const table = ratingContingency(a, b, method.code_scale);
  const notes: string[] = [];
  let kappa: number | null = null;
  let se: number | null = null;
  let z: number | null = null;
  let p: number | null = null;
  let pNull: number | null = null;
  if (table.n === 0) notes.push(msg.NO_PAIRS);
  else if (table.categories.length < 2) notes.push(msg.ONE_CATEGORY);
  else {
    const k = cohensKappa(table.counts, method.kappa_weights);
    kappa = finiteOrNull(k.kappa);
    if (kappa === null) notes.push(msg.KAPPA_UNDEFINED);
    else if (!(k.var_kappa > 0)) notes.push(msg.NO_VARIANCE);
    else {
      se = finiteOrNull(k.std_kappa);
      z = finiteOrNull(k.z_ase);
      p = finiteOrNull(k.p_ase);
      pNull = finiteOrNull(k.p);
    }
  }
  const s = rankAgreement(a, b, 0.95, method.fisher_z);
  if (s.rho === null && table.n > 0) notes.push(s.n < 4 ? msg.TOO_FEW_FOR_RHO : msg.CONSTANT_FOR_RHO);
  return {
    n: table.n,
    categories: table.categories.length,
    kappa,
    se,
    z,
    p,
    p_null_variance: pNull,
    rho: s.rho,
    rho_p: s.p,
    rho_ci_low: s.ci_low,
    rho_ci_high: s.ci_high,
    notes,
  };
}
