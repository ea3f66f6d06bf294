/**
 * The audit: the preregistration checked against what ran. For each preregistered item, what ran
 * and whether it matches the plan (method, outcome, contrast, correction, n, decision); every
 * deviation with its kind, severity, what was planned, what happened, the cause and the impact on
 * inference (the template of Willroth & Atherton 2024 and Lakens 2024, "When and how to deviate
 * from a preregistration", Collabra: Psychology 10(1) 117094); every result that is not in the
 * preregistration, marked exploratory; the preregistration's SHA-256 and lock (OSF's frozen
 * registration, here a hash and a snapshot). Written as audit.json and audit.md (see audit-render.ts).
 *
 * The plan is the locked one: every change of the preregistration after its lock is a deviation of
 * its own, named item by item (lock-audit.ts: "H3 removed (planned: …)", "alpha changed: planned
 * 0.05, ran 0.1"), and a preregistered item removed after the lock is still listed, as not run.
 */
import type { JudgeRecord } from '../judge/record.ts';
import { judgeAudit, type JudgeAudit } from './audit-judge.ts';
import type { ResultsDoc, TestResult } from '../analyze/types.ts';
import type { Consort } from '../ingest/tables.ts';
import type { Warning } from '../errors.ts';
import { benjaminiHochberg, bonferroni, holm } from '../stats/adjust.ts';
import type { PreregHistory } from './history.ts';
import { historyDeviations, osfFieldOfSection, planDeviations } from './lock-audit.ts';
import type { CorrectionSpec, HypothesisSpec, LoadedPreregistration, Preregistration } from './types.ts';

export const AUDIT_SCHEMA = 'lend-an-ear-audit/1';

/** Share of participants one exclusion rule may remove before the audit flags it, when neither
 *  the caller nor the preregistration says otherwise. A run-time convention, not a preregistered
 *  number: the audit says so beside every flag. */
export const DEFAULT_EXPECTED_EXCLUSION_SHARE = 0.1;

export type DeviationKind =
  | 'preregistration_changed_after_lock'
  | 'preregistration_not_locked'
  | 'preregistration_lock_broken'
  | 'removed_after_lock'
  | 'added_after_lock'
  | 'changed_after_lock'
  | 'reordered_after_lock'
  | 'preregistration_committed_after_lock'
  | 'lock_rewritten_after_lock_date'
  | 'results_from_other_preregistration'
  | 'planned_test_not_run'
  | 'planned_test_without_estimate'
  | 'test_differs_from_plan'
  | 'correction_set_incomplete'
  | 'adjusted_p_inconsistent'
  | 'decision_inconsistent'
  | 'n_exceeds_sample'
  | 'exclusion_above_expected'
  | 'data_warning'
  | 'unplanned_result'
  | 'judge_differs_from_plan'
  | 'judge_unparsed_replies'
  | 'judge_not_preregistered'
  | 'judge_not_verified';

export type Severity = 'error' | 'warning' | 'note';

export interface Deviation {
  kind: DeviationKind;
  /** error: a confirmatory inference is affected or cannot be made; warning: a departure to
   *  weigh; note: disclosed for completeness. */
  severity: Severity;
  /** Hypothesis, correction or exclusion id, or a section of the preregistration (`alpha`,
   *  `scoring`); null for the whole run. */
  item: string | null;
  /** The deviation in one line, in the study's words (changes of the plan after its lock):
   *  `H3 removed (planned: ancova_ols_hc3 on alignment, video - control)`. */
  summary?: string;
  /** The preregistration's section a change of the plan is in (`hypotheses`, `alpha`, `judge`). */
  section?: string;
  planned: string | null;
  actual: string | null;
  cause: string;
  impact: string;
  /** The OSF Prereg template field the deviation departs from (set by buildAudit). */
  osf_field?: string;
}

/** One test as it ran, reduced to what the audit compares. */
export interface RanTest {
  id: string;
  status: TestResult['status'];
  method: string;
  outcome: string;
  contrast: string | null;
  correction: string | null;
  n: number;
  p: number | null;
  p_adjusted: number | null;
  decision: TestResult['decision'];
  note: string | null;
  /** What the inference covers, where the result says (H7: the items used). */
  scope?: string;
}

export interface AuditCheck {
  method: boolean;
  outcome: boolean;
  contrast: boolean;
  status: boolean;
  correction: boolean;
  /** n is at most the analysed sample. */
  n: boolean;
  /** The reported decision follows from the preregistered rule (confirmatory only; true otherwise). */
  decision: boolean;
}

