/**
 * Reads one table file, CSV or JSONL, row by row. Columns are found by name in any order; each row
 * reaches `onRow` as the values of `columns`, in that order (`undefined` where a column is absent),
 * with the physical line where the record starts. CSV is RFC 4180 through `CsvScanner` (quoted
 * fields with commas, quotes and newlines; BOM; CRLF; no final newline), held to csv-parse's
 * results by a test; JSONL is one object a line. Only a regular file is read, and no record or
 * cell beyond the limits of limits.ts: past one, the file is refused at that line.
 */
import { isAscii } from 'node:buffer';
import type { Warnings } from '../errors.ts';
import type { ProblemList } from './problems.ts';
import type { RawValue } from './cells.ts';
import { readUtf8Chunks } from './chunks.ts';
import { CsvScanner, type CsvSyntaxError } from './csv-scanner.ts';
import * as msg from './catalogue.ts';
import { InputFileError } from '../input-file.ts';
import { MAX_CELL_LENGTH, MAX_RECORD_LENGTH } from './limits.ts';

export interface TableFile {
  /** The file's name as the user knows it, used in problems: `messages.csv`. */
  label: string;
  path: string;
  format: 'csv' | 'jsonl';
}

export interface TableColumns {
  /** Every column read, in the order the values reach `onRow`. */
  columns: readonly string[];
  /** Columns that may be absent altogether (their values are then `undefined`). */
  optional?: ReadonlySet<string>;
  /** Columns known to be there and ignored without a warning (e.g. a pandas index column). */
  ignored?: (name: string) => boolean;
}

export interface ReadOutcome {
  /** False when some rows could not be read at all (bad header, broken CSV, wrong field count);
   *  references into this table are then not checked, to avoid a cascade of false problems. */
  complete: boolean;
  rows: number;
}

/** Receives each row's values. The array is reused for the next row: read it, never keep it. */
export type RowHandler = (values: readonly RawValue[], line: number) => void;

/** Reads `file`, passing each row to `onRow`; problems and warnings are collected, never thrown. */
export function readTableFile(file: TableFile, spec: TableColumns, problems: ProblemList, warnings: Warnings, onRow: RowHandler): Promise<ReadOutcome> {
  return file.format === 'csv' ? readCsv(file, spec, problems, warnings, onRow) : readJsonl(file, spec, problems, warnings, onRow);
}

/** The problem of a file that could not be opened or read at all. */
function unreadableFile(problems: ProblemList, file: TableFile, err: unknown): void {
  problems.add(file.label, null, null, err instanceof InputFileError ? err.message : msg.unreadable((err as NodeJS.ErrnoException).code ?? (err as Error).message));
}

/** The position of the first cell of `record` longer than the limit, or -1. */
function longCell(record: readonly string[]): number {
  for (let i = 0; i < record.length; i++) if (record[i].length > MAX_CELL_LENGTH) return i;
  return -1;
}

function unknownColumn(warnings: Warnings, file: TableFile, line: number, name: string): void {
  warnings.add({ code: 'unknown_column', message: `unknown column ${JSON.stringify(name)} ignored`, file: file.label, line, column: name });
}

