/**
 * The companion paper's whole pairwise table from the four framework files of data/frameworks:
 * 126 rows (4 frameworks, 21 dimensions, 6 pairs), each against an independent reference computed
 * from the vendored files with statsmodels `cohens_kappa(table, wt="quadratic")` and scipy
 * `spearmanr` (tests/fixtures/reliability/frameworks_reference.py), and row by row against the
 * paper's own published tables (tests/fixtures/reliability/published/).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeFrameworks } from '../../pipeline/reliability/frameworks.ts';
import { frameworkFiles, type FrameworksDoc } from '../../pipeline/reliability/framework-files.ts';
import { fixed } from '../../pipeline/reliability/format.ts';
import reference from '../fixtures/reliability/frameworks_reference.json' with { type: 'json' };

const key = (framework: string, dimension: string, pair: string[]) => `${framework}|${dimension}|${pair.join('|')}`;

/** A published table's rows: framework, dimension, pair (as printed) and the printed numbers after them. */
function publishedRows(file: string): { line: string; framework: string; dimension: string; pair: string[]; values: string[] }[] {
  const lines = readFileSync(`tests/fixtures/reliability/published/${file}`, 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const m = /^([A-Za-z ]+),(\w+),"\('(\w+)', '(\w+)'\)",(.+)$/.exec(line);
    if (!m) throw new Error(`${file}: unexpected line ${line}`);
    return { line, framework: m[1], dimension: m[2], pair: [m[3], m[4]], values: m[5].split(',') };
  });
}

let doc: FrameworksDoc;
beforeAll(async () => {
  doc = await computeFrameworks({ frameworks: ['data/frameworks'], raters: [], pairs: [] });
}, 60_000);

