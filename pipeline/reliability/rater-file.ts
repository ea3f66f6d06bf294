/**
 * One rater's file, read into the long form every later step uses: one row per conversation and
 * dimension, `{ id, dimension, value, line }` (value null where not rated; line where the
 * conversation's row starts), as an arquero table sorted by id. Two formats are read:
 *
 * - **wide**: an id column and one column per dimension, as the companion paper's annotation files
 *   (other columns, such as a pandas index or the transcript, are ignored);
 * - **ratings**: a `ratings` table of the export contract (`conversation_id, rater, dimension,
 *   score`, one row per judge run); the runs of a conversation and dimension are combined by their
 *   median. A file holding several raters is narrowed to the one named on the command line.
 *
 * CSV (RFC 4180, any line endings) or JSONL, found by the extension. Ids are read as text. Every
 * problem is located (`file:line: column: what (value)`) and collected; the caller throws.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { Warnings } from '../errors.ts';
import { ProblemList } from '../ingest/problems.ts';
import { readTableFile, type TableFile } from '../ingest/read-table.ts';
import { CsvScanner } from '../ingest/csv-scanner.ts';
import { isMissing, numberCell, INVALID, type RawValue } from '../ingest/cells.ts';
import { RowChecker } from '../ingest/row-context.ts';
import { TABLE_COLUMNS } from '../ingest/tables.ts';
import * as ingestMsg from '../ingest/catalogue.ts';
import * as msg from './catalogue.ts';

export interface RaterFileSpec {
  /** The rater's name in the framework. */
  rater: string;
  /** In a ratings table of several raters, the `rater` value to read (default: `rater`). */
  select?: string;
  /** The file, as a path usable from the current folder and as shown in messages. */
  file: string;
  id_column: string;
  dimensions: readonly string[];
  scale: { min: number; max: number };
}

export interface RaterSeries {
  rater: string;
  file: string;
  format: 'wide' | 'ratings';
  sha256: string;
  /** Conversations in the file (after narrowing a ratings table to this rater). */
  conversations: number;
  /** `id, dimension, value, line`, one row per conversation × dimension, sorted by id then dimension order. */
  table: ColumnTable;
}

const RATINGS_COLUMNS = TABLE_COLUMNS.ratings; // conversation_id, rater, dimension, score

/** The column names of the header (CSV) or first object (JSONL) in the file's first bytes `start`;
 *  empty when there is none. */
function headerOf(start: Buffer, format: TableFile['format']): string[] {
  const head = start.toString('utf8');
  if (format === 'jsonl') {
    const first = head.replace(/^\uFEFF/, '').split('\n').find((l) => l.trim() !== '');
    try {
      const obj = JSON.parse(first ?? '');
      return obj !== null && typeof obj === 'object' && !Array.isArray(obj) ? Object.keys(obj) : [];
    } catch {
      return [];
    }
  }
  let header: string[] = [];
  const scanner = new CsvScanner((fields) => {
    if (header.length === 0) header = fields.map((f) => f.trim());
  });
  const cut = head.indexOf('\n');
  scanner.push(cut === -1 ? head : head.slice(0, cut + 1), cut === -1);
  return header;
}

function isRatingsTable(header: string[]): boolean {
  return ['rater', 'dimension', 'score'].every((c) => header.includes(c));
}

/** A rating value: null when missing; a number on the scale, or a problem. */
function ratingValue(check: RowChecker, column: string, v: RawValue, scale: RaterFileSpec['scale']): number | null {
  if (isMissing(v)) return null;
  const n = numberCell(v);
  if (n === null) return null;
  if (n === INVALID || n < scale.min || n > scale.max) {
    check.problem(column, ingestMsg.numberRange(scale.min, scale.max), v);
    return null;
  }
  return n;
}

interface LongRows {
  id: string[];
  dimension: string[];
  value: (number | null)[];
  line: number[];
}

async function readWide(file: TableFile, spec: RaterFileSpec, problems: ProblemList, warnings: Warnings): Promise<LongRows> {
  const rows: LongRows = { id: [], dimension: [], value: [], line: [] };
  const check = new RowChecker(problems, file.label);
  const firstLine = new Map<string, number>();
  const present = spec.dimensions.map(() => false);
  await readTableFile(file, { columns: [spec.id_column, ...spec.dimensions], ignored: () => true }, problems, warnings, (values, line) => {
    check.line = line;
    for (let i = 0; i < spec.dimensions.length; i++) if (values[i + 1] !== undefined) present[i] = true;
    const id = check.text(spec.id_column, values[0]);
    if (id === null) return;
    const first = firstLine.get(id);
    if (first !== undefined) return check.problem(spec.id_column, ingestMsg.duplicateId(spec.id_column, first), id);
    firstLine.set(id, line);
    spec.dimensions.forEach((d, i) => {
      rows.id.push(id);
      rows.dimension.push(d);
      rows.value.push(ratingValue(check, d, values[i + 1], spec.scale));
      rows.line.push(line);
    });
  });
  // A JSONL file may leave a key out of a row (a missing value), but a dimension no row has is a
  // misnamed or absent column, as a CSV header without it is.
  if (firstLine.size > 0) spec.dimensions.forEach((d, i) => present[i] || problems.add(file.label, null, d, msg.DIMENSION_ABSENT));
  return rows;
}

