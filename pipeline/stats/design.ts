/**
 * Model matrices as R's `model.matrix` builds them with treatment contrasts (`contr.treatment`):
 * an "(Intercept)" column of ones, one 0/1 dummy per non-reference level named factor + level
 * (`armcoach`), and numeric covariates by name.
 */
import { ModelFitError } from './ols.ts';

export interface CodedFactor {
  /** Column names, R style: factor name + level, e.g. `armcoach`. */
  names: string[];
  /** Dummy columns, one per non-reference level, each of length n. */
  columns: number[][];
}

/**
 * Treatment (dummy) coding of a factor against `reference`, in the order of `levels`.
 * Throws `ModelFitError` for a value not in `levels` or a reference not among them.
 *
 * Reference: R `contr.treatment`; Chambers & Hastie (1992), Statistical Models in S, §2.3.
 *
 * @example
 * treatmentCoding(['control', 'coach', 'peer'], ['control', 'coach', 'peer'], 'control', 'arm');
 * // { names: ['armcoach', 'armpeer'], columns: [[0, 1, 0], [0, 0, 1]] }
 */
export function treatmentCoding(values: string[], levels: string[], reference: string, factorName = ''): CodedFactor {
  if (!levels.includes(reference)) throw new ModelFitError(`the reference level ${JSON.stringify(reference)} is not one of the levels (${levels.join(', ')})`);
  if (new Set(levels).size !== levels.length) throw new ModelFitError(`the levels of ${factorName || 'the factor'} repeat (${levels.join(', ')})`);
  const others = levels.filter((l) => l !== reference);
  const index = new Map(others.map((l, k) => [l, k]));
  const columns = others.map(() => new Array<number>(values.length).fill(0));
  const unknown = new Set<string>();
  values.forEach((v, i) => {
    if (v === reference) return;
    const k = index.get(v);
    if (k === undefined) unknown.add(v);
    else columns[k][i] = 1;
  });
  if (unknown.size > 0) throw new ModelFitError(`${factorName || 'the factor'} has values outside its levels: ${[...unknown].map((u) => JSON.stringify(u)).join(', ')}`);
  return { names: others.map((l) => `${factorName}${l}`), columns };
}

export interface FactorTerm {
  name: string;
  values: string[];
  levels: string[];
  reference: string;
}

export interface CovariateTerm {
  name: string;
  values: number[];
}

export interface DesignSpec {
  /** Include "(Intercept)" (default true). */
  intercept?: boolean;
  factors?: FactorTerm[];
  covariates?: CovariateTerm[];
  /**
   * Two-factor interactions by factor name, e.g. [['arm', 'round']] for R's `arm * round`: one
   * column per pair of dummies, named `armcoach:round2`, the first factor varying fastest.
   */
  interactions?: [string, string][];
}

export interface DesignMatrix {
  /** Column names in order: (Intercept), factor dummies, covariates. */
  names: string[];
  /** n × p rows, ready for `fitOls`. */
  rows: number[][];
}

/**
 * Assembles intercept + treatment-coded factors + numeric covariates + interactions into rows, in
 * that column order (R's `model.matrix` order for `y ~ arm * round + baseline`). All terms must
 * have the same length.
 *
 * @example
 * designMatrix({
 *   factors: [{ name: 'arm', values: ['control', 'coach'], levels: ['control', 'coach', 'peer'], reference: 'control' }],
 *   covariates: [{ name: 'baseline', values: [3.5, 4] }],
 * });
 * // { names: ['(Intercept)', 'armcoach', 'armpeer', 'baseline'], rows: [[1, 0, 0, 3.5], [1, 1, 0, 4]] }
 */
export function designMatrix(spec: DesignSpec): DesignMatrix {
  const factors = spec.factors ?? [];
  const covariates = spec.covariates ?? [];
  const lengths = [...factors.map((f) => f.values.length), ...covariates.map((c) => c.values.length)];
  if (lengths.length === 0 && spec.intercept === false) throw new ModelFitError('the design has no terms');
  const n = lengths[0] ?? 0;
  if (lengths.some((l) => l !== n)) throw new ModelFitError(`the model terms have different lengths (${lengths.join(', ')})`);
  const names: string[] = [];
  const columns: number[][] = [];
  if (spec.intercept !== false) {
    names.push('(Intercept)');
    columns.push(new Array<number>(n).fill(1));
  }
  const coded = new Map<string, CodedFactor>();
  for (const f of factors) {
    const c = treatmentCoding(f.values, f.levels, f.reference, f.name);
    coded.set(f.name, c);
    names.push(...c.names);
    columns.push(...c.columns);
  }
  for (const c of covariates) {
    names.push(c.name);
    columns.push(c.values);
  }
  for (const [first, second] of spec.interactions ?? []) {
    const a = coded.get(first);
    const b = coded.get(second);
    if (a === undefined || b === undefined) throw new ModelFitError(`the interaction ${first}:${second} names a factor that is not in the design`);
    b.columns.forEach((bCol, jb) => {
      a.columns.forEach((aCol, ja) => {
        names.push(`${a.names[ja]}:${b.names[jb]}`);
        columns.push(aCol.map((v, i) => v * bCol[i]));
      });
    });
  }
  const rows = Array.from({ length: n }, (_, i) => columns.map((col) => col[i]));
  return { names, rows };
}
