/**
 * The optional `study.json` of an export: `name`, `description`, `synthetic`, `source`, shown in
 * the report, and `public` (its transcripts are published: the judge's rationales may be shown).
 * Absent keys take defaults (the folder's name, empty text, not synthetic); a key of the wrong type
 * is a problem; an unknown key a warning. Without the file the study's provenance is unknown
 * (`provenance: 'unknown'`): the report and the run's last line say so, and nothing calls its
 * data real. Only a regular file of at most 1 MiB is read (limits.ts).
 */
import { basename, join, resolve } from 'node:path';
import type { Warnings } from '../errors.ts';
import type { StudyMeta } from './tables.ts';
import type { ProblemList } from './problems.ts';
import * as msg from './catalogue.ts';
import { InputFileError, entryExists, readRegularFile } from '../input-file.ts';
import { MAX_STUDY_JSON_BYTES } from './limits.ts';

const FILE = 'study.json';

/** Reads `dir/study.json` into StudyMeta, reporting problems into `problems`. */
export function readStudyMeta(dir: string, problems: ProblemList, warnings: Warnings): StudyMeta {
  const meta: StudyMeta = { name: basename(resolve(dir)), description: '', synthetic: false, source: '' };
  const path = join(dir, FILE);
  if (!entryExists(path)) return { ...meta, provenance: 'unknown' };
  let data: unknown;
  try {
    const bytes = readRegularFile(path, MAX_STUDY_JSON_BYTES);
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    problems.add(FILE, null, null, err instanceof SyntaxError ? msg.badJson(err.message) : err instanceof InputFileError ? err.message : msg.unreadable(String((err as Error).message)));
    return meta;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problems.add(FILE, null, null, msg.NOT_JSON_OBJECT);
    return meta;
  }
  for (const [key, value] of Object.entries(data)) {
    if (key === 'synthetic' || key === 'public') {
      if (typeof value === 'boolean') meta[key] = value;
      else problems.add(FILE, null, key, 'must be true or false', value);
    } else if (key === 'name' || key === 'description' || key === 'source') {
      if (typeof value === 'string') meta[key] = value;
      else problems.add(FILE, null, key, 'must be text', value);
    } else {
      warnings.add({ code: 'unknown_key', message: `unknown key ${JSON.stringify(key)} in study.json ignored`, file: FILE, column: key });
    }
  }
  return meta;
}
