/**
 * Issue 5's done-when: every number of results.json matches R. For each fixture study in
 * tests/fixtures/analyze/NAME/, R (analysis.R: lm + sandwich::vcovHC HC3, binom.test, cor.test,
 * t.test, lmerTest Satterthwaite, p.adjust; versions in r-results.json `source`) analysed the very
 * scored CSVs this test reads; the pipeline's analyzeStudy must reproduce every estimate, SE, CI,
 * statistic, df, p, adjusted p, effect size, share and decision to 1e-8 relative.
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
] as const;

function ours(t: TestResult, field: string): number | null {
  switch (field) {
    case 'effect_size':
      return t.effect_size?.value ?? null;
    case 'effect_size_ci_low':
      return t.effect_size?.ci_low ?? null;
    case 'effect_size_ci_high':
      return t.effect_size?.ci_high ?? null;
    default:
      return ((t as unknown as Record<string, number | null | undefined>)[field]) ?? null;
  }
}

function close(field: string, actual: number | null, expected: number | null): boolean {
  if (actual === null || expected === null) return actual === expected;
  const diff = Math.abs(actual - expected);
  return diff <= RELATIVE * Math.max(Math.abs(actual), Math.abs(expected)) || (LOCATION_FIELDS.has(field) && diff <= ABSOLUTE_FLOOR);
}

function emptyConsort(): Consort {
  const arm = { allocated: 0, lost: [], analysed: 0 };
  return { schema: 'lend-an-ear-consort/1', enrolled: 0, excluded_before_randomisation: [], randomised: 0, by_arm: { control: arm, video: arm, coach: arm }, analysed: 0 };
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
      const files = Object.fromEntries(['participants.csv', 'participant_rounds.csv'].map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
      const scored = readScoredTablesCsv(files);
      const doc = analyzeStudy(scored, prereg, { consort: emptyConsort(), dataSha256: 'fixture', preregInfo: { file: 'preregistration.yaml', sha256: 'fixture', locked: true } });
      const reference = (JSON.parse(readFileSync(join(dir, 'r-results.json'), 'utf8')) as { tests: RResult[] }).tests;

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
    });
  }
});
