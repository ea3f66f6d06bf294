/**
 * Validation of a parsed preregistration: the JSON Schema (preregistration/schema.json, via ajv)
 * for shape, keys and vocabularies, then the checks a schema cannot express (duplicate IDs,
 * corrections naming unknown hypotheses, a method's required fields). Every problem is returned,
 * each with the file, line and column of the offending YAML node and its value.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Document, LineCounter } from 'yaml';
import type { Problem } from '../errors.ts';
import { locate, pathLabel, pathSegments, type PathSegment } from './locate.ts';

const SCHEMA_URL = new URL('../../preregistration/schema.json', import.meta.url);

let compiled: ValidateFunction | undefined;

/** The compiled schema, built once per process. */
function schemaValidator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object;
    compiled = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
  }
  return compiled;
}

interface Source {
  file: string;
  /** The document with node positions, to locate a problem. */
  doc: Document;
  lines: LineCounter;
}

/** A problem located at `path` (or at `key` inside the map at `path`). */
function problemAt(src: Source, path: PathSegment[], message: string, value: unknown, key?: string): Problem {
  const { line, col } = locate(src.doc, src.lines, path, key);
  const where = key === undefined ? path : [...path, key];
  return { file: src.file, line, column: `${pathLabel(where)} (col ${col})`, message, value: showValue(value) };
}

function showValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function valueAt(data: unknown, path: PathSegment[]): unknown {
  let v: unknown = data;
  for (const s of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[s as string] : undefined;
  return v;
}

/** One ajv error in the author's words. */
function schemaProblem(src: Source, data: unknown, err: ErrorObject): Problem {
  const path = pathSegments(err.instancePath);
  const value = valueAt(data, path);
  const params = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      return problemAt(src, path, `unknown key "${key}"`, key, key);
    }
    case 'required':
      return problemAt(src, path, `missing required key "${String(params.missingProperty)}"`, undefined);
    case 'enum':
      return problemAt(src, path, `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}`, value);
    case 'const':
      return problemAt(src, path, `must be ${JSON.stringify(params.allowedValue)}`, value);
    default:
      return problemAt(src, path, err.message ?? err.keyword, value);
  }
}

