/**
 * Writes normalised tables as JSONL, one file per table (`participants.jsonl`, …), plus
 * `study.json`: exactly the contract's export format, so an ingest output can be ingested again.
 * Rows are written in the order read, keys in the contract's column order: same input → same bytes.
 * study.json is written only when the export declared its provenance (it had one): an export
 * without it stays without it, so its provenance stays unknown when it is read again.
 */
import { join } from 'node:path';
import type { OutputFolder } from '../output/folder.ts';
import { openSink } from '../output/sink.ts';
import { TABLE_NAMES, type StudyTables } from './tables.ts';

const FLUSH_CHARS = 1 << 22;

interface Writable {
  write(data: string): void;
  close(): void;
}

function writeJsonl(file: Writable, rows: readonly object[]): void {
  let buffer = '';
  for (const row of rows) {
    buffer += JSON.stringify(row) + '\n';
    if (buffer.length >= FLUSH_CHARS) {
      file.write(buffer);
      buffer = '';
    }
  }
  if (buffer !== '') file.write(buffer);
  file.close();
}

/**
 * Writes every table of `tables` as NAME.jsonl and the metadata as study.json, into a claimed
 * output folder (pipeline/output/) or straight into the folder `dir` (tests, tools); returns the
 * file names written.
 *
 * @example
 * await writeStudyTables(tables, 'out') // ['participants.jsonl', …, 'perception.jsonl', 'study.json']
 */
export async function writeStudyTables(tables: StudyTables, into: string | OutputFolder): Promise<string[]> {
  const open = (name: string): Writable => (typeof into === 'string' ? openSink(join(into, name)) : into.open(name));
  const written: string[] = [];
  for (const name of TABLE_NAMES) {
    writeJsonl(open(`${name}.jsonl`), tables[name]);
    written.push(`${name}.jsonl`);
  }
  if (tables.meta.provenance !== 'unknown') {
    const { name, description, synthetic, source, public: published } = tables.meta;
    const file = open('study.json');
    file.write(JSON.stringify({ name, description, synthetic, source, ...(published === undefined ? {} : { public: published }) }, null, 2) + '\n');
    file.close();
    written.push('study.json');
  }
  return written;
}