async function readCsv(file: TableFile, spec: TableColumns, problems: ProblemList, warnings: Warnings, onRow: RowHandler): Promise<ReadOutcome> {
  const width = spec.columns.length;
  let index: Int32Array | null = null; // column position of each spec column in the header, -1 absent
  // One array for every row: handlers read the values and never keep the array (12 million rows
  // of a 100× export would otherwise allocate 12 million short-lived arrays).
  const values: RawValue[] = new Array(width);
  let headerLength = 0;
  let complete = true;
  let stopped = false;
  let rows = 0;

  let header: string[] = [];
  const onHeader = (record: string[], line: number): void => {
    headerLength = record.length;
    header = record.map((n) => n.trim());
    const seen = new Set<string>();
    for (const name of header) {
      if (seen.has(name)) problems.add(file.label, line, name, msg.DUPLICATE_COLUMN);
      seen.add(name);
    }
    index = new Int32Array(width);
    let missing = false;
    for (let c = 0; c < width; c++) {
      index[c] = header.indexOf(spec.columns[c]);
      if (index[c] === -1 && !spec.optional?.has(spec.columns[c])) {
        problems.add(file.label, line, spec.columns[c], msg.MISSING_COLUMN);
        missing = true;
      }
    }
    for (const name of header) {
      if (!spec.columns.includes(name) && !spec.ignored?.(name)) unknownColumn(warnings, file, line, name);
    }
    if (missing || seen.size !== header.length) {
      complete = false;
      stopped = true;
    }
  };

  const onRecord = (record: string[], line: number): void => {
    if (stopped) return;
    const long = longCell(record);
    if (long !== -1) {
      problems.add(file.label, line, index === null ? null : (header[long] ?? null), msg.cellTooLong(record[long].length, MAX_CELL_LENGTH));
      complete = false;
      if (index === null) stopped = true;
      return;
    }
    if (index === null) return onHeader(record, line);
    if (record.length !== headerLength) {
      problems.add(file.label, line, null, msg.fieldCount(record.length, headerLength));
      complete = false;
      return;
    }
    for (let c = 0; c < width; c++) values[c] = index[c] === -1 ? undefined : record[index[c]];
    rows++;
    onRow(values, line);
  };
  const scanner = new CsvScanner(onRecord, true); // onRecord copies what it needs
  const fail = (err: CsvSyntaxError | null): void => {
    if (err === null) return;
    problems.add(file.label, err.line, null, msg.badCsv(err.message));
    complete = false;
    stopped = true;
  };

  try {
    await readUtf8Chunks(file.path, file.label, problems, (chunk) => {
      // ASCII text decodes as Latin-1 by a plain byte copy, several times faster than UTF-8
      fail(scanner.push(isAscii(chunk) ? chunk.toString('latin1') : chunk.toString('utf8'), false));
      if (!stopped && scanner.pendingLength > MAX_RECORD_LENGTH) {
        problems.add(file.label, scanner.currentLine, null, msg.recordTooLong(MAX_RECORD_LENGTH));
        complete = false;
        stopped = true;
      }
      return !stopped;
    });
    if (!stopped) fail(scanner.push('', true));
  } catch (err) {
    unreadableFile(problems, file, err);
    return { complete: false, rows };
  }
  if (index === null && complete) {
    problems.add(file.label, 1, null, msg.EMPTY_FILE);
    complete = false;
  }
  return { complete, rows };
}

async function readJsonl(file: TableFile, spec: TableColumns, problems: ProblemList, warnings: Warnings, onRow: RowHandler): Promise<ReadOutcome> {
  const known = new Set(spec.columns);
  const warned = new Set<string>();
  const width = spec.columns.length;
  let complete = true;
  let rows = 0;
  let line = 0;
  let carry: Buffer | null = null;
  const values: RawValue[] = new Array(width); // reused for every row, as in readCsv

  let stopped = false;
  const tooLong = (at: number): void => {
    problems.add(file.label, at, null, msg.recordTooLong(MAX_RECORD_LENGTH));
    complete = false;
    stopped = true;
  };
  const onLine = (buf: Buffer, start: number, end: number): void => {
    line++;
    if (end - start > MAX_RECORD_LENGTH) return tooLong(line);
    if (line === 1 && end - start >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3;
    if (end > start && buf[end - 1] === 13) end--;
    let blank = true;
    for (let i = start; i < end; i++) {
      const b = buf[i];
      if (b !== 32 && b !== 9) {
        blank = false;
        break;
      }
    }
    if (blank) return;
    let record: unknown;
    try {
      record = JSON.parse(buf.toString('utf8', start, end));
    } catch (err) {
      problems.add(file.label, line, null, msg.badJson((err as Error).message));
      complete = false;
      return;
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      problems.add(file.label, line, null, msg.NOT_JSON_OBJECT);
      complete = false;
      return;
    }
    const object = record as Record<string, unknown>;
    for (const key in object) {
      const value = object[key];
      if (typeof value === 'string' && value.length > MAX_CELL_LENGTH) {
        problems.add(file.label, line, key, msg.cellTooLong(value.length, MAX_CELL_LENGTH));
        complete = false;
        return;
      }
      if (!known.has(key) && !warned.has(key) && !spec.ignored?.(key)) {
        warned.add(key);
        unknownColumn(warnings, file, line, key);
      }
    }
    for (let c = 0; c < width; c++) values[c] = object[spec.columns[c]];
    rows++;
    onRow(values, line);
  };

  try {
    await readUtf8Chunks(file.path, file.label, problems, (chunk) => {
      const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      let start = 0;
      for (let at = buf.indexOf(10); at !== -1 && !stopped; at = buf.indexOf(10, start)) {
        onLine(buf, start, at);
        start = at + 1;
      }
      carry = start < buf.length && !stopped ? Buffer.from(buf.subarray(start)) : null;
      // a line with no end in sight: stop before holding more than the limit
      if (carry !== null && (carry as Buffer).length > MAX_RECORD_LENGTH) tooLong(line + 1);
      return !stopped;
    });
    if (carry !== null && !stopped) onLine(carry, 0, (carry as Buffer).length);
  } catch (err) {
    unreadableFile(problems, file, err);
    return { complete: false, rows };
  }
  return { complete, rows };
}
