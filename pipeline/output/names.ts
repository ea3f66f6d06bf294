/**
 * The names the pipeline gives its own files beside and inside an output folder, so that it can
 * recognise them later and nothing else: the marker inside every output folder, and the temporary
 * folders beside --out (`new`: an output being written; `old`: the previous output moved aside
 * while the new one takes its place). A temporary name carries the writer's host (a hash of its
 * name: a folder shared over the network may hold another machine's), process id and a random
 * nonce, so a later run can tell a live writer's folder from one a killed process left behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** The marker file the pipeline writes into every output folder (marker.ts). */
export const MARKER_FILE = '.lend-an-ear-output.json';

/** `new`: an output folder being written; `old`: the previous output, moved aside to be removed. */
export type TempKind = 'new' | 'old';

/** Who wrote a temporary folder: host tag, process id, nonce. */
export interface WriterId {
  host: string;
  pid: number;
  nonce: string;
}

/** A temporary folder of the pipeline's found beside an output folder. */
export interface TempFolder {
  kind: TempKind;
  writer: WriterId;
  /** 0 for the first previous output moved aside; 1, 2, … when a concurrent writer's was too. */
  attempt: number;
  path: string;
}

/**
 * The first 8 hex digits of the SHA-256 of this machine's host name.
 *
 * @example
 * hostTag() // e.g. '3f9a1c07'
 */
export function hostTag(): string {
  return createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
}

/** A fresh identity for one writer (this process, a random nonce). */
export function newWriterId(): WriterId {
  return { host: hostTag(), pid: process.pid, nonce: randomBytes(4).toString('hex') };
}

/** The folder's name as it appears in its temporaries: itself, or a hash when it is long (a
 *  file name has at most 255 bytes, and the temporaries add about 50). */
function baseTag(base: string): string {
  return Buffer.byteLength(base) <= 150 ? base : `#${createHash('sha256').update(base).digest('hex').slice(0, 16)}`;
}

/**
 * The path of a temporary folder beside `out` (an absolute, resolved path).
 *
 * @example
 * tempPath('/home/ana/results', 'new', { host: '3f9a1c07', pid: 4242, nonce: '0badcafe' })
 * // '/home/ana/.results.lend-an-ear-new-3f9a1c07-4242-0badcafe'
 */
export function tempPath(out: string, kind: TempKind, writer: WriterId, attempt = 0): string {
  const suffix = attempt > 0 ? `-${attempt}` : '';
  return join(dirname(out), `.${baseTag(basename(out))}.lend-an-ear-${kind}-${writer.host}-${writer.pid}-${writer.nonce}${suffix}`);
}

const TEMP_TAIL = /^lend-an-ear-(new|old)-([0-9a-f]{8})-(\d{1,10})-([0-9a-f]{8})(?:-(\d{1,3}))?$/;

/**
 * Reads a name found beside `out` as one of the pipeline's temporary folders for `out`, or null.
 *
 * @example
 * parseTempName('.results.lend-an-ear-old-3f9a1c07-4242-0badcafe', '/home/ana/results')
 * // { kind: 'old', writer: { host: '3f9a1c07', pid: 4242, nonce: '0badcafe' }, attempt: 0, path: '/home/ana/.results.lend-an-ear-old-…' }
 */
export function parseTempName(name: string, out: string): TempFolder | null {
  const prefix = `.${baseTag(basename(out))}.`;
  if (!name.startsWith(prefix)) return null;
  const match = TEMP_TAIL.exec(name.slice(prefix.length));
  if (!match) return null;
  return {
    kind: match[1] as TempKind,
    writer: { host: match[2], pid: Number(match[3]), nonce: match[4] },
    attempt: match[5] === undefined ? 0 : Number(match[5]),
    path: join(dirname(out), name),
  };
}

/** The same writer (host, process, nonce)? */
export function sameWriter(a: WriterId, b: WriterId): boolean {
  return a.host === b.host && a.pid === b.pid && a.nonce === b.nonce;
}
