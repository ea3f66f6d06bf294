/**
 * The audit compares the preregistration that ran with the locked one, item by item: each change
 * after the lock is a deviation named in the study's words, with planned and actual values, in
 * audit.json and audit.md, and counted on the run's last line. Each case is an edit a user could
 * make to the committed preregistration (the cases of issue 14 §4).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAudit, lockChangeLine, PLAN_CHANGE_KINDS, type Audit } from '../../pipeline/prereg/audit.ts';
import { renderAuditMarkdown } from '../../pipeline/prereg/audit-render.ts';
import { loadPreregistration, lockStatus } from '../../pipeline/prereg/load.ts';
import { makeLock, sha256Hex } from '../../pipeline/prereg/lock.ts';
import type { LoadedPreregistration, Preregistration } from '../../pipeline/prereg/types.ts';
import { fixtureConsort, plannedResults } from './audit-fixture.ts';
import { committedPreregText, preregCopy } from './helpers.ts';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The committed preregistration edited by `edit`, beside the committed lock, loaded. */
function edited(edit: (text: string) => string, lockEdit?: (lock: Record<string, unknown>, file: string) => void): LoadedPreregistration {
  const { dir, file, lock } = preregCopy();
  made.push(dir);
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  if (lockEdit) {
    const record = JSON.parse(readFileSync(lock, 'utf8'));
    lockEdit(record, file);
    writeFileSync(lock, JSON.stringify(record, null, 2));
  }
  return loadPreregistration(file);
}

/** The audit of a run exactly as the loaded preregistration says (so only the lock deviates). */
function auditOf(loaded: LoadedPreregistration): Audit {
  return buildAudit({ loaded, results: plannedResults(loaded), consort: fixtureConsort(), warnings: [] });
}

function planChanges(a: Audit) {
  return a.deviations.filter((d) => PLAN_CHANGE_KINDS.has(d.kind)).map((d) => [d.severity, d.kind, d.item, d.summary]);
}

