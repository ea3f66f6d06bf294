/**
 * The audit's part about the lock: is the preregistration locked, does the lock check itself, did
 * the file change after it, and how, item by item, in the study's words ("H3 removed (planned:
 * ancova_ols_hc3 on alignment, coach - control)", "alpha changed: planned 0.05, ran 0.1"); and
 * what the git history says about the file and its lock after the lock date.
 */
import type { Deviation, Severity } from './audit.ts';
import type { PreregHistory } from './history.ts';
import { diffPlans, type PathStep, type PlanChange } from './plan-diff.ts';
import type { LoadedPreregistration } from './types.ts';

type Doc = Record<string, unknown>;

function isObject(value: unknown): value is Doc {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function cut(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A value of the plan in the study's words: `coach - control` for a contrast, `ancova_ols_hc3 on
 * alignment, coach - control` for a hypothesis, `holm over H1, H2` for a correction, `none` for null.
 */
export function planValue(value: unknown): string {
  if (value === undefined) return 'absent';
  if (value === null) return 'none';
  if (typeof value === 'string') return value;
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return cut(value.map((x) => (Array.isArray(x) ? `[${planValue(x)}]` : planValue(x))).join(', '));
  const o = value as Doc;
  const keys = Object.keys(o);
  if (keys.length === 2 && typeof o.treatment === 'string' && typeof o.reference === 'string') return `${o.treatment} - ${o.reference}`;
  if (typeof o.method === 'string' && typeof o.outcome === 'string') return `${o.method} on ${o.outcome}${isObject(o.contrast) ? `, ${planValue(o.contrast)}` : ''}`;
  if (typeof o.method === 'string' && Array.isArray(o.hypotheses)) return cut(`${o.method} over ${planValue(o.hypotheses)}`);
  if (typeof o.rule === 'string') return `${o.rule}${typeof o.stage === 'string' ? `, ${o.stage.replace(/_/g, ' ')}` : ''}`;
  return cut(JSON.stringify(value));
}

/** Where a change is: the item (`H3`, `C2`, `E1`, or the section: `alpha`, `scoring`), its section,
 *  and a label (`H1 contrast treatment`, `reliability rater_groups[experts] members`). */
function place(path: PathStep[]): { item: string; section: string; label: string } {
  const section = path.length > 0 && 'key' in path[0] ? path[0].key : '(document)';
  const parts: string[] = [];
  path.forEach((step, i) => {
    if ('key' in step) parts.push(step.key);
    else if (i === 1) parts[0] = step.item;
    else parts[parts.length - 1] += `[${step.item}]`;
  });
  const item = path.length > 1 && 'item' in path[1] ? path[1].item : section;
  return { item, section, label: parts.join(' ') || section };
}

/** Fields that hold wording or provenance: a change is disclosed, but no number depends on it. */
const WORDING = new Set(['question', 'description', 'tag', 'reconstructed_fields']);

function statusOf(plan: unknown, id: string): unknown {
  const hypotheses = isObject(plan) && Array.isArray(plan.hypotheses) ? plan.hypotheses : [];
  const h = hypotheses.find((x) => isObject(x) && x.id === id);
  return isObject(h) ? h.status : undefined;
}

function severityOf(path: PathStep[], locked: unknown, current: unknown): Severity {
  const { section, item } = place(path);
  const last = [...path].reverse().find((s): s is { key: string } => 'key' in s)?.key;
  const wording = path.length > 1 && last !== undefined && WORDING.has(last);
  if (section === 'title' || section === 'version') return 'note';
  if (section === 'hypotheses') {
    const confirmatory = statusOf(locked, item) === 'confirmatory' || statusOf(current, item) === 'confirmatory';
    return confirmatory && !wording ? 'error' : 'warning';
  }
  if (wording || section === 'tag' || section === 'reliability') return 'warning';
  return 'error';
}

const IMPACT: Record<string, string> = {
  hypotheses: 'the test that ran is not the locked one: its result is not the preregistered test',
  alpha: 'every decision rests on a threshold that is not the locked one',
  sides: 'every p-value rests on a test that is not the locked one',
  confidence_level: 'every interval is not the locked one',
  corrections: 'the multiplicity adjustment is not the locked one',
  exclusions: 'the analysed sample is not the one the locked rules select',
  scoring: 'the outcomes are not scored as locked',
  missing_data: 'missing data are not handled as locked',
  reliability: 'the judge-reliability analysis is not the locked one',
};

const OSF_FIELD: Record<string, string> = {
  hypotheses: 'Hypotheses',
  alpha: 'Analysis plan › Inference criteria',
  sides: 'Analysis plan › Inference criteria',
  confidence_level: 'Analysis plan › Inference criteria',
  corrections: 'Analysis plan › Inference criteria',
  exclusions: 'Analysis plan › Data exclusion',
  scoring: 'Variables › Indices',
  missing_data: 'Analysis plan › Missing data',
  reliability: 'Variables › Measured variables',
};

/** The OSF Prereg field a change of this section departs from. */
export function osfFieldOfSection(section: string): string {
  return OSF_FIELD[section] ?? 'Registration (the frozen version)';
}

function impactOf(c: PlanChange, severity: Severity, section: string, wording: boolean): string {
  if (severity === 'note' || wording) return 'the wording or provenance of the plan changed: no number depends on it, but the plan a reader sees is not the locked one';
  const whole = c.path.length === 2 && 'item' in c.path[1] && c.member !== true;
  if (section === 'hypotheses' && whole && c.change === 'removed') return 'a locked hypothesis was not tested: the plan was not carried out in full';
  if (section === 'hypotheses' && whole && c.change === 'added') return 'a test that was not locked: whatever its label, it is exploratory';
  return IMPACT[section] ?? 'a part of the plan is not the locked one: weigh it before reading any result as confirmatory';
}

/**
 * One change of the plan after its lock as a deviation, named in the study's words.
 * Example: H3 deleted → `{ kind: 'removed_after_lock', severity: 'error', item: 'H3',
 * summary: 'H3 removed (planned: ancova_ols_hc3 on alignment, video - control)', … }`.
 */
export function planChangeDeviation(c: PlanChange, locked: unknown, current: unknown, lockedAt: string): Deviation {
  const { item, section, label } = place(c.path);
  const severity = severityOf(c.path, locked, current);
  const last = [...c.path].reverse().find((s): s is { key: string } => 'key' in s)?.key;
  const wording = c.path.length > 1 && last !== undefined && WORDING.has(last);
  const member = c.member === true;
  const summary =
    c.change === 'changed' ? `${label} changed: planned ${planValue(c.planned)}, ran ${planValue(c.actual)}`
    : c.change === 'reordered' ? `${label} order changed: planned ${planValue(c.planned)}, ran ${planValue(c.actual)}`
    : member ? `${label}: ${planValue(c.change === 'removed' ? c.planned : c.actual)} ${c.change}`
    : c.change === 'removed' ? `${label} removed (planned: ${planValue(c.planned)})`
    : `${label} added (ran: ${planValue(c.actual)})`;
  return {
    kind: `${c.change}_after_lock` as Deviation['kind'],
    severity,
    item,
    section,
    summary,
    planned: c.change === 'added' ? (member ? `${label} without ${planValue(c.actual)}` : 'not in the locked preregistration') : `${member ? `${label} with ` : ''}${planValue(c.planned)}`,
    actual: c.change === 'removed' ? (member ? `${label} without ${planValue(c.planned)}` : 'not in the preregistration that ran') : `${member ? `${label} with ` : ''}${planValue(c.actual)}`,
    cause: `the preregistration was edited after its lock (${lockedAt})`,
    impact: impactOf(c, severity, section, wording),
    osf_field: osfFieldOfSection(section),
  };
}

/** The changes of substance from the locked plan to the plan that ran, as deviations (empty when
 *  the lock holds no snapshot, or none was parsed). */
export function planDeviations(loaded: LoadedPreregistration): Deviation[] {
  const { lock } = loaded;
  if (lock.locked_plan === null || lock.locked_at === null) return [];
  const lockedAt = lock.locked_at;
  return diffPlans(lock.locked_plan, loaded.prereg).map((c) => planChangeDeviation(c, lock.locked_plan, loaded.prereg, lockedAt));
}

/** Deviations from the git history: commits after the lock date that changed the file or the lock. */
export function historyDeviations(history: PreregHistory, lockedAt: string): Deviation[] {
  const after = history.commits.filter((c) => c.after_lock);
  const out: Deviation[] = [];
  const list = (cs: typeof after) => cs.map((c) => `${c.commit} (${c.date.slice(0, 10)})`).join(', ');
  const prereg = after.filter((c) => c.changed.includes('preregistration'));
  const lockOnly = after.filter((c) => !c.changed.includes('preregistration'));
  if (prereg.length > 0) {
    out.push({
      kind: 'preregistration_committed_after_lock', severity: 'warning', item: null,
      summary: `${prereg.length} commit(s) changed the preregistration after its lock date (${lockedAt}): ${list(prereg)}`,
      planned: `no change after ${lockedAt}`, actual: `changed in ${list(prereg)}`,
      cause: 'the git history shows the file changed after the date it was locked; if the lock matches it, the lock was made again after that change',
      impact: 'the plan may have been revised after the lock date: compare those commits with the locked plan before reading any result as confirmatory',
      osf_field: 'Registration (the frozen version)',
    });
  }
  if (lockOnly.length > 0) {
    out.push({
      kind: 'lock_rewritten_after_lock_date', severity: 'note', item: null,
      summary: `${lockOnly.length} commit(s) rewrote the lock after its lock date (${lockedAt}) without changing the preregistration: ${list(lockOnly)}`,
      planned: `lock written on ${lockedAt}`, actual: `rewritten in ${list(lockOnly)}`,
      cause: 'the lock file was written again after its date (for example in a new format), the preregistration unchanged in those commits',
      impact: 'none if the preregistration is unchanged since its lock date, as the history shows',
      osf_field: 'Registration (the frozen version)',
    });
  }
  return out;
}