export interface AuditItem {
  id: string;
  status: HypothesisSpec['status'];
  family: string;
  tag: HypothesisSpec['tag'];
  planned: {
    method: string;
    outcome: string;
    contrast: string | null;
    correction: string | null;
    correction_id: string | null;
    direction: HypothesisSpec['direction'];
    decision_rule: HypothesisSpec['decision_rule'];
  };
  /** Usually one; several when the plan yields sub-results (X3.{scenario}). Empty: did not run. */
  ran: RanTest[];
  checks: AuditCheck[];
  /** Analysed participants the test could not use (missing data are not imputed, per the plan). */
  n_missing: number | null;
  verdict: 'as_planned' | 'deviated' | 'not_run' | 'no_estimate' | 'removed_after_lock' | 'added_after_lock' | 'changed_after_lock';
}

export interface ExclusionAudit {
  id: string;
  rule: string;
  n: number;
  /** Enrolled (rules before randomisation) or randomised (after allocation). */
  denominator: number;
  share: number | null;
  expected_max_share: number;
  above_expected: boolean;
}

export interface WarningGroup {
  code: string;
  count: number;
  /** Up to five `file:line column` locations; never the message (it may quote data). */
  locations: string[];
}

/** The audit, for audit.json. */
export interface Audit {
  schema: typeof AUDIT_SCHEMA;
  preregistration: {
    file: string;
    title: string;
    version: string;
    sha256: string;
    locked: boolean;
    locked_sha256: string | null;
    locked_at: string | null;
    changed_since_lock: boolean;
    /** 2: the lock keeps a snapshot of the locked text; 1: only its hash; null: no lock. */
    lock_format: 1 | 2 | null;
    /** What is wrong with the lock itself (empty when it checks itself). */
    lock_problems: string[];
    /** Changes of substance from the locked plan (deviations of kind `*_after_lock`); null when
     *  there is no snapshot to compare with. */
    changes_since_lock: number | null;
    /** The commits that changed the preregistration or its lock on or after the lock date. */
    history: PreregHistory;
    /** The hash results.json says it was computed under. */
    results_sha256: string;
  };
  alpha: number;
  sample: ResultsDoc['sample'];
  summary: AuditSummary & {
    verdict: 'as_planned' | 'deviations' | 'errors';
    warnings: number;
    notes: number;
    unplanned: number;
  };
  deviations: Deviation[];
  items: AuditItem[];
  unplanned: RanTest[];
  exclusions: ExclusionAudit[];
  /** Attrition after allocation (results.json `attrition`, exploratory): the per-protocol set's cost. */
  attrition?: ResultsDoc['attrition'];
  data_warnings: WarningGroup[];
  /** How the ratings were made against the preregistered judge; null when neither says anything. */
  judge: JudgeAudit | null;
}

/** The audit reduced to what the report shows (report/inputs.ts re-exports it). */
export interface AuditSummary {
  /** SHA-256 of the preregistration file. */
  sha256: string;
  /** Locked, and the file still matches its lock. */
  locked: boolean;
  /** Planned tests, and how many of them ran as planned. */
  planned: number;
  ran_as_planned: number;
  /** Number of deviations, by kind (e.g. `not_run`, `n_below_plan`, `unplanned`). */
  deviations_by_kind: Record<string, number>;
  /** Errors found while auditing (0 when the audit is clean). */
  errors: number;
}

export interface AuditInput {
  loaded: LoadedPreregistration;
  results: ResultsDoc;
  consort: Consort;
  warnings: Warning[] | { items: Warning[] };
  /** Largest share one exclusion rule may remove without a flag: one number for every rule, or
   *  per rule id. Default DEFAULT_EXPECTED_EXCLUSION_SHARE. */
  expectedExclusionShare?: number | Record<string, number>;
  /** The git history of the preregistration and its lock (history.ts); default: not checked. */
  history?: PreregHistory;
  /** judge.json when the judge made the ratings, null when they came with the export; absent:
   *  the judge is not audited. */
  judge?: JudgeRecord | null;
}

/** The history when none was looked at. */
const HISTORY_NOT_CHECKED: PreregHistory = { checked: false, reason: 'the history was not looked at', commits: [] };

/** `coach - control` as results.json writes a contrast. */
function plannedContrast(h: HypothesisSpec): string | null {
  return h.contrast ? `${h.contrast.treatment} - ${h.contrast.reference}` : null;
}

