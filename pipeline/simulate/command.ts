/**
 * `simulate`: writes a synthetic Lend an Ear export (docs/CONTRACT.md) to --out. With the default seed
 * and scale it reproduces the bundled data/synthetic/ byte for byte.
 */
import { intOption, numberOption, parseCommandArgs, requireOption, type Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { withOutput } from '../output/folder.ts';
import { OUT_FOLDER_HELP } from '../output/help.ts';
import { terminalSafe } from '../terminal.ts';
import { CALIBRATION, DEFAULT_SEED, nullParams } from './calibration.ts';
import { ExportWriter } from './export-writer.ts';
import { generateStudy } from './generate.ts';
import { plannedCounts } from './plan.ts';

const BATCH = 2_000;
/** The largest --scale: a million enrolled participants, about 34 million messages. */
const MAX_SCALE = 1000;
/** Above this many enrolled participants, progress goes to stderr. */
const PROGRESS_FROM = 10_000;

const help = `Usage: npm run pipeline -- simulate --out DIR [--seed N] [--scale X] [--null]

Writes a synthetic Lend an Ear study export (participants, conversations, messages, ratings,
self_reports, perception as CSV; study.json marked synthetic; SHA256SUMS) to DIR.
The simulated population is calibrated to the published figures (pipeline/simulate/calibration.ts):
at scale 1, after exclusions E1-E3, exactly 968 participants, 2,904 conversations and 33,938
messages; failed attention checks, drop-outs and too-short rounds are added on top.

Options:
  --out DIR     folder to write: new, empty, or an earlier output of this pipeline (see below)
  --seed N      integer seed (default ${DEFAULT_SEED}, the bundled data/synthetic/)
  --scale X     multiply every count by X (default 1, at most 1000; e.g. 10, 100 = about 3.4M
                messages)
  --null        no treatment effects (coach and video equal to control), for testing analyses
  --help        this text

${OUT_FOLDER_HELP}

Same seed and scale give byte-identical files.`;

export const command: Command = {
  name: 'simulate',
  summary: 'write a synthetic, calibrated Lend an Ear export',
  help,
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      out: { type: 'string' },
      seed: { type: 'string' },
      scale: { type: 'string' },
      null: { type: 'boolean' },
    });
    const out = requireOption(values, 'out');
    const seed = intOption(values, 'seed', DEFAULT_SEED);
    const scale = numberOption(values, 'scale', 1);
    // 100 is about 3.4 million messages and 790 MB; far beyond MAX_SCALE the plan's arrays cannot
    // be allocated at all.
    if (scale > MAX_SCALE) throw new UsageError(`--scale must be at most ${MAX_SCALE} (${scale})`);
    const nullVariant = values.null === true;
    const params = nullVariant ? nullParams(CALIBRATION) : CALIBRATION;
    try {
      plannedCounts(params, scale);
    } catch (err) {
      throw new UsageError(`--scale ${scale}: ${(err as Error).message}`, { cause: err });
    }
    const started = Date.now();
    let showProgress = false;
    const log = (line: string) => process.stderr.write(`simulate: ${terminalSafe(line)}\n`);
    await withOutput({ command: 'simulate', out, log }, (output) => {
      const writer = new ExportWriter(output);
      const meta = generateStudy(params, seed, scale, (rows) => writer.append(rows), {
        batchSize: BATCH,
        nullVariant,
        onProgress: (done, total) => {
          showProgress ||= total >= PROGRESS_FROM;
          if (showProgress) process.stderr.write(`\rsimulate: ${done}/${total} participants (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        },
      });
      writer.close(meta);
    });
    if (showProgress) process.stderr.write(`\nsimulate: wrote ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  },
};
