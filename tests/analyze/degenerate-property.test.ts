/**
 * Property (issue 14 §3): a random small export made degenerate — identical ratings, constant
 * perception, round 3 = a + b × round 1, rounds 2 and 3 equal to round 1, an empty arm, one
 * participant an arm, or everything constant — goes through exclusions, scoring, analysis, the
 * audit and results.csv (the run's own functions, in process) without an exception; every result
 * the degeneracy takes the data from is `not_estimable` with a note and null statistics, never
 * `supported`; with everything constant no result at all is supported; every result is either
 * estimated (finite numbers) or not estimable; the audit counts the not-estimable results as
 * warnings and finds no error. Seeded (fast-check seed fixed), a few hundred small runs. The
 * end-to-end run (exit 0, the last line) is tests/runner/degenerate-run.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeStudy, resultsToCsv } from '../../pipeline/analyze/index.ts';
import type { ResultsDoc, TestResult } from '../../pipeline/analyze/types.ts';
import { Warnings } from '../../pipeline/errors.ts';
import { applyExclusions } from '../../pipeline/ingest/exclusions.ts';
import { buildAudit } from '../../pipeline/prereg/audit.ts';
import { renderAuditMarkdown } from '../../pipeline/prereg/audit-render.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { scoreStudy } from '../../pipeline/score/index.ts';
import { ARMS } from '../../pipeline/study.ts';
import { DEGENERACIES, degenerateStudy, touchedBy, type DegenerateOptions } from './degenerate-study.ts';

const loaded = loadPreregistration();
const { prereg } = loaded;

/** What `run` computes between reading the export and writing its files. */
function runInProcess(options: DegenerateOptions) {
  const warnings = new Warnings();
  const { analysed, consort } = applyExclusions(degenerateStudy(options), prereg.exclusions, warnings);
  const results = analyzeStudy(scoreStudy(analysed, prereg), prereg, {
    consort, dataSha256: 'property', preregInfo: { file: loaded.file, sha256: loaded.sha256, locked: loaded.lock.locked },
  });
  const audit = buildAudit({ loaded, results, consort, warnings });
  return { results, audit, csv: resultsToCsv(results), markdown: renderAuditMarkdown(audit) };
}

const STATISTICS = ['se', 'ci_low', 'ci_high', 'statistic', 'df', 'p', 'p_adjusted'] as const;

function checkResult(t: TestResult): void {
  for (const field of ['estimate', ...STATISTICS, 'equivalence_p', 'r_squared', 'joint_r_squared'] as const) {
    const v = t[field];
    if (v !== null && v !== undefined) expect(Number.isFinite(v), `${t.id}.${field} = ${v}`).toBe(true);
  }
  if (t.decision === 'not_estimable') {
    expect(t.note, `${t.id} has no note`).toBeTruthy();
    for (const field of ['statistic', 'p', 'ci_low', 'ci_high'] as const) expect(t[field], `${t.id}.${field}`).toBeNull();
  } else {
    expect(t.p, `${t.id} has a decision but no p`).not.toBeNull();
  }
}

const options: fc.Arbitrary<DegenerateOptions> = fc
  .record({
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    perArm: fc.integer({ min: 2, max: 8 }),
    kind: fc.constantFrom(...DEGENERACIES),
    slope: fc.constantFrom(0.5, 0.7, 1),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
    emptyArm: fc.constantFrom(...ARMS),
  })
  .map(({ slope, share, ...rest }) => ({ ...rest, slope, intercept: slope === 1 ? 0 : 1 - slope + share * (4 - 4 * slope) }));

describe('a degenerate export', () => {
  it('never gives a supported result from the degenerate data, never throws, and the audit counts warnings, not errors', () => {
    fc.assert(
      fc.property(options, (o) => {
        const { results, audit, csv, markdown } = runInProcess(o);
        const touched = touchedBy(o);
        for (const t of results.tests) {
          checkResult(t);
          if (touched.test(t.id)) expect(t.decision, `${o.kind}: ${t.id} (${t.note})`).toBe('not_estimable');
        }
        const notEstimable = results.tests.filter((t) => t.decision === 'not_estimable');
        expect(results.tests.filter((t) => touched.test(t.id)).length).toBeGreaterThan(0);
        expect(audit.summary.errors, JSON.stringify(audit.deviations.filter((d) => d.severity === 'error'))).toBe(0);
        const noEstimate = audit.deviations.filter((d) => d.kind === 'planned_test_without_estimate');
        // The audit names the planned ones; the results added beside H7 are unplanned (listed as such).
        const plannedNotEstimable = notEstimable.filter((t) => !audit.unplanned.some((u) => u.id === t.id));
        expect(noEstimate.map((d) => d.item).sort()).toEqual(plannedNotEstimable.map((t) => t.id).sort());
        expect(noEstimate.every((d) => d.severity === 'warning')).toBe(true);
        expect(csv.split('\n').filter((line) => line.includes(',not_estimable,')).length).toBe(notEstimable.length);
        expect(markdown).toContain('# Audit');
      }),
      { numRuns: 140, seed: 20261201 },
    );
  });

  it('with everything constant has no supported result at all', () => {
    fc.assert(
      fc.property(options.map((o) => ({ ...o, kind: 'everything_constant' as const })), (o) => {
        const { results } = runInProcess(o);
        expect(results.tests.filter((t) => t.decision === 'supported').map((t) => t.id)).toEqual([]);
        expect(results.tests.every((t) => t.decision === 'not_estimable')).toBe(true);
      }),
      { numRuns: 20, seed: 7 },
    );
  });

  it('counts a participant with an arm who failed the attention check in their arm (CONSORT adds up)', () => {
    fc.assert(
      fc.property(options, (o) => {
        const { results, audit } = runInProcess(o) as { results: ResultsDoc; audit: ReturnType<typeof buildAudit> };
        const { sample } = results;
        expect(ARMS.reduce((s, a) => s + sample.by_arm[a], 0)).toBe(sample.analysed);
        const e1 = audit.exclusions.find((e) => e.id === 'E1')!;
        const warned = audit.data_warnings.find((w) => w.code === 'excluded_after_randomisation')?.count ?? 0;
        expect(e1.n).toBe(warned); // every E1 exclusion here has an arm: each is counted and warned
      }),
      { numRuns: 40, seed: 11 },
    );
  });
});
