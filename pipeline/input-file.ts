/**
 * Opening an input file safely. Only a regular file is read: a FIFO in a table's place would
 * block the reader forever waiting for a writer, a device such as /dev/zero never ends, and a
 * folder or socket is no table. The file is opened with O_NONBLOCK (so opening a FIFO returns at
 * once instead of waiting) and its type checked on the open descriptor (fstat), so a file swapped
 * for a FIFO between a check and the open cannot slip through. A symbolic link is followed to
 * what it names; a loop of links is refused (ELOOP) like any other unreadable file.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { errnoWords } from './errno.ts';

/**
 * Whether an entry of that name is there, whatever it is: a symbolic link is not followed (a broken
 * one is there), and an entry that cannot be looked at counts as absent. A FIFO or a broken link
 * found here is refused, located, when it is read.
 *
 * @example
 * entryExists('data/synthetic/messages.csv') // true
 */
export function entryExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Why an input file was not read, in words (`a named pipe (FIFO), not a regular file`). */
export class InputFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InputFileError';
  }
}

/**
 * What a file system entry is, in words, for a message.
 *
 * @example
 * fileKind(statSync('/dev/zero')) // 'a character device'
 */
export function fileKind(st: Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/**
 * Opens `path` for reading if it is a regular file; returns the descriptor and the size. Throws
 * InputFileError naming what is there instead, or why it cannot be opened.
 *
 * @example
 * const { fd, size } = openRegularFile('data/synthetic/study.json'); // size 510
 * openRegularFile('/dev/zero') // throws InputFileError('a character device, not a regular file')
 */
export function openRegularFile(path: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    // A socket cannot be opened at all (ENXIO): say what it is rather than why open failed.
    let st: Stats | null = null;
    try {
      st = statSync(path);
    } catch {
      // the open's own error says it
    }
    if (st !== null && !st.isFile()) throw new InputFileError(`${fileKind(st)}, not a regular file`, { cause: err });
    throw new InputFileError(`cannot open the file: ${errnoWords(err)}`, { cause: err });
  }
  let st: Stats;
  try {
    st = fstatSync(fd);
  } catch (err) {
    closeSync(fd);
    throw new InputFileError(`cannot read the file: ${errnoWords(err)}`, { cause: err });
  }
  if (!st.isFile()) {
    closeSync(fd);
    throw new InputFileError(`${fileKind(st)}, not a regular file`);
  }
  return { fd, size: st.size };
}

/**
 * The bytes of a regular file of at most `maxBytes` (study.json, the preregistration, a
 * reliability.json); anything else throws InputFileError saying why.
 *
 * @example
 * readRegularFile('data/synthetic/study.json', 1 << 20).length // 510
 */
export function readRegularFile(path: string, maxBytes: number): Buffer {
  const { fd, size } = openRegularFile(path);
  try {
    if (size > maxBytes) throw new InputFileError(`the file has ${size} bytes, more than the limit of ${maxBytes}`);
    // Read to the end rather than trusting the size: the file may grow while it is read.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(Math.max(size, 4096), maxBytes + 1 - total) || 1);
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      chunks.push(buffer.subarray(0, n));
      total += n;
      if (total > maxBytes) throw new InputFileError(`the file has more than ${maxBytes} bytes, the limit`);
    }
    return Buffer.concat(chunks, total);
  } catch (err) {
    if (err instanceof InputFileError) throw err;
    throw new InputFileError(`cannot read the file: ${errnoWords(err)}`, { cause: err });
  } finally {
    closeSync(fd);
  }
}
