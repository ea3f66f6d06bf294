/**
 * The slowest tests run only with FULL=1, which `.ci/run` sets: `npm test` stays under four
 * minutes on a quiet two-core machine, and CI still runs everything. A test is put here only when
 * a faster test covers the same code and what it adds is an equivalence or a robustness check
 * (the README lists them, with what each costs): a skipped test says so in its name.
 */
import { it } from 'vitest';

/** Whether the slowest tests run (FULL=1). */
export const FULL = process.env.FULL === '1';

/**
 * `it` when FULL=1, otherwise a skipped test whose name says how to run it.
 *
 * @example
 * itFull('gives byte-identical diagnosis.json with 1 and 2 workers', async () => { … });
 */
export function itFull(name: string, fn: () => unknown, timeout?: number): void {
  if (FULL) it(name, fn, timeout);
  else it.skip(`${name} [slow: runs with FULL=1, as in .ci/run]`, fn);
}
