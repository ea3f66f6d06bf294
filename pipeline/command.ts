/**
 * The shape of a command of the command line. Each command lives in its own module and exports
 * `command`; `cli.ts` only dispatches. Arguments are parsed with node's `util.parseArgs` through
 * `parseCommandArgs`, which turns unknown or malformed options into a `UsageError` (exit 2).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.ts';

export interface Command {
  name: string;
  /** One line for the top-level --help. */
  summary: string;
  /** The full --help text of the command. */
  help: string;
  /** Runs the command. Throw BadInputError/UsageError for exit 2; anything else is exit 1. */
  run(argv: string[]): Promise<void>;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's (or a script's) arguments, strictly: an unknown option, a missing value or,
 * unless `positionals`, a positional argument is a UsageError of one line.
 *
 * @example
 * parseCommandArgs(['--date', '2026-11-26'], { date: { type: 'string' } }).values.date // '2026-11-26'
 */
export function parseCommandArgs<O extends OptionSpec>(argv: string[], options: O, positionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: positionals });
  } catch (err) {
    // node's messages can run over two lines (a hint after the first): one line for the user.
    throw new UsageError((err as Error).message.replace(/\s*\n\s*/g, ' '), { cause: err });
  }
}

/** Reads a required string option or throws a UsageError naming it. */
export function requireOption(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

/**
 * Parses an integer option (e.g. --seed), throwing a UsageError naming the option and value. Only
 * integers a double holds exactly (|n| ≤ 2^53 − 1, Number.MAX_SAFE_INTEGER) are taken: a larger one
 * would silently become another number (99999999999999999999 → 1e20) and be recorded as such.
 *
 * @example
 * intOption({ seed: '42' }, 'seed', 7) // 42
 * intOption({ seed: '99999999999999999999' }, 'seed', 7) // throws UsageError
 */
export function intOption(values: Record<string, unknown>, name: string, fallback: number): number {
  const v = values[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !/^-?\d+$/.test(v)) throw new UsageError(`--${name} must be an integer (${JSON.stringify(v)})`);
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new UsageError(`--${name} must be an integer from -${Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER} (${JSON.stringify(v)})`);
  return n;
}

/** Parses a positive number option (e.g. --scale). */
export function numberOption(values: Record<string, unknown>, name: string, fallback: number): number {
  const v = values[name];
  if (v === undefined) return fallback;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number (${JSON.stringify(v)})`);
  return n;
}
