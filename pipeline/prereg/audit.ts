/**
 * The audit: the preregistration checked against what ran. For each preregistered item, what ran
 * and whether it matches the plan (method, outcome, contrast, correction, n, decision); every
 * deviation with its kind, severity, what was planned, what happened, the cause and the impact on
 * inference (the template of Willroth & Atherton 2024 and Lakens 2024, "When and how to deviate
 * from a preregistration", Collabra: Psychology 10(1) 117094); every result that is not in the
 * preregistration, marked exploratory; the preregistration's SHA-256 and lock (OSF's frozen
 * registration, here a hash). Written as audit.json and audit.md (see audit-render.ts).
 */
import type { ResultsDoc, TestResult } from '../analyze/types.ts';
import type { Consort } from '../ingest/tables.ts';
import type { Warning } from '../errors.ts';
import { benjaminiHochberg, bonferroni, holm } from '../stats/adjust.ts';
import type { CorrectionSpec, HypothesisSpec, LoadedPreregistration } from './types.ts';

export const AUDIT_SCHEMA = 'lend-an-ear-audit/1';

/** Share of participants one exclusion rule may remove before the audit flags it, when neither
 *  the caller nor the preregistration says otherwise. A run-time convention, not a preregistered
 *  number: the audit says so beside every flag. */
export const DEFAULT_EXPECTED_EXCLUSION_SHARE = 0.1;

export type DeviationKind =
  | 'preregistration_changed_after_lock'
  | 'preregistration_not_locked'
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
  | 'unplanned_result';

export type Severity = 'error' | 'warning' | 'note';

export interface Deviation {
  kind: DeviationKind;
  /** error: a confirmatory inference is affected or cannot be made; warning: a departure to
   *  weigh; note: disclosed for completeness. */
  severity: Severity;
  /** Hypothesis, correction or exclusion id; null for the whole run. */
  item: string | null;
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
  verdict: 'as_planned' | 'deviated' | 'not_run' | 'no_estimate';
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
  data_warnings: WarningGroup[];
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
}

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
    n: t.n, p: t.p, p_adjusted: t.p_adjusted, decision: t.decision, note: t.note,
  };
}

/** The decision the preregistered rule gives, recomputed independently of the analysis stage. */
function expectedDecision(t: TestResult, h: HypothesisSpec, alpha: number): TestResult['decision'] {
  if (h.status !== 'confirmatory' || h.decision_rule === 'none') return null;
  if (h.decision_rule === 'equivalence_p_below_alpha') {
    const p = t.equivalence_p ?? null;
    return p === null ? null : p < alpha ? 'supported' : 'not_supported';
  }
  const p = t.p_adjusted ?? t.p;
  if (p === null || t.estimate === null) return null;
  const away = t.estimate - (h.null_value ?? 0);
  const signOk = h.direction === 'positive' ? away > 0 : h.direction === 'negative' ? away < 0 : true;
  return p < alpha && signOk ? 'supported' : 'not_supported';
}

/** Results that belong to a planned item: the same id, or `id.{part}` sub-results. */
function resultsFor(h: HypothesisSpec, tests: TestResult[], plannedIds: Set<string>): TestResult[] {
  return tests.filter((t) => t.id === h.id || (t.id.startsWith(`${h.id}.`) && !plannedIds.has(t.id)));
}

function auditItem(h: HypothesisSpec, tests: TestResult[], corrections: CorrectionSpec[], alpha: number, analysed: number, deviations: Deviation[]): AuditItem {
  const correction = corrections.find((c) => c.hypotheses.includes(h.id)) ?? null;
  const planned = {
    method: h.method,
    outcome: h.outcome,
    contrast: plannedContrast(h),
    correction: correction?.method ?? null,
    correction_id: correction?.id ?? null,
    direction: h.direction,
    decision_rule: h.decision_rule,
  };
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
      deviations.push({ kind: 'planned_test_without_estimate', severity: confirmatory ? 'error' : 'warning', item: t.id, planned: `${h.method} with a p-value`, actual: `no estimate (n = ${t.n})`, cause: t.note ?? 'the analysis gave no reason', impact: confirmatory ? 'the hypothesis cannot be decided' : 'the exploratory analysis has no estimate' });
    }
  }
  const ns = tests.map((t) => t.n);
  item.n_missing = tests.length === 1 ? Math.max(0, analysed - ns[0]) : null;
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
    const n = before
      ? consort.excluded_before_randomisation.filter((x) => x.id === e.id).reduce((s, x) => s + x.n, 0)
      : Object.values(consort.by_arm).reduce((s, arm) => s + arm.lost.filter((x) => x.id === e.id).reduce((a, x) => a + x.n, 0), 0);
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

