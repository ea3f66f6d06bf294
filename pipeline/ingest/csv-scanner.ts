/**
 * A streaming RFC 4180 record scanner: text in (any chunking), records out, each with the physical
 * line where it starts. Quoted fields may hold commas, doubled quotes and line breaks; records end
 * at LF or CRLF; a BOM is dropped; empty lines are skipped; the last record needs no final newline.
 * Errors stop the scan, as in csv-parse's strict mode: a quote inside an unquoted field, text
 * after a closing quote, a quote never closed.
 *
 * Why not csv-parse itself: on a 100× export (12 million records) csv-parse's per-character state
 * machine took about 2.5× the whole budget of issue 2; this scanner does the same job with
 * `indexOf` and `slice` on decoded chunks. tests/ingest/csv-scanner.test.ts checks that it yields
 * exactly csv-parse's records and start lines on random RFC 4180 text.
 */

export interface CsvSyntaxError {
  /** Physical line where the faulty record starts. */
  line: number;
  message: string;
}

export const CSV_QUOTE_IN_UNQUOTED_FIELD = 'a quote inside an unquoted field (quote the whole field and double the quote)';
export const CSV_TEXT_AFTER_CLOSING_QUOTE = 'text after a closing quote (a quote inside a quoted field must be doubled)';
export const CSV_QUOTE_NOT_CLOSED = 'a quoted field is never closed';

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Sentinel: the record continues past the text seen so far. */
const NEED_MORE = -1;

export class CsvScanner {
  private pending = '';
  private line = 1;
  private started = false;
  private failed: CsvSyntaxError | null = null;

  /** The one fields array handed out for every record when `reuseFields` is set. */
  private readonly shared: string[] = [];

  /**
   * `onRecord` receives each record's fields and its start line. With `reuseFields` the same array
   * is refilled for every record (the caller reads it and never keeps it): 12 million records of a
   * 100× export then allocate no array each.
   */
  constructor(
    private readonly onRecord: (fields: string[], line: number) => void,
    private readonly reuseFields = false,
  ) {}

  /** Characters held for a record not finished yet (the caller bounds it: ingest/limits.ts). */
  get pendingLength(): number {
    return this.pending.length;
  }

  /** The physical line where the next record (or the one being held) starts. */
  get currentLine(): number {
    return this.line;
  }

  /** Scans `text` (and any carried-over part); `final` marks the end of the input. */
  push(text: string, final: boolean): CsvSyntaxError | null {
    if (this.failed) return this.failed;
    let s = this.pending === '' ? text : this.pending + text;
    if (!this.started && s.length > 0) {
      this.started = true;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    const n = s.length;
    let i = 0;
    while (i < n) {
      const c0 = s.charCodeAt(i);
      if (c0 === LF) {
        i++;
        this.line++;
        continue;
      }
      if (c0 === CR && (i + 1 < n ? s.charCodeAt(i + 1) === LF : !final)) {
        if (i + 1 >= n) break; // a CR at the end of the chunk: wait for what follows
        i += 2;
        this.line++;
        continue;
      }
      const end = this.record(s, i, n, final);
      if (end === NEED_MORE) break;
      if (this.failed) return this.failed;
      i = end;
    }
    this.pending = i < n ? s.slice(i) : '';
    if (final && this.pending !== '') {
      // only reachable when the input ends inside a quoted field
      this.failed = { line: this.line, message: CSV_QUOTE_NOT_CLOSED };
    }
    return this.failed;
  }

  /** Scans one record at `start`; returns the index after it, or NEED_MORE. */
  private record(s: string, start: number, n: number, final: boolean): number {
    // Filled by position and cut to length at the end: emptying a reused array would drop its storage.
    const fields: string[] = this.reuseFields ? this.shared : [];
    let count = 0;
    let newlines = 0;
    let i = start;
    for (;;) {
      let value: string;
      if (s.charCodeAt(i) === QUOTE) {
        let from = i + 1;
        value = '';
        for (;;) {
          const q = s.indexOf('"', from);
          if (q === -1 || (q + 1 === n && !final)) {
            if (final) {
              this.failed = { line: this.line, message: CSV_QUOTE_NOT_CLOSED };
              return n;
            }
            return NEED_MORE;
          }
          if (s.charCodeAt(q + 1) === QUOTE) {
            value += s.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          value += s.slice(from, q);
          i = q + 1;
          break;
        }
        for (let at = value.indexOf('\n'); at !== -1; at = value.indexOf('\n', at + 1)) newlines++;
        if (i < n) {
          const c = s.charCodeAt(i);
          const crlf = c === CR && (i + 1 < n ? s.charCodeAt(i + 1) === LF : !final);
          if (c !== COMMA && c !== LF && !crlf) {
            this.failed = { line: this.line, message: CSV_TEXT_AFTER_CLOSING_QUOTE };
            return n;
          }
        }
      } else {
        let j = i;
        while (j < n) {
          const c = s.charCodeAt(j);
          if (c === COMMA || c === LF) break;
          if (c === QUOTE) {
            this.failed = { line: this.line, message: CSV_QUOTE_IN_UNQUOTED_FIELD };
            return n;
          }
          j++;
        }
        if (j === n && !final) return NEED_MORE;
        // a CR right before the LF belongs to the CRLF record end
        value = s.slice(i, j < n && j > i && s.charCodeAt(j - 1) === CR ? j - 1 : j);
        i = j;
      }
      fields[count++] = value;
      if (i >= n) {
        if (!final) return NEED_MORE;
        break;
      }
      const c = s.charCodeAt(i);
      if (c === COMMA) {
        i++;
        if (i === n && !final) return NEED_MORE;
        if (i === n) {
          fields[count++] = '';
          break;
        }
        continue;
      }
      // LF or CRLF ends the record
      if (c === CR && i + 1 >= n) {
        if (!final) return NEED_MORE;
        i += 1;
      } else i += c === CR ? 2 : 1;
      newlines++;
      break;
    }
    if (fields.length !== count) fields.length = count;
    this.onRecord(fields, this.line);
    this.line += newlines;
    return i;
  }
}
