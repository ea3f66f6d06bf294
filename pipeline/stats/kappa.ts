/**
 * Cohen's kappa (simple, linear- or quadratic-weighted) with its asymptotic variances, computed
 * exactly as statsmodels `statsmodels.stats.inter_rater.cohens_kappa(table, wt=...)` (statsmodels
 * 0.13–0.14): kappa from the Wikipedia weight definition, the variances from the SAS manual
 * (Fleiss, Cohen & Everitt 1969) with agreement weights `1 − w`. Weights are built from the
 * category INDEX 0..k−1 (statsmodels' default when `weights` is None), not from the category
 * values: with unequally spaced categories that is what statsmodels and the companion paper did.
 */
import { normalSf } from './distributions.ts';

export type KappaWeights = 'none' | 'linear' | 'quadratic';

export interface KappaResult {
  kappa: number;
  /** Asymptotic variance of kappa (not under the null): statsmodels `var_kappa`. */
  var_kappa: number;
  /** Asymptotic variance under H0: kappa = 0: statsmodels `var_kappa0`. */
  var_kappa0: number;
  std_kappa: number;
  std_kappa0: number;
  /** statsmodels `z_value` = kappa / std_kappa0. */
  z: number;
  /** statsmodels `pvalue_two_sided`, from `z`. */
  p: number;
  /** kappa / std_kappa: the z the companion paper reports ("Kappa Z-statistic"). */
  z_ase: number;
  /** Two-sided normal p from `z_ase`: the companion paper's "Kappa P-value". */
  p_ase: number;
  /** Number of rated units (the table total). */
  n: number;
}

/** Two-sided standard-normal tail, 2·P(Z > |z|), computed directly so it does not underflow early. */
function twoSidedNormalP(z: number): number {
  if (!Number.isFinite(z)) return Number.NaN;
  return 2 * normalSf(Math.abs(z));
}

/** The k×k disagreement weight matrix of statsmodels for scores 0..k−1. */
function disagreementWeights(k: number, weights: KappaWeights): number[][] {
  const span = k - 1;
  return Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => {
      if (weights === 'linear') return Math.abs(i - j) / span;
      return (i - j) ** 2 / span ** 2;
    }),
  );
}

/**
 * Cohen's kappa of a square contingency table (rows: first rater, columns: second rater).
 *
 * Reference: statsmodels `cohens_kappa` (source `statsmodels/stats/inter_rater.py`), pinned in
 * tests/stats/kappa.test.ts to tests/fixtures/stats/kappa.json made by kappa.py.
 *
 * @example
 * cohensKappa([[10, 2], [3, 15]], 'none').kappa; // 0.6575342465753423
 */