/** Contrast strings compared loosely on spacing and the minus sign (`coach − control`). */
function sameContrast(a: string | null, b: string | null): boolean {
  const norm = (s: string | null) => (s === null ? null : s.replace(/[−–]/g, '-').replace(/\s+/g, ''));
  return norm(a) === norm(b);
}

function ranTest(t: TestResult): RanTest {
  return {
    id: t.id, status: t.status, method: t.method, outcome: t.outcome, contrast: t.contrast, correction: t.correction,
    n: t.n, p: t.p, p_adjusted: t.p_adjusted, decision: t.decision, note: t.note, ...(t.scope ? { scope: t.scope } : {}),
  };
}

/** The decision the preregistered rule gives, recomputed independently of the analysis stage:
 *  `not_estimable` for any result without the p-value its rule needs. */
function expectedDecision(t: TestResult, h: HypothesisSpec, alpha: number): TestResult['decision'] {
  const deciding = h.decision_rule === 'equivalence_p_below_alpha' ? (t.equivalence_p ?? null) : t.p;
  if (deciding === null) return 'not_estimable';
  if (h.status !== 'confirmatory' || h.decision_rule === 'none') return null;
  if (h.decision_rule === 'equivalence_p_below_alpha') return deciding < alpha ? 'supported' : 'not_supported';
  const p = t.p_adjusted ?? t.p;
  if (p === null || t.estimate === null) return 'not_estimable';
  const away = t.estimate - (h.null_value ?? 0);
  const signOk = h.direction === 'positive' ? away > 0 : h.direction === 'negative' ? away < 0 : true;
  return p < alpha && signOk ? 'supported' : 'not_supported';
}

/** Results that belong to a planned item: the same id, or `id.{part}` sub-results. */
function resultsFor(h: HypothesisSpec, tests: TestResult[], plannedIds: Set<string>): TestResult[] {
  return tests.filter((t) => t.id === h.id || (t.id.startsWith(`${h.id}.`) && !plannedIds.has(t.id)));
}

/** Analysed participants of the arms a test draws on (the arms of its n_by_arm: the two arms of a
 *  Welch contrast, all three of an ANCOVA), or of the whole sample when it does not say. */
function analysedInArmsOf(t: TestResult, sample: ResultsDoc['sample']): number {
  const arms = t.n_by_arm ? (Object.keys(t.n_by_arm) as (keyof ResultsDoc['sample']['by_arm'])[]) : [];
  return arms.length === 0 ? sample.analysed : arms.reduce((sum, arm) => sum + (sample.by_arm[arm] ?? 0), 0);
}

function plannedOf(h: HypothesisSpec, corrections: CorrectionSpec[]): AuditItem['planned'] {
  const correction = corrections.find((c) => c.hypotheses.includes(h.id)) ?? null;
  return {
    method: h.method,
    outcome: h.outcome,
    contrast: plannedContrast(h),
    correction: correction?.method ?? null,
    correction_id: correction?.id ?? null,
    direction: h.direction,
    decision_rule: h.decision_rule,
  };
}

