/**
 * The export contract's machine-readable codebook, generated from the column declarations ingest
 * checks every cell against (columns.ts), so it cannot drift from what ingest enforces:
 *
 * - `docs/codebook.schema.json`: a JSON Schema (draft 2020-12) of one row of each table, in the
 *   typed form a JSONL export holds (and ingest writes), plus study.json;
 * - `docs/codebook.csv`: a data dictionary, one row per column;
 * - the column tables of `docs/CONTRACT.md`, between its `codebook:begin`/`codebook:end` markers.
 *
 * `npm run reproduce` writes all three (CI fails if they were not current); a test compares them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvField } from '../escape/csv.ts';
import { STUDY_JSON_KEYS, TABLES, invalidMessage, type ColumnDeclaration, type TableDeclaration } from './columns.ts';

export const CODEBOOK_SCHEMA_FILE = 'docs/codebook.schema.json';
export const CODEBOOK_CSV_FILE = 'docs/codebook.csv';
export const CONTRACT_FILE = 'docs/CONTRACT.md';
const BEGIN = '<!-- codebook:begin (generated from pipeline/ingest/columns.ts by npm run reproduce; edit there) -->';
const END = '<!-- codebook:end -->';

const GENERATED = 'Generated from pipeline/ingest/columns.ts, the declarations ingest checks every cell against, by npm run reproduce; do not edit by hand.';

const TABLE_LIST = TABLES as readonly TableDeclaration[];

function keysOf(table: TableDeclaration, col: ColumnDeclaration): string[] {
  return table.keys.filter((k) => k.includes(col.name)).map((k) => k.join(' + '));
}

/** The JSON Schema of one column's value, as a JSONL export holds it. */
function columnSchema(col: ColumnDeclaration): Record<string, unknown> {
  const nullable = !col.required;
  const schema: Record<string, unknown> = {};
  const base = { text: 'string', integer: 'integer', number: 'number', boolean: 'boolean' } as const;
  if (col.type === 'category' || (col.type === 'integer' && col.values)) {
    schema.enum = nullable ? [...col.values!, null] : [...col.values!];
  } else {
    const t = base[col.type as keyof typeof base];
    schema.type = nullable ? [t, 'null'] : t;
    if (col.min !== undefined) schema.minimum = col.min;
    if (col.max !== undefined) schema.maximum = col.max;
    // Blank text (spaces and tabs only) is missing, so required text needs another character.
    if (col.type === 'text' && col.required) schema.pattern = '[^ \\t]';
  }
  const notes = [col.description];
  if (col.references) notes.push(`must name a ${col.references.replace('.', ' ')} (when that table was read whole)`);
  if (!col.required && !col.emptyIsText) notes.push('empty or null = missing');
  if (col.emptyIsText) notes.push('empty = empty text');
  if (col.mayBeAbsent) notes.push('the column may be left out');
  schema.description = notes.join('; ');
  return schema;
}

function tableSchema(table: TableDeclaration): Record<string, unknown> {
  const rules = [table.description, table.required ? 'required table' : 'optional table (absent = no rows, with a warning)'];
  for (const k of table.keys) rules.push(`unique key: ${k.join(' + ')}`);
  return {
    title: table.name,
    description: `${rules.join('; ')}. In CSV: NAME.csv with a header row; in JSONL: NAME.jsonl, one object a line. Unknown columns are ignored with a warning.`,
    type: 'object',
    properties: Object.fromEntries(table.columns.map((c) => [c.name, columnSchema(c)])),
    required: table.columns.filter((c) => c.required).map((c) => c.name),
  };
}

/**
 * The codebook as a JSON Schema (draft 2020-12): `$defs` holds one schema per table (a row) and
 * one for study.json. Text with two-space indentation and a final newline.
 *
 * @example
 * JSON.parse(codebookSchema()).$defs.ratings.properties.score // { type: 'number', minimum: 1, maximum: 5, description: '…' }
 */
export function codebookSchema(): string {
  const study = {
    title: 'study.json',
    description: "the export's optional metadata, one JSON object; absent keys take their defaults, an unknown key is ignored with a warning",
    type: 'object',
    properties: Object.fromEntries(STUDY_JSON_KEYS.map((k) => [k.name, { type: k.type === 'text' ? 'string' : k.type, description: `${k.description}; default: ${k.default}` }])),
  };
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:lend-an-ear:export-codebook:1',
    title: 'Lend an Ear study export: one row of each table',
    description: `The contract of a study export (docs/CONTRACT.md), in the typed form of a JSONL row; CSV cells are read into these types (numbers and booleans from text, empty = missing). Cross-row rules (unique keys, references) are stated in each description and checked by ingest. ${GENERATED}`,
    $defs: { ...Object.fromEntries(TABLE_LIST.map((t) => [t.name, tableSchema(t)])), 'study.json': study },
  };
  return JSON.stringify(schema, null, 2) + '\n';
}