export function cohensKappa(table: number[][], weights: KappaWeights): KappaResult {
  const k = table.length;
  if (k === 0 || table.some((row) => row.length !== k)) throw new RangeError('cohensKappa needs a non-empty square table');
  let nobs = 0;
  for (const row of table) for (const v of row) nobs += v;
  const probs = table.map((row) => row.map((v) => v / nobs));
  const freqRow = probs.map((row) => row.reduce((s, v) => s + v, 0));
  const freqCol = Array.from({ length: k }, (_, j) => probs.reduce((s, row) => s + row[j], 0));
  let agreeObs = 0;
  let agreeExp = 0;
  for (let i = 0; i < k; i++) {
    agreeObs += probs[i][i];
    agreeExp += freqRow[i] * freqCol[i];
  }

  let kappa: number;
  let varKappa: number;
  let varKappa0: number;
  if (weights === 'none') {
    kappa = (agreeObs - agreeExp) / (1 - agreeExp);
    let termA = 0;
    let termB = 0;
    for (let i = 0; i < k; i++) {
      termA += probs[i][i] * (1 - (freqRow[i] + freqCol[i]) * (1 - kappa)) ** 2;
      for (let j = 0; j < k; j++) if (i !== j) termB += probs[i][j] * (freqCol[i] + freqRow[j]) ** 2;
    }
    termB *= (1 - kappa) ** 2;
    const termC = (kappa - agreeExp * (1 - kappa)) ** 2;
    varKappa = (termA + termB - termC) / (1 - agreeExp) ** 2 / nobs;
    let termC0 = 0;
    for (let i = 0; i < k; i++) termC0 += freqCol[i] * freqRow[i] * (freqCol[i] + freqRow[i]);
    varKappa0 = (agreeExp + agreeExp ** 2 - termC0) / ((1 - agreeExp) ** 2 * nobs);
  } else {
    const w = disagreementWeights(k, weights);
    let observedDisagreement = 0;
    let expectedDisagreement = 0;
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        observedDisagreement += w[i][j] * probs[i][j];
        expectedDisagreement += w[i][j] * freqRow[i] * freqCol[j];
      }
    }
    kappa = 1 - observedDisagreement / expectedDisagreement;
    // The variance switches to SAS agreement weights 1 − w, as statsmodels does.
    const a = w.map((row) => row.map((v) => 1 - v));
    const aRow = Array.from({ length: k }, (_, i) => a[i].reduce((s, v, j) => s + v * freqCol[j], 0));
    const aCol = Array.from({ length: k }, (_, j) => a.reduce((s, row, i) => s + row[j] * freqRow[i], 0));
    let agreeWexp = 0;
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) agreeWexp += a[i][j] * freqRow[i] * freqCol[j];
    const fac = 1 / ((1 - agreeWexp) ** 2 * nobs);
    let termA = 0;
    let term0 = 0;
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        termA += probs[i][j] * (a[i][j] - (aCol[j] + aRow[i]) * (1 - kappa)) ** 2;
        term0 += freqRow[i] * freqCol[j] * (a[i][j] - (aCol[j] + aRow[i])) ** 2;
      }
    }
    varKappa = (termA - (kappa - agreeWexp * (1 - kappa)) ** 2) * fac;
    varKappa0 = (term0 - agreeWexp ** 2) * fac;
  }
  const stdKappa = Math.sqrt(varKappa);
  const stdKappa0 = Math.sqrt(varKappa0);
  const z = kappa / stdKappa0;
  const zAse = kappa / stdKappa;
  return {
    kappa,
    var_kappa: varKappa,
    var_kappa0: varKappa0,
    std_kappa: stdKappa,
    std_kappa0: stdKappa0,
    z,
    p: twoSidedNormalP(z),
    z_ase: zAse,
    p_ase: twoSidedNormalP(zAse),
    n: nobs,
  };
}

export interface RatingContingency {
  /** Sorted distinct scaled values (e.g. 100, 133, 150, …): the table's categories. */
  categories: number[];
  /** counts[i][j]: units rated categories[i] by the first rater and categories[j] by the second. */
  counts: number[][];
  /** Units with both ratings present. */
  n: number;
}

/**
 * The contingency table of two raters' scores, as the companion paper built it: pairs with a
 * missing score on either side are dropped; each score is multiplied by `scale` and rounded
 * half-to-even (numpy `round`), so crowd means such as 2.3333 become category 233; the
 * categories are the sorted union of the values both raters used.
 *
 * @example
 * ratingContingency([1, 2, 2], [1, 2.5, 2], 100);
 * // { categories: [100, 200, 250], counts: [[1,0,0],[0,1,1],[0,0,0]], n: 3 }
 */
export function ratingContingency(first: (number | null)[], second: (number | null)[], scale: number): RatingContingency {
  if (first.length !== second.length) throw new RangeError('ratingContingency needs two vectors of the same length');
  const pairs: [number, number][] = [];
  for (let i = 0; i < first.length; i++) {
    const a = first[i];
    const b = second[i];
    if (a === null || b === null || Number.isNaN(a) || Number.isNaN(b)) continue;
    pairs.push([roundHalfEven(a * scale), roundHalfEven(b * scale)]);
  }
  const categories = [...new Set(pairs.flat())].sort((x, y) => x - y);
  const index = new Map(categories.map((c, i) => [c, i]));
  const counts = categories.map(() => categories.map(() => 0));
  for (const [a, b] of pairs) counts[index.get(a)!][index.get(b)!] += 1;
  return { categories, counts, n: pairs.length };
}

/** numpy/pandas `round()`: to the nearest integer, ties to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
