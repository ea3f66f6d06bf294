/**
 * The one CSV field writer of every table the pipeline writes for people to open (results.csv,
 * tagged_messages.csv, the scored tables, docs/codebook.csv): RFC 4180 quoting, and text made
 * inert in a spreadsheet.
 *
 * The spreadsheet rule is OWASP's for CSV injection ("CSV Injection", OWASP Foundation): a text
 * cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return would be read by Excel,
 * LibreOffice or Google Sheets as a formula (`=HYPERLINK(…)`, `+cmd|' /C calc'!A0`), so it gets a
 * single quote in front and is quoted. Only text is changed: a number is written as JavaScript's
 * shortest round-trip form, so `-0.5` stays `-0.5` and reads back as the same double. A text cell is
 * quoted when it holds a comma, a double quote, CR or LF, has space at either end (so no reader
 * trims it), or was neutralised; double quotes inside are doubled.
 *
 * The simulator's export (pipeline/simulate/csv.ts) is not written with this: it is the pipeline's
 * own input format, read back by ingest, so a prefix would change its data; it holds only simulated
 * text.
 */

/** A cell of a CSV row: text, a number, a flag, or missing (an empty field). */
export type CsvCell = string | number | boolean | null | undefined;

/** First characters a spreadsheet takes as the start of a formula (OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Text made inert in a spreadsheet: a single quote before text that begins like a formula; any
 * other text unchanged (the caller still quotes it for CSV).
 *
 * @example
 * neutraliseFormula('=HYPERLINK("http://x")'); // `'=HYPERLINK("http://x")`
 * neutraliseFormula('coach - control');        // 'coach - control'
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * One CSV field: missing as empty, numbers and flags as JavaScript prints them, text neutralised
 * (neutraliseFormula) and quoted as RFC 4180 asks.
 *
 * @example
 * csvField(-0.5);                       // '-0.5'
 * csvField("+cmd|' /C calc'!A0");       // `"'+cmd|' /C calc'!A0"`
 * csvField('Oh no, I am "sorry".');     // '"Oh no, I am ""sorry""."'
 * csvField(null);                       // ''
 */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = neutraliseFormula(value);
  return text !== value || NEEDS_QUOTES.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One CSV line (no line break) of cells.
 *
 * @example
 * csvRow(['=1+1', -2, null, 'a,b']); // `"'=1+1",-2,,"a,b"`
 */
export function csvRow(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(',');
}
