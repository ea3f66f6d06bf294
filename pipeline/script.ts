/**
 * The entry point every script of the project shares (scripts/, bench/): `--help` prints the
 * script's usage on stdout and exits 0 before anything runs; a bad option is one line on stderr
 * with where to find the usage (exit 2); bad input is every problem as `file:line: column: what
 * (value)` (exit 2); a refusal (an output folder that is not the pipeline's own, a path that
 * cannot be written) is one line (exit 2); anything else is an internal error with its stack
 * (exit 1). The pipeline's own commands (pipeline/cli.ts) follow the same rules.
 */
import { parseCommandArgs, type OptionSpec } from './command.ts';
import { BadInputError, IncompleteError, RefusedError, UsageError, formatProblem } from './errors.ts';
import { terminalSafe } from './terminal.ts';

export type ScriptOptions = OptionSpec;

export interface ScriptSpec<O extends ScriptOptions> {
  /** How to run it, as a user types it: `npx tsx scripts/lock-prereg.ts`. */
  command: string;
  /** The whole --help text (starts with a `Usage:` line). */
  usage: string;
  options: O;
  /** Whether the script takes positional arguments (default: no). */
  positionals?: boolean;
}

/** `--help` or `-h` anywhere among the arguments (before a `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/**
 * The one line a usage error prints: what is wrong, and where the usage is.
 *
 * @example
 * usageErrorLine('--seed must be an integer ("x")', 'npm run pipeline -- run')
 * // "error: --seed must be an integer (\"x\"); see 'npm run pipeline -- run --help'"
 */
export function usageErrorLine(message: string, command: string): string {
  return `error: ${terminalSafe(message)}; see '${command} --help'`;
}

/**
 * The exit status for an error thrown by a command or script, after writing what the user should
 * see on stderr: 2 for bad input or arguments (no stack); a run stopped before it finished (the
 * judge: budget, a failing endpoint, Ctrl-C) its message and its own status (3, or 130); 1 for
 * anything else.
 */
export function reportError(err: unknown, command: string, write: (text: string) => void = (t) => process.stderr.write(t), maxProblems = 50): number {
  if (err instanceof UsageError) {
    write(usageErrorLine(err.message, command) + '\n');
    return 2;
  }
  if (err instanceof BadInputError) {
    const shown = err.problems.slice(0, maxProblems);
    for (const p of shown) write(formatProblem(p) + '\n');
    const more = err.total - shown.length;
    if (more > 0) write(`… and ${more} more problem${more === 1 ? '' : 's'}\n`);
    write(`error: input refused (${err.total} problem${err.total === 1 ? '' : 's'}); nothing was written\n`);
    return 2;
  }
  if (err instanceof IncompleteError) {
    write(`${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof RefusedError) {
    write(`error: ${terminalSafe(err.message)}\n`);
    return 2;
  }
  write(`internal error: ${(err as Error)?.stack ?? String(err)}\n`);
  return 1;
}

/**
 * For a script whose work is top-level code (scripts/reproduce.ts): call first. `--help` prints the
 * usage and exits 0, a usage error prints its line and exits 2, before any work; otherwise it
 * returns the parsed arguments.
 *
 * @example
 * const { values } = startScript({ command: 'npm run reproduce --', usage: USAGE, options: {} });
 */
export function startScript<O extends ScriptOptions>(spec: ScriptSpec<O>, argv: string[] = process.argv.slice(2)): ReturnType<typeof parseCommandArgs<O>> {
  if (wantsHelp(argv)) {
    process.stdout.write(spec.usage.trimEnd() + '\n');
    process.exit(0);
  }
  try {
    return parseCommandArgs(argv, spec.options, spec.positionals ?? false);
  } catch (err) {
    process.exit(reportError(err, spec.command));
  }
}

/**
 * Runs a script's `main` under the shared rules and sets the exit status (it does not call
 * process.exit, so pending output and child processes finish).
 *
 * @example
 * await runScript({ command: 'npx tsx bench/report.ts', usage: 'Usage: …', options: {} }, async () => { … });
 */
export async function runScript<O extends ScriptOptions>(
  spec: ScriptSpec<O>,
  main: (args: ReturnType<typeof parseCommandArgs<O>>) => Promise<number | void> | number | void,
  argv: string[] = process.argv.slice(2),
): Promise<void> {
  if (wantsHelp(argv)) {
    process.stdout.write(spec.usage.trimEnd() + '\n');
    process.exitCode = 0;
    return;
  }
  try {
    const code = await main(parseCommandArgs(argv, spec.options, spec.positionals ?? false));
    process.exitCode = code ?? 0;
  } catch (err) {
    process.exitCode = reportError(err, spec.command);
  }
}
