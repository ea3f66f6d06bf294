/**
 * Krippendorff's alpha for reliability data with missing values, by the coincidence-matrix
 * formulas of Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", Annenberg
 * School for Communication, sections B–E:
 *
 *   o_ck = Σ_u (number of c–k pairs of values in unit u) / (m_u − 1)   (pairable units, m_u ≥ 2)
 *   n_c  = Σ_k o_ck,  n = Σ_c n_c
 *   alpha = 1 − (n − 1) · Σ_c Σ_k o_ck δ²_ck / Σ_c Σ_k n_c n_k δ²_ck
 *
 * with δ²_ck = [c ≠ k] (nominal), (c − k)² (interval) and, for ordinal data,
 * (Σ_{g=c..k} n_g − (n_c + n_k)/2)² over the ranks of the values actually used.
 */

export type AlphaMetric = 'nominal' | 'ordinal' | 'interval';

/** Distance δ²_ck between the i-th and j-th sorted values. */
function squaredDistances(values: number[], marginals: number[], metric: AlphaMetric): number[][] {
  const v = values.length;
  return Array.from({ length: v }, (_, i) =>
    Array.from({ length: v }, (_, j) => {
      if (metric === 'nominal') return i === j ? 0 : 1;
      if (metric === 'interval') return (values[i] - values[j]) ** 2;
      const lo = Math.min(i, j);
      const hi = Math.max(i, j);
      let between = 0;
      for (let g = lo; g <= hi; g++) between += marginals[g];
      return (between - (marginals[i] + marginals[j]) / 2) ** 2;
    }),
  );
}

/**
 * Krippendorff's alpha of reliability data given unit by unit: `units[u]` holds the values the
 * coders gave unit u, `null` where a coder gave none. Units with fewer than two values are not
 * pairable and are ignored. Returns NaN when there is no variation at all (D_e = 0).
 *
 * Reference: Krippendorff (2011); pinned in tests/stats/krippendorff.test.ts to a hand-written R
 * implementation and to Krippendorff's own worked example (2011, section C: alpha = 0.743
 * nominal, 0.815 ordinal, 0.849 interval).
 *
 * @example
 * krippendorffAlpha([[1, 1], [2, 2], [3, 2], [1, null]], 'interval'); // 0.7058823529411764
 */
export function krippendorffAlpha(units: (number | null)[][], metric: AlphaMetric): number {
  const pairable = units
    .map((unit) => unit.filter((x): x is number => x !== null && !Number.isNaN(x)))
    .filter((unit) => unit.length >= 2);
  if (metric === 'interval') return intervalAlpha(pairable);
  const values = [...new Set(pairable.flat())].sort((a, b) => a - b);
  const index = new Map(values.map((value, i) => [value, i]));
  const v = values.length;
  const coincidences = values.map(() => values.map(() => 0));
  for (const unit of pairable) {
    const m = unit.length;
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < m; b++) {
        if (a === b) continue;
        coincidences[index.get(unit[a])!][index.get(unit[b])!] += 1 / (m - 1);
      }
    }
  }
  const marginals = coincidences.map((row) => row.reduce((s, x) => s + x, 0));
  const n = marginals.reduce((s, x) => s + x, 0);
  const delta = squaredDistances(values, marginals, metric);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < v; c++) {
    for (let k = 0; k < v; k++) {
      observed += coincidences[c][k] * delta[c][k];
      expected += marginals[c] * marginals[k] * delta[c][k];
    }
  }
  if (expected === 0) return Number.NaN;
  return 1 - ((n - 1) * observed) / expected;
}

/**
 * The interval metric in closed form, the same alpha as the coincidence matrix: δ² = (c − k)², so
 * the sums over ordered pairs of values are Σ_{i,j} (v_i − v_j)² = 2(m·Σv² − (Σv)²) per unit and
 * over the pooled values, and alpha = 1 − (n − 1) Σ_u [(m_u Σv² − (Σv)²)/(m_u − 1)] / (n Σv² − (Σv)²),
 * on values centred at their mean (alpha does not move with a shift; centring keeps the
 * differences of large sums exact). Linear in the number of values, where the matrix is quadratic
 * in the distinct values: the bootstrap of a framework's 21 dimensions (2,000 replicates each)
 * took 12 s through the matrix.
 */
function intervalAlpha(pairable: number[][]): number {
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const unit of pairable) {
    for (const v of unit) {
      n++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  // No variation at all (D_e = 0), decided on the values themselves, not on round-off.
  if (n === 0 || min === max) return Number.NaN;
  const centre = sum / n;
  let within = 0;
  let s1 = 0;
  let s2 = 0;
  for (const unit of pairable) {
    let u1 = 0;
    let u2 = 0;
    for (const v of unit) {
      const c = v - centre;
      u1 += c;
      u2 += c * c;
    }
    within += (unit.length * u2 - u1 * u1) / (unit.length - 1);
    s1 += u1;
    s2 += u2;
  }
  const expected = n * s2 - s1 * s1;
  return 1 - ((n - 1) * within) / expected;
}