async function readRatings(file: TableFile, spec: RaterFileSpec, problems: ProblemList, warnings: Warnings): Promise<LongRows> {
  const runs = { id: [] as string[], rater: [] as string[], dimension: [] as string[], score: [] as number[], line: [] as number[] };
  const check = new RowChecker(problems, file.label);
  const dimensionMessage = msg.dimensionValues(spec.dimensions);
  await readTableFile(file, { columns: RATINGS_COLUMNS, ignored: () => true }, problems, warnings, (values, line) => {
    check.line = line;
    const id = check.text('conversation_id', values[0]);
    const rater = check.text('rater', values[1]);
    const dimension = check.text('dimension', values[2]);
    if (dimension !== null && !spec.dimensions.includes(dimension)) check.problem('dimension', dimensionMessage, dimension);
    const score = isMissing(values[3]) ? (check.problem('score', ingestMsg.MISSING_VALUE), null) : ratingValue(check, 'score', values[3], spec.scale);
    if (id === null || rater === null || dimension === null || score === null || !spec.dimensions.includes(dimension)) return;
    runs.id.push(id);
    runs.rater.push(rater);
    runs.dimension.push(dimension);
    runs.score.push(score);
    runs.line.push(line);
  });
  let table = aq.table(runs);
  const raters = [...new Set(runs.rater)].sort();
  const wanted = spec.select ?? spec.rater;
  if (spec.select !== undefined || raters.length > 1) {
    if (!raters.includes(wanted)) {
      problems.add(file.label, null, 'rater', msg.severalRaters(raters, wanted, file.label));
      return { id: [], dimension: [], value: [], line: [] };
    }
    table = table.params({ rater: wanted }).filter((d: { rater: string }, $: { rater: string }) => d.rater === $.rater);
  }
  // The median over judge runs per conversation and dimension, on the full grid of the file's
  // conversations × the framework's dimensions (a dimension never rated is missing).
  const { op } = aq;
  const medians = table.groupby('id', 'dimension').rollup({ value: op.median('score') });
  const conversations = table.groupby('id').rollup({ line: op.min('line') });
  const grid = conversations.cross(aq.table({ dimension: [...spec.dimensions] })).join_left(medians, [['id', 'dimension'], ['id', 'dimension']]);
  return { id: grid.array('id') as string[], dimension: grid.array('dimension') as string[], value: (grid.array('value') as (number | undefined)[]).map((v) => v ?? null), line: grid.array('line') as number[] };
}

/**
 * Reads one rater file; problems go to `problems` (nothing is thrown here).
 *
 * @example
 * const s = await readRaterFile({ rater: 'expert1', file: 'data/companion-reliability/annotations/epitome/expert1_ratings.csv',
 *   id_column: 'sp_id', dimensions: ['level_emotional_reactions'], scale: { min: 0, max: 2 } }, problems);
 * s.conversations; // 50
 */
export async function readRaterFile(spec: RaterFileSpec, problems: ProblemList): Promise<RaterSeries> {
  const file: TableFile = { label: spec.file, path: spec.file, format: /\.jsonl$/i.test(spec.file) ? 'jsonl' : 'csv' };
  const warnings = new Warnings(); // unknown columns are expected (transcripts, index columns) and not reported
  let sha256 = '';
  let bytes: Buffer;
  try {
    bytes = readFileSync(spec.file);
    sha256 = createHash('sha256').update(bytes).digest('hex');
  } catch (err) {
    problems.add(spec.file, null, null, msg.cannotRead('the rater file', (err as NodeJS.ErrnoException).code ?? (err as Error).message));
    return { rater: spec.rater, file: spec.file, format: 'wide', sha256, conversations: 0, table: aq.table({ id: [], dimension: [], value: [], line: [] }) };
  }
  const format = isRatingsTable(headerOf(bytes.subarray(0, 1 << 16), file.format)) ? 'ratings' : 'wide';
  const rows = format === 'ratings' ? await readRatings(file, spec, problems, warnings) : await readWide(file, spec, problems, warnings);
  const order = new Map(spec.dimensions.map((d, i) => [d, i]));
  const table = aq
    .table({ ...rows, order: rows.dimension.map((d) => order.get(d)!) })
    .orderby('id', 'order')
    .select('id', 'dimension', 'value', 'line');
  return { rater: spec.rater, file: spec.file, format, sha256, conversations: new Set(rows.id).size, table };
}
