/**
 * The shared CSV field writer: OWASP's CSV-injection rule (a text cell beginning with =, +, -, @,
 * tab or carriage return gets a single quote in front and is quoted), RFC 4180 quoting, numbers
 * untouched. Each field is read back with csv-parse, an independent RFC 4180 reader.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvField, csvRow, neutraliseFormula } from '../../pipeline/escape/csv.ts';
import { taggedMessagesCsv } from '../../pipeline/reliability/taggerValidity.ts';

/** Hostile cells from OWASP's CSV Injection page and the issue that reported them. */
const HOSTILE = [
  '=HYPERLINK("http://evil.example","click")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  '@SUM(1+1)*cmd|\' /C calc\'!A0',
  '\t=1+1',
  '\r=1+1',
  '=1+1',
];

function readBack(line: string): string[] {
  return parse(line, { relax_quotes: false })[0] as string[];
}

describe('csvField', () => {
  it.each(HOSTILE)('puts a single quote before text that begins like a formula, and quotes it: %j', (text) => {
    const field = csvField(text);
    expect(field.startsWith(`"'`)).toBe(true);
    expect(readBack(field)).toEqual([`'${text}`]);
  });

  it('leaves numbers untouched: a negative number stays a number', () => {
    expect(csvField(-0.5)).toBe('-0.5');
    expect(csvField(-1e-300)).toBe('-1e-300');
    expect(csvField(0)).toBe('0');
    expect(csvField(true)).toBe('true');
    expect(csvRow([-0.5, -2, null, undefined])).toBe('-0.5,-2,,');
  });

  it('leaves ordinary text alone and quotes only what RFC 4180 asks (and space at either end)', () => {
    expect(csvField('coach - control')).toBe('coach - control');
    expect(csvField('H4.advice_giving.coach_vs_video')).toBe('H4.advice_giving.coach_vs_video');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(' padded ')).toBe('" padded "');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('')).toBe('');
  });

  it('neutraliseFormula changes only text that begins with one of the six', () => {
    expect(neutraliseFormula('a=b')).toBe('a=b');
    expect(neutraliseFormula('-')).toBe("'-");
    expect(neutraliseFormula("'=x")).toBe("'=x");
  });

  it('any text reads back as itself, or with one quote in front when it begins like a formula', () => {
    // Text made of the characters that matter here: the six formula starts, CSV's own, and others.
    const char = fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', ' ', "'", '|', 'a', '1', 'é', '\u0000');
    fc.assert(
      fc.property(fc.array(fc.string({ unit: char, maxLength: 12 }), { minLength: 1, maxLength: 5 }), (cells) => {
        const back = readBack(csvRow(cells) + '\n');
        expect(back).toEqual(cells.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c)));
        for (const c of back) expect(c).not.toMatch(/^[=+\-@\t\r]/);
      }),
      { numRuns: 200, seed: 20261126 },
    );
  });
});

describe('tagged_messages.csv', () => {
  it('writes a hostile conversation id inert, the turn as a number', () => {
    const csv = taggedMessagesCsv([
      { conversation_id: "+cmd|' /C calc'!A0", turn: 2, tags: [{ subcomponent: 'encouraging_elaboration', category: 'cognitive' }] },
      { conversation_id: '=HYPERLINK("http://evil.example")', turn: 4, tags: [] },
    ] as Parameters<typeof taggedMessagesCsv>[0]);
    expect(csv).toBe(
      'conversation_id,turn,subcomponent,category\n' +
        `"'+cmd|' /C calc'!A0",2,encouraging_elaboration,cognitive\n` +
        `"'=HYPERLINK(""http://evil.example"")",4,,\n`,
    );
  });
});
