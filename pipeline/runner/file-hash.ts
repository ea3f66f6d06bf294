/**
 * SHA-256 of input files. A run hashes each export file several times (ingest's key, the check
 * after ingest ran, the export's folder hash in the report's key and its check, manifest.json):
 * each time the file is read again, so what is checked is always the bytes on disk.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** What a file hashed to, and its size. */
export interface FileHash {
  sha256: string;
  bytes: number;
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
 * fileHash('data/synthetic/study.json') // { sha256: '9c9378a4…', bytes: 510 }
 */
export function fileHash(file: string): FileHash | null {
  try {
    if (!statSync(file).isFile()) return null;
  } catch {
    return null;
  }
  return hashInChunks(file);
}
