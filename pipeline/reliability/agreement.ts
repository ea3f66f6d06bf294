/**
 * Pairwise agreement between raters or groups, per dimension: weighted Cohen's kappa on the
 * paper's contingency table (scores × scale, rounded, categories = union of observed values) with
 * the paper's p from the non-null asymptotic variance, and Spearman's rho with a Fisher-z CI.
 */
import { DIMENSION_NAMES } from '../study.ts';
import type { ReliabilitySpec } from '../prereg/types.ts';
import { cohensKappa, ratingContingency } from '../stats/kappa.ts';
import type { RaterScores } from './raters.ts';
import type { KappaRow, SpearmanRow } from './types.ts';
import { finiteOrNull } from './numbers.ts';
import { rankAgreement } from './rankAgreement.ts';

/**
 * Kappa rows for every preregistered pair × dimension, in the preregistration's pair order.
 *
 * @example
 * kappaRows(scores, spec)[0]; // { pair: ['experts', 'gemini'], dimension: 'validating_emotions', kappa: 0.63…, p: 2e-16…, n: 50, … }
 */
export function kappaRows(scores: RaterScores, spec: ReliabilitySpec): KappaRow[] {
  const rows: KappaRow[] = [];
  for (const [first, second] of spec.kappa_pairs) {
    for (const dimension of DIMENSION_NAMES) {
      const table = ratingContingency(scores.score(first, dimension), scores.score(second, dimension), spec.kappa_scale);
      // One category only: kappa is 0/0, as in statsmodels (NaN) — reported as null.
      const k = table.n > 0 && table.categories.length > 1 ? cohensKappa(table.counts, spec.kappa_weights) : null;
      rows.push({
        pair: [first, second],
        dimension,
        kappa: finiteOrNull(k?.kappa),
        p: finiteOrNull(k?.p_ase),
        z: finiteOrNull(k?.z_ase),
        p_null_variance: finiteOrNull(k?.p),
        n: table.n,
      });
    }
  }
  return rows;
}

/**
 * Spearman rows for the same pairs × dimensions.
 *
 * @example
 * spearmanRows(scores, spec)[0]; // { pair: ['experts', 'gemini'], dimension: 'validating_emotions', rho: 0.69…, … }
 */
export function spearmanRows(scores: RaterScores, spec: ReliabilitySpec): SpearmanRow[] {
  const rows: SpearmanRow[] = [];
  for (const [first, second] of spec.kappa_pairs) {
    for (const dimension of DIMENSION_NAMES) {
      const r = rankAgreement(scores.score(first, dimension), scores.score(second, dimension), spec.confidence_level);
      rows.push({ pair: [first, second], dimension, ...r });
    }
  }
  return rows;
}