function lockDeviations(input: AuditInput): Deviation[] {
  const { loaded, results } = input;
  const out: Deviation[] = [];
  if (!loaded.lock.locked) {
    out.push({ kind: 'preregistration_not_locked', severity: 'warning', item: null, planned: 'a preregistration frozen before the analysis', actual: `no lock for ${loaded.file}`, cause: 'lock.json is missing beside the preregistration', impact: 'nothing shows the plan was fixed before the data were analysed' });
  } else if (loaded.lock.changed_since_lock) {
    out.push({ kind: 'preregistration_changed_after_lock', severity: 'error', item: null, planned: `sha256 ${loaded.lock.locked_sha256} (locked ${loaded.lock.locked_at})`, actual: `sha256 ${loaded.sha256}`, cause: 'the preregistration file was edited after it was locked', impact: 'the analysis ran under a plan that differs from the frozen one; compare the two versions before reading any result as confirmatory' });
  }
  if (results.preregistration.sha256 !== loaded.sha256) {
    out.push({ kind: 'results_from_other_preregistration', severity: 'error', item: null, planned: `sha256 ${loaded.sha256}`, actual: `results.json computed under sha256 ${results.preregistration.sha256}`, cause: 'the results were produced under another version of the preregistration', impact: 'the audit compares results with a plan they were not computed from' });
  }
  return out;
}

/** The OSF Prereg template field a deviation departs from, so a reviewer can read the audit
 *  against the registration form (Bowman et al. 2020, OSF Prereg template). */
export function osfFieldOf(d: Deviation, exploratoryIds: Set<string>): string {
  const exploratory = d.item !== null && (exploratoryIds.has(d.item) || exploratoryIds.has(d.item.split('.')[0]));
  switch (d.kind) {
    case 'preregistration_changed_after_lock':
    case 'preregistration_not_locked':
    case 'results_from_other_preregistration':
      return 'Registration (the frozen version)';
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
  const deviations: Deviation[] = lockDeviations(input);
  const plannedIds = new Set(prereg.hypotheses.map((h) => h.id));
  const analysed = results.sample.analysed;

  const claimed = new Set<string>();
  const items = prereg.hypotheses.map((h) => {
    const mine = resultsFor(h, results.tests, plannedIds);
    for (const t of mine) claimed.add(t.id);
    return auditItem(h, mine, prereg.corrections, prereg.alpha, analysed, deviations);
  });
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

  const exploratoryIds = new Set(prereg.hypotheses.filter((h) => h.status === 'exploratory').map((h) => h.id));
  for (const d of deviations) d.osf_field = osfFieldOf(d, exploratoryIds);
  const count = (s: Severity) => deviations.filter((d) => d.severity === s).length;
  const byKind: Record<string, number> = {};
  for (const d of deviations) byKind[d.kind] = (byKind[d.kind] ?? 0) + 1;
  const errors = count('error');
  const asPlanned = items.filter((i) => i.verdict === 'as_planned').length;
  return {
    schema: AUDIT_SCHEMA,
    preregistration: {
      file: loaded.file, title: prereg.title, version: prereg.version, sha256: loaded.sha256,
      locked: loaded.lock.locked, locked_sha256: loaded.lock.locked_sha256, locked_at: loaded.lock.locked_at,
      changed_since_lock: loaded.lock.changed_since_lock, results_sha256: results.preregistration.sha256,
    },
    alpha: prereg.alpha,
    sample: results.sample,
    summary: {
      verdict: errors > 0 ? 'errors' : count('warning') > 0 || asPlanned < items.length ? 'deviations' : 'as_planned',
      sha256: loaded.sha256,
      locked: loaded.lock.locked && !loaded.lock.changed_since_lock,
      planned: items.length,
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
    data_warnings: dataWarnings,
  };
}

/** The audit reduced to the report's summary (pipeline/report/inputs.ts AuditSummary). */
export function auditSummaryFrom(audit: Audit): AuditSummary {
  const { sha256, locked, planned, ran_as_planned, deviations_by_kind, errors } = audit.summary;
  return { sha256, locked, planned, ran_as_planned, deviations_by_kind, errors };
}

/** A one-line statement when the preregistration changed after its lock, else null (the run
 *  prints it as its LAST line so it cannot scroll away). */
export function lockChangeLine(audit: Audit): string | null {
  const p = audit.preregistration;
  if (!p.changed_since_lock) return null;
  return `WARNING: the preregistration ${p.file} changed after its lock (locked ${p.locked_at}: sha256 ${p.locked_sha256}; now ${p.sha256}); see audit.md`;
}
