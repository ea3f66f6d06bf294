/**
 * Parsing of single cells, shared by CSV (always text) and JSONL (text, numbers, booleans or
 * null). "Empty = missing" (docs/CONTRACT.md): an empty or all-blank string, `null` or an absent key
 * is `null`. A value that cannot be read returns `INVALID`, and the caller words the problem.
 * Hand-written character loops instead of regexes: these run once per cell of millions of rows.
 */

/** A cell as read: CSV gives strings, JSONL any JSON value, an absent column `undefined`. */
export type RawValue = unknown;

export const INVALID: unique symbol = Symbol('invalid');
export type Invalid = typeof INVALID;

/** True when the cell is missing (absent, null, or blank text). */
export function isMissing(v: RawValue): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v !== 'string') return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/**
 * Text of an identifier-like cell: strings as they are, JSON numbers as their decimal text.
 * Example: `textCell('p1')` → `'p1'`; `textCell('')` → `null`; `textCell(true)` → `INVALID`.
 */
export function textCell(v: RawValue): string | null | Invalid {
  if (isMissing(v)) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return INVALID;
}

/**
 * An integer: JSON integers, or text of optional sign and decimal digits only.
 * Example: `integerCell('3')` → `3`; `integerCell('3.5')` → `INVALID`; `integerCell(' ')` → `null`.
 */
export function integerCell(v: RawValue): number | null | Invalid {
  if (isMissing(v)) return null;
  if (typeof v === 'number') return Number.isInteger(v) ? v : INVALID;
  if (typeof v !== 'string') return INVALID;
  const s = v.trim();
  let i = s.charCodeAt(0) === 43 || s.charCodeAt(0) === 45 ? 1 : 0;
  if (i >= s.length) return INVALID;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return INVALID;
  }
  return Number(s);
}

/**
 * A finite decimal number (digits, one point, optional sign and exponent); no hex, no Infinity.
 * Example: `numberCell('2.6666666666666665')` → `2.6666666666666665`; `numberCell('NaN')` → `INVALID`.
 */
export function numberCell(v: RawValue): number | null | Invalid {
  if (isMissing(v)) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : INVALID;
  if (typeof v !== 'string') return INVALID;
  const s = v.trim();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // digits . + - e E
    if (!((c >= 48 && c <= 57) || c === 46 || c === 43 || c === 45 || c === 101 || c === 69)) return INVALID;
  }
  const n = Number(s);
  return Number.isFinite(n) ? n : INVALID;
}

/**
 * A boolean: `true`/`false` or `1`/`0` (text, JSON booleans or JSON 0/1); case-insensitive text.
 * Example: `booleanCell('TRUE')` → `true`; `booleanCell('0')` → `false`; `booleanCell('yes')` → `INVALID`.
 */
export function booleanCell(v: RawValue): boolean | null | Invalid {
  if (isMissing(v)) return null;
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v !== 'string') return INVALID;
  const s = v.trim().toLowerCase();
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  return INVALID;
}
