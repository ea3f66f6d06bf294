/**
 * Issue 5's done-when: every number of results.json matches R. For each fixture study in
 * tests/fixtures/analyze/NAME/, R (analysis.R: lm + sandwich::vcovHC HC3, binom.test, cor.test,
 * t.test, lmerTest Satterthwaite, p.adjust; Newcombe's paired interval on prop.test's Wilson
 * limits, sandwich::vcovCL two-way, fisher.test and the attrition bounds step by step; versions in
 * r-results.json `source`) analysed the very scored CSVs and CONSORT flow this test reads; the
 * pipeline's analyzeStudy must reproduce every estimate, SE, CI, statistic, df, p, adjusted p,
 * effect size, share and decision to 1e-8 relative, and every number of the attrition section.
 * Regenerate with `npx tsx tests/fixtures/analyze/make-fixtures.ts`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeStudy } from '../../pipeline/analyze/index.ts';
import type { TestResult } from '../../pipeline/analyze/types.ts';
import type { Consort } from '../../pipeline/ingest/tables.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { readScoredTablesCsv } from '../../pipeline/score/csv.ts';

const FIXTURES = 'tests/fixtures/analyze';
const RELATIVE = 1e-8;
// Differences on the 1–5 scale that are zero in exact arithmetic come out as ±1e-17 on either
// side; for those (never for p-values, which must match relatively however small) an absolute
// difference below 1e-12 also passes.
const ABSOLUTE_FLOOR = 1e-12;
const LOCATION_FIELDS = new Set(['estimate', 'ci_low', 'ci_high', 'statistic', 'effect_size', 'effect_size_ci_low', 'effect_size_ci_high']);

type RResult = Record<string, unknown> & { id: string };

const NUMERIC_FIELDS = [
  'estimate', 'se', 'ci_low', 'ci_high', 'statistic', 'df', 'p', 'p_adjusted',
  'self_share', 'judged_share', 'self_share_top', 'r_squared', 'equivalence_p', 'joint_r_squared',
  'n_items', 'one_way_se_participants', 'one_way_se_items',
] as const;

function ours(t: TestResult, field: string): number | null {
  switch (field) {
    case 'effect_size':
      return t.effect_size?.value ?? null;
    case 'effect_size_ci_low':
      return t.effect_size?.ci_low ?? null;
    case 'effect_size_ci_high':
      return t.effect_size?.ci_high ?? null;
    case 'one_way_se_participants':
      return t.one_way_se?.participants ?? null;
    case 'one_way_se_items':
      return t.one_way_se?.items ?? null;
    default:
      return ((t as unknown as Record<string, number | null | undefined>)[field]) ?? null;
  }
}

function close(field: string, actual: number | null, expected: number | null): boolean {
  if (actual === null || expected === null) return actual === expected;
  const diff = Math.abs(actual - expected);
  return diff <= RELATIVE * Math.max(Math.abs(actual), Math.abs(expected)) || (LOCATION_FIELDS.has(field) && diff <= ABSOLUTE_FLOOR);
}

interface RBounds {
  hypothesis: string;
  observed_treatment: number;
  observed_reference: number;
  allocated_treatment: number;
  allocated_reference: number;
  lee_lower: number;
  lee_upper: number;
  trim_share: number;
  observed_difference: number;
  worst_lower: number;
  worst_upper: number;
}

const { prereg } = loadPreregistration();
const studies = readdirSync(FIXTURES).filter((name) => existsSync(join(FIXTURES, name, 'r-results.json'))).sort();

describe('analyzeStudy against R (tests/fixtures/analyze/analysis.R)', () => {
  it('has fixture studies', () => {
    expect(studies.length).toBeGreaterThanOrEqual(1);
  });

  for (const study of studies) {
    describe(study, () => {
      const dir = join(FIXTURES, study);
      const files = Object.fromEntries(['participants.csv', 'participant_rounds.csv', 'perception_choices.csv'].map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
      const scored = readScoredTablesCsv(files);
      const consort = JSON.parse(readFileSync(join(dir, 'consort.json'), 'utf8')) as Consort;
      const doc = analyzeStudy(scored, prereg, { consort, dataSha256: 'fixture', preregInfo: { file: 'preregistration.yaml', sha256: 'fixture', locked: true } });
      const rDoc = JSON.parse(readFileSync(join(dir, 'r-results.json'), 'utf8')) as { tests: RResult[]; attrition: { fisher_p: number | null; bounds: RBounds[] } };
      const reference = rDoc.tests;

      it('produces the same tests in the same order as R', () => {
        expect(doc.tests.map((t) => t.id)).toEqual(reference.map((r) => r.id));
      });

      for (const r of reference) {
        it(`${r.id}: every number matches R to 1e-8 relative`, () => {
          const t = doc.tests.find((x) => x.id === r.id);
          expect(t, `no result ${r.id}`).toBeDefined();
          if (!t) return;
          const mismatches: string[] = [];
          for (const field of [...NUMERIC_FIELDS, 'effect_size', 'effect_size_ci_low', 'effect_size_ci_high']) {
            const expected = (r[field] as number | null | undefined) ?? null;
            const actual = ours(t, field);
            if (!close(field, actual, expected)) mismatches.push(`${field}: ours ${actual}, R ${expected}`);
          }
          expect(mismatches).toEqual([]);
          expect(t.n).toBe(r.n);
          expect(t.decision).toBe(r.decision ?? null);
          expect(t.discordant ?? null).toEqual(r.discordant ?? null);
          if (r.n_by_arm !== null && r.n_by_arm !== undefined) expect(t.n_by_arm).toEqual(r.n_by_arm);
          if (r.scenario !== undefined) expect(t.scenario).toBe(r.scenario);
        });
      }

      it('attrition: the Fisher test and every bound match R to 1e-8 relative', () => {
        const attrition = doc.attrition;
        expect(attrition).toBeDefined();
        if (!attrition) return;
        expect(close('p', attrition.differential_attrition.p, rDoc.attrition.fisher_p)).toBe(true);
        expect(attrition.bounds.map((b) => b.hypothesis)).toEqual(rDoc.attrition.bounds.map((b) => b.hypothesis));
        for (const r of rDoc.attrition.bounds) {
          const b = attrition.bounds.find((x) => x.hypothesis === r.hypothesis);
          if (!b) continue;
          expect([b.observed.treatment, b.observed.reference, b.allocated.treatment, b.allocated.reference]).toEqual([r.observed_treatment, r.observed_reference, r.allocated_treatment, r.allocated_reference]);
          const pairs: [string, number | null | undefined, number][] = [
            ['lee lower', b.lee?.lower, r.lee_lower], ['lee upper', b.lee?.upper, r.lee_upper], ['trim share', b.lee?.trim_share, r.trim_share],
            ['observed difference', b.lee?.observed_difference, r.observed_difference],
            ['worst lower', b.worst_case?.lower, r.worst_lower], ['worst upper', b.worst_case?.upper, r.worst_upper],
          ];
          const mismatches = pairs.filter(([, ours, theirs]) => !close('estimate', ours ?? null, theirs)).map(([name, ours, theirs]) => `${r.hypothesis} ${name}: ours ${ours}, R ${theirs}`);
          expect(mismatches).toEqual([]);
        }
      });
    });
  }
});
