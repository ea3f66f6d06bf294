/**
 * `npm run pipeline -- run`: the preregistered analysis of one study export, end to end.
 */
import type { Command } from '../command.ts';
import { intOption, parseCommandArgs, requireOption } from '../command.ts';
import { DEFAULT_PREREGISTRATION_FILE } from '../prereg/load.ts';
import { DEFAULT_SEED, runPipeline } from './run.ts';

const HELP = `Usage: npm run pipeline -- run --data DIR --out DIR [--prereg FILE] [--seed N] [--reliability FILE]

Runs the preregistered analysis of a study export: ingest and validate the export, apply the
preregistered exclusions, score, run every hypothesis of the preregistration, audit what ran
against the plan, and write the report.

Options:
  --data DIR          the study export (CSV/JSONL tables, CONTRACT.md), or the pilot's own format
  --out DIR           output folder; created, or replaced whole if it holds a previous run's output
  --prereg FILE       the preregistration (default ${DEFAULT_PREREGISTRATION_FILE}); its lock is
                      lock.json in the same folder
  --seed N            seed of everything random (the report's jitter); default ${DEFAULT_SEED}
  --reliability FILE  reliability.json from 'pipeline reliability', shown in the report
  -h, --help          this text

Writes into --out: results.json, results.csv, consort.json, audit.json, audit.md, report.html,
figures/NAME.{vl.json,svg,png}, manifest.json (SHA-256 of every input and output, versions, seed,
command line). Everything is written to a temporary folder first and renamed into place at the end:
on any error nothing is written. Same inputs and seed give byte-identical files (set
SOURCE_DATE_EPOCH for a time stamp). If the preregistration changed after its lock, the audit lists
it as an error and the last line printed says so.

Exit status: 0 done (read audit.md for deviations), 2 bad input or arguments (every problem listed
as file:line: column: what (value)), 1 internal error.
`;

export const command: Command = {
  name: 'run',
  summary: 'the preregistered analysis of a study export: results, audit, report',
  help: HELP,
  async run(argv: string[]): Promise<void> {
    const { values } = parseCommandArgs(argv, {
      data: { type: 'string' },
      out: { type: 'string' },
      prereg: { type: 'string' },
      seed: { type: 'string' },
      reliability: { type: 'string' },
    });
    const outcome = await runPipeline({
      data: requireOption(values, 'data'),
      out: requireOption(values, 'out'),
      prereg: values.prereg,
      seed: intOption(values, 'seed', DEFAULT_SEED),
      reliability: values.reliability,
      commandLine: ['run', ...argv],
      log: (line) => process.stderr.write(`run: ${line}\n`),
    });
    for (const line of outcome.summary) process.stderr.write(`${line}\n`);
  },
};
