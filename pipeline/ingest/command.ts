/**
 * `npm run pipeline -- ingest --data DIR --out DIR [--prereg FILE]`: validates a study export and
 * writes its normalised tables, a summary and (with a preregistration) the CONSORT flow. The
 * export is validated in full before anything is written; the files are written into a temporary
 * folder beside --out and moved in only when all are complete, so bad input leaves --out untouched.
 */
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { outFolderOption, parseCommandArgs, requireOption, type Command } from '../command.ts';
import { Warnings } from '../errors.ts';
import { loadPreregistration } from '../prereg/load.ts';
import { TABLE_NAMES, type StudyTables } from './tables.ts';
import { readStudyExport } from './index.ts';
import { isPilotExport } from './pilot.ts';
import { applyExclusions } from './exclusions.ts';
import { writeStudyTables } from './write.ts';

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
  --out DIR      where to write (created if needed; files of the same name are replaced):
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

/** Runs ingest with parsed arguments; exported for tests and the runner. */
export async function ingest(dataDir: string, outDir: string, preregFile: string | null): Promise<IngestSummary> {
  // Everything that can refuse the input runs before the first write.
  const prereg = preregFile === null ? null : loadPreregistration(preregFile);
  const warnings = new Warnings();
  const format = isPilotExport(dataDir) ? 'pilot' : 'contract';
  const tables = await readStudyExport(dataDir, warnings);
  const consort = prereg ? applyExclusions(tables, prereg.prereg.exclusions, warnings).consort : null;
  const rows = Object.fromEntries(TABLE_NAMES.map((t) => [t, tables[t].length])) as IngestSummary['rows'];
  const summary: IngestSummary = { schema: 'lend-an-ear-ingest-summary/1', format, study: tables.meta, rows, warnings: warnings.items };

  const out = resolve(outDir);
  await mkdir(dirname(out), { recursive: true });
  const staging = await mkdtemp(join(dirname(out), `.${basename(out)}.partial-`));
  try {
    const files = await writeStudyTables(tables, staging);
    await writeFile(join(staging, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    files.push('summary.json');
    if (consort) {
      await writeFile(join(staging, 'consort.json'), JSON.stringify(consort, null, 2) + '\n');
      files.push('consort.json');
    }
    await mkdir(out, { recursive: true });
    for (const f of files) await rename(join(staging, f), join(out, f));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return summary;
}

export const command: Command = {
  name: 'ingest',
  summary: 'validate a study export (or the pilot) and write its normalised tables',
  help: HELP,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { data: { type: 'string' }, out: { type: 'string' }, prereg: { type: 'string' } });
    const summary = await ingest(requireOption(values, 'data'), outFolderOption(values, 'out'), values.prereg ?? null);
    const counts = TABLE_NAMES.map((t) => `${t} ${summary.rows[t]}`).join(', ');
    process.stderr.write(`ingest: ${counts}; ${summary.warnings.length} warning(s)\n`);
  },
};
