/**
 * The content digest of a stage output: a SHA-256 over what the value means, not over how V8
 * happens to hold it. v8.serialize writes an integer-valued number as int32 or as double depending
 * on the hidden class of the object holding it, which can differ between two runs of the same code;
 * a digest of those bytes could flip and rerun stages for nothing. So the digest is taken over JSON
 * text (numbers printed the shortest round-trip way), in chunks so that a table of millions of rows
 * never becomes one string.
 *
 * JSON's limits are the digest's: -0 hashes like 0, and NaN or ±Infinity like null. The stages'
 * outputs hold no NaN by contract (missing is null). Binary data (rendered PNGs) may appear only as
 * the value of an object member, and is hashed byte for byte.
 */
import { createHash, type Hash } from 'node:crypto';

/** Rows per JSON chunk: large enough for JSON.stringify's speed, small enough for memory. */
const CHUNK_ROWS = 20_000;

/**
 * SHA-256 (hex) of the meaning of a JSON-like value; Uint8Array members are hashed as bytes.
 * Member order counts (the stages build their outputs in a fixed order).
 *
 * @example
 * outputDigest({ n: 3 }) === outputDigest(JSON.parse('{"n":3.0}')) // true
 * outputDigest({ png: new Uint8Array([1, 2]) }).length // 64
 */
export function outputDigest(value: unknown): string {
  const hash = createHash('sha256');
  feed(hash, value);
  return hash.digest('hex');
}

/** Text as its UTF-8 bytes: the bytes `hash.update(text)` hashes, but converted first, which is
 *  about five times faster for long texts with characters beyond Latin-1 (Node 20). */
function text(hash: Hash, value: string): void {
  hash.update(Buffer.from(value, 'utf8'));
}

function feed(hash: Hash, value: unknown): void {
  if (value instanceof Uint8Array) {
    hash.update(`<bytes ${value.length}>`);
    hash.update(value);
  } else if (Array.isArray(value)) {
    hash.update(`[${value.length}:`);
    for (let start = 0; start < value.length; start += CHUNK_ROWS) text(hash, JSON.stringify(value.slice(start, start + CHUNK_ROWS)));
    hash.update(']');
  } else if (value !== null && typeof value === 'object') {
    hash.update('{');
    for (const key of Object.keys(value)) {
      const member = (value as Record<string, unknown>)[key];
      if (member === undefined) continue;
      text(hash, `${JSON.stringify(key)}:`);
      feed(hash, member);
      hash.update(',');
    }
    hash.update('}');
  } else {
    text(hash, JSON.stringify(value) ?? 'undefined');
  }
}
