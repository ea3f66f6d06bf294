/**
 * Streams a file in large chunks cut on whole UTF-8 characters, reporting every line that holds
 * invalid UTF-8 bytes as a problem (file and physical line). Memory stays at one chunk however
 * big the file: the big tables of a 100× export are never held as one string.
 */
import { createReadStream } from 'node:fs';
import { openRegularFile } from '../input-file.ts';
import type { ProblemList } from './problems.ts';
import { INVALID_UTF8 } from './catalogue.ts';
import { completePrefixLength, invalidUtf8Offsets } from './utf8.ts';

const CHUNK_BYTES = 1 << 20;

/** Counts line feeds in `buf[from, to)`. */
export function countLineFeeds(buf: Uint8Array, from = 0, to = buf.length): number {
  let n = 0;
  let i = from;
  for (;;) {
    const at = (buf as Buffer).indexOf(10, i);
    if (at === -1 || at >= to) return n;
    n++;
    i = at + 1;
  }
}

/**
 * Calls `onChunk` with each chunk of `path` in order, every chunk ending on a whole character.
 * `onChunk` returns false to stop reading. Invalid UTF-8 is reported once per line as
 * `label:line: invalid UTF-8 bytes on this line`; the chunk is still passed on (decoders then see
 * U+FFFD), so the other problems of the file are found too. Only a regular file is read
 * (input-file.ts): anything else throws InputFileError before a byte is read.
 */
export async function readUtf8Chunks(path: string, label: string, problems: ProblemList, onChunk: (chunk: Buffer) => boolean): Promise<void> {
  let carry: Buffer | null = null;
  let lineAtStart = 1;
  let lastBadLine = 0;
  const check = (chunk: Buffer): void => {
    const bad = invalidUtf8Offsets(chunk);
    let line = lineAtStart;
    let from = 0;
    for (const offset of bad) {
      line += countLineFeeds(chunk, from, offset);
      from = offset;
      if (line !== lastBadLine) problems.add(label, line, null, INVALID_UTF8);
      lastBadLine = line;
    }
    lineAtStart += countLineFeeds(chunk);
  };
  const { fd } = openRegularFile(path);
  const stream = createReadStream('', { fd, highWaterMark: CHUNK_BYTES });
  try {
    for await (const piece of stream) {
      let chunk: Buffer = carry ? Buffer.concat([carry, piece as Buffer]) : (piece as Buffer);
      const cut = completePrefixLength(chunk);
      carry = cut < chunk.length ? chunk.subarray(cut) : null;
      chunk = chunk.subarray(0, cut);
      if (chunk.length === 0) continue;
      check(chunk);
      if (!onChunk(chunk)) return;
    }
    if (carry) {
      // an unfinished multi-byte character at the very end of the file
      check(carry);
      onChunk(carry);
    }
  } finally {
    stream.destroy();
  }
}
