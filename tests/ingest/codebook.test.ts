/**
 * The codebook in docs/ is generated from the column declarations (pipeline/ingest/columns.ts),
 * and those declarations are what ingest enforces: for every declared column, a value outside its
 * type or range gets exactly the declared message, a missing required value is refused, an
 * optional one accepted, a column that may be left out can be, and every declared key and
 * reference is checked. The JSON Schema agrees with ingest on the same values.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { BadInputError, Warnings, formatProblem } from '../../pipeline/errors.ts';
import { readStudyExport } from '../../pipeline/ingest/index.ts';
import { STUDY_JSON_KEYS, TABLES, invalidMessage, type ColumnDeclaration, type TableDeclaration } from '../../pipeline/ingest/columns.ts';
import { TABLE_NAMES } from '../../pipeline/ingest/tables.ts';
import { CODEBOOK_CSV_FILE, CODEBOOK_SCHEMA_FILE, CONTRACT_FILE, codebookCsv, codebookSchema, withContractTables } from '../../pipeline/ingest/codebook.ts';
import * as msg from '../../pipeline/ingest/catalogue.ts';
import { VALID_JSONL, cleanup, tempDir } from './helpers.ts';

afterAll(cleanup);

const tables = TABLES as readonly TableDeclaration[];
type Row = Record<string, unknown>;

function rowsOf(table: string): Row[] {
  return readFileSync(join(VALID_JSONL, `${table}.jsonl`), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Row);
}

function csvText(header: string[], rows: Row[]): string {
  const field = (v: unknown) => {
    const s = v === undefined || v === null ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header.join(','), ...rows.map((r) => header.map((h) => field(r[h])).join(','))].join('\n') + '\n';
}

/** The valid JSONL export with one table rewritten as CSV (header `columns`, rows `rows`). */
function exportWith(table: string, columns: string[], rows: Row[]): string {
  const dir = tempDir('codebook-');
  cpSync(VALID_JSONL, dir, { recursive: true });
  writeFileSync(join(dir, `${table}.jsonl`), rows.map((r) => JSON.stringify(Object.fromEntries(columns.map((c) => [c, r[c]])))).join('\n') + '\n');
  return dir;
}

function exportWithCsv(table: string, columns: string[], rows: Row[]): string {
  const dir = exportWith(table, columns, rows);
  rmSync(join(dir, `${table}.jsonl`));
  writeFileSync(join(dir, `${table}.csv`), csvText(columns, rows));
  return dir;
}

async function problems(dir: string): Promise<string[]> {
  try {
    await readStudyExport(dir, new Warnings());
    return [];
  } catch (err) {
    if (err instanceof BadInputError) return err.problems.map(formatProblem);
    throw err;
  }
}

/** Values each declared type must refuse, with the message the declaration gives. */
function badValues(col: ColumnDeclaration): unknown[] {
  switch (col.type) {
    case 'integer':
      return [...(col.max === undefined ? [] : [String(col.max + 1)]), ...(col.min === undefined ? [] : [String(col.min - 1)]), '2.5', 'x'];
    case 'number':
      return [String((col.max ?? 0) + 0.5), String((col.min ?? 0) - 0.5), 'high', 'NaN'];
    case 'boolean':
      return ['maybe', 2];
    case 'category':
      return ['not-a-value'];
    case 'text':
      return [true];
  }
}

describe('the codebook files are current', () => {
  it(`${CODEBOOK_SCHEMA_FILE}, ${CODEBOOK_CSV_FILE} and the tables of ${CONTRACT_FILE} are what the declarations give (npm run reproduce writes them)`, () => {
    expect(readFileSync(CODEBOOK_SCHEMA_FILE, 'utf8')).toBe(codebookSchema());
    expect(readFileSync(CODEBOOK_CSV_FILE, 'utf8')).toBe(codebookCsv());
    const contract = readFileSync(CONTRACT_FILE, 'utf8');
    expect(contract).toBe(withContractTables(contract));
  });

  it('declares exactly the tables of the contract, in order, one row of codebook.csv per column', () => {
    expect(tables.map((t) => t.name)).toEqual([...TABLE_NAMES]);
    const lines = codebookCsv().trim().split('\n');
    expect(lines.length - 1).toBe(tables.reduce((s, t) => s + t.columns.length, 0) + STUDY_JSON_KEYS.length);
    // The study.json keys the contract promises (docs/CONTRACT.md, "study.json"), written out here so
    // that a key dropped from the declarations, or a row not written, is caught.
    expect(lines.filter((l) => l.startsWith('study.json,')).map((l) => l.split(',')[2])).toEqual(['name', 'description', 'synthetic', 'source', 'public']);
  });
});

