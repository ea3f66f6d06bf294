/**
 * results.csv: the tests of results.json, one row each, in the same order, with a fixed column
 * order. Numbers in JavaScript's shortest round-trip form; empty = null; text (a scenario's name comes
 * from the export) made inert in a spreadsheet (escape/csv.ts).
 */
import { csvField, csvRow, type CsvCell as Cell } from '../escape/csv.ts';
import { ARMS } from '../study.ts';
import type { ResultsDoc, TestResult } from './types.ts';

const COLUMNS: [string, (t: TestResult) => Cell][] = [
  ['id', (t) => t.id],
  ['status', (t) => t.status],
  ['family', (t) => t.family],
  ['tag', (t) => t.tag],
  ['outcome', (t) => t.outcome],
  ['method', (t) => t.method],
  ['contrast', (t) => t.contrast],
  ['scenario', (t) => t.scenario],
  ['n', (t) => t.n],
  ...ARMS.map((a): [string, (t: TestResult) => Cell] => [`n_${a}`, (t) => t.n_by_arm?.[a]]),
  ['estimate', (t) => t.estimate],
  ['se', (t) => t.se],
  ['ci_low', (t) => t.ci_low],
  ['ci_high', (t) => t.ci_high],
  ['statistic', (t) => t.statistic],
  ['df', (t) => t.df],
  ['p', (t) => t.p],
  ['p_adjusted', (t) => t.p_adjusted],
  ['correction', (t) => t.correction],
  ['effect_size_name', (t) => t.effect_size?.name],
  ['effect_size', (t) => t.effect_size?.value],
  ['effect_size_ci_low', (t) => t.effect_size?.ci_low],
  ['effect_size_ci_high', (t) => t.effect_size?.ci_high],
  ['self_share', (t) => t.self_share],
  ['judged_share', (t) => t.judged_share],
  ['self_share_top', (t) => t.self_share_top],
  ['discordant_self_only', (t) => t.discordant?.[0]],
  ['discordant_judged_only', (t) => t.discordant?.[1]],
  ['r_squared', (t) => t.r_squared],
  ['equivalence_p', (t) => t.equivalence_p],
  ['joint_r_squared', (t) => t.joint_r_squared],
  ['decision', (t) => t.decision],
  ['note', (t) => t.note],
];

/** The column names of results.csv, in order. */
export const RESULT_COLUMNS: readonly string[] = COLUMNS.map(([name]) => name);

/**
 * results.csv for a results document: a header of RESULT_COLUMNS and one row per test.
 *
 * @example
 * resultsToCsv(doc).split('\n')[0]; // 'id,status,family,tag,outcome,method,contrast,scenario,n,…'
 */
export function resultsToCsv(doc: ResultsDoc): string {
  const lines = [csvRow(RESULT_COLUMNS)];
  for (const t of doc.tests) lines.push(COLUMNS.map(([, get]) => csvField(get(t))).join(','));
  return lines.join('\n') + '\n';
}