/** Schema problems, one per offending node (ajv may report a node twice through `$ref`s). */
function schemaProblems(src: Source, data: unknown): Problem[] {
  const validate = schemaValidator();
  if (validate(data)) return [];
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const err of validate.errors ?? []) {
    const p = schemaProblem(src, data, err);
    const key = `${p.line}|${p.column}|${p.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  }
  return out;
}

type Row = Record<string, unknown>;
const rows = (v: unknown): Row[] => (Array.isArray(v) ? v.filter((r): r is Row => r !== null && typeof r === 'object') : []);

/** IDs that appear twice in a list, reported at the second and later occurrences. */
function duplicateIds(src: Source, list: unknown, section: string, noun: string): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<unknown>();
  (Array.isArray(list) ? list : []).forEach((item: unknown, i) => {
    const id = (item as Row | null)?.id;
    if (typeof id !== 'string') return;
    if (seen.has(id)) out.push(problemAt(src, [section, i, 'id'], `duplicate ${noun} id`, id));
    seen.add(id);
  });
  return out;
}

/** What each method needs beyond the schema, as (field, must be non-null) rules. */
const REQUIRED_BY_METHOD: Record<string, string[]> = {
  ancova_ols_hc3: ['contrast'],
  welch_change: ['contrast'],
  ancova_by_scenario: ['contrast'],
  mcnemar_exact: ['round', 'threshold'],
  pearson_fisher_tost: ['predictor', 'round'],
  one_sample_t: ['null_value'],
  mixed_random_intercept: [],
};

function hypothesisProblems(src: Source, hypotheses: unknown): Problem[] {
  const out: Problem[] = [];
  (Array.isArray(hypotheses) ? hypotheses : []).forEach((h: unknown, i) => {
    if (h === null || typeof h !== 'object') return;
    const hyp = h as Row;
    const at = (field: string) => ['hypotheses', i, field];
    for (const field of REQUIRED_BY_METHOD[String(hyp.method)] ?? []) {
      if (hyp[field] === null) out.push(problemAt(src, at(field), `method ${String(hyp.method)} needs ${field}`, null));
    }
    const contrast = hyp.contrast as Row | null | undefined;
    if (contrast && contrast.treatment !== undefined && contrast.treatment === contrast.reference) {
      out.push(problemAt(src, at('contrast'), 'treatment and reference must be different arms', contrast.treatment));
    }
    if (hyp.decision_rule === 'equivalence_p_below_alpha' && hyp.equivalence_bound === null) {
      out.push(problemAt(src, at('equivalence_bound'), 'an equivalence decision needs equivalence_bound', null));
    }
    if (hyp.status === 'confirmatory' && hyp.decision_rule === 'none') {
      out.push(problemAt(src, at('decision_rule'), 'a confirmatory hypothesis needs a decision rule', 'none'));
    }
    if (hyp.status === 'exploratory' && hyp.decision_rule !== undefined && hyp.decision_rule !== 'none') {
      out.push(problemAt(src, at('decision_rule'), 'an exploratory analysis draws no decision (use none)', hyp.decision_rule));
    }
    if (hyp.status === 'exploratory' && hyp.family !== undefined && hyp.family !== 'exploratory') {
      out.push(problemAt(src, at('family'), 'an exploratory analysis belongs to the family exploratory', hyp.family));
    }
    if (hyp.status === 'confirmatory' && hyp.family === 'exploratory') {
      out.push(problemAt(src, at('family'), 'a confirmatory hypothesis cannot be in the family exploratory', hyp.family));
    }
  });
  return out;
}

function correctionProblems(src: Source, data: Row): Problem[] {
  const out: Problem[] = [];
  const known = new Map<string, string>(); // hypothesis id → status
  for (const h of rows(data.hypotheses)) if (typeof h.id === 'string') known.set(h.id, String(h.status));
  const corrected = new Map<string, string>(); // hypothesis id → correction id
  (Array.isArray(data.corrections) ? data.corrections : []).forEach((c: unknown, i) => {
    const corr = c as Row | null;
    if (!corr || !Array.isArray(corr.hypotheses)) return;
    corr.hypotheses.forEach((id: unknown, j) => {
      const at = ['corrections', i, 'hypotheses', j];
      if (typeof id !== 'string') return;
      if (!known.has(id)) out.push(problemAt(src, at, 'correction names an unknown hypothesis', id));
      else if (known.get(id) !== 'confirmatory') out.push(problemAt(src, at, 'only confirmatory hypotheses are corrected', id));
      const previous = corrected.get(id);
      if (previous !== undefined) out.push(problemAt(src, at, `hypothesis already adjusted in correction ${previous}`, id));
      else corrected.set(id, String(corr.id));
    });
  });
  return out;
}

function exclusionProblems(src: Source, exclusions: unknown): Problem[] {
  const out: Problem[] = [];
  rows(exclusions).forEach((e, i) => {
    if (e.rule === 'min_supporter_messages' && e.min_supporter_messages === null) {
      out.push(problemAt(src, ['exclusions', i, 'min_supporter_messages'], 'rule min_supporter_messages needs a count', null));
    }
  });
  return out;
}

/** The placeholders a judge prompt may use (pipeline/judge/prompt.ts fills them in). */
export const JUDGE_PLACEHOLDERS = ['dimension', 'definition', 'score_1', 'score_5', 'transcript'] as const;

/** The judge's rubric names each of the six dimensions once; its prompt carries the transcript and
 *  uses only known placeholders. */
function judgeProblems(src: Source, judge: unknown): Problem[] {
  if (judge === null || typeof judge !== 'object') return [];
  const out: Problem[] = [];
  const j = judge as Row;
  const seen = new Map<string, number>();
  rows(j.dimensions).forEach((d, i) => {
    if (typeof d.name !== 'string') return;
    if (seen.has(d.name)) out.push(problemAt(src, ['judge', 'dimensions', i, 'name'], 'dimension already has a rubric', d.name));
    seen.set(d.name, i);
  });
  for (const [field, text] of [['user_prompt', j.user_prompt], ['system_prompt', j.system_prompt]] as const) {
    if (typeof text !== 'string') continue;
    for (const m of text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
      if (!(JUDGE_PLACEHOLDERS as readonly string[]).includes(m[1])) {
        out.push(problemAt(src, ['judge', field], `unknown placeholder (known: ${JUDGE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')})`, m[0]));
      }
    }
  }
  if (typeof j.user_prompt === 'string' && !/\{\{\s*transcript\s*\}\}/.test(j.user_prompt)) {
    out.push(problemAt(src, ['judge', 'user_prompt'], 'the prompt must carry the conversation: {{transcript}} is missing', undefined));
  }
  return out;
}

/**
 * Every problem of a parsed preregistration: schema first, then the cross-field checks (run
 * defensively even on a malformed document, so the author sees everything at once).
 * Example: a correction naming `H9` gives
 * `preregistration.yaml:380: corrections[0].hypotheses[1] (col 22): correction names an unknown hypothesis ("H9")`.
 */
export function preregistrationProblems(file: string, doc: Document, lines: LineCounter, data: unknown): Problem[] {
  const src: Source = { file, doc, lines };
  const problems = schemaProblems(src, data);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return problems;
  const top = data as Row;
  problems.push(
    ...duplicateIds(src, top.hypotheses, 'hypotheses', 'hypothesis'),
    ...duplicateIds(src, top.exclusions, 'exclusions', 'exclusion'),
    ...duplicateIds(src, top.corrections, 'corrections', 'correction'),
    ...hypothesisProblems(src, top.hypotheses),
    ...correctionProblems(src, top),
    ...exclusionProblems(src, top.exclusions),
    ...judgeProblems(src, top.judge),
  );
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
