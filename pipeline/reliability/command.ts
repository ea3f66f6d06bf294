/**
 * `npm run pipeline -- reliability --data DIR --out DIR [--prereg FILE]`: inter-rater
 * reliability of the export's ratings and the expression tagger's validity, as the
 * preregistration's `reliability` section declares. --out is claimed first (pipeline/output/);
 * everything is computed before anything is written; the files are written into a folder beside
 * --out and swapped in at the end.
 */
import { parseCommandArgs, requireOption, type Command } from '../command.ts';
import { Warnings } from '../errors.ts';
import { DEFAULT_PREREGISTRATION_FILE, loadPreregistration } from '../prereg/load.ts';
import { readStudyExport } from '../ingest/index.ts';
import { withOutput } from '../output/folder.ts';
import { OUT_FOLDER_HELP } from '../output/help.ts';
import { terminalSafe } from '../terminal.ts';
import { reliabilityFiles, writeReliabilityFiles } from './files.ts';

const HELP = `Usage: npm run pipeline -- reliability --data DIR --out DIR [--prereg FILE] [--cache DIR] [--dry-run] [--force]

Inter-rater reliability of the export's ratings, as the companion paper computed it, and the
validity of the expression tagger against the experts. Which raters, groups, pairs, weights,
scale, alpha raters and bootstrap settings come from the preregistration's 'reliability' section.

Options:
  --data DIR     a study export (docs/CONTRACT.md), or the Lend an Ear pilot in its own format
                 (read through the pilot adapter; each annotator file is a rater).
  --out DIR      where to write: a new or empty folder, or an earlier output of this pipeline,
                 which is replaced whole (see below):
                   reliability.json      quadratic-weighted Cohen's kappa (p from the asymptotic
                                         variance) and Spearman's rho with a Fisher-z CI for each
                                         preregistered pair x dimension; Krippendorff's alpha among
                                         the alpha raters per dimension with BCa and percentile
                                         bootstrap CIs over conversations; the mean alpha.
                   tagger_validity.json  per sub-component with a matching dimension: Spearman of
                                         the per-conversation tag rate with the expert group's
                                         score, beside the experts' own pairwise Spearman.
                   tagged_messages.csv   conversation id, turn and tag of each supporter message
                                         (no message text).
  --prereg FILE  the preregistration (default ${DEFAULT_PREREGISTRATION_FILE}).
  --cache DIR    the stage cache (default .cache/ in the current folder): the computation is keyed
                 on the export's files, the preregistration's reliability section and its code,
                 and skipped when that key is cached ("reliability: up to date (key ...)").
  --dry-run      print whether it would run and why; compute and write nothing.
  --force        compute even when up to date.
  --help         this text.

${OUT_FOLDER_HELP}

Exit status: 0 on success; 2 on bad input or arguments (every problem on stderr as
'file:line: column: what is wrong (value)', nothing written); 1 on an internal error.
Same inputs give byte-identical outputs (the bootstrap seed is preregistered).`;

/**
 * Computes and writes the reliability outputs; returns the file names written. Exported for tests.
 *
 * @example
 * await runReliability('data/lend-an-ear-pilot', 'out/pilot', 'preregistration/preregistration.yaml');
 * // ['reliability.json', 'tagger_validity.json', 'tagged_messages.csv']
 */
export async function runReliability(dataDir: string, outDir: string, preregFile: string): Promise<string[]> {
  const request = { command: 'reliability', out: outDir, apart: [{ option: '--data', path: dataDir }], inputs: [{ option: '--prereg', path: preregFile }] };
  return withOutput(request, async (output) => {
    const { prereg } = loadPreregistration(preregFile);
    const warnings = new Warnings();
    const tables = await readStudyExport(dataDir, warnings);
    const files = reliabilityFiles(tables, prereg.reliability);
    writeReliabilityFiles(output, files);
    for (const w of warnings.items) process.stderr.write(`warning: ${terminalSafe(w.message)}\n`);
    return files.map(([name]) => name);
  });
}

export const command: Command = {
  name: 'reliability',
  summary: "inter-rater reliability of the ratings (kappa, Spearman, Krippendorff's alpha) and the tagger's validity",
  help: HELP,
  async run(argv: string[]): Promise<void> {
    const { values } = parseCommandArgs(argv, {
      data: { type: 'string' },
      out: { type: 'string' },
      prereg: { type: 'string' },
      cache: { type: 'string' },
      'dry-run': { type: 'boolean' },
      force: { type: 'boolean' },
    });
    const data = requireOption(values, 'data');
    const out = requireOption(values, 'out');
    const prereg = typeof values.prereg === 'string' && values.prereg !== '' ? values.prereg : DEFAULT_PREREGISTRATION_FILE;
    // The runner caches this command as one stage (pipeline/runner/reliability.ts).
    const { runReliabilityStage, dryRunReliabilityStage } = await import('../runner/reliability.ts');
    const options = { data, out, prereg, cache: values.cache ?? '.cache', force: values.force ?? false, log: (line: string) => process.stderr.write(`${terminalSafe(line)}\n`) };
    if (values['dry-run']) {
      process.stdout.write(`${await dryRunReliabilityStage(options)}\n`);
      return;
    }
    await runReliabilityStage(options);
  },
};
