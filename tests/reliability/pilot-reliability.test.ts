import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Warnings } from '../../pipeline/errors.ts';
import { readStudyExport } from '../../pipeline/ingest/index.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { computeReliability } from '../../pipeline/reliability/compute.ts';
import type { ReliabilityDoc } from '../../pipeline/reliability/types.ts';
import { DIMENSION_NAMES } from '../../pipeline/study.ts';
import reference from '../fixtures/reliability/pilot_reference.json' with { type: 'json' };
import alphaReference from '../fixtures/reliability/pilot_alpha.json' with { type: 'json' };
import { PILOT_DIR } from './pilot.ts';


const key = (pair: string[], dimension: string) => `${pair.join('|')}|${dimension}`;

describe('reliability on the real pilot', () => {
  let doc: ReliabilityDoc;
  beforeAll(async () => {
    const { prereg } = loadPreregistration('preregistration/preregistration.yaml');
    doc = computeReliability(await readStudyExport(PILOT_DIR, new Warnings()), prereg.reliability);
  }, 60_000);

  it('reads 50 conversations and the seven raters', () => {
    expect(doc.conversations).toBe(reference.conversations);
    expect(doc.raters).toEqual(['claude', 'crowd', 'expert1', 'expert2', 'expert3', 'gemini', 'gpt']);
  });

  // Reference: statsmodels cohens_kappa + the paper's z/p, on the pilot files read directly by
  // tests/fixtures/reliability/pilot_reference.py (not through our adapter).
  it('kappa, z and p match statsmodels for every pair x dimension', () => {
    expect(doc.kappa).toHaveLength(36);
    const ours = new Map(doc.kappa.map((r) => [key(r.pair, r.dimension), r]));
    for (const ref of reference.kappa) {
      const r = ours.get(key(ref.pair, ref.dimension))!;
      expect(r.n).toBe(ref.n);
      expect(r.kappa!).toBeCloseTo(ref.kappa, 12);
      expect(r.z!).toBeCloseTo(ref.z, 9);
      if (ref.p > 1e-300) expect(Math.abs(r.p! / ref.p - 1)).toBeLessThan(1e-8);
    }
  });

  // Reference: scipy.stats.spearmanr and the Fisher-z interval (exact normal quantile), same script.
  it('Spearman rho, p and Fisher-z interval match scipy', () => {
    const ours = new Map(doc.spearman.map((r) => [key(r.pair, r.dimension), r]));
    for (const ref of reference.spearman) {
      const r = ours.get(key(ref.pair, ref.dimension))!;
      expect(r.n).toBe(ref.n);
      expect(r.rho!).toBeCloseTo(ref.rho, 12);
      expect(Math.abs(r.p! / ref.p - 1)).toBeLessThan(1e-8);
      expect(r.ci_low!).toBeCloseTo(ref.ci_low, 10);
      expect(r.ci_high!).toBeCloseTo(ref.ci_high, 10);
    }
  });

  // Reference: the companion paper's own output, annotations/all_annotator_pairs_spearman_kappa.csv
  // of its replication repository, its Lend an Ear rows (rounded there to 2-3 decimals; "llm" is gemini).
  it("reproduces the paper's published kappa table to its printed digits", () => {
    const lines = readFileSync('tests/fixtures/reliability/published/all_annotator_pairs_spearman_kappa.csv', 'utf8').trim().split('\n').filter((l) => l.startsWith('Lend an Ear,'));
    expect(lines).toHaveLength(36);
    for (const line of lines) {
      const m = /^Lend an Ear,(\w+),"\('(\w+)', '(\w+)'\)",([-\d.]+),[-\d.]+,[-\d.]+,[-\d.]+,([-\d.]+),([-\d.]+),([-\d.]+)$/.exec(line)!;
      const [, dimension, a, b, rho, kappa, z, p] = m;
      const rename = (x: string) => (x === 'llm' ? 'gemini' : x);
      const k = doc.kappa.find((r) => key(r.pair, r.dimension) === key([rename(a), rename(b)], dimension))!;
      const s = doc.spearman.find((r) => key(r.pair, r.dimension) === key([rename(a), rename(b)], dimension))!;
      expect(k.kappa!.toFixed(2)).toBe(kappa);
      expect(k.z!.toFixed(3)).toBe(z);
      expect(k.p!.toFixed(3)).toBe(p);
      expect(s.rho!.toFixed(2)).toBe(rho);
    }
  });

  // Reference: hand-written interval alpha in R (tests/fixtures/reliability/pilot_alpha.R).
  it("Krippendorff's alpha among the experts matches R per dimension", () => {
    for (const d of DIMENSION_NAMES) {
      const ref = alphaReference.alpha[d];
      expect(doc.alpha[d].value!).toBeCloseTo(ref.value, 12);
      expect(doc.alpha[d].n).toBe(50);
    }
    const mean = DIMENSION_NAMES.reduce((s, d) => s + alphaReference.alpha[d].value, 0) / 6;
    expect(doc.alpha_mean!).toBeCloseTo(mean, 12);
  });

  // Reference: R boot.ci on R's own 2000 draws. Different draws, so agreement is only within
  // Monte Carlo error (a few hundredths at R = 2000); the exact arithmetic is pinned in
  // tests/stats/bootstrap.test.ts.
  it('the bootstrap intervals agree with R boot.ci within Monte Carlo error', () => {
    for (const d of DIMENSION_NAMES) {
      const ref = alphaReference.alpha[d];
      const a = doc.alpha[d];
      expect(Math.abs(a.ci_low! - ref.bca[0])).toBeLessThan(0.05);
      expect(Math.abs(a.ci_high! - ref.bca[1])).toBeLessThan(0.05);
      expect(Math.abs(a.percentile_low! - ref.perc[0])).toBeLessThan(0.05);
      expect(Math.abs(a.percentile_high! - ref.perc[1])).toBeLessThan(0.05);
      expect(a.ci_low!).toBeLessThan(a.value!);
      expect(a.ci_high!).toBeGreaterThan(a.value!);
    }
  });
});