describe("the companion paper's four frameworks", () => {
  it('are four framework files giving 126 rows, n = 50 in each', () => {
    expect(doc.frameworks.map((f) => f.label)).toEqual(['Empathetic Dialogues', 'EPITOME', 'Lend an Ear', 'Perceived Empathy']);
    expect(doc.frameworks.map((f) => f.dimensions.length)).toEqual([3, 3, 6, 9]);
    const rows = doc.frameworks.flatMap((f) => f.rows);
    expect(rows).toHaveLength(126);
    expect(new Set(rows.map((r) => r.n))).toEqual(new Set([50]));
    for (const f of doc.frameworks) expect(f.raters.map((r) => r.conversations)).toEqual(f.raters.map(() => 50));
  });

  // Reference: statsmodels cohens_kappa (var_kappa for the SE) and scipy spearmanr on the files
  // read directly by frameworks_reference.py; p compared absolutely (docs/RELIABILITY.md §2).
  it('every row matches statsmodels and scipy, and prints as the paper did (kappa 2 decimals, p 3)', () => {
    const ours = new Map(doc.frameworks.flatMap((f) => f.rows.map((r) => [key(f.label, r.dimension, r.pair), r] as const)));
    expect(reference.rows).toHaveLength(126);
    for (const ref of reference.rows) {
      const r = ours.get(key(ref.framework, ref.dimension, ref.pair))!;
      const where = key(ref.framework, ref.dimension, ref.pair);
      expect(r, where).toBeDefined();
      expect(r.n, where).toBe(ref.n);
      expect(r.categories, where).toBe(ref.categories);
      expect(r.kappa!, where).toBeCloseTo(ref.kappa, 12);
      expect(r.se!, where).toBeCloseTo(ref.se, 12);
      expect(r.z!, where).toBeCloseTo(ref.z, 9);
      expect(Math.abs(r.p! - ref.p), where).toBeLessThan(1e-12);
      expect(Math.abs(r.p! - ref.p_notebook), where).toBeLessThan(1e-12);
      expect(Math.abs(r.p_null_variance! - ref.p_null_variance), where).toBeLessThan(1e-12);
      expect(fixed(r.kappa!, 2), where).toBe(ref.kappa_printed);
      expect(fixed(r.p!, 3), where).toBe(ref.p_printed);
      expect(r.rho!, where).toBeCloseTo(ref.rho, 12);
      expect(Math.abs(r.rho_p! - ref.rho_p), where).toBeLessThan(1e-12);
      expect(r.rho_ci_low!, where).toBeCloseTo(ref.rho_ci_low, 12);
      expect(r.rho_ci_high!, where).toBeCloseTo(ref.rho_ci_high, 12);
    }
  });

  // Reference: the companion paper's published tables (tests/fixtures/reliability/published/, from
  // its replication repository): table_kappa.csv is the paper's pairwise kappa table (kappa to 2
  // decimals, p to 3); all_annotator_pairs_spearman_kappa.csv has the same rows with Spearman's rho,
  // its p and Fisher interval, and z beside them. Every row, both ways round: no published row
  // missing, no row of ours unpublished.
  it("reproduces the paper's published kappa table row by row: 126 rows, kappa to 2 decimals, p to 3", () => {
    const table = publishedRows('table_kappa.csv');
    expect(table).toHaveLength(126);
    const ours = new Map(doc.frameworks.flatMap((f) => f.rows.map((r) => [key(f.label, r.dimension, r.pair), r] as const)));
    expect(new Set(table.map((t) => key(t.framework, t.dimension, t.pair)))).toEqual(new Set(ours.keys()));
    for (const t of table) {
      const r = ours.get(key(t.framework, t.dimension, t.pair))!;
      expect([fixed(r.kappa!, 2), fixed(r.p!, 3)], t.line).toEqual(t.values);
    }
  });

  it("reproduces the published Spearman and z columns of all 126 rows at every printed digit", () => {
    const table = publishedRows('all_annotator_pairs_spearman_kappa.csv');
    expect(table).toHaveLength(126);
    for (const t of table) {
      const r = doc.frameworks.find((f) => f.label === t.framework)!.rows.find((x) => key(t.framework, x.dimension, x.pair) === key(t.framework, t.dimension, t.pair))!;
      expect([fixed(r.rho!, 2), fixed(r.rho_p!, 3), fixed(r.rho_ci_low!, 2), fixed(r.rho_ci_high!, 2), fixed(r.kappa!, 2), fixed(r.z!, 3), fixed(r.p!, 3)], t.line).toEqual(t.values);
    }
  });

  // Reference: 1 − D_o/D_e written out in frameworks_reference.py.
  it("Krippendorff's alpha among the experts per dimension and its mean", () => {
    expect(reference.alpha.map((ref) => ref.framework).sort()).toEqual(doc.frameworks.map((f) => f.label).sort());
    for (const ref of reference.alpha) {
      const f = doc.frameworks.find((x) => x.label === ref.framework)!;
      expect(f.alpha!.dimensions.map((a) => a.dimension)).toEqual(Object.keys(ref.alpha));
      for (const a of f.alpha!.dimensions) expect(a.value!, `${ref.framework} ${a.dimension}`).toBeCloseTo((ref.alpha as unknown as Record<string, number>)[a.dimension], 12);
      expect(f.alpha!.mean!).toBeCloseTo(ref.mean, 12);
      for (const a of f.alpha!.dimensions) expect(a.ci_low! < a.value! && a.value! < a.ci_high!, a.dimension).toBe(true);
    }
  });

  it('writes the 126 rows to reliability.csv and reliability.md as the paper printed them; a framework gives the same numbers alone', async () => {
    const files = Object.fromEntries(frameworkFiles(doc));
    const csv = files['reliability.csv'].trim().split('\n');
    expect(csv[0]).toBe('framework,dimension,rater_a,rater_b,n,kappa,p,se,z,rho,rho_p,rho_ci_low,rho_ci_high,note');
    expect(csv).toHaveLength(127);
    const printed = new Map(reference.rows.map((r) => [key(r.framework, r.dimension, r.pair), `${r.kappa_printed},${r.p_printed}`]));
    for (const line of csv.slice(1)) {
      const [framework, dimension, a, b, n, kappa, p] = line.split(',');
      expect(n).toBe('50');
      expect(`${kappa},${p}`, line).toBe(printed.get(key(framework, dimension, [a, b])));
    }
    expect(files['reliability.md'].split('\n').filter((l) => /^\| \w+ \| \w+ – \w+ \| 50 \|/.test(l))).toHaveLength(126);
    // The same numbers again, and whatever else is computed beside it (the seeded bootstrap included).
    const again = await computeFrameworks({ frameworks: ['data/frameworks/lend-an-ear.yaml'], raters: [], pairs: [] });
    expect(JSON.stringify(again.frameworks[0])).toBe(JSON.stringify(doc.frameworks.find((f) => f.label === 'Lend an Ear')));
  });
});
