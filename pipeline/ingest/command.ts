/**
 * `npm run pipeline -- ingest --data DIR --out DIR [--prereg FILE]`: validates a study export and
 * writes its normalised tables, a summary and (with a preregistration) the CONSORT flow. --out is
 * claimed first (pipeline/output/: apart from --data, new, empty or this pipeline's own output,
 * writable); the export is validated in full before anything is written; the files are written
 * into a folder beside --out and swapped in only when all are complete, so bad input leaves --out
 * untouched.
 */
import { parseCommandArgs, requireOption, type Command } from '../command.ts';
import { Warnings } from '../errors.ts';
import { withOutput } from '../output/folder.ts';
import { OUT_FOLDER_HELP } from '../output/help.ts';
import { terminalSafe } from '../terminal.ts';
import { loadPreregistration } from '../prereg/load.ts';
import { TABLE_NAMES, type StudyTables } from './tables.ts';
import { readStudyExport } from './index.ts';
import { isPilotExport } from './pilot.ts';
import { applyExclusions } from './exclusions.ts';
import { writeStudyTables } from './write.ts';
import { PROVENANCE_UNKNOWN } from './catalogue.ts';

const HELP = `Usage: npm run pipeline -- ingest --data DIR --out DIR [--prereg FILE]

Reads a study export, checks every rule of the contract (docs/CONTRACT.md, "A study export") and
writes the validated, normalised tables.

Options:
  --data DIR     the export: participants, conversations, messages, ratings, self_reports and
                 perception, each as NAME.csv (UTF-8, header row, RFC 4180 quoting) or NAME.jsonl
                 (one JSON object a line), and an optional study.json. self_reports and
                 perception may be absent (a warning; the table is empty). A folder in the
                 Lend an Ear pilot's own format (conversations.csv with a full_conversation
                 column, and annotations/NAME_ratings.csv) is recognised and read through the
                 pilot adapter: one synthetic, unrandomised participant per conversation.
  --out DIR      where to write: a new or empty folder, or an earlier output of this pipeline,
                 which is replaced whole (see below); not inside --data nor containing it:
                   participants.jsonl, conversations.jsonl, messages.jsonl, ratings.jsonl,
                   self_reports.jsonl, perception.jsonl
                                 every row of the export, validated, one JSON object a line,
                                 keys in the contract's column order, missing values as null
                                 (itself a valid export: it can be ingested again);
                   study.json    the study's metadata;
                   summary.json  row counts per table, the format read, and every warning;
                   consort.json  with --prereg only: the CONSORT flow counts per arm after the
                                 preregistered exclusions (E1, E2, E3), in the order preregistered.
  --prereg FILE  the preregistration (YAML) whose exclusion rules give consort.json.
  --help         this text.

${OUT_FOLDER_HELP}

Only the export's tables and study.json are read, each only if it is a regular file, with a
record (line) of at most 16 Mi characters and a cell of at most 1 Mi; a required table
(participants, conversations, messages, ratings) with no rows is refused. Without study.json the
study's provenance is unknown: ingest says so, and writes no study.json either.

Exit status: 0 on success; 2 on bad input or arguments, with every problem found on stderr as
'file:line: column: what is wrong (value)' and nothing written to --out; 1 on an internal error.
The input folder is never modified.`;

/** The summary.json of an ingest. */
export interface IngestSummary {
  schema: 'lend-an-ear-ingest-summary/1';
  format: 'contract' | 'pilot';
  study: StudyTables['meta'];
  rows: Record<(typeof TABLE_NAMES)[number], number>;
  warnings: Warnings['items'];
}

/**
 * Runs ingest with parsed arguments; exported for tests and the runner.
 *
 * @example
 * (await ingest('data/synthetic', 'out/ingested', null)).rows.participants // 1073
 */
export async function ingest(dataDir: string, outDir: string, preregFile: string | null, log?: (line: string) => void): Promise<IngestSummary> {
  const request = { command: 'ingest', out: outDir, apart: [{ option: '--data', path: dataDir }], inputs: [{ option: '--prereg', path: preregFile }], log };
  return withOutput(request, async (output) => {
    // Everything that can refuse the input runs before the first write.
    const prereg = preregFile === null ? null : loadPreregistration(preregFile);
    const warnings = new Warnings();
    const format = isPilotExport(dataDir) ? 'pilot' : 'contract';
    const tables = await readStudyExport(dataDir, warnings);
    const consort = prereg ? applyExclusions(tables, prereg.prereg.exclusions, warnings).consort : null;
    const rows = Object.fromEntries(TABLE_NAMES.map((t) => [t, tables[t].length])) as IngestSummary['rows'];
    const summary: IngestSummary = { schema: 'lend-an-ear-ingest-summary/1', format, study: tables.meta, rows, warnings: warnings.items };
    await writeStudyTables(tables, output);
    output.write('summary.json', JSON.stringify(summary, null, 2) + '\n');
    if (consort) output.write('consort.json', JSON.stringify(consort, null, 2) + '\n');
    return summary;
  });
}

export const command: Command = {
  name: 'ingest',
  summary: 'validate a study export (or the pilot) and write its normalised tables',
  help: HELP,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { data: { type: 'string' }, out: { type: 'string' }, prereg: { type: 'string' } });
    const log = (line: string) => process.stderr.write(`ingest: ${terminalSafe(line)}\n`);
    const summary = await ingest(requireOption(values, 'data'), requireOption(values, 'out'), values.prereg ?? null, log);
    const counts = TABLE_NAMES.map((t) => `${t} ${summary.rows[t]}`).join(', ');
    log(`${counts}; ${summary.warnings.length} warning(s)`);
    if (summary.study.provenance === 'unknown') log(`WARNING: ${PROVENANCE_UNKNOWN}`);
  },
};