describe('ingest enforces each declaration', () => {
  for (const table of tables) {
    const base = rowsOf(table.name);
    const names = table.columns.map((c) => c.name);
    for (const col of table.columns) {
      it(`${table.name}.${col.name}: bad values get "${invalidMessage(col)}"`, async () => {
        for (const bad of badValues(col)) {
          const rows = base.map((r, i) => (i === 0 ? { ...r, [col.name]: bad } : r));
          const found = await problems(exportWith(table.name, names, rows));
          expect(found).toContain(`${table.name}.jsonl:1: ${col.name}: ${invalidMessage(col)} (${JSON.stringify(String(bad))})`);
        }
      });

      it(`${table.name}.${col.name}: an empty value is ${col.required ? 'refused' : 'accepted'}${col.mayBeAbsent ? ', and the column may be left out' : ''}`, async () => {
        const rows = base.map((r, i) => (i === 0 ? { ...r, [col.name]: '' } : r));
        const found = await problems(exportWith(table.name, names, rows));
        if (col.required) expect(found).toContain(`${table.name}.jsonl:1: ${col.name}: ${msg.MISSING_VALUE}`);
        else expect(found).toEqual([]);
        const without = names.filter((n) => n !== col.name);
        const dropped = await problems(exportWithCsv(table.name, without, base));
        if (col.mayBeAbsent) expect(dropped).toEqual([]);
        else expect(dropped).toContain(`${table.name}.csv:1: ${col.name}: ${msg.MISSING_COLUMN}`);
      });

      if (col.references) {
        it(`${table.name}.${col.name} must name a ${col.references}`, async () => {
          const rows = base.map((r, i) => (i === 0 ? { ...r, [col.name]: 'no-such-id' } : r));
          const found = await problems(exportWith(table.name, names, rows));
          const [target, key] = col.references!.split('.');
          expect(found.join('\n')).toMatch(new RegExp(`^${table.name}\\.jsonl:1: ${col.name}: no such ${key} in ${target} \\("no-such-id"\\)$`, 'm'));
        });
      }
    }

    it(`${table.name}: ${table.keys.length ? `the key${table.keys.length > 1 ? 's' : ''} ${table.keys.map((k) => k.join(' + ')).join(', ')} must be unique` : 'has no key: a repeated row is accepted'}`, async () => {
      const found = await problems(exportWith(table.name, names, [...base, base[0]]));
      if (table.keys.length === 0) expect(found).toEqual([]);
      else expect(found.some((p) => p.startsWith(`${table.name}.jsonl:${base.length + 1}:`) && /duplicate|already has|more than once/.test(p))).toBe(true);
    });
  }
});

describe('the JSON Schema agrees with ingest', () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const schema = JSON.parse(codebookSchema());
  ajv.addSchema(schema);

  it('every row ingest reads from the valid fixture validates', async () => {
    const read = await readStudyExport(VALID_JSONL, new Warnings());
    for (const table of tables) {
      const validate = ajv.getSchema(`${schema.$id}#/$defs/${table.name}`)!;
      const rows = read[table.name as keyof typeof read] as unknown as Row[];
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(validate(row), JSON.stringify(validate.errors)).toBe(true);
    }
    expect(ajv.getSchema(`${schema.$id}#/$defs/study.json`)!(read.meta)).toBe(true);
  });

  it('refuses what ingest refuses: out-of-range numbers, unknown categories, missing required values', () => {
    for (const table of tables) {
      const validate = ajv.getSchema(`${schema.$id}#/$defs/${table.name}`)!;
      const typed = { ...rowsOf(table.name)[0] };
      for (const col of table.columns) {
        if (col.type === 'integer' || col.type === 'number') typed[col.name] = col.min ?? 1;
        if (col.type === 'boolean') typed[col.name] = true;
        if (col.type === 'text') typed[col.name] = 'x';
      }
      delete typed.cohort;
      expect(validate(typed), `${table.name}: ${JSON.stringify(validate.errors)}`).toBe(true);
      for (const col of table.columns) {
        const bad: unknown[] = col.type === 'category' ? ['not-a-value'] : col.type === 'boolean' ? ['maybe'] : col.type === 'text' ? [true] : [];
        if (col.max !== undefined) bad.push(col.max + 1);
        if (col.min !== undefined) bad.push(col.min - 1);
        if (col.type === 'integer') bad.push(1.5);
        for (const v of bad) expect(validate({ ...typed, [col.name]: v }), `${table.name}.${col.name} = ${String(v)}`).toBe(false);
        expect(validate({ ...typed, [col.name]: null }), `${table.name}.${col.name} = null`).toBe(!col.required);
      }
    }
  });
});
