/**
 * Writes a study export folder (docs/CONTRACT.md): one CSV per table, study.json, and SHA256SUMS
 * (`sha256sum -c` format, one line per file). Rows may arrive in batches: each batch of a table
 * is joined into one string and written with one synchronous write, which is what keeps
 * `simulate --scale 100` (millions of rows) fast.
 */
import { join } from 'node:path';
import type { OutputFolder } from '../output/folder.ts';
import { openSink } from '../output/sink.ts';
import { TABLE_NAMES, type StudyMeta, type StudyTables, type TableName } from '../ingest/tables.ts';
import { headerLine, ROW_LINE } from './csv.ts';
import type { StudyRows } from './participant.ts';

/** Rows of a table are joined into strings of about this many rows before a write. */
const ROWS_PER_CHUNK = 20_000;

/** A file being written; `close` gives its SHA-256 (for SHA256SUMS). */
interface Writable {
  write(data: string | Uint8Array): void;
  close(): { sha256: string };
}

/**
 * An export folder being written: `append` batches of rows, then `close` with the metadata. Into a
 * claimed output folder (pipeline/output/: the `simulate` command), or straight into a folder
 * (tests, the bench).
 *
 * @example
 * const writer = new ExportWriter('/tmp/study');
 * generateStudy(CALIBRATION, DEFAULT_SEED, 100, (rows) => writer.append(rows), { batchSize: 2000 });
 * writer.close(meta); // { 'messages.csv': '…sha256…', … }
 */
export class ExportWriter {
  private readonly tables = new Map<TableName, Writable>();
  private closed = false;
  private readonly open: (name: string) => Writable;

  constructor(into: string | OutputFolder) {
    this.open = (name) => (typeof into === 'string' ? openSink(join(into, name)) : into.open(name));
    for (const table of TABLE_NAMES) {
      const file = this.open(`${table}.csv`);
      this.tables.set(table, file);
      file.write(headerLine(table));
    }
  }

  /** Writes a whole small file; returns its SHA-256. */
  private writeWhole(name: string, text: string): string {
    const file = this.open(name);
    file.write(text);
    return file.close().sha256;
  }

  /** Appends a batch of rows to every table. */
  append(rows: StudyRows): void {
    if (this.closed) throw new Error('ExportWriter: append after close');
    for (const table of TABLE_NAMES) {
      const file = this.tables.get(table)!;
      const toLine = ROW_LINE[table] as (row: unknown) => string;
      const list = rows[table] as unknown[];
      for (let start = 0; start < list.length; start += ROWS_PER_CHUNK) {
        let chunk = '';
        const end = Math.min(list.length, start + ROWS_PER_CHUNK);
        for (let i = start; i < end; i++) chunk += toLine(list[i]);
        file.write(chunk);
      }
    }
  }

  /** Closes the tables, writes study.json and SHA256SUMS; returns the sums by file name. */
  close(meta: StudyMeta): Record<string, string> {
    this.closed = true;
    const sums: Record<string, string> = {};
    for (const table of TABLE_NAMES) {
      sums[`${table}.csv`] = this.tables.get(table)!.close().sha256;
    }
    const metaText = JSON.stringify({ name: meta.name, description: meta.description, synthetic: meta.synthetic, source: meta.source }, null, 2) + '\n';
    sums['study.json'] = this.writeWhole('study.json', metaText);
    const names = Object.keys(sums).sort();
    this.writeWhole('SHA256SUMS', names.map((name) => `${sums[name]}  ${name}\n`).join(''));
    return sums;
  }
}

/**
 * Writes a whole in-memory study as an export folder (created if missing; files overwritten).
 *
 * @example
 * writeExport('/tmp/study', simulateStudy(CALIBRATION, DEFAULT_SEED, 1));
 * // /tmp/study/{participants,conversations,messages,ratings,self_reports,perception}.csv, study.json, SHA256SUMS
 */
export function writeExport(dir: string, tables: StudyTables): Record<string, string> {
  const writer = new ExportWriter(dir);
  const { meta, ...rows } = tables;
  writer.append(rows);
  return writer.close(meta);
}
