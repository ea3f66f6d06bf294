/**
 * The audit checks what ran against the preregistration: a missing confirmatory result is an
 * ERROR, not a silence; an edit after the lock is a deviation showing both hashes; unplanned
 * results are exploratory; exclusions above the expected share and ingest warnings are listed.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAudit, lockChangeLine, auditSummaryFrom } from '../../pipeline/prereg/audit.ts';
import { renderAuditMarkdown } from '../../pipeline/prereg/audit-render.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { fixtureConsort, plannedResults } from './audit-fixture.ts';
import { PREREG_FILE, preregCopy } from './helpers.ts';

const loaded = loadPreregistration(PREREG_FILE);
const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

function audit(results = plannedResults(loaded), extra: Partial<Parameters<typeof buildAudit>[0]> = {}) {
  return buildAudit({ loaded, results, consort: fixtureConsort(), warnings: [], ...extra });
}

describe('a run exactly as planned', () => {
  const a = audit();
  it('has every item as planned and no deviation', () => {
    expect(a.summary.verdict).toBe('as_planned');
    expect(a.summary.planned).toBe(32);
    expect(a.summary.ran_as_planned).toBe(32);
    expect(a.deviations).toEqual([]);
    expect(a.items.find((i) => i.id === 'X3')!.ran.map((r) => r.id)).toEqual(['X3.job_loss', 'X3.cancer']);
    expect(a.items.find((i) => i.id === 'H1')!.n_missing).toBe(2);
  });
  it('carries the preregistration hash and lock', () => {
    expect(a.preregistration).toMatchObject({ sha256: loaded.sha256, locked: true, changed_since_lock: false, results_sha256: loaded.sha256 });
    expect(auditSummaryFrom(a)).toEqual({ sha256: loaded.sha256, locked: true, planned: 32, ran_as_planned: 32, deviations_by_kind: {}, errors: 0 });
    expect(lockChangeLine(a)).toBeNull();
  });
});

describe('a missing confirmatory result', () => {
  const results = plannedResults(loaded);
  results.tests = results.tests.filter((t) => t.id !== 'H1');
  const a = audit(results);
  it('is an ERROR entry, not a silence', () => {
    expect(a.summary.verdict).toBe('errors');
    expect(a.items.find((i) => i.id === 'H1')!.verdict).toBe('not_run');
    expect(a.deviations).toContainEqual(expect.objectContaining({ kind: 'planned_test_not_run', severity: 'error', item: 'H1' }));
    expect(renderAuditMarkdown(a)).toMatch(/\| ERROR \| planned_test_not_run \| H1 \| Analysis plan › Statistical models \|/);
  });
  it('also leaves its Holm set incomplete', () => {
    expect(a.deviations).toContainEqual(expect.objectContaining({ kind: 'correction_set_incomplete', item: 'C1', actual: 'holm over 1; without a p-value: H1' }));
  });
});

describe('a missing exploratory result', () => {
  it('is a warning', () => {
    const results = plannedResults(loaded);
    results.tests = results.tests.filter((t) => t.id !== 'X2');
    expect(audit(results).deviations).toEqual([expect.objectContaining({ kind: 'planned_test_not_run', severity: 'warning', item: 'X2', osf_field: 'Analysis plan › Exploratory analysis' })]);
  });
});

describe('a confirmatory test that ran without an estimate', () => {
  it('is a warning naming the cause from the analysis when the data could not carry it', () => {
    const results = plannedResults(loaded);
    const h7 = results.tests.find((t) => t.id === 'H7')!;
    Object.assign(h7, { estimate: null, p: null, p_adjusted: null, decision: 'not_estimable', n: 1, note: 'fewer than 2 participants answered the perception task' });
    const a = audit(results);
    expect(a.items.find((i) => i.id === 'H7')!.verdict).toBe('no_estimate');
    expect(a.deviations).toEqual([expect.objectContaining({ kind: 'planned_test_without_estimate', severity: 'warning', item: 'H7', cause: 'fewer than 2 participants answered the perception task' })]);
    expect(a.summary.errors).toBe(0);
  });

  it('is an error when the analysis gives no reason', () => {
    const results = plannedResults(loaded);
    const h7 = results.tests.find((t) => t.id === 'H7')!;
    Object.assign(h7, { estimate: null, p: null, p_adjusted: null, decision: 'not_estimable', n: 1, note: null });
    expect(audit(results).deviations).toContainEqual(expect.objectContaining({ kind: 'planned_test_without_estimate', severity: 'error', item: 'H7', cause: 'the analysis gave no reason' }));
  });

  it('is an inconsistent decision when still called supported or not supported', () => {
    const results = plannedResults(loaded);
    const h7 = results.tests.find((t) => t.id === 'H7')!;
    Object.assign(h7, { estimate: 0.7, p: null, p_adjusted: null, decision: 'supported', n: 1, note: 'no spread' });
    expect(audit(results).deviations).toContainEqual(expect.objectContaining({ kind: 'decision_inconsistent', severity: 'error', item: 'H7' }));
  });
});

describe('a test that differs from the plan', () => {
  it('reports the method, the correction and an inconsistent decision', () => {
    const results = plannedResults(loaded);
    const h2 = results.tests.find((t) => t.id === 'H2')!;
    h2.method = 'welch_change';
    h2.correction = null;
    const h3 = results.tests.find((t) => t.id === 'H3')!;
    h3.p_adjusted = 0.2;
    const a = audit(results);
    expect(a.deviations.map((d) => [d.kind, d.item, d.planned, d.actual])).toEqual([
      ['test_differs_from_plan', 'H2', 'method: ancova_ols_hc3', 'method: welch_change'],
      ['test_differs_from_plan', 'H2', 'correction: holm', 'correction: none'],
      ['decision_inconsistent', 'H3', 'decision by p_below_alpha at alpha 0.05: not_supported', 'decision: supported'],
    ]);
    expect(a.summary.errors).toBe(3);
  });
  it('recomputes each correction over its preregistered set and flags an adjusted p that is not it', () => {
    const results = plannedResults(loaded);
    // Holm over {H1, H2} with both p = 0.004 gives 0.008 each (R: p.adjust(c(0.004, 0.004), "holm")).
    results.tests.find((t) => t.id === 'H2')!.p_adjusted = 0.004;
    expect(audit(results).deviations).toEqual([
      expect.objectContaining({ kind: 'adjusted_p_inconsistent', severity: 'error', item: 'H2', planned: 'holm over C1 (2 tests): p_adjusted 0.008', actual: 'p_adjusted 0.004' }),
    ]);
  });
  it('checks the direction: a significant estimate of the wrong sign is not supported', () => {
    const results = plannedResults(loaded);
    const h = results.tests.find((t) => t.id === 'H4.advice_giving.coach_vs_control')!;
    h.estimate = 0.3; // advice giving is proscriptive: the plan expects a decrease
    expect(audit(results).deviations).toEqual([expect.objectContaining({ kind: 'decision_inconsistent', item: 'H4.advice_giving.coach_vs_control' })]);
  });
});

describe('results that are not in the preregistration', () => {
  it('are listed as exploratory; one labelled confirmatory is an error', () => {
    const results = plannedResults(loaded);
    const extra = { ...results.tests[0], id: 'H8', status: 'exploratory' as const, decision: null };
    const claimed = { ...results.tests[0], id: 'H9' };
    results.tests.push(extra, claimed);
    const a = audit(results);
    expect(a.unplanned.map((t) => t.id)).toEqual(['H8', 'H9']);
    expect(a.deviations).toEqual([
      expect.objectContaining({ kind: 'unplanned_result', severity: 'note', item: 'H8' }),
      expect.objectContaining({ kind: 'unplanned_result', severity: 'error', item: 'H9' }),
    ]);
  });
});

describe('the lock', () => {
  it('a comment-only edit after the lock is a note naming no change of substance, and the last line says so', () => {
    const { dir, file } = preregCopy();
    made.push(dir);
    writeFileSync(file, readFileSync(file, 'utf8').replace('# Provenance of the top-level settings', '# Where the top-level settings come from'));
    const edited = loadPreregistration(file);
    const a = buildAudit({ loaded: edited, results: plannedResults(edited), consort: fixtureConsort(), warnings: [] });
    expect(a.deviations).toEqual([
      expect.objectContaining({
        kind: 'preregistration_changed_after_lock', severity: 'note',
        planned: `sha256 ${loaded.sha256} (locked ${loaded.lock.locked_at})`, actual: `sha256 ${edited.sha256}`,
        summary: `${file} changed after its lock in comments or layout only: no deviation of substance`,
      }),
    ]);
    expect(a.summary.locked).toBe(false);
    expect(a.preregistration.changes_since_lock).toBe(0);
    expect(lockChangeLine(a)).toBe(`NOTE: the preregistration ${file} changed after its lock (locked ${loaded.lock.locked_at}) in comments or layout only: no deviation of substance; see audit.md`);
    expect(renderAuditMarkdown(a)).toContain('CHANGED AFTER ITS LOCK');
    expect(renderAuditMarkdown(a)).toContain('- Changes of substance since the lock: none (the file changed in comments or layout only)');
  });
  it('no lock is an error, named on the last line', () => {
    const { dir, file } = preregCopy(false);
    made.push(dir);
    const unlocked = loadPreregistration(file);
    const a = buildAudit({ loaded: unlocked, results: plannedResults(unlocked), consort: fixtureConsort(), warnings: [] });
    expect(a.deviations).toEqual([expect.objectContaining({ kind: 'preregistration_not_locked', severity: 'error' })]);
    expect(a.summary.verdict).toBe('errors');
    expect(lockChangeLine(a)).toBe(`ERROR: the preregistration ${file} is not locked (no lock.json beside it): nothing shows the plan was fixed before the analysis; see audit.md`);
    expect(renderAuditMarkdown(a)).toContain('- Lock: NOT LOCKED');
  });
  it('results computed under another preregistration are an error', () => {
    const results = plannedResults(loaded);
    results.preregistration.sha256 = 'f'.repeat(64);
    expect(audit(results).deviations).toEqual([expect.objectContaining({ kind: 'results_from_other_preregistration', severity: 'error' })]);
  });
});

describe('exclusions and data warnings', () => {
  it('flags a rule that removed more than expected (E1: 4 of 100 enrolled; E2: 3 of 96 randomised)', () => {
    const a = audit(undefined, { expectedExclusionShare: { E1: 0.03 } });
    expect(a.exclusions.map((e) => [e.id, e.n, e.denominator, e.above_expected])).toEqual([['E1', 4, 100, true], ['E2', 3, 96, false], ['E3', 3, 96, false]]);
    expect(a.deviations).toEqual([expect.objectContaining({ kind: 'exclusion_above_expected', item: 'E1', actual: '4 of 100 (4.0%)' })]);
  });
  it('groups ingest warnings by code, with locations and without their messages', () => {
    const warnings = [
      { code: 'unknown_column', message: 'column "note" holds secret text', file: 'participants.csv', line: 1, column: 'note' },
      { code: 'unknown_column', message: 'x', file: 'messages.csv', line: 1, column: 'extra' },
    ];
    const a = audit(undefined, { warnings });
    expect(a.data_warnings).toEqual([{ code: 'unknown_column', count: 2, locations: ['participants.csv:1 note', 'messages.csv:1 extra'] }]);
    expect(JSON.stringify(a)).not.toContain('secret');
    expect(renderAuditMarkdown(a)).not.toContain('secret');
  });
});

describe('counting (issue 14 §6)', () => {
  it('counts as missing only the analysed participants of the arms a two-arm test draws on', () => {
    const results = plannedResults(loaded);
    // X1 compares coach and control (30 + 30 analysed): 58 used leaves 2 missing, not 32.
    const x1 = results.tests.find((t) => t.id === 'X1.coach_vs_control')!;
    Object.assign(x1, { n: 58, n_by_arm: { coach: 29, control: 29 } });
    // An ANCOVA models all three arms: 88 used of 90.
    Object.assign(results.tests.find((t) => t.id === 'H1')!, { n_by_arm: { control: 30, video: 29, coach: 29 } });
    const a = audit(results);
    expect(a.items.find((i) => i.id === 'X1.coach_vs_control')!.n_missing).toBe(2);
    expect(a.items.find((i) => i.id === 'H1')!.n_missing).toBe(2);
    expect(renderAuditMarkdown(a)).toMatch(/\| X1\.coach_vs_control \|[^\n]*\| 58 \(2 missing\) \|/);
  });

  it('counts a before-randomisation rule where it excluded participants with an arm too', () => {
    const consort = fixtureConsort();
    consort.by_arm.coach.lost.unshift({ id: 'E1', reason: 'Failed the attention check, after allocation (has an arm).', n: 2 });
    consort.by_arm.control.lost.unshift({ id: 'E1', reason: 'Failed the attention check, after allocation (has an arm).', n: 1 });
    const a = audit(undefined, { consort });
    expect(a.exclusions.find((e) => e.id === 'E1')).toMatchObject({ n: 7, denominator: 100 });
  });

  it('lists the after-randomisation exclusion warning of ingest', () => {
    const warnings = [1, 2].map(() => ({ code: 'excluded_after_randomisation', message: 'E1 (a rule before randomisation) excluded a participant who has an arm', file: 'participants' }));
    const a = audit(undefined, { warnings });
    expect(a.data_warnings).toEqual([{ code: 'excluded_after_randomisation', count: 2, locations: ['participants'] }]);
    expect(renderAuditMarkdown(a)).toMatch(/\| excluded_after_randomisation \| 2 \|/);
  });
});

describe('what the results need said beside them (issue 17)', () => {
  it("carries H7's scope, the added H7 analyses as unplanned exploratory notes, and the attrition section", () => {
    const results = plannedResults(loaded);
    const h7 = results.tests.find((t) => t.id === 'H7')!;
    h7.scope = 'inference about the perception items used';
    results.tests.push({ ...h7, id: 'H7-by-item', status: 'exploratory', tag: 'not_preregistered', method: 'one_sample_t_by_item', decision: null, scope: null });
    results.attrition = {
      differential_attrition: { status: 'exploratory', method: 'fisher_exact', by_arm: { control: { allocated: 32, lost: 2, analysed: 30 }, video: { allocated: 32, lost: 2, analysed: 30 }, coach: { allocated: 32, lost: 2, analysed: 30 } }, p: 1, note: null },
      bounds: [],
    };
    const a = audit(results);
    expect(a.items.find((i) => i.id === 'H7')!.ran[0].scope).toBe('inference about the perception items used');
    expect(a.items.find((i) => i.id === 'H7')!.verdict).toBe('as_planned');
    expect(a.deviations).toEqual([expect.objectContaining({ kind: 'unplanned_result', severity: 'note', item: 'H7-by-item' })]);
    expect(a.attrition?.differential_attrition.p).toBe(1);
    const md = renderAuditMarkdown(a);
    expect(md).toContain('## Scope of the results\n\n- H7: inference about the perception items used.');
    expect(md).toContain("Fisher's exact test of arm × lost (not preregistered): p = 1.");
    expect(md).toContain("the SD's own sampling uncertainty is ignored");
  });
});
