/**
 * Checks of one row's cells, reporting each bad cell with the table file, the row's line, the
 * column and the value as read. One `RowChecker` serves a whole table (no per-row closures); set
 * `line` before checking a row.
 */
import type { ProblemList } from './problems.ts';
import { INVALID, booleanCell, integerCell, numberCell, textCell, type RawValue } from './cells.ts';
import * as msg from './catalogue.ts';
import { invalidMessage, type ColumnDeclaration } from './columns.ts';

export class RowChecker {
  line = 0;
  constructor(
    private readonly problems: ProblemList,
    readonly label: string,
  ) {}

  problem(column: string | null, message: string, value?: unknown): void {
    this.problems.add(this.label, this.line, column, message, value);
  }

  /** Non-empty text, or null after reporting the problem. */
  text(column: string, v: RawValue): string | null {
    const t = textCell(v);
    if (t === null) this.problem(column, msg.MISSING_VALUE);
    else if (t === INVALID) this.problem(column, msg.NOT_TEXT, v);
    else return t;
    return null;
  }

  /** An integer in [min, max]; null after reporting, or when missing and `optional`. */
  integer(column: string, v: RawValue, min: number, max: number, optional = false, message = msg.integerRange(min, max)): number | null {
    const n = integerCell(v);
    if (n === null) {
      if (!optional) this.problem(column, msg.MISSING_VALUE);
    } else if (n === INVALID || n < min || n > max) this.problem(column, message, v);
    else return n;
    return null;
  }

  /** A number in [min, max]; null after reporting, or when missing and `optional`. */
  number(column: string, v: RawValue, min: number, max: number, optional = false, message = msg.numberRange(min, max)): number | null {
    const n = numberCell(v);
    if (n === null) {
      if (!optional) this.problem(column, msg.MISSING_VALUE);
    } else if (n === INVALID || n < min || n > max) this.problem(column, message, v);
    else return n;
    return null;
  }

  /** A boolean (true/false/1/0); null after reporting. */
  boolean(column: string, v: RawValue): boolean | null {
    const b = booleanCell(v);
    if (b === null) this.problem(column, msg.MISSING_VALUE);
    else if (b === INVALID) this.problem(column, msg.NOT_BOOLEAN, v);
    else return b;
    return null;
  }

  /** An integer cell checked against its column's declaration (columns.ts): range and whether required. */
  declaredInteger(col: ColumnDeclaration, v: RawValue): number | null {
    return this.integer(col.name, v, col.min ?? Number.MIN_SAFE_INTEGER, col.max ?? Number.MAX_SAFE_INTEGER, !col.required, invalidMessage(col));
  }

  /** A number cell checked against its column's declaration (columns.ts). */
  declaredNumber(col: ColumnDeclaration, v: RawValue): number | null {
    return this.number(col.name, v, col.min ?? -Infinity, col.max ?? Infinity, !col.required, invalidMessage(col));
  }
}
