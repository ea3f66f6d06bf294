/**
 * Writes normalised tables as JSONL, one file per table (`participants.jsonl`, …), plus
 * `study.json`: exactly the contract's export format, so an ingest output can be ingested again.
 * Rows are written in the order read, keys in the contract's column order: same input → same bytes.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { TABLE_NAMES, type StudyTables } from './tables.ts';

const FLUSH_CHARS = 1 << 22;

async function writeJsonl(path: string, rows: readonly object[]): Promise<void> {
  const file = await open(path, 'w');
  try {
    let buffer = '';
    for (const row of rows) {
      buffer += JSON.stringify(row) + '\n';
      if (buffer.length >= FLUSH_CHARS) {
        await file.write(buffer);
        buffer = '';
      }
    }
    if (buffer !== '') await file.write(buffer);
  } finally {
    await file.close();
  }
}

/**
 * Writes every table of `tables` into `dir` as NAME.jsonl and the metadata as study.json; returns
 * the file names written. Example: `await writeStudyTables(tables, 'out')` → `['participants.jsonl', …, 'study.json']`.
 */
export async function writeStudyTables(tables: StudyTables, dir: string): Promise<string[]> {
  const written: string[] = [];
  for (const name of TABLE_NAMES) {
    await writeJsonl(join(dir, `${name}.jsonl`), tables[name]);
    written.push(`${name}.jsonl`);
  }
  const file = await open(join(dir, 'study.json'), 'w');
  await file.write(JSON.stringify(tables.meta, null, 2) + '\n');
  await file.close();
  written.push('study.json');
  return written;
}