function auditItem(h: HypothesisSpec, tests: TestResult[], corrections: CorrectionSpec[], alpha: number, sample: ResultsDoc['sample'], deviations: Deviation[]): AuditItem {
  const analysed = sample.analysed;
  const planned = plannedOf(h, corrections);
  const confirmatory = h.status === 'confirmatory';
  const item: AuditItem = {
    id: h.id, status: h.status, family: h.family, tag: h.tag, planned,
    ran: tests.map(ranTest), checks: [], n_missing: null, verdict: 'as_planned',
  };
  if (tests.length === 0) {
    item.verdict = 'not_run';
    deviations.push({
      kind: 'planned_test_not_run', severity: confirmatory ? 'error' : 'warning', item: h.id,
      planned: `${h.method} on ${h.outcome}${planned.contrast ? `, ${planned.contrast}` : ''}`, actual: 'no result in results.json',
      cause: 'the analysis stage produced no result for this preregistered item',
      impact: confirmatory ? 'a confirmatory hypothesis is unanswered: the report cannot claim the plan was carried out' : 'an exploratory analysis is missing',
    });
    return item;
  }
  let deviated = false;
  let noEstimate = false;
  for (const t of tests) {
    const check: AuditCheck = {
      method: t.method === h.method,
      outcome: t.outcome === h.outcome,
      contrast: h.method === 'mixed_random_intercept' || sameContrast(t.contrast, planned.contrast),
      status: t.status === h.status,
      correction: (t.correction ?? null) === planned.correction,
      n: t.n <= analysed,
      decision: t.decision === expectedDecision(t, h, alpha),
    };
    item.checks.push(check);
    const differ = (field: string, plannedValue: string | null, actualValue: string | null, severity: Severity, impact: string) => {
      deviated = true;
      deviations.push({ kind: 'test_differs_from_plan', severity, item: t.id, planned: `${field}: ${plannedValue ?? 'none'}`, actual: `${field}: ${actualValue ?? 'none'}`, cause: `the ${field} that ran is not the preregistered one`, impact });
    };
    const sev: Severity = confirmatory ? 'error' : 'warning';
    if (!check.method) differ('method', h.method, t.method, sev, 'a different test answers the question; its p-value is not the preregistered one');
    if (!check.outcome) differ('outcome', h.outcome, t.outcome, sev, 'a different outcome was tested');
    if (!check.contrast) differ('contrast', planned.contrast, t.contrast, sev, 'a different comparison was tested');
    if (!check.status) differ('status', h.status, t.status, 'error', 'a result is labelled with the wrong status (confirmatory vs exploratory)');
    if (!check.correction) differ('correction', planned.correction, t.correction, sev, 'the multiplicity adjustment differs from the plan, so p_adjusted is not the preregistered one');
    if (!check.n) {
      deviated = true;
      deviations.push({ kind: 'n_exceeds_sample', severity: 'error', item: t.id, planned: `at most ${analysed} analysed participants`, actual: `n = ${t.n}`, cause: 'the test used more participants than were analysed', impact: 'excluded participants may have entered the test' });
    }
    if (!check.decision) {
      deviated = true;
      deviations.push({ kind: 'decision_inconsistent', severity: 'error', item: t.id, planned: `decision by ${h.decision_rule} at alpha ${alpha}: ${expectedDecision(t, h, alpha) ?? 'none'}`, actual: `decision: ${t.decision ?? 'none'}`, cause: 'the reported decision does not follow from the preregistered rule', impact: 'the stated conclusion is not the preregistered one' });
    }
    if (t.p === null && (h.decision_rule !== 'equivalence_p_below_alpha' || (t.equivalence_p ?? null) === null)) {
      noEstimate = true;
      // The data could not carry the test (its note says why): the plan ran, the data cannot
      // answer, a warning. Without a reason it may be a fault of the analysis: an error.
      const explained = t.decision === 'not_estimable' && t.note !== null;
      deviations.push({ kind: 'planned_test_without_estimate', severity: confirmatory && !explained ? 'error' : 'warning', item: t.id, planned: `${h.method} with a p-value`, actual: `not estimable (n = ${t.n})`, cause: t.note ?? 'the analysis gave no reason', impact: confirmatory ? 'the hypothesis cannot be decided from these data' : 'the exploratory analysis has no estimate' });
    }
  }
  item.n_missing = tests.length === 1 ? Math.max(0, analysedInArmsOf(tests[0], sample) - tests[0].n) : null;
  item.verdict = noEstimate ? 'no_estimate' : deviated ? 'deviated' : 'as_planned';
  return item;
}

const ADJUSTERS: Record<CorrectionSpec['method'], (p: readonly number[]) => number[]> = { holm, bh: benjaminiHochberg, bonferroni };

/** Equal up to rounding: the audit recomputes, it does not demand the same summation order. */
function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-12 + 1e-9 * Math.abs(b);
}

function correctionDeviations(corrections: CorrectionSpec[], tests: TestResult[]): Deviation[] {
  const out: Deviation[] = [];
  for (const c of corrections) {
    // Recompute the adjustment over exactly the preregistered set (those with a p-value, as R's
    // p.adjust drops NA): a p_adjusted computed over another set shows up here.
    const members = c.hypotheses.flatMap((id) => tests.filter((t) => t.id === id && t.p !== null));
    const expected = ADJUSTERS[c.method](members.map((t) => t.p as number));
    members.forEach((t, i) => {
      if (t.p_adjusted === null || !close(t.p_adjusted, expected[i])) {
        out.push({
          kind: 'adjusted_p_inconsistent', severity: 'error', item: t.id,
          planned: `${c.method} over ${c.id} (${members.length} tests): p_adjusted ${expected[i]}`, actual: `p_adjusted ${t.p_adjusted}`,
          cause: 'the reported adjusted p-value is not the preregistered correction over the preregistered set',
          impact: 'the decision may rest on a different multiplicity adjustment than planned',
        });
      }
    });
    const withP = c.hypotheses.filter((id) => tests.some((t) => t.id === id && t.p !== null));
    if (withP.length < c.hypotheses.length) {
      const missing = c.hypotheses.filter((id) => !withP.includes(id));
      out.push({
        kind: 'correction_set_incomplete', severity: 'warning', item: c.id,
        planned: `${c.method} over ${c.hypotheses.length} hypotheses`, actual: `${c.method} over ${withP.length}; without a p-value: ${missing.join(', ')}`,
        cause: 'some hypotheses of the correction set have no p-value', impact: 'the adjustment ran over fewer tests than planned, which makes it less strict',
      });
    }
  }
  return out;
}

