/**
 * Ingest: a study export folder → validated, normalised StudyTables (docs/CONTRACT.md, "A study
 * export"). The pilot's own format is recognised and read through its adapter.
 */
import { existsSync, statSync } from 'node:fs';
import type { Warnings } from '../errors.ts';
import type { StudyTables } from './tables.ts';
import { ProblemList } from './problems.ts';
import { ExportBuilder, locateTables, type LocateOptions } from './contract.ts';
import { readStudyMeta } from './study-meta.ts';
import { isPilotExport, readPilotExport } from './pilot.ts';

export { applyExclusions } from './exclusions.ts';
export { isPilotExport, readPilotExport } from './pilot.ts';

/**
 * Reads and validates the export in `dir`: each table as NAME.csv or NAME.jsonl, study.json
 * optional; or the pilot's format when `isPilotExport(dir)`. Every rule of the contract is
 * checked; all problems (capped at 200, with the total) are thrown as one BadInputError; unknown
 * columns and absent optional tables are added to `warnings`. The folder is only read.
 * `options` (contract exports only): read the ratings from another file, or let them be absent
 * (the judge reads the transcripts of an export that has no ratings yet).
 * Example: `(await readStudyExport('tests/fixtures/ingest/valid-csv', new Warnings())).participants.length` → `4`.
 */
export async function readStudyExport(dir: string, warnings: Warnings, options: LocateOptions = {}): Promise<StudyTables> {
  const problems = new ProblemList();
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    problems.add(dir, null, null, existsSync(dir) ? 'the export is not a folder' : 'the export folder does not exist');
    problems.throwIfAny();
  }
  if (isPilotExport(dir)) return readPilotExport(dir, warnings);
  const files = locateTables(dir, problems, warnings, options);
  const builder = new ExportBuilder(problems, warnings);
  await builder.readAll(files);
  const meta = readStudyMeta(dir, problems, warnings);
  problems.throwIfAny();
  return builder.tables(meta);
}
