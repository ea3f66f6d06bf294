/**
 * The command line: `npm run pipeline -- <command> [options]`. Dispatches to the command modules;
 * maps errors to exit codes (0 success, 2 bad input or arguments, 1 internal error). No stack trace
 * reaches the user for bad input.
 */
import { BadInputError, UsageError, formatProblem } from './errors.ts';
import type { Command } from './command.ts';

const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  run: () => import('./runner/command.ts'),
  ingest: () => import('./ingest/command.ts'),
  reliability: () => import('./reliability/command.ts'),
  simulate: () => import('./simulate/command.ts'),
  diagnose: () => import('./diagnose/command.ts'),
};

const MAX_PRINTED_PROBLEMS = 50;

async function topLevelHelp(): Promise<string> {
  const lines = ['Usage: npm run pipeline -- <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const summary = await load().then((m) => m.command.summary, () => '(not available)');
    lines.push(`  ${name.padEnd(12)} ${summary}`);
  }
  lines.push('', "Run 'npm run pipeline -- <command> --help' for a command's options.");
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write((await topLevelHelp()) + '\n');
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`error: unknown command ${JSON.stringify(name)}\n\n${await topLevelHelp()}\n`);
    return 2;
  }
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.help.trimEnd() + '\n');
    return 0;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (err) {
    if (err instanceof BadInputError) {
      const shown = err.problems.slice(0, MAX_PRINTED_PROBLEMS);
      for (const p of shown) process.stderr.write(formatProblem(p) + '\n');
      const more = err.total - shown.length;
      if (more > 0) process.stderr.write(`… and ${more} more problem${more === 1 ? '' : 's'}\n`);
      process.stderr.write(`error: input refused (${err.total} problem${err.total === 1 ? '' : 's'}); nothing was written\n`);
      return 2;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n\n${command.help.trimEnd()}\n`);
      return 2;
    }
    process.stderr.write(`internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