function expectedShareFor(id: string, given: AuditInput['expectedExclusionShare']): number {
  if (typeof given === 'number') return given;
  return given?.[id] ?? DEFAULT_EXPECTED_EXCLUSION_SHARE;
}

function exclusionAudit(input: AuditInput): ExclusionAudit[] {
  const { consort, loaded } = input;
  return loaded.prereg.exclusions.map((e) => {
    const before = e.stage === 'before_randomisation';
    // A rule before randomisation also counts, in their arm, the participants it excluded who had
    // an arm (ingest/exclusions.ts); so both places are summed for every rule.
    const n = consort.excluded_before_randomisation.filter((x) => x.id === e.id).reduce((s, x) => s + x.n, 0)
      + Object.values(consort.by_arm).reduce((s, arm) => s + arm.lost.filter((x) => x.id === e.id).reduce((a, x) => a + x.n, 0), 0);
    const denominator = before ? consort.enrolled : consort.randomised;
    const share = denominator > 0 ? n / denominator : null;
    const expected = expectedShareFor(e.id, input.expectedExclusionShare);
    return { id: e.id, rule: e.rule, n, denominator, share, expected_max_share: expected, above_expected: share !== null && share > expected };
  });
}

function warningGroups(warnings: Warning[]): WarningGroup[] {
  const groups = new Map<string, WarningGroup>();
  for (const w of warnings) {
    const g = groups.get(w.code) ?? { code: w.code, count: 0, locations: [] };
    g.count += 1;
    if (g.locations.length < 5) {
      const where = [w.file ?? '', w.line != null ? `:${w.line}` : '', w.column ? ` ${w.column}` : ''].join('');
      if (where !== '' && !g.locations.includes(where)) g.locations.push(where);
    }
    groups.set(w.code, g);
  }
  return [...groups.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

function lockDeviations(input: AuditInput, plan: Deviation[]): Deviation[] {
  const { loaded, results } = input;
  const { lock } = loaded;
  const out: Deviation[] = [];
  if (!lock.locked) {
    out.push({
      kind: 'preregistration_not_locked', severity: 'error', item: null, summary: `${loaded.file} is not locked`,
      planned: 'a preregistration frozen before the analysis', actual: `no lock for ${loaded.file}`, cause: 'lock.json is missing beside the preregistration',
      impact: 'nothing shows the plan was fixed before the data were analysed: no result can be read as confirmatory',
    });
  }
  for (const problem of lock.problems) {
    out.push({
      kind: 'preregistration_lock_broken', severity: 'error', item: null, summary: `the lock does not check itself: ${problem}`,
      planned: `a lock whose snapshot hashes to its recorded sha256 ${lock.locked_sha256}`, actual: problem,
      cause: 'lock.json was edited by hand or damaged after it was written',
      impact: 'the lock cannot show what was frozen: compare the snapshot with the preregistration (below) and the git history before reading any result as confirmatory',
    });
  }
  if (lock.changed_since_lock) {
    const named = lock.locked_plan !== null;
    out.push({
      kind: 'preregistration_changed_after_lock', severity: !named ? 'error' : plan.length > 0 ? 'warning' : 'note', item: null,
      summary: !named
        ? `${loaded.file} changed after its lock, whose format holds no snapshot: what changed cannot be named`
        : plan.length > 0
          ? `${loaded.file} changed after its lock: ${plan.length} change(s) of substance, each below`
          : `${loaded.file} changed after its lock in comments or layout only: no deviation of substance`,
      planned: `sha256 ${lock.locked_sha256} (locked ${lock.locked_at})`, actual: `sha256 ${loaded.sha256}`,
      cause: 'the preregistration file was edited after it was locked',
      impact: !named
        ? 'the analysis ran under a plan that differs from the frozen one; compare the two versions before reading any result as confirmatory (lock again with scripts/lock-prereg.ts to keep a snapshot)'
        : plan.length > 0 ? 'see each change of substance' : 'none: the plan that ran says what the locked plan says',
    });
  }
  out.push(...plan);
  if (lock.locked_at !== null) out.push(...historyDeviations(input.history ?? HISTORY_NOT_CHECKED, lock.locked_at));
  if (results.preregistration.sha256 !== loaded.sha256) {
    out.push({ kind: 'results_from_other_preregistration', severity: 'error', item: null, planned: `sha256 ${loaded.sha256}`, actual: `results.json computed under sha256 ${results.preregistration.sha256}`, cause: 'the results were produced under another version of the preregistration', impact: 'the audit compares results with a plan they were not computed from' });
  }
  return out;
}

/** The hypotheses and corrections of a plan. A locked plan is data parsed from the lock's snapshot
 *  and not validated again, so it is read defensively. */
function planLists(plan: unknown): { hypotheses: HypothesisSpec[]; corrections: CorrectionSpec[] } {
  const p = (plan ?? {}) as Partial<Preregistration>;
  const hypotheses = Array.isArray(p.hypotheses) ? p.hypotheses.filter((h) => typeof h?.id === 'string') : [];
  const corrections = Array.isArray(p.corrections) ? p.corrections.filter((c) => typeof c?.id === 'string' && Array.isArray(c.hypotheses)) : [];
  return { hypotheses, corrections };
}

/**
 * The items against the locked plan: one added after the lock, or changed since (its own fields,
 * or the correction it belongs to), is marked so instead of "as planned"; one removed after the
 * lock is listed, as not run, where the locked plan had it.
 */
function itemsAgainstLock(items: AuditItem[], loaded: LoadedPreregistration, plan: Deviation[]): AuditItem[] {
  if (loaded.lock.locked_plan === null) return items;
  const locked = planLists(loaded.lock.locked_plan);
  const lockedIds = new Set(locked.hypotheses.map((h) => h.id));
  const changed = new Set(plan.filter((d) => d.section === 'hypotheses').map((d) => d.item));
  const setOf = (corrections: CorrectionSpec[], id: string) => {
    const c = corrections.find((k) => k.hypotheses.includes(id));
    return c ? `${c.id} ${c.method}` : null;
  };
  for (const item of items) {
    if (item.verdict !== 'as_planned') continue;
    if (!lockedIds.has(item.id)) item.verdict = 'added_after_lock';
    else if (changed.has(item.id) || setOf(locked.corrections, item.id) !== setOf(loaded.prereg.corrections, item.id)) item.verdict = 'changed_after_lock';
  }
  const out = [...items];
  locked.hypotheses.forEach((h, i) => {
    if (out.some((x) => x.id === h.id)) return;
    // After the nearest item that precedes it in the locked plan.
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const k = out.findIndex((x) => x.id === locked.hypotheses[j].id);
      if (k >= 0) {
        at = k + 1;
        break;
      }
    }
    out.splice(at, 0, { id: h.id, status: h.status, family: h.family, tag: h.tag, planned: plannedOf(h, locked.corrections), ran: [], checks: [], n_missing: null, verdict: 'removed_after_lock' });
  });
  return out;
}

/** The OSF Prereg template field a deviation departs from, so a reviewer can read the audit
 *  against the registration form (Bowman et al. 2020, OSF Prereg template). */
export function osfFieldOf(d: Deviation, exploratoryIds: Set<string>): string {
  const exploratory = d.item !== null && (exploratoryIds.has(d.item) || exploratoryIds.has(d.item.split('.')[0]));
  switch (d.kind) {
    case 'preregistration_changed_after_lock':
    case 'preregistration_not_locked':
    case 'preregistration_lock_broken':
    case 'preregistration_committed_after_lock':
    case 'lock_rewritten_after_lock_date':
    case 'results_from_other_preregistration':
      return 'Registration (the frozen version)';
    case 'removed_after_lock':
    case 'added_after_lock':
    case 'changed_after_lock':
    case 'reordered_after_lock':
      if (d.section === 'hypotheses') return exploratory ? 'Analysis plan › Exploratory analysis' : 'Hypotheses';
      return osfFieldOfSection(d.section ?? '');
    case 'decision_inconsistent':
    case 'adjusted_p_inconsistent':
    case 'correction_set_incomplete':
      return 'Analysis plan › Inference criteria';
    case 'test_differs_from_plan':
      if (d.planned?.startsWith('correction') || d.planned?.startsWith('status')) return 'Analysis plan › Inference criteria';
      return exploratory ? 'Analysis plan › Exploratory analysis' : 'Analysis plan › Statistical models';
    case 'planned_test_not_run':
    case 'planned_test_without_estimate':
    case 'n_exceeds_sample':
      return exploratory ? 'Analysis plan › Exploratory analysis' : 'Analysis plan › Statistical models';
    case 'unplanned_result':
      return 'Analysis plan › Exploratory analysis';
    case 'exclusion_above_expected':
      return 'Analysis plan › Data exclusion';
    case 'data_warning':
      return 'Sampling plan › Data collection procedures';
    case 'judge_differs_from_plan':
    case 'judge_unparsed_replies':
    case 'judge_not_preregistered':
    case 'judge_not_verified':
      return 'Variables › Measured variables';
  }
}

/**
 * Builds the audit of one run.
 * Example: with every planned test present and the file matching its lock,
 * `buildAudit({ loaded, results, consort, warnings }).summary.verdict` → `'as_planned'`;
 * drop H1 from `results.tests` and it is `'errors'`, with a `planned_test_not_run` deviation of
 * severity `error` for H1.
 */
export function buildAudit(input: AuditInput): Audit {
  const { loaded, results } = input;
  const { prereg } = loaded;
  const warnings = Array.isArray(input.warnings) ? input.warnings : input.warnings.items;
  const plan = planDeviations(loaded);
  const deviations: Deviation[] = lockDeviations(input, plan);
  const plannedIds = new Set(prereg.hypotheses.map((h) => h.id));

  const claimed = new Set<string>();
  const items = itemsAgainstLock(prereg.hypotheses.map((h) => {
    const mine = resultsFor(h, results.tests, plannedIds);
    for (const t of mine) claimed.add(t.id);
    return auditItem(h, mine, prereg.corrections, prereg.alpha, results.sample, deviations);
  }), loaded, plan);
  deviations.push(...correctionDeviations(prereg.corrections, results.tests));

  const unplanned = results.tests.filter((t) => !claimed.has(t.id)).map(ranTest);
  for (const t of unplanned) {
    deviations.push({
      kind: 'unplanned_result', severity: t.status === 'confirmatory' ? 'error' : 'note', item: t.id,
      planned: null, actual: `${t.method} on ${t.outcome} (${t.status})`,
      cause: 'a result that is not in the preregistration',
      impact: t.status === 'confirmatory' ? 'an unplanned test is labelled confirmatory; it is exploratory' : 'exploratory: no confirmatory claim rests on it',
    });
  }

  const exclusions = exclusionAudit(input);
  for (const e of exclusions.filter((x) => x.above_expected)) {
    deviations.push({
      kind: 'exclusion_above_expected', severity: 'warning', item: e.id,
      planned: `${e.rule} removes at most ${(e.expected_max_share * 100).toFixed(1)}% (expected share; a run-time setting, not preregistered)`,
      actual: `${e.n} of ${e.denominator} (${((e.share ?? 0) * 100).toFixed(1)}%)`,
      cause: 'an exclusion rule removed more participants than expected',
      impact: 'the analysed sample may differ systematically from those randomised; check the CONSORT flow by arm',
    });
  }

  const dataWarnings = warningGroups(warnings);
  for (const g of dataWarnings) {
    deviations.push({
      kind: 'data_warning', severity: 'note', item: null, planned: null,
      actual: `${g.count} × ${g.code}${g.locations.length ? ` (e.g. ${g.locations.join('; ')})` : ''}`,
      cause: 'ingest reported a data warning', impact: 'data were read as documented in docs/CONTRACT.md; check that nothing meant was ignored',
    });
  }

  const judge = input.judge === undefined ? { audit: null, deviations: [] } : judgeAudit(prereg.judge, input.judge);
  deviations.push(...judge.deviations);

  const exploratoryIds = new Set(items.filter((i) => i.status === 'exploratory').map((i) => i.id));
  for (const d of deviations) d.osf_field = osfFieldOf(d, exploratoryIds);
  const count = (s: Severity) => deviations.filter((d) => d.severity === s).length;
  const byKind: Record<string, number> = {};
  for (const d of deviations) byKind[d.kind] = (byKind[d.kind] ?? 0) + 1;
  const errors = count('error');
  const asPlanned = items.filter((i) => i.verdict === 'as_planned').length;
  const planned = loaded.lock.locked_plan === null ? prereg.hypotheses.length : planLists(loaded.lock.locked_plan).hypotheses.length;
  return {
    schema: AUDIT_SCHEMA,
    preregistration: {
      file: loaded.file, title: prereg.title, version: prereg.version, sha256: loaded.sha256,
      locked: loaded.lock.locked, locked_sha256: loaded.lock.locked_sha256, locked_at: loaded.lock.locked_at,
      changed_since_lock: loaded.lock.changed_since_lock, lock_format: loaded.lock.format, lock_problems: loaded.lock.problems,
      changes_since_lock: loaded.lock.locked_plan === null ? null : plan.length,
      history: input.history ?? HISTORY_NOT_CHECKED,
      results_sha256: results.preregistration.sha256,
    },
    alpha: prereg.alpha,
    sample: results.sample,
    summary: {
      verdict: errors > 0 ? 'errors' : count('warning') > 0 || asPlanned < planned ? 'deviations' : 'as_planned',
      sha256: loaded.sha256,
      locked: loaded.lock.locked && !loaded.lock.changed_since_lock && loaded.lock.problems.length === 0,
      planned,
      ran_as_planned: asPlanned,
      deviations_by_kind: byKind,
      errors,
      warnings: count('warning'),
      notes: count('note'),
      unplanned: unplanned.length,
    },
    deviations,
    items,
    unplanned,
    exclusions,
    ...(results.attrition ? { attrition: results.attrition } : {}),
    data_warnings: dataWarnings,
    judge: judge.audit,
  };
}

/** The audit reduced to the report's summary (pipeline/report/inputs.ts AuditSummary). */
export function auditSummaryFrom(audit: Audit): AuditSummary {
  const { sha256, locked, planned, ran_as_planned, deviations_by_kind, errors } = audit.summary;
  return { sha256, locked, planned, ran_as_planned, deviations_by_kind, errors };
}

/** The kinds of a change of the plan after its lock (lock-audit.ts planChangeDeviation). */
export const PLAN_CHANGE_KINDS: ReadonlySet<DeviationKind> = new Set(['removed_after_lock', 'added_after_lock', 'changed_after_lock', 'reordered_after_lock']);

/** How many changes of substance the last line names before "and N more". */
const LAST_LINE_CHANGES = 3;

/**
 * The run's last line about the lock, or null when the preregistration matches a lock that checks
 * itself and no commit touched them after the lock date (printed LAST so it cannot scroll away):
 * a missing or broken lock (ERROR), each change of substance since the lock, counted and the first
 * few named (ERROR or WARNING by the worst), commits after the lock date (WARNING), or a change in
 * comments or layout only (NOTE).
 * Example: H3 deleted → `ERROR: the preregistration p.yaml changed after its lock (locked 2026-11-26): 1 deviation(s) from the locked plan: H3 removed (planned: …); see audit.md`.
 */
export function lockChangeLine(audit: Audit): string | null {
  const p = audit.preregistration;
  if (!p.locked) return `ERROR: the preregistration ${p.file} is not locked (no lock.json beside it): nothing shows the plan was fixed before the analysis; see audit.md`;
  const changes = audit.deviations.filter((d) => PLAN_CHANGE_KINDS.has(d.kind));
  const named = changes.slice(0, LAST_LINE_CHANGES).map((d) => d.summary).join('; ');
  const more = changes.length > LAST_LINE_CHANGES ? ` and ${changes.length - LAST_LINE_CHANGES} more` : '';
  const counted = `${changes.length} deviation(s) from the locked plan: ${named}${more}`;
  if (p.lock_problems.length > 0) {
    return `ERROR: the lock of ${p.file} does not check itself: ${p.lock_problems.join('; ')}${changes.length > 0 ? `; its snapshot and the preregistration differ by ${counted}` : ''}; see audit.md`;
  }
  if (changes.length > 0) {
    const worst = changes.some((d) => d.severity === 'error') ? 'ERROR' : changes.some((d) => d.severity === 'warning') ? 'WARNING' : 'NOTE';
    return `${worst}: the preregistration ${p.file} changed after its lock (locked ${p.locked_at}): ${counted}; see audit.md`;
  }
  if (p.changed_since_lock && p.changes_since_lock === null) {
    return `ERROR: the preregistration ${p.file} changed after its lock (locked ${p.locked_at}: sha256 ${p.locked_sha256}; now ${p.sha256}), and its lock holds no snapshot to name what changed; see audit.md`;
  }
  const commits = audit.deviations.find((d) => d.kind === 'preregistration_committed_after_lock');
  if (commits !== undefined) return `WARNING: ${commits.summary}; see audit.md`;
  if (p.changed_since_lock) return `NOTE: the preregistration ${p.file} changed after its lock (locked ${p.locked_at}) in comments or layout only: no deviation of substance; see audit.md`;
  return null;
}
