/**
 * Writing one file of an output: synchronous writes of whole buffers, hashed as they go, so the
 * marker can list the file's size and SHA-256 without reading it back. The fault hook (fault.ts)
 * can make a write fail as a full or read-only disk would. Errors are thrown as the file system
 * gives them; the output folder (folder.ts) words them.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { injectedWriteFault } from './fault.ts';

/** A file being written; `close` returns its size and SHA-256; `abort` just closes it. */
export interface FileSink {
  write(data: string | Uint8Array): void;
  close(): { bytes: number; sha256: string };
  abort(): void;
}

/**
 * Opens `path` for writing (its folder is made first; the mode is 0666 less the umask, like any
 * program's files).
 *
 * @example
 * const sink = openSink('/tmp/out/messages.jsonl'); sink.write('{"turn":1}\n'); sink.close() // { bytes: 11, sha256: '…' }
 */
export function openSink(path: string): FileSink {
  const fault = injectedWriteFault(path);
  if (fault) throw fault;
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  const hash: Hash = createHash('sha256');
  let bytes = 0;
  let open = true;
  return {
    write(data) {
      const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      const fault = injectedWriteFault(path);
      if (fault) throw fault;
      let offset = 0;
      while (offset < buffer.length) offset += writeSync(fd, buffer, offset);
      hash.update(buffer);
      bytes += buffer.length;
    },
    close() {
      if (!open) throw new Error(`${path} was closed already`);
      open = false;
      closeSync(fd);
      return { bytes, sha256: hash.digest('hex') };
    },
    abort() {
      if (!open) return;
      open = false;
      try {
        closeSync(fd);
      } catch {
        // the file is removed with its folder
      }
    },
  };
}
