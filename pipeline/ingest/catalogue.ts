/**
 * The catalogue of ingest's user-facing messages (one place, as vega-lite's `log/message.ts`), so
 * tests and documentation quote the same words the command line prints. Each becomes the "what"
 * of `table:line: column: what (value)`.
 */

export const MISSING_VALUE = 'missing value';
export const MISSING_COLUMN = 'missing required column';
export const DUPLICATE_COLUMN = 'column appears more than once in the header';
export const INVALID_UTF8 = 'invalid UTF-8 bytes on this line';
export const NOT_JSON_OBJECT = 'not a JSON object';
export const NOT_TEXT = 'must be text';
export const NOT_BOOLEAN = 'must be true or false (or 1 or 0)';
export const ARM_VALUES = 'must be control, video, coach, or empty when not randomised';
export const ROLE_VALUES = 'must be seeker or supporter';
export const DIMENSION_VALUES =
  'must be one of validating_emotions, encouraging_elaboration, demonstrating_understanding, advice_giving, self_oriented, dismissing_emotions';
export const ROUND_VALUES = 'must be 1, 2 or 3';
export const TURN_VALUES = 'must be an integer of at least 1';
export const UNKNOWN_PARTICIPANT = 'no such participant_id in participants';
export const UNKNOWN_CONVERSATION = 'no such conversation_id in conversations';
export const EMPTY_FILE = 'the file is empty (no header row)';
export const NO_ROWS = 'the table has no rows, and it is required';

export function integerRange(min: number, max: number): string {
  return `must be an integer from ${min} to ${max}`;
}

export function numberRange(min: number, max: number): string {
  return `must be a number from ${min} to ${max}`;
}

export function duplicateId(column: string, firstLine: number): string {
  return `duplicate ${column} (first on line ${firstLine})`;
}

export function duplicateRound(round: number, firstLine: number): string {
  return `participant already has a round-${round} conversation (line ${firstLine})`;
}

export function duplicateTurn(turn: number): string {
  return `turn ${turn} appears more than once in this conversation`;
}

export function duplicateKey(what: string, firstLine: number): string {
  return `duplicate ${what} (first on line ${firstLine})`;
}

export function fieldCount(found: number, expected: number): string {
  return `record has ${found} field${found === 1 ? '' : 's'}, the header has ${expected}`;
}

export function badCsv(reason: string): string {
  return `not valid CSV, reading of this file stopped: ${reason}`;
}

export function badJson(reason: string): string {
  return `not valid JSON: ${reason}`;
}

export function bothFormats(table: string): string {
  return `both ${table}.csv and ${table}.jsonl exist; keep only one`;
}

export function missingTable(table: string): string {
  const judge = table === 'ratings' ? '; an export with transcripts only is rated by the judge first (npm run pipeline -- judge, or run --judge)' : '';
  return `missing table: expected ${table}.csv or ${table}.jsonl${judge}`;
}

export function unreadable(code: string): string {
  return `cannot read the file (${code})`;
}

export function recordTooLong(limit: number): string {
  return `a record longer than ${limit} characters (the limit; a file with no line breaks?): reading of this file stopped`;
}

export function cellTooLong(length: number, limit: number): string {
  return `a cell of ${length} characters, longer than the limit of ${limit}`;
}

/** An export from which no participant is left to analyse (`per rule`: `E1: 12, E2: 3`). */
export function nothingToAnalyse(enrolled: number, perRule: string): string {
  return `nothing to analyse: none of the ${enrolled} enrolled participants is left after the preregistered exclusions${perRule === '' ? '' : ` (${perRule})`}`;
}

export const PROVENANCE_UNKNOWN =
  'the export has no study.json, so whether its data are real or synthetic is not known: read every result as if it could be simulated';
