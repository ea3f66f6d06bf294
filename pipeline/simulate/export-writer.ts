/**
 * Writes a study export folder (docs/CONTRACT.md): one CSV per table, study.json, and SHA256SUMS
 * (`sha256sum -c` format, one line per file). Rows may arrive in batches: each batch of a table
 * is joined into one string and written with one synchronous write, which is what keeps
 * `simulate --scale 100` (millions of rows) fast.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { TABLE_NAMES, type StudyMeta, type StudyTables, type TableName } from '../ingest/tables.ts';
import { headerLine, ROW_LINE } from './csv.ts';
import type { StudyRows } from './participant.ts';

/** Rows of a table are joined into strings of about this many rows before a write. */
const ROWS_PER_CHUNK = 20_000;

interface OpenTable {
  fd: number;
  hash: Hash;
}

/**
 * An export folder being written: `append` batches of rows, then `close` with the metadata.
 *
 * @example
 * const writer = new ExportWriter('/tmp/study');
 * generateStudy(CALIBRATION, DEFAULT_SEED, 100, (rows) => writer.append(rows), { batchSize: 2000 });
 * writer.close(meta); // { 'messages.csv': '…sha256…', … }
 */
export class ExportWriter {
  private readonly tables = new Map<TableName, OpenTable>();
  private closed = false;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    for (const table of TABLE_NAMES) {
      const open: OpenTable = { fd: openSync(join(dir, `${table}.csv`), 'w'), hash: createHash('sha256') };
      this.tables.set(table, open);
      this.write(open, headerLine(table));
    }
  }

  private write(open: OpenTable, text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(open.fd, bytes, offset);
    open.hash.update(bytes);
  }

  /** Appends a batch of rows to every table. */
  append(rows: StudyRows): void {
    if (this.closed) throw new Error('ExportWriter: append after close');
    for (const table of TABLE_NAMES) {
      const open = this.tables.get(table)!;
      const toLine = ROW_LINE[table] as (row: unknown) => string;
      const list = rows[table] as unknown[];
      for (let start = 0; start < list.length; start += ROWS_PER_CHUNK) {
        let chunk = '';
        const end = Math.min(list.length, start + ROWS_PER_CHUNK);
        for (let i = start; i < end; i++) chunk += toLine(list[i]);
        this.write(open, chunk);
      }
    }
  }

  /** Closes the tables, writes study.json and SHA256SUMS; returns the sums by file name. */
  close(meta: StudyMeta): Record<string, string> {
    this.closed = true;
    const sums: Record<string, string> = {};
    for (const table of TABLE_NAMES) {
      const open = this.tables.get(table)!;
      closeSync(open.fd);
      sums[`${table}.csv`] = open.hash.digest('hex');
    }
    const metaText = JSON.stringify({ name: meta.name, description: meta.description, synthetic: meta.synthetic, source: meta.source }, null, 2) + '\n';
    writeFileSync(join(this.dir, 'study.json'), metaText);
    sums['study.json'] = createHash('sha256').update(metaText).digest('hex');
    const names = Object.keys(sums).sort();
    writeFileSync(join(this.dir, 'SHA256SUMS'), names.map((name) => `${sums[name]}  ${name}\n`).join(''));
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
