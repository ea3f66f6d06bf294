/**
 * A collector of input problems for one ingest: keeps the first `limit` problems in full and counts
 * the rest, so a badly broken export of millions of rows still yields one readable BadInputError.
 */
import { BadInputError, type Problem } from '../errors.ts';

/** How many problems are kept in full; the total is always counted. */
export const PROBLEM_LIMIT = 200;

export class ProblemList {
  readonly items: Problem[] = [];
  total = 0;
  constructor(private readonly limit: number = PROBLEM_LIMIT) {}

  /** Records a problem; `value` is the offending value as read (rendered as text). */
  add(file: string, line: number | null, column: string | null, message: string, value?: unknown): void {
    this.total++;
    if (this.items.length >= this.limit) return;
    const problem: Problem = { file, line, column, message };
    if (value !== undefined) problem.value = renderValue(value);
    this.items.push(problem);
  }

  /** Throws one BadInputError listing every kept problem (and the total), if there is any. */
  throwIfAny(): void {
    if (this.total > 0) throw new BadInputError(this.items, { total: this.total });
  }
}

function renderValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 80 ? `${value.slice(0, 77)}...` : value;
  if (value === null) return 'null';
  if (typeof value === 'object') return JSON.stringify(value).slice(0, 80);
  return String(value);
}
