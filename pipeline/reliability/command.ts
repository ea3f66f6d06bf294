/**
 * `npm run pipeline -- reliability`: inter-rater reliability, as the companion paper computed it
 * (docs/RELIABILITY.md), in two forms:
 *
 * - `--framework FILE|DIR ... --out DIR [--rater NAME=FILE ...] [--pair A,B ...]`: any rubric declared
 *   as a framework file (data/frameworks/ holds the companion paper's four), any rater file compared
 *   with any other → reliability.json, reliability.csv, reliability.md;
 * - `--data DIR --out DIR [--prereg FILE]`: the ratings of a study export (or the Lend an Ear pilot in
 *   its own format) as the preregistration's `reliability` section declares, and the expression
 *   tagger's validity → reliability.json, tagger_validity.json, tagged_messages.csv; cached as a
 *   stage of the runner.
 *
 * --out is claimed first (pipeline/output/); everything is computed before anything is written; the
 * files are written into a folder beside --out and swapped in at the end, so bad input writes nothing.
 */
import { parseCommandArgs, requireOption, type Command } from '../command.ts';
import { UsageError, Warnings } from '../errors.ts';
import { DEFAULT_PREREGISTRATION_FILE, loadPreregistration } from '../prereg/load.ts';
import { readStudyExport } from '../ingest/index.ts';
import { withOutput } from '../output/folder.ts';
import { OUT_FOLDER_HELP } from '../output/help.ts';
import { terminalSafe } from '../terminal.ts';
import { reliabilityFiles, writeReliabilityFiles } from './files.ts';

const HELP = `Usage: npm run pipeline -- reliability --framework FILE|DIR [--framework ...] --out DIR
                                         [--rater NAME=FILE ...] [--pair A,B ...]
       npm run pipeline -- reliability --data DIR --out DIR [--prereg FILE] [--cache DIR] [--dry-run] [--force]

Inter-rater reliability as the companion paper computed it (Kumar et al. 2026, Nature Machine
Intelligence): quadratic-weighted Cohen's kappa with its standard error, z and p; Spearman's rho
with its p and Fisher 95% interval; Krippendorff's alpha among the experts. The method, the
framework file format and the outputs: docs/RELIABILITY.md.

Frameworks (any rubric, any raters):
  --framework FILE|DIR  a framework file (YAML: label, synthetic, id_column, scale, dimensions,
                 raters and their files, groups such as experts = median of expert1..3, pairs,
                 alpha raters), or a folder of them (*.yaml, in name order); repeatable.
                 data/frameworks/ holds the companion paper's four (126 rows).
  --rater NAME=FILE  add a rater to the (one) framework, or replace the file of one it declares.
                 FILE is either a wide file like the companion's annotation files (the
                 framework's id column and one column per dimension; other columns ignored) or a
                 'ratings' table of the export contract (conversation_id, rater, dimension, score;
                 one row per judge run, combined by their median per conversation and dimension;
                 a table of several raters is narrowed to the rows of rater NAME). CSV or .jsonl.
                 Example, an LLM judge's ratings of the 50 pilot conversations against the experts:
                   --framework data/frameworks/lend-an-ear.yaml --rater judge=judge/ratings.csv
                   --pair experts,judge
  --pair A,B     add a pair of raters or groups to compare (repeatable); a rater added with
                 --rater must be in some pair.
  --out DIR      where to write: new, empty, or an earlier output of this pipeline (below):
                   reliability.json  every framework, every row at full precision, alpha, the
                                     raters read (file, SHA-256, format), the method
                   reliability.csv   one row per framework x dimension x pair, as the paper
                                     printed it (kappa and rho 2 decimals, p and z 3)
                   reliability.md    the same rows as Markdown tables, and alpha

A study export (--data):
  --data DIR     a study export (docs/CONTRACT.md), or the Lend an Ear pilot in its own format (read
                 through the pilot adapter; each annotator file is a rater). Which raters, groups,
                 pairs, weights and bootstrap settings: the preregistration's 'reliability' section.
  --out DIR      where to write: new, empty, or an earlier output of this pipeline (below):
                   reliability.json      kappa (p from the asymptotic variance) and Spearman for
                                         each preregistered pair x dimension; Krippendorff's alpha
                                         with BCa and percentile bootstrap intervals; the mean
                   tagger_validity.json  per sub-component with a matching dimension: Spearman of
                                         the tag rate with the experts' score, beside the experts'
                                         own pairwise Spearman
                   tagged_messages.csv   conversation id, turn and tag of each supporter message
                                         (no message text)
  --prereg FILE  the preregistration (default ${DEFAULT_PREREGISTRATION_FILE}).
  --cache DIR    the stage cache (default .cache/): keyed on the export's files, the
                 preregistration's reliability section and the code; skipped when up to date.
  --dry-run      print whether it would run and why; compute and write nothing.
  --force        compute even when up to date.

  --help         this text.

Ids are joined as text, never by position: a conversation one rater of a pair has and the other
lacks is an error. Missing values are dropped per pair.

${OUT_FOLDER_HELP}

Exit status: 0 on success; 2 on bad input or arguments (every problem on stderr as
'file:line: column: what is wrong (value)', nothing written); 1 on an internal error.
Same inputs give byte-identical outputs (bootstrap seeds are declared).`;

