/**
 * UTF-8 checks for streamed files. Node's decoders silently turn bad bytes into U+FFFD, so a file
 * with broken bytes would pass unnoticed; instead each chunk is checked with `buffer.isUtf8`
 * (native, fast) and only a failing chunk is scanned byte by byte to find the lines at fault.
 * Reference: RFC 3629 section 4 (the UTF-8 byte-sequence grammar).
 */
import { isUtf8 } from 'node:buffer';

/**
 * Where a chunk can be cut so that no multi-byte sequence is split: the index of the first byte of
 * an unfinished sequence at the end, or `buf.length` when the chunk ends on a whole character.
 * Example: `completePrefixLength(Buffer.from([0x61, 0xe2, 0x82]))` → `1`.
 */
export function completePrefixLength(buf: Uint8Array): number {
  const end = buf.length;
  for (let back = 1; back <= 3 && back <= end; back++) {
    const b = buf[end - back];
    if (b < 0x80) return end; // ASCII: nothing pending
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return need > back ? end - back : end;
    }
    // a continuation byte: keep looking back for its lead byte
  }
  return end;
}

/**
 * Byte offsets (within `buf`) of every invalid UTF-8 sequence; empty for valid text.
 * Example: `invalidUtf8Offsets(Buffer.from([0x61, 0xff, 0x62]))` → `[1]`.
 */
export function invalidUtf8Offsets(buf: Uint8Array): number[] {
  if (isUtf8(buf)) return [];
  const bad: number[] = [];
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      bad.push(i);
      i++;
      continue;
    }
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    let ok = i + need < buf.length;
    let j = 1;
    for (; ok && j <= need; j++) {
      const c = buf[i + j];
      if (c === undefined || (c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    // overlong forms, UTF-16 surrogates and code points above U+10FFFF are invalid too
    if (ok && (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)) ok = false;
    if (ok) i += need + 1;
    else {
      bad.push(i);
      i++;
    }
  }
  return bad;
}
