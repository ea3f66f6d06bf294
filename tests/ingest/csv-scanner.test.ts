/**
 * The CSV scanner against csv-parse (the reference RFC 4180 parser of the project's dependencies):
 * on random RFC 4180 text — quoted fields with commas, doubled quotes, LF and CRLF line breaks,
 * emoji, a BOM, blank lines, with or without a final newline — fed in random chunks, it yields
 * exactly csv-parse's records, and each record's start line is the physical line the generator
 * put it on.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { CsvScanner, CSV_QUOTE_IN_UNQUOTED_FIELD, CSV_QUOTE_NOT_CLOSED, CSV_TEXT_AFTER_CLOSING_QUOTE } from '../../pipeline/ingest/csv-scanner.ts';

function scan(text: string, cuts: number[] = []) {
  const records: { fields: string[]; line: number }[] = [];
  const scanner = new CsvScanner((fields, line) => records.push({ fields, line }));
  let from = 0;
  let error = null;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    error ??= scanner.push(text.slice(from, cut), false);
    from = cut;
  }
  error ??= scanner.push(text.slice(from), true);
  return { records, error };
}

const piece = fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r\n', 'é', '😢', '日本', '1.5', 'x y');
const field = fc.array(piece, { maxLength: 6 }).map((p) => p.join(''));
const record = fc.array(field, { minLength: 1, maxLength: 5 });
const csvFile = fc.record({
  records: fc.array(fc.record({ fields: record, quoteAll: fc.boolean(), blankLinesBefore: fc.nat({ max: 2 }) }), { minLength: 1, maxLength: 12 }),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  cuts: fc.array(fc.nat(), { maxLength: 6 }),
});

function quote(f: string, always: boolean): string {
  return always || /[",\r\n]/.test(f) || f === '' ? `"${f.replaceAll('"', '""')}"` : f;
}

describe('CsvScanner', () => {
  it('reads exactly what csv-parse reads, with each record’s start line', () => {
    fc.assert(
      fc.property(csvFile, (file) => {
        const eol = file.crlf ? '\r\n' : '\n';
        let text = file.bom ? '\uFEFF' : '';
        let line = 1;
        const expectedLines: number[] = [];
        file.records.forEach((r, k) => {
          for (let b = 0; b < r.blankLinesBefore; b++) {
            text += eol;
            line++;
          }
          // a lone empty field is quoted so the record is not an empty line
          const body = r.fields.map((f) => quote(f, r.quoteAll || r.fields.length === 1)).join(',');
          expectedLines.push(line);
          text += body + (k < file.records.length - 1 || file.finalNewline ? eol : '');
          line += 1 + (body.match(/\n/g)?.length ?? 0);
        });
        const reference: string[][] = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true });
        const { records, error } = scan(text, file.cuts.map((c) => c % (text.length + 1)));
        expect(error).toBeNull();
        expect(records.map((r) => r.fields)).toEqual(reference);
        expect(records.map((r) => r.line)).toEqual(expectedLines);
      }),
      { numRuns: 400, seed: 4180 },
    );
  });

  it('stops at malformed quoting, naming the record’s line, where csv-parse also refuses', () => {
    const cases: [string, string, number][] = [
      ['a,b\nc,d"e\n', CSV_QUOTE_IN_UNQUOTED_FIELD, 2],
      ['a,b\n"c"d,e\n', CSV_TEXT_AFTER_CLOSING_QUOTE, 2],
      ['a,b\n\n"c,\nd\n', CSV_QUOTE_NOT_CLOSED, 3],
    ];
    for (const [text, message, line] of cases) {
      expect(scan(text).error).toEqual({ line, message });
      expect(() => parse(text, { relax_column_count: true, skip_empty_lines: true })).toThrow();
    }
  });
});