function rangeText(col: ColumnDeclaration): [string, string] {
  return [col.min === undefined ? '' : String(col.min), col.max === undefined ? '' : String(col.max)];
}

/**
 * The data dictionary: one row per column of each table, then the keys of study.json.
 *
 * @example
 * codebookCsv().split('\n')[0] // 'table,table_required,column,type,value_required,column_may_be_absent,minimum,maximum,values,references,unique_key,invalid_message,description'
 */
export function codebookCsv(): string {
  const header = ['table', 'table_required', 'column', 'type', 'value_required', 'column_may_be_absent', 'minimum', 'maximum', 'values', 'references', 'unique_key', 'invalid_message', 'description'];
  const lines = [header.join(',')];
  for (const t of TABLE_LIST) {
    for (const c of t.columns) {
      const [min, max] = rangeText(c);
      const row = [t.name, String(t.required), c.name, c.type, String(c.required), String(c.mayBeAbsent ?? false), min, max, (c.values ?? []).join('|'), c.references ?? '', keysOf(t, c).join('; '), invalidMessage(c), c.description];
      lines.push(row.map(csvField).join(','));
    }
  }
  for (const k of STUDY_JSON_KEYS) {
    lines.push(['study.json', 'false', k.name, k.type, 'false', 'true', '', '', '', '', '', '', `${k.description}; default: ${k.default}`].map(csvField).join(','));
  }
  return lines.join('\n') + '\n';
}

/** Markdown: a `|` in a cell would end it. */
function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function typeText(col: ColumnDeclaration): string {
  if (col.values) return `${col.type === 'integer' ? 'integer, one' : 'one'} of ${col.values.map((v) => `\`${v}\``).join(', ')}`;
  if (col.type === 'integer' || col.type === 'number') {
    const kind = col.type === 'integer' ? 'integer' : 'number';
    if (col.min !== undefined && col.max !== undefined) return `${kind} ${col.min}–${col.max}`;
    if (col.min !== undefined) return `${kind} ≥ ${col.min}`;
    return kind;
  }
  return col.type === 'boolean' ? 'boolean' : 'text';
}

function requiredText(col: ColumnDeclaration): string {
  if (col.required) return 'required';
  const parts = [col.emptyIsText ? 'may be empty' : 'optional (empty = missing)'];
  if (col.mayBeAbsent) parts.push('column may be left out');
  return parts.join('; ');
}

/** The generated part of docs/CONTRACT.md: one Markdown table per export table. */
export function contractTables(): string {
  const out: string[] = [BEGIN, ''];
  for (const t of TABLE_LIST) {
    const keys = t.keys.map((k) => k.map((c) => `\`${c}\``).join(' + '));
    out.push(`### \`${t.name}\` (${t.required ? 'required' : 'optional'})`, '', `${t.description[0].toUpperCase()}${t.description.slice(1)}.${keys.length ? ` Unique: ${keys.join('; ')}.` : ''}`, '');
    out.push('| column | type and range | value | rule | meaning |', '|---|---|---|---|---|');
    for (const c of t.columns) {
      const rule = [c.references ? `must be a \`${c.references}\`` : '', `else: "${invalidMessage(c)}"`].filter(Boolean).join('; ');
      out.push(`| \`${c.name}\` | ${mdCell(typeText(c))} | ${mdCell(requiredText(c))} | ${mdCell(rule)} | ${mdCell(c.description)} |`);
    }
    out.push('');
  }
  out.push('### `study.json` (optional)', '', 'One JSON object; every key optional.', '', '| key | type | default | meaning |', '|---|---|---|---|');
  for (const k of STUDY_JSON_KEYS) out.push(`| \`${k.name}\` | ${k.type} | ${mdCell(k.default)} | ${mdCell(k.description)} |`);
  out.push('', END);
  return out.join('\n');
}

/** docs/CONTRACT.md's text with its generated part replaced by `contractTables()`. */
export function withContractTables(text: string): string {
  const start = text.indexOf('<!-- codebook:begin');
  const end = text.indexOf(END);
  if (start === -1 || end === -1 || end < start) throw new Error(`${CONTRACT_FILE} has no codebook:begin/codebook:end markers`);
  return text.slice(0, start) + contractTables() + text.slice(end + END.length);
}

/**
 * Writes the codebook files and docs/CONTRACT.md's generated tables under `root` where they differ;
 * returns the paths rewritten.
 *
 * @example
 * writeCodebook('.') // [] when every file is current
 */
export function writeCodebook(root: string): string[] {
  const wanted: [string, string][] = [
    [CODEBOOK_SCHEMA_FILE, codebookSchema()],
    [CODEBOOK_CSV_FILE, codebookCsv()],
    [CONTRACT_FILE, withContractTables(readFileSync(join(root, CONTRACT_FILE), 'utf8'))],
  ];
  const written: string[] = [];
  for (const [rel, text] of wanted) {
    const path = join(root, rel);
    if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
    writeFileSync(path, text);
    written.push(rel);
  }
  return written;
}
