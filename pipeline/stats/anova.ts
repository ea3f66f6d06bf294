/**
 * One-way analysis of variance: between- and within-group sums of squares, mean squares, F and
 * its p-value, R² and the residual standard deviation, as NIST StRD's ANOVA sets certify them.
 *
 * Accuracy: the data are first shifted by one observation (x − x₀ is exact for values of similar
 * size, Sterbenz's lemma), because a mean near 1e12 cannot itself be stored closer than 1e-4;
 * group means of the shifted data are computed in two passes (mean, then the mean of the
 * deviations added back), and every sum of squares from deviations about those means — never
 * Σx² − n·x̄². This keeps 13-leading-digit data such as NIST's SmLs07–09 meaningful.
 * Reference: NIST StRD ANOVA, https://www.itl.nist.gov/div898/strd/anova/anova.html;
 * Simon & Lesage (1989), Comput. Stat. Data Anal. 8, 325–332.
 */
import { fUpperP } from './ols-tails.ts';
import { ModelFitError } from './ols.ts';

export interface AnovaSource {
  df: number;
  ss: number;
  ms: number;
}

export interface OneWayAnova {
  between: AnovaSource;
  within: AnovaSource;
  f: number;
  p: number;
  /** SS_between / (SS_between + SS_within). */
  r_squared: number;
  /** sqrt(MS_within). */
  residual_sd: number;
}

function accurateMean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const first = sum / values.length;
  let correction = 0;
  for (let i = 0; i < values.length; i++) correction += values[i] - first;
  return first + correction / values.length;
}

/**
 * One-way ANOVA of k >= 2 groups (each a list of observations; at least one group with two or
 * more so the within df is positive).
 *
 * @example
 * oneWayAnova([[1, 2, 3], [4, 5, 6]]);
 * // { between: { df: 1, ss: 13.5, ms: 13.5 }, within: { df: 4, ss: 4, ms: 1 }, f: 13.5,
 * //   p: 0.02131164112875668, r_squared: 0.7714285714285715, residual_sd: 1 }   (R: anova(lm(y ~ g)))
 */
export function oneWayAnova(groups: ArrayLike<number>[]): OneWayAnova {
  const k = groups.length;
  if (k < 2) throw new ModelFitError(`one-way ANOVA needs at least two groups (got ${k})`);
  groups.forEach((g, i) => {
    if (g.length === 0) throw new ModelFitError(`group ${i + 1} of the ANOVA is empty`);
    for (let j = 0; j < g.length; j++) if (!Number.isFinite(g[j])) throw new ModelFitError(`group ${i + 1} value ${j + 1} is not a finite number (${g[j]})`);
  });
  const n = groups.reduce((s, g) => s + g.length, 0);
  if (n <= k) throw new ModelFitError(`one-way ANOVA of ${k} groups needs more than ${k} observations (got ${n})`);
  const shift = groups[0][0];
  const shifted = groups.map((g) => {
    const out = new Float64Array(g.length);
    for (let j = 0; j < g.length; j++) out[j] = g[j] - shift;
    return out;
  });
  const means = shifted.map(accurateMean);
  const all = new Float64Array(n);
  let offset = 0;
  for (const g of shifted) {
    all.set(g, offset);
    offset += g.length;
  }
  const grand = accurateMean(all);
  let ssBetween = 0;
  let ssWithin = 0;
  shifted.forEach((g, i) => {
    ssBetween += g.length * (means[i] - grand) ** 2;
    for (let j = 0; j < g.length; j++) ssWithin += (g[j] - means[i]) ** 2;
  });
  const dfBetween = k - 1;
  const dfWithin = n - k;
  const msBetween = ssBetween / dfBetween;
  const msWithin = ssWithin / dfWithin;
  const f = msBetween / msWithin;
  return {
    between: { df: dfBetween, ss: ssBetween, ms: msBetween },
    within: { df: dfWithin, ss: ssWithin, ms: msWithin },
    f,
    p: fUpperP(f, dfBetween, dfWithin),
    r_squared: ssBetween / (ssBetween + ssWithin),
    residual_sd: Math.sqrt(msWithin),
  };
}
