/**
 * User-facing errors and warnings. Bad input is collected as `Problem`s (every problem, not only
 * the first) and thrown once as a `BadInputError`, which the command line turns into exit status 2
 * with one `table:line: column: what (value)` line per problem on stderr. Warnings are collected in
 * a `Warnings` list (never printed from deep inside) so the audit can list them and tests can
 * assert on them.
 */
import { readRegularFile } from './input-file.ts';
import { terminalSafe } from './terminal.ts';

export interface Problem {
  /** Table or file name, as the user knows it (e.g. `messages` or `messages.csv`). */
  file: string;
  /** 1-based physical line in the file where the record starts; `null` when not line-bound. */
  line: number | null;
  /** Column (field) name; `null` when the problem concerns a whole record or file. */
  column: string | null;
  /** What is wrong, in words. */
  message: string;
  /** The offending value, as read; `undefined` when there is none. */
  value?: string;
}

/**
 * Formats a problem as `file:line: column: what (value)`, one line safe for a terminal: control
 * characters that came from the input (an ANSI escape, NUL, a line break in a cell) are written
 * as `\u001b`-style escapes (terminal.ts).
 *
 * @example
 * formatProblem({ file: 'ratings.csv', line: 3, column: 'score', message: 'must be a number from 1 to 5', value: '9' })
 * // 'ratings.csv:3: score: must be a number from 1 to 5 ("9")'
 */
export function formatProblem(p: Problem): string {
  const where = p.line === null ? p.file : `${p.file}:${p.line}`;
  const col = p.column === null ? '' : ` ${p.column}:`;
  const value = p.value === undefined ? '' : ` (${JSON.stringify(p.value)})`;
  return terminalSafe(`${where}:${col} ${p.message}${value}`);
}

/** Bad input or bad arguments: exit status 2, nothing written. */
export class BadInputError extends Error {
  readonly problems: Problem[];
  /** How many problems there were in all (the list may be capped). */
  readonly total: number;
  constructor(problems: Problem[], options?: { total?: number; cause?: unknown }) {
    const total = options?.total ?? problems.length;
    super(problems.length === 1 ? formatProblem(problems[0]) : `${total} problems in the input`, { cause: options?.cause });
    this.name = 'BadInputError';
    this.problems = problems;
    this.total = total;
  }
}

/** The largest JSON input read (a reliability.json or diagnosis.json has a few hundred kB). */
export const MAX_JSON_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * The parsed JSON of an input file given on the command line; a file that cannot be read or
 * parsed, is not a regular file or is larger than 64 MiB is bad input naming it
 * (`cannot read WHAT: why`).
 *
 * @example
 * readJsonInput('reports/pilot/reliability.json', 'reliability results') // { kappa: [...], ... }
 */
export function readJsonInput(file: string, what: string): unknown {
  try {
    return JSON.parse(readRegularFile(file, MAX_JSON_INPUT_BYTES).toString('utf8'));
  } catch (err) {
    throw new BadInputError([{ file, line: null, column: null, message: `cannot read ${what}: ${(err as Error).message}` }], { cause: err });
  }
}

/**
 * Work stopped before it was done, and a rerun resumes it (the judge: a budget reached, Ctrl-C,
 * an endpoint that keeps failing or refuses the requests). What was done is kept; nothing is
 * written to the output folder. The message says why and what to do; `exitCode` is 3 (stopped,
 * resumable), 2 (refused: a bad key, model or request) or 130 (interrupted).
 */
export class IncompleteError extends Error {
  constructor(message: string, readonly exitCode: 2 | 3 | 130 = 3, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IncompleteError';
  }
}

/**
 * A refusal that is one sentence, not a list of input problems: an output folder that is not the
 * pipeline's to replace, folders that overlap, a file that cannot be written (full disk, read-only,
 * no permission). Exit status 2; the command line prints `error: MESSAGE` on one line and nothing
 * else (no stack trace, no help text). The message names the path and the cause.
 */
export class RefusedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RefusedError';
  }
}

/** A bad command-line argument: exit status 2. */
export class UsageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}

export interface Warning {
  code: string;
  message: string;
  file?: string;
  line?: number | null;
  column?: string | null;
}

/** A collector of warnings, passed down explicitly. */
export class Warnings {
  readonly items: Warning[] = [];
  add(w: Warning): void {
    this.items.push(w);
  }
}
