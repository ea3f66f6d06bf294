/**
 * The files a study export consists of: what ingest reads, and so what the stage keys, the
 * export's digest (results.json `data_sha256`) and manifest.json hash. Nothing else in the folder
 * counts: a stray file (a README, an editor's backup, a folder of notes) neither reruns anything
 * nor is read, and the folder is never walked.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { entryExists } from '../input-file.ts';
import { TABLE_NAMES } from './tables.ts';
import { isPilotExport } from './pilot.ts';

const present = (dir: string, rel: string): boolean => entryExists(join(dir, rel));

/**
 * The export's files, relative to `dir` (POSIX separators), sorted by code unit. A contract export:
 * each table's NAME.csv and NAME.jsonl that are there, study.json, and a judged export's
 * judge.json. The pilot's own format: conversations.csv, study.json and crowd_annotations_raw.csv
 * if there, and every entry of
 * annotations/ (ingest reads each, or compares it with those it reads). An entry counts whatever
 * it is (a FIFO in a table's place is listed; ingest refuses it), and is not followed.
 *
 * @example
 * exportFiles('data/synthetic') // ['conversations.csv', 'messages.csv', 'participants.csv', 'perception.csv', 'ratings.csv', 'self_reports.csv', 'study.json']
 */
export function exportFiles(dir: string): string[] {
  const files: string[] = [];
  if (isPilotExport(dir)) {
    for (const rel of ['conversations.csv', 'crowd_annotations_raw.csv', 'study.json']) if (present(dir, rel)) files.push(rel);
    for (const name of readdirSync(join(dir, 'annotations'))) files.push(`annotations/${name}`);
  } else {
    for (const table of TABLE_NAMES) for (const rel of [`${table}.csv`, `${table}.jsonl`]) if (present(dir, rel)) files.push(rel);
    if (present(dir, 'study.json')) files.push('study.json');
    // A judged export's record of how its ratings were made (pipeline/judge): ingest reads it.
    if (present(dir, 'judge.json')) files.push('judge.json');
  }
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
