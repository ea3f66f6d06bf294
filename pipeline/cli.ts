/**
 * The command line: `npm run pipeline -- <command> [options]`. Dispatches to the command modules;
 * maps errors to exit codes (0 success, 2 bad input or arguments, 1 internal error). No stack trace
 * reaches the user for bad input, and nothing from the input reaches the terminal unescaped
 * (terminal.ts).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from './command.ts';
import { reportError, usageErrorLine, wantsHelp } from './script.ts';

const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  run: () => import('./runner/command.ts'),
  ingest: () => import('./ingest/command.ts'),
  reliability: () => import('./reliability/command.ts'),
  simulate: () => import('./simulate/command.ts'),
  diagnose: () => import('./diagnose/command.ts'),
  judge: () => import('./judge/command.ts'),
};

/** The commands' names, in the order the help lists them. */
export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

const PROGRAM = 'npm run pipeline --';

async function topLevelHelp(): Promise<string> {
  const lines = ['Usage: npm run pipeline -- <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const summary = await load().then((m) => m.command.summary, () => '(not available)');
    lines.push(`  ${name.padEnd(12)} ${summary}`);
  }
  lines.push('', "Run 'npm run pipeline -- <command> --help' for a command's options.");
  return lines.join('\n');
}

/**
 * Runs the command line `argv` (without node and the script) and returns the exit status: 0 done,
 * 2 bad input or arguments (one line on stderr for a usage error, pointing to --help; every
 * problem for bad input), 1 internal error. `--help` anywhere prints the command's help, exit 0.
 *
 * @example
 * await main(['run', '--help']) // 0, the help of run on stdout
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(usageErrorLine('no command given', PROGRAM) + '\n');
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write((await topLevelHelp()) + '\n');
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(usageErrorLine(`unknown command ${JSON.stringify(name)} (the commands are ${Object.keys(COMMANDS).join(', ')})`, PROGRAM) + '\n');
    return 2;
  }
  const { command } = await load();
  if (wantsHelp(rest)) {
    process.stdout.write(command.help.trimEnd() + '\n');
    return 0;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (err) {
    return reportError(err, `${PROGRAM} ${name}`);
  }
}

/**
 * Runs the command line and sets the process's exit status (without process.exit, so output and
 * worker threads finish). What `node pipeline/cli.ts …` does; the bench's wrappers call it too.
 */
export async function runCli(argv: string[] = process.argv.slice(2)): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (err) {
    process.exitCode = reportError(err, PROGRAM);
  }
}

/** Whether this module is the program being run (not imported), symlinks resolved. */
function isProgram(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// Run when this file is the program (`tsx pipeline/cli.ts`); a test imports `main` without running it.
if (isProgram()) await runCli();
