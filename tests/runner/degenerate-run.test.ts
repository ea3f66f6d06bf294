/**
 * Issue 14 §3 end to end, through the real command line, once: an export whose rounds 2 and 3
 * repeat round 1 and whose perception choices are all norm-aligned (before: exit 1, "data are
 * essentially constant" from the Welch test, nothing written) runs to exit 0, writes every output,
 * and the last line counts the results that are not estimable; the audit counts them as warnings.
 * The property test over many small exports is tests/analyze/degenerate-property.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultsDoc } from '../../pipeline/analyze/types.ts';
import { writeStudyTables } from '../../pipeline/ingest/write.ts';
import type { Audit } from '../../pipeline/prereg/audit.ts';
import { degenerateStudy } from '../analyze/degenerate-study.ts';

const work = mkdtempSync(join(tmpdir(), 'degenerate-run-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('run on a degenerate export', () => {
  it('finishes with exit 0, every result that rests on the degenerate data not estimable, and says so on its last line', async () => {
    const data = join(work, 'export');
    const study = degenerateStudy({ seed: 14, perArm: 8, kind: 'rounds_equal' });
    study.perception = study.perception.map((p) => ({ ...p, chose_aligned: true }));
    mkdirSync(data);
    await writeStudyTables(study, data);
    const out = join(work, 'out');
    const env = { ...process.env };
    delete env.SOURCE_DATE_EPOCH;
    const child = spawnSync(join('node_modules', '.bin', 'tsx'), ['pipeline/cli.ts', 'run', '--data', data, '--out', out, '--cache', join(work, 'cache')], { encoding: 'utf8', env });
    expect(child.status, child.stderr).toBe(0);

    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as ResultsDoc;
    const notEstimable = results.tests.filter((t) => t.decision === 'not_estimable');
    expect(results.tests.filter((t) => t.decision === 'supported').map((t) => t.id).filter((id) => !id.startsWith('H5') && !id.startsWith('H6'))).toEqual([]);
    for (const id of ['H1', 'H2', 'H3', 'H7', 'X1.coach_vs_control', 'X2.coach_vs_control', 'H4.advice_giving.coach_vs_control']) {
      expect(notEstimable.map((t) => t.id), id).toContain(id);
    }
    const lastLine = child.stderr.trimEnd().split('\n').at(-1) ?? '';
    expect(lastLine).toContain(`${notEstimable.length} results not estimable`);

    const audit = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')) as Audit;
    expect(audit.summary.errors).toBe(0);
    // Every not-estimable result is named in the audit: a planned one as a planned test without an
    // estimate, an exploratory one the preregistration does not list (H7's companions) as unplanned.
    const unplanned = new Set(audit.deviations.filter((d) => d.kind === 'unplanned_result').map((d) => d.item));
    const planned = notEstimable.filter((t) => !unplanned.has(t.id));
    expect(planned.length).toBeGreaterThan(0);
    expect(audit.deviations.filter((d) => d.kind === 'planned_test_without_estimate' && d.severity === 'warning').map((d) => d.item).sort())
      .toEqual(planned.map((t) => t.id).sort());
    for (const t of notEstimable.filter((x) => unplanned.has(x.id))) expect(t.status, t.id).toBe('exploratory');
    expect(readFileSync(join(out, 'results.csv'), 'utf8').split('\n').filter((l) => l.includes(',not_estimable,'))).toHaveLength(notEstimable.length);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('could not be estimated from these data');
  });
});