/**
 * Computes and writes the --data outputs (no cache); returns the file names written. Exported for tests.
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

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export const command: Command = {
  name: 'reliability',
  summary: "inter-rater reliability (kappa, Spearman, Krippendorff's alpha) of any rubric's raters, or of an export's ratings",
  help: HELP,
  async run(argv: string[]): Promise<void> {
    const { values } = parseCommandArgs(argv, {
      framework: { type: 'string', multiple: true },
      rater: { type: 'string', multiple: true },
      pair: { type: 'string', multiple: true },
      data: { type: 'string' },
      out: { type: 'string' },
      prereg: { type: 'string' },
      cache: { type: 'string' },
      'dry-run': { type: 'boolean' },
      force: { type: 'boolean' },
    });
    const frameworks = list(values.framework);
    if (frameworks.length > 0) {
      const dataOnly = ['data', 'prereg', 'cache', 'dry-run', 'force'].filter((k) => values[k as keyof typeof values] !== undefined);
      if (dataOnly.length > 0) throw new UsageError(`--framework cannot be combined with ${dataOnly.map((k) => `--${k}`).join(', ')} (those are for --data)`);
      const out = requireOption(values, 'out');
      const { parsePairOption, parseRaterOption, runFrameworks } = await import('./frameworks.ts');
      const written = await runFrameworks({ frameworks, out, raters: list(values.rater).map(parseRaterOption), pairs: list(values.pair).map(parsePairOption) });
      process.stderr.write(`reliability: ${terminalSafe(`${written.join(', ')} in ${out}`)}\n`);
      return;
    }
    if (values.rater !== undefined || values.pair !== undefined) throw new UsageError('--rater and --pair need --framework');
    if (values.data === undefined) throw new UsageError('give --framework FILE|DIR (a rubric and its rater files) or --data DIR (a study export); see --help');
    const data = requireOption(values, 'data');
    const out = requireOption(values, 'out');
    const prereg = typeof values.prereg === 'string' && values.prereg !== '' ? values.prereg : DEFAULT_PREREGISTRATION_FILE;
    // The runner caches this form as one stage (pipeline/runner/reliability.ts).
    const { runReliabilityStage, dryRunReliabilityStage } = await import('../runner/reliability.ts');
    const options = { data, out, prereg, cache: values.cache ?? '.cache', force: values.force ?? false, log: (line: string) => process.stderr.write(`${terminalSafe(line)}\n`) };
    if (values['dry-run']) {
      process.stdout.write(`${await dryRunReliabilityStage(options)}\n`);
      return;
    }
    await runReliabilityStage(options);
  },
};
