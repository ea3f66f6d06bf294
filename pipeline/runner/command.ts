/**
 * `npm run pipeline -- run`: the preregistered analysis of one study export, end to end, through
 * the stage cache (run.ts).
 */
import type { Command } from '../command.ts';
import { intOption, parseCommandArgs, requireOption } from '../command.ts';
import { DEFAULT_PREREGISTRATION_FILE } from '../prereg/load.ts';
import { OUT_FOLDER_HELP } from '../output/help.ts';
import { terminalSafe } from '../terminal.ts';
import { DEFAULT_CACHE_DIR, DEFAULT_SEED, dryRunPipeline, formatDryRunLine, runPipeline } from './run.ts';
import { UsageError } from '../errors.ts';
import { JUDGE_ARGS, JUDGE_OPTIONS_HELP, interruptible, judgeOptionsFrom } from '../judge/options.ts';

const HELP = `Usage: npm run pipeline -- run --data DIR --out DIR [--prereg FILE] [--seed N] [--reliability FILE]
                              [--diagnosis FILE]
                              [--cache DIR] [--dry-run] [--force] [--timings] [--no-git-commit]
                              [--judge [--endpoint URL] [--model NAME] [--runs N] [...]]

Runs the preregistered analysis of a study export: ingest and validate the export, apply the
preregistered exclusions, score, run every hypothesis of the preregistration, audit what ran
against the plan, and write the report.

The work runs as four stages, each keyed on a SHA-256 of what it reads (the export's files, the
previous stage's output), its code (its modules, with comments and layout removed), the
preregistration sections it uses and its parameters:
  ingest   export files, exclusions            -> analysed tables, CONSORT flow
  score    analysed tables, scoring            -> scored study, expression-tag shares
  analyze  scored study, hypotheses, ...       -> results
  report   results, the preregistration bytes and lock (audit), seed -> the files below
A stage whose key is in the cache is skipped ("score: up to date (key ...)" on stderr); an edit
reruns exactly the stages that read what changed. A corrupted cache entry is detected by its
checksum and rebuilt. Outputs are the same bytes with or without the cache.

Options:
  --data DIR          the study export (CSV/JSONL tables, docs/CONTRACT.md), or the pilot's own format
  --out DIR           output folder: new, empty, or an earlier output of this pipeline, which is
                      replaced whole (see below)
  --prereg FILE       the preregistration (default ${DEFAULT_PREREGISTRATION_FILE}); its lock is
                      lock.json in the same folder
  --seed N            seed of everything random (the report's jitter); default ${DEFAULT_SEED}
  --reliability FILE  reliability.json from 'pipeline reliability' (--framework: every framework,
                      as reports/reliability/; or --data), shown in the report's reliability
                      section; a file of the wrong shape is refused (exit 2)
  --diagnosis FILE    diagnosis.json from 'pipeline diagnose', shown in the report (table, power curve)
  --cache DIR         the stage cache (default ${DEFAULT_CACHE_DIR}/ in the current folder); apart from
                      --data and --out
  --dry-run           print on stdout, for each stage, whether it would run and why; run and write
                      nothing
  --force             rerun every stage (the cache is refreshed)
  --timings           record each stage's status (ran / up to date) and seconds in manifest.json;
                      without it manifest.json is byte-identical between runs
  --no-git-commit     leave the project's git commit out of report.html and manifest.json (npm run
                      reproduce does: committed outputs cannot name the commit that holds them;
                      the digest of the code that ran is always recorded)
  --judge             rate the transcripts with the preregistered LLM judge first (as 'pipeline judge'
                      does; see its --help) and analyse with the judge's ratings in place of the
                      export's; the judge's ratings.csv and judge.json are written to OUT/judge/.
                      It sends only what its store lacks; a judge that stops early (budget, Ctrl-C,
                      a failing endpoint) stops the run before any stage, writing nothing.
                      With --dry-run: what the judge would send, then what each stage would do.
  The judge's options, with --judge only:
${JUDGE_OPTIONS_HELP.replace(/^ {2}/gm, '    ')}
  -h, --help          this text

Writes into --out: results.json, results.csv, consort.json, audit.json, audit.md, report.html,
figures/NAME.{vl.json,svg,png}, manifest.json (SHA-256 of every input and output, versions, seed,
command line, every stage's key and what it was made of), and the marker .lend-an-ear-output.json.
report.html and manifest.json name the software (this project's version, Node's and every
package's), the digest of the code that ran, the git commit of the project where it is a git
checkout, the command, and the date when SOURCE_DATE_EPOCH is set. Same inputs and seed give
byte-identical files (set SOURCE_DATE_EPOCH for a time stamp). If the preregistration changed
after its lock, the audit lists it as an error and the last line printed says so. An export
without study.json is analysed, but its provenance is unknown: the report says so in a banner, and
the last line printed too. An export that leaves no participant to analyse is refused (exit 2).

${OUT_FOLDER_HELP}

Exit status: 0 done (read audit.md for deviations), 2 bad input or arguments (every problem listed
as file:line: column: what (value)), or with --judge an endpoint that refused the requests; with
--judge, 3 when the judge stopped before every request had a reply (rerun to continue) and 130
after Ctrl-C; 1 internal error.
`;

export const command: Command = {
  name: 'run',
  summary: 'the preregistered analysis of a study export: results, audit, report (cached stages)',
  help: HELP,
  async run(argv: string[]): Promise<void> {
    const { values } = parseCommandArgs(argv, {
      data: { type: 'string' },
      out: { type: 'string' },
      prereg: { type: 'string' },
      seed: { type: 'string' },
      reliability: { type: 'string' },
      diagnosis: { type: 'string' },
      cache: { type: 'string' },
      'dry-run': { type: 'boolean' },
      force: { type: 'boolean' },
      timings: { type: 'boolean' },
      'no-git-commit': { type: 'boolean' },
      judge: { type: 'boolean' },
      ...JUDGE_ARGS,
    });
    const judgeGiven = Object.keys(JUDGE_ARGS).filter((k) => values[k as keyof typeof values] !== undefined);
    if (!values.judge && judgeGiven.length > 0) throw new UsageError(`--${judgeGiven[0]} is an option of the judge: add --judge`);
    const signals = interruptible(process.stderr);
    const judge = values.judge ? { ...judgeOptionsFrom(values), onDispatch: signals.onDispatch } : undefined;
    const options = {
      data: requireOption(values, 'data'),
      out: requireOption(values, 'out'),
      prereg: values.prereg,
      seed: intOption(values, 'seed', DEFAULT_SEED),
      reliability: values.reliability,
      diagnosis: values.diagnosis,
      cache: values.cache ?? DEFAULT_CACHE_DIR,
      force: values.force ?? false,
      timings: values.timings ?? false,
      recordGitCommit: !values['no-git-commit'],
      commandLine: ['run', ...argv],
      log: (line: string) => process.stderr.write(`run: ${terminalSafe(line)}\n`),
      judge,
    };
    if (values['dry-run']) {
      if (judge) {
        const { dryRunJudge } = await import('../judge/judge.ts');
        for (const line of await dryRunJudge({ ...judge, data: options.data, prereg: options.prereg })) process.stdout.write(`${terminalSafe(line)}\n`);
      }
      for (const line of await dryRunPipeline(options)) process.stdout.write(`${terminalSafe(formatDryRunLine(line))}\n`);
      return;
    }
    try {
      const outcome = await runPipeline(options);
      for (const line of outcome.summary) process.stderr.write(`${terminalSafe(line)}\n`);
    } finally {
      signals.release();
    }
  },
};
