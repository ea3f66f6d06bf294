/**
 * Fisher's exact test of independence for an r × 2 table, as R's `fisher.test` (stats 4.2), two-
 * sided: conditional on both margins, the tables are hypergeometric, and p is the total
 * probability of the tables no more probable than the observed one (Fisher 1935; Agresti 2013,
 * Categorical Data Analysis, 3rd ed., §3.5.3). Here every table with the observed margins is
 * enumerated: a 3 × 2 table of 1,000 participants with 60 in the second column has under 2,000.
 *
 * "No more probable" allows R's slack for probabilities equal in exact arithmetic that differ in
 * the last bits: for a 2 × 2 table R compares d ≤ d_obs·(1 + 1e-7) (its own 2 × 2 code); for three
 * or more rows R calls FEXACT (Mehta & Patel 1986), which compares log-probabilities with the
 * slack 3.45254e-7 (its TOL, "the square root of the smallest relative spacing"). Each case here
 * uses the same rule as R, so near-ties fall on the same side.
 */
import { logGamma } from './special.ts';

export interface FisherExactResult {
  /** Two-sided p-value. */
  p: number;
  /** Probability of the observed table under independence, given the margins. */
  observed_probability: number;
  /** Number of tables with the observed margins (all of them enumerated). */
  tables: number;
}

/** R's fisher.test slack for a 2 × 2 table: relErr = 1 + 10^-7 on the probability. */
const TWO_BY_TWO_RELATIVE_SLACK = 1e-7;
/** FEXACT's TOL, added to the observed log-probability (R src/library/stats/src/fexact.c). */
const FEXACT_LOG_SLACK = 3.45254e-7;
/** Tables less probable than e^−80 times the observed one are left out of both sums (see below). */
const NEGLIGIBLE_LOG_RATIO = 80;

function logFactorials(n: number): Float64Array {
  const lf = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) lf[k] = logGamma(k + 1);
  return lf;
}

/**
 * Two-sided Fisher exact test for an r × 2 table given as rows `[first column, second column]`
 * (r ≥ 2), e.g. per arm `[analysed, lost]`. Equals R's `fisher.test(matrix(c(first, second), ncol
 * = 2))$p.value`. A table with an empty column has one possible table: p = 1.
 *
 * @example
 * fisherExactRx2([[324, 19], [323, 21], [321, 22]]).p; // 0.894126498930… (R: 0.8941264989307952)
 */
export function fisherExactRx2(table: readonly (readonly [number, number])[]): FisherExactResult {
  if (table.length < 2) throw new RangeError(`Fisher's exact test needs at least 2 rows (got ${table.length})`);
  for (const [i, row] of table.entries()) {
    for (const v of row) {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`row ${i + 1} of the table: counts must be non-negative integers (got ${v})`);
    }
  }
  const rowTotals = table.map(([a, b]) => a + b);
  const total = rowTotals.reduce((s, v) => s + v, 0);
  const second = table.reduce((s, [, b]) => s + b, 0);
  const lf = logFactorials(total);
  const r = table.length;

  // log P(table) = constant + Σ_i kernel_i[x_i], x_i the second-column count of row i.
  let constant = lf[second] + lf[total - second] - lf[total];
  for (const n of rowTotals) constant += lf[n];
  const kernels = rowTotals.map((n) => {
    const k = new Float64Array(n + 1);
    for (let x = 0; x <= n; x++) k[x] = -lf[x] - lf[n - x];
    return k;
  });
  let observed = constant;
  for (let i = 0; i < r; i++) observed += kernels[i][table[i][1]];
  const threshold = r === 2 ? observed + Math.log1p(TWO_BY_TWO_RELATIVE_SLACK) : observed + FEXACT_LOG_SLACK;

  // capacity[i] = room in rows i..r−1: row i takes at least remaining − capacity[i + 1].
  const capacity = new Array<number>(r + 1).fill(0);
  for (let i = r - 1; i >= 0; i--) capacity[i] = capacity[i + 1] + rowTotals[i];

  // The p-value is divided by the total probability of all tables, 1 in exact arithmetic: the
  // rounding of the log-factorials in `constant` then cancels (one possible table gives p = 1).
  // Tables less probable than e^−80 times the observed one are left out of both sums: since
  // p ≥ P(observed), even 1e15 of them change p by less than 1e−19 of itself. Given the other
  // rows, the log-probability is concave in the last two rows' split, so the tables kept there
  // form one interval around the mode, walked outwards until it ends.
  const cut = observed - NEGLIGIBLE_LOG_RATIO;
  const sums = { all: 0, atMostObserved: 0, tables: 0 };
  const last = kernels[r - 1];
  const beforeLast = kernels[r - 2];
  const nA = rowTotals[r - 2];
  const nB = rowTotals[r - 1];
  const innerRows = (remaining: number, partial: number): void => {
    const from = Math.max(0, remaining - nB);
    const to = Math.min(nA, remaining);
    sums.tables += to - from + 1;
    // Mode of the hypergeometric C(nA, x)·C(nB, remaining − x).
    const mode = Math.min(to, Math.max(from, Math.floor(((remaining + 1) * (nA + 1)) / (nA + nB + 2))));
    let all = 0;
    let atMost = 0;
    for (let x = mode; x >= from; x--) {
      const logP = partial + beforeLast[x] + last[remaining - x];
      if (logP < cut) break;
      const probability = Math.exp(logP);
      all += probability;
      if (logP <= threshold) atMost += probability;
    }
    for (let x = mode + 1; x <= to; x++) {
      const logP = partial + beforeLast[x] + last[remaining - x];
      if (logP < cut) break;
      const probability = Math.exp(logP);
      all += probability;
      if (logP <= threshold) atMost += probability;
    }
    sums.all += all;
    sums.atMostObserved += atMost;
  };
  const visit = (i: number, remaining: number, partial: number): void => {
    if (i === r - 2) return innerRows(remaining, partial);
    const from = Math.max(0, remaining - capacity[i + 1]);
    const to = Math.min(rowTotals[i], remaining);
    const kernel = kernels[i];
    for (let x = from; x <= to; x++) visit(i + 1, remaining - x, partial + kernel[x]);
  };
  visit(0, second, constant);
  const { all, tables } = sums;
  const p = sums.atMostObserved / all;
  return { p: Math.max(0, Math.min(1, p)), observed_probability: Math.exp(observed - Math.log(all)), tables };
}
