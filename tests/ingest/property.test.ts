/**
 * Property: a valid export corrupted at random — a required column dropped, a cell given a value
 * its rule forbids, a record cut short, invalid UTF-8 bytes inserted — is always refused with a
 * BadInputError carrying at least one problem that names a file and a line; never any other
 * exception, never accepted. Both formats (CSV and JSONL); a few hundred runs each (fast-check).
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError, Warnings } from '../../pipeline/errors.ts';
import { readStudyExport } from '../../pipeline/ingest/index.ts';
import { TABLE_COLUMNS } from '../../pipeline/ingest/contract.ts';
import { TABLE_NAMES, type StudyTables, type TableName } from '../../pipeline/ingest/tables.ts';
import { cleanup, tempDir } from './helpers.ts';
import { exclusionStudy } from './exclusion-study.ts';

afterAll(cleanup);

/** Values each column's rule refuses, whatever the row (none for free text). */
const BAD_VALUES: Record<TableName, Record<string, string[]>> = {
  participants: { participant_id: [''], arm: ['placebo', 'Coach'], attention_passed: ['yes', '', '2'], trait_jes: ['0', '7.5', 'x'], trait_sites: ['0', '6', '2.5'] },
  conversations: { conversation_id: [''], participant_id: ['nobody', ''], round: ['0', '4', '1.5', 'x', ''], scenario: [''], completed: ['maybe', ''], realism: ['0', '6', '3.5'] },
  messages: { conversation_id: ['nowhere', ''], turn: ['0', '-1', '1.5', ''], role: ['coach', 'Seeker', ''] },
  ratings: { conversation_id: ['nowhere'], rater: [''], dimension: ['empathy', ''], score: ['0', '5.5', 'NaN', ''] },
  self_reports: { participant_id: ['nobody'], round: ['4'], dimension: ['empathy'], response: ['0', '6', '2.5'] },
  perception: { participant_id: ['nobody'], item_id: [''], chose_aligned: ['maybe', ''] },
};
/** Columns whose removal breaks the export: in CSV every non-optional header column; in JSONL
 *  only those whose value is required (an absent arm or text is simply missing there). */
const CSV_OPTIONAL = new Set(['trait_jes', 'trait_sites', 'realism']);
const JSONL_NULLABLE = new Set([...CSV_OPTIONAL, 'arm', 'text']);
const BAD_BYTES = [[0x80], [0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82]];

type Cells = string[][]; // per table: rows of cells, header first

function cellsOf(tables: StudyTables): Record<TableName, Cells> {
  const out = {} as Record<TableName, Cells>;
  for (const t of TABLE_NAMES) {
    const cols = TABLE_COLUMNS[t];
    out[t] = [[...cols], ...tables[t].map((row) => cols.map((c) => {
      const v = (row as unknown as Record<string, unknown>)[c];
      return v === null ? '' : String(v);
    }))];
  }
  return out;
}

function serialise(cells: Cells, format: 'csv' | 'jsonl'): string[] {
  if (format === 'csv') return cells.map((r) => r.join(','));
  const [header, ...rows] = cells;
  return rows.map((r) => JSON.stringify(Object.fromEntries(header.map((c, i) => [c, r[i]]))));
}

const corruption = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), table: fc.nat(), column: fc.nat() }),
  fc.record({ kind: fc.constant('bad' as const), table: fc.nat(), row: fc.nat(), column: fc.nat(), value: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), table: fc.nat(), row: fc.nat(), cut: fc.nat() }),
  fc.record({ kind: fc.constant('bytes' as const), table: fc.nat(), row: fc.nat(), at: fc.nat(), bytes: fc.nat() }),
);
type Corruption = typeof corruption extends fc.Arbitrary<infer T> ? T : never;

function corrupt(format: 'csv' | 'jsonl', ops: Corruption[]): Record<string, Buffer> {
  const cells = cellsOf(exclusionStudy());
  const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length];
  // cell-level corruptions first, then line-level ones on the serialised text
  for (const op of ops) {
    const table = pick(TABLE_NAMES, op.table);
    const t = cells[table];
    if (op.kind === 'drop') {
      const droppable = t[0].filter((c) => !(format === 'csv' ? CSV_OPTIONAL : JSONL_NULLABLE).has(c));
      const col = t[0].indexOf(pick(droppable, op.column));
      for (const row of t) row.splice(col, 1);
    } else if (op.kind === 'bad') {
      const columns = Object.keys(BAD_VALUES[table]).filter((c) => t[0].includes(c));
      if (columns.length === 0) continue; // every corruptible column dropped: the drop breaks it
      const column = pick(columns, op.column);
      const row = 1 + (op.row % (t.length - 1));
      t[row][t[0].indexOf(column)] = pick(BAD_VALUES[table][column], op.value);
    }
  }
  const lines = Object.fromEntries(TABLE_NAMES.map((t) => [t, serialise(cells[t], format)])) as Record<TableName, string[]>;
  const bytesOps: Extract<Corruption, { kind: 'bytes' }>[] = [];
  for (const op of ops) {
    if (op.kind === 'truncate') {
      const table = pick(TABLE_NAMES, op.table);
      const first = format === 'csv' ? 1 : 0; // never the CSV header: a data record
      const at = first + (op.row % (lines[table].length - first));
      const line = lines[table][at];
      // CSV: cut before the last comma (fewer fields); JSONL: any proper prefix of an object is not JSON
      const limit = format === 'csv' ? line.lastIndexOf(',') : line.length - 1;
      lines[table][at] = line.slice(0, 1 + (op.cut % limit));
    } else if (op.kind === 'bytes') bytesOps.push(op);
  }
  const files: Record<string, Buffer> = {};
  for (const t of TABLE_NAMES) files[`${t}.${format}`] = Buffer.from(lines[t].join('\n') + '\n', 'utf8');
  for (const op of bytesOps) {
    const name = `${pick(TABLE_NAMES, op.table)}.${format}`;
    const buf = files[name];
    const at = op.at % buf.length;
    files[name] = Buffer.concat([buf.subarray(0, at), Buffer.from(pick(BAD_BYTES, op.bytes)), buf.subarray(at)]);
  }
  return files;
}

async function outcome(dir: string, files: Record<string, Buffer>): Promise<unknown> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  try {
    await readStudyExport(dir, new Warnings());
    return 'accepted';
  } catch (err) {
    return err;
  }
}

describe('random corruption of a valid export', () => {
  for (const format of ['csv', 'jsonl'] as const) {
    it(`is always refused with a located problem (${format})`, async () => {
      const dir = join(tempDir(), 'export');
      // the uncorrupted export is valid, so any refusal below comes from the corruption
      expect(await outcome(dir, corrupt(format, []))).toBe('accepted');
      await fc.assert(
        fc.asyncProperty(fc.array(corruption, { minLength: 1, maxLength: 3 }), async (ops) => {
          const err = await outcome(dir, corrupt(format, ops));
          expect(err).toBeInstanceOf(BadInputError);
          const problems = (err as BadInputError).problems;
          expect(problems.length).toBeGreaterThan(0);
          expect(problems.some((p) => p.file.endsWith(`.${format}`) && typeof p.line === 'number' && p.line >= 1)).toBe(true);
        }),
        { numRuns: 250, seed: 20260326 },
      );
    });
  }
});