/** The YAML block of one hypothesis (from its `- id:` line to the next item). */
function hypothesisBlock(text: string, id: string): string {
  const start = text.indexOf(`  - id: ${id}\n`);
  const next = text.slice(start + 1).search(/\n  (- id:|# )/);
  return text.slice(start, start + 1 + next + 1);
}

const H3 = hypothesisBlock(committedPreregText(), 'H3');

describe('a hypothesis deleted after the lock', () => {
  const loaded = edited((t) => t.replace(H3, ''));
  const a = auditOf(loaded);
  it('is an error deviation naming it with what was planned', () => {
    expect(planChanges(a)).toEqual([['error', 'removed_after_lock', 'H3', 'H3 removed (planned: ancova_ols_hc3 on alignment, video - control)']]);
    expect(a.deviations).toContainEqual(expect.objectContaining({ kind: 'removed_after_lock', planned: 'ancova_ols_hc3 on alignment, video - control', actual: 'not in the preregistration that ran', osf_field: 'Hypotheses' }));
  });
  it('is still listed among the items, as removed, and is not counted as run as planned', () => {
    const i = a.items.findIndex((x) => x.id === 'H3');
    expect(a.items[i - 1].id).toBe('H2');
    expect(a.items[i]).toMatchObject({ verdict: 'removed_after_lock', ran: [], planned: { method: 'ancova_ols_hc3', contrast: 'video - control' } });
    expect([a.summary.ran_as_planned, a.summary.planned]).toEqual([31, 32]);
    const md = renderAuditMarkdown(a);
    expect(md).toContain('31 of 32 preregistered items ran as planned');
    expect(md).toContain('  - ERROR: H3 removed (planned: ancova_ols_hc3 on alignment, video - control)');
    expect(md).toMatch(/\n\| H3 \| confirmatory \(reconstructed\) \| ancova_ols_hc3; alignment; video - control \| none \| did not run \| .* \| removed after lock \|\n/);
  });
  it('is counted and named on the last line', () => {
    expect(lockChangeLine(a)).toBe(`ERROR: the preregistration ${loaded.file} changed after its lock (locked ${loaded.lock.locked_at}): 1 deviation(s) from the locked plan: H3 removed (planned: ancova_ols_hc3 on alignment, video - control); see audit.md`);
  });
});

describe('alpha changed after the lock', () => {
  const a = auditOf(edited((t) => t.replace('alpha: 0.05', 'alpha: 0.10')));
  it('is named with both values', () => {
    expect(planChanges(a)).toEqual([['error', 'changed_after_lock', 'alpha', 'alpha changed: planned 0.05, ran 0.1']]);
    expect(a.deviations).toContainEqual(expect.objectContaining({ item: 'alpha', planned: '0.05', actual: '0.1', osf_field: 'Analysis plan › Inference criteria' }));
    expect(renderAuditMarkdown(a)).toContain('| ERROR | changed_after_lock | alpha | Analysis plan › Inference criteria | 0.05 | 0.1 |');
  });
});

describe('a hypothesis added after the lock', () => {
  const a = auditOf(edited((t) => t.replace('  # Exploratory, labelled so', hypothesisBlock(t, 'H7').replace('id: H7', 'id: H8') + '  # Exploratory, labelled so')));
  it('is an error, and listed as added after the lock, not "as planned"', () => {
    expect(planChanges(a)).toEqual([['error', 'added_after_lock', 'H8', 'H8 added (ran: one_sample_t on perception_share)']]);
    expect(a.items.find((i) => i.id === 'H8')!.verdict).toBe('added_after_lock');
    expect([a.summary.ran_as_planned, a.summary.planned]).toEqual([32, 32]);
    expect(renderAuditMarkdown(a)).toMatch(/\n\| H8 \| .* \| added after lock \|\n/);
  });
});

describe('each field of a hypothesis, and every other section', () => {
  it('names a change of method, direction, decision rule, family, status and tag of one hypothesis', () => {
    const block = hypothesisBlock(committedPreregText(), 'H2');
    const changed = block.replace('method: ancova_ols_hc3', 'method: welch_change').replace('direction: positive', 'direction: none')
      .replace('decision_rule: p_below_alpha', 'decision_rule: none').replace('family: primary', 'family: exploratory')
      .replace('status: confirmatory', 'status: exploratory').replace('tag: reconstructed', 'tag: paper')
      .replace('contrast: { treatment: coach, reference: video }', 'contrast: { treatment: video, reference: coach }');
    const a = auditOf(edited((t) => t.replace(block, changed).replace('hypotheses: [H1, H2]', 'hypotheses: [H1]')));
    expect(planChanges(a)).toEqual([
      ['warning', 'changed_after_lock', 'H2', 'H2 tag changed: planned reconstructed, ran paper'],
      ['error', 'changed_after_lock', 'H2', 'H2 status changed: planned confirmatory, ran exploratory'],
      ['error', 'changed_after_lock', 'H2', 'H2 family changed: planned primary, ran exploratory'],
      ['error', 'changed_after_lock', 'H2', 'H2 method changed: planned ancova_ols_hc3, ran welch_change'],
      ['error', 'changed_after_lock', 'H2', 'H2 contrast treatment changed: planned coach, ran video'],
      ['error', 'changed_after_lock', 'H2', 'H2 contrast reference changed: planned video, ran coach'],
      ['error', 'changed_after_lock', 'H2', 'H2 direction changed: planned positive, ran none'],
      ['error', 'changed_after_lock', 'H2', 'H2 decision_rule changed: planned p_below_alpha, ran none'],
      ['error', 'removed_after_lock', 'C1', 'C1 hypotheses: H2 removed'],
    ]);
    expect(a.items.find((i) => i.id === 'H2')!.verdict).toBe('changed_after_lock');
  });

  it('names a hypothesis moved to another correction set as a change of both sets and of the item', () => {
    const a = auditOf(edited((t) => t.replace('hypotheses: [H1, H2]', 'hypotheses: [H1]').replace('      - H5.validating_emotions\n', '      - H5.validating_emotions\n      - H2\n')));
    expect(planChanges(a)).toEqual([
      ['error', 'removed_after_lock', 'C1', 'C1 hypotheses: H2 removed'],
      ['error', 'added_after_lock', 'C3', 'C3 hypotheses: H2 added'],
    ]);
    expect(a.items.find((i) => i.id === 'H2')!.verdict).toBe('changed_after_lock');
  });

  it('names changes of exclusions, scoring, confidence level and the reliability plan', () => {
    const a = auditOf(edited((t) => t
      .replace('min_supporter_messages: 2', 'min_supporter_messages: 3')
      .replace('aggregate_runs: median', 'aggregate_runs: mean')
      .replace('confidence_level: 0.95\n\nscoring', 'confidence_level: 0.9\n\nscoring')
      .replace('bootstrap_replicates: 2000', 'bootstrap_replicates: 500')
      .replace('members: [expert1, expert2, expert3]', 'members: [expert1, expert2]')));
    expect(planChanges(a)).toEqual([
      ['error', 'changed_after_lock', 'confidence_level', 'confidence_level changed: planned 0.95, ran 0.9'],
      ['error', 'changed_after_lock', 'scoring', 'scoring aggregate_runs changed: planned median, ran mean'],
      ['error', 'changed_after_lock', 'E3', 'E3 min_supporter_messages changed: planned 2, ran 3'],
      ['warning', 'removed_after_lock', 'reliability', 'reliability rater_groups[experts] members: expert3 removed'],
      ['warning', 'changed_after_lock', 'reliability', 'reliability bootstrap_replicates changed: planned 2000, ran 500'],
    ]);
    expect(a.deviations.find((d) => d.item === 'E3')!.osf_field).toBe('Analysis plan › Data exclusion');
  });

  it('names a change of the order of the exclusions, which decides who is counted where', () => {
    const text = committedPreregText();
    const e1 = text.slice(text.indexOf('  - id: E1\n'), text.indexOf('  - id: E2\n'));
    const a = auditOf(edited((t) => t.replace(e1, '').replace('\nmissing_data:', `${e1.trimEnd()}\n\nmissing_data:`)));
    expect(planChanges(a)).toEqual([['error', 'reordered_after_lock', 'exclusions', 'exclusions order changed: planned E1, E2, E3, ran E2, E3, E1']]);
  });

  it('names an edit of the judge section item by item, like any other section', () => {
    const base = edited((t) => t);
    const judge = base.prereg.judge!;
    const withJudge = (model: string) => ({ ...base.prereg, judge: { ...judge, model } }) as Preregistration;
    const lockedText = committedPreregText();
    const lock = makeLock('preregistration.yaml', Buffer.from(lockedText), '2026-11-26');
    const loadedWith = (prereg: Preregistration, sha: string) => ({ ...base, prereg, sha256: sha, lock: lockStatus(lock, sha, prereg, 'lock.json') });
    const changedModel = auditOf(loadedWith(withJudge('judge-b'), 'a'.repeat(64)));
    expect(planChanges(changedModel)).toEqual([['error', 'changed_after_lock', 'judge', `judge model changed: planned ${judge.model}, ran judge-b`]]);
    const { judge: _dropped, ...withoutJudge } = base.prereg;
    const removed = auditOf(loadedWith(withoutJudge as Preregistration, 'a'.repeat(64)));
    expect(planChanges(removed)).toEqual([['error', 'removed_after_lock', 'judge', expect.stringMatching(/^judge removed \(planned: \{"tag":"reconstructed",/)]]);
    expect(removed.deviations.find((d) => d.item === 'judge')!.osf_field).toBe('Registration (the frozen version)');
    const same = auditOf(loadedWith(withJudge(judge.model), sha256Hex(lockedText)));
    expect(planChanges(same)).toEqual([]);
  });
});

describe('a lock edited by hand', () => {
  it('whose hash was made to match an edited file is an error, and the snapshot still names the change', () => {
    const loaded = edited((t) => t.replace('alpha: 0.05', 'alpha: 0.10'), (lock, file) => {
      lock.sha256 = sha256Hex(readFileSync(file));
    });
    const a = auditOf(loaded);
    expect(loaded.lock.changed_since_lock).toBe(false);
    expect(a.summary.locked).toBe(false);
    expect(a.deviations[0]).toMatchObject({ kind: 'preregistration_lock_broken', severity: 'error' });
    expect(planChanges(a)).toEqual([['error', 'changed_after_lock', 'alpha', 'alpha changed: planned 0.05, ran 0.1']]);
    expect(lockChangeLine(a)).toMatch(/^ERROR: the lock of .* does not check itself: its snapshot hashes to [0-9a-f]{64}, not to its recorded sha256 [0-9a-f]{64}: the lock was edited by hand or damaged; its snapshot and the preregistration differ by 1 deviation\(s\) from the locked plan: alpha changed: planned 0.05, ran 0.1; see audit\.md$/);
    const md = renderAuditMarkdown(a);
    expect(md).toContain('- Lock: LOCK DOES NOT CHECK ITSELF');
    expect(md).not.toContain('matches its lock');
  });

  it('of the first format (a hash only), changed: an error that says the change cannot be named', () => {
    const loaded = edited((t) => t.replace('alpha: 0.05', 'alpha: 0.10'), (lock) => {
      lock.schema = 'lend-an-ear-prereg-lock/1';
      delete lock.snapshot;
    });
    const a = auditOf(loaded);
    expect(a.deviations).toEqual([expect.objectContaining({ kind: 'preregistration_changed_after_lock', severity: 'error' })]);
    expect(a.preregistration.changes_since_lock).toBeNull();
    expect(lockChangeLine(a)).toMatch(/and its lock holds no snapshot to name what changed; see audit\.md$/);
  });
});
