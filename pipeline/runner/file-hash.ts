/**
 * SHA-256 of input files, each read once per process while it is unchanged.
 *
 * A run needs the hash of every export file several times: for ingest's key, again after ingest
 * ran (did a file move meanwhile?), for the export's folder hash in the report's key (checked again
 * after the report ran) and for manifest.json. On a 100× export that is ~1 GB read and hashed four
 * times. A file is hashed again only when its stat signature (inode, size, mtime, ctime in
 * nanoseconds) differs from the one taken just before it was last read.
 *
 * File times come from a coarse kernel clock, so two writes a few milliseconds apart can leave the
 * same times and size (git's "racy clean" problem). A hash is therefore reused only when the file
 * had not changed for a second before it was read; a file written just before (a test fixture, an
 * export still being written) is hashed every time, as before.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync, type BigIntStats } from 'node:fs';
import { resolve } from 'node:path';

/** What a file hashed to, and its size. */
export interface FileHash {
  sha256: string;
  bytes: number;
}

/** A file older than this (ns) when it was read may have its hash reused while it is unchanged. */
const SETTLED_NS = 1_000_000_000n;

const known = new Map<string, { signature: string; hash: FileHash }>();

function signature(st: BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}

function statOrNull(path: string): BigIntStats | null {
  try {
    return statSync(path, { bigint: true });
  } catch {
    return null;
  }
}

/** Read in 1 MB chunks: a 500 MB messages.csv is never held whole just to be hashed. */
const CHUNK_BYTES = 1024 * 1024;

/** One read buffer for every file hashed (hashing is synchronous): a fresh one per file cost its
 *  pages' first touch each time, which is slow on a virtual machine. */
let chunk: Buffer | null = null;

function hashInChunks(path: string): FileHash {
  const hash = createHash('sha256');
  chunk ??= Buffer.allocUnsafeSlow(CHUNK_BYTES);
  const buffer = chunk;
  const fd = openSync(path, 'r');
  let total = 0;
  try {
    for (let n = readSync(fd, buffer, 0, CHUNK_BYTES, null); n > 0; n = readSync(fd, buffer, 0, CHUNK_BYTES, null)) {
      hash.update(buffer.subarray(0, n));
      total += n;
    }
  } finally {
    closeSync(fd);
  }
  return { sha256: hash.digest('hex'), bytes: total };
}

/**
 * SHA-256 (hex) and size of a file, or null when it does not exist (or is not a regular file).
 *
 * @example
 * fileHash('data/synthetic/study.json') // { sha256: '9c9378a4…', bytes: 510 }, read once while unchanged
 */
export function fileHash(file: string): FileHash | null {
  const path = resolve(file);
  const before = statOrNull(path);
  if (before === null || !before.isFile()) {
    known.delete(path);
    return null;
  }
  const sig = signature(before);
  const remembered = known.get(path);
  if (remembered && remembered.signature === sig) return remembered.hash;
  const hash = hashInChunks(path);
  // Reusable later only if the file had settled before this read and did not change during it.
  const after = statOrNull(path);
  const settled = before.ctimeNs < BigInt(Date.now()) * 1_000_000n - SETTLED_NS;
  if (settled && after !== null && signature(after) === sig) known.set(path, { signature: sig, hash });
  else known.delete(path);
  return hash;
}
