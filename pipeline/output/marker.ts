/**
 * The marker `.lend-an-ear-output.json` the pipeline writes into every output folder: which
 * command wrote it and every file it wrote, with its size and SHA-256. An existing --out is
 * replaced only when it carries a valid marker and holds nothing else (inspect.ts); and then only
 * the files the marker lists are removed. A manifest.json alone proves nothing: anyone can have
 * one.
 *
 * While an output is being written its folder holds a marker with `complete: false`; the final
 * marker is written (to a temporary name, then renamed) as the last step before the folder is put
 * in place, so a folder with a complete marker is a finished output.
 */
import { lstatSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputFileError, readRegularFile } from '../input-file.ts';
import { injectedWriteFault } from './fault.ts';
import { MARKER_FILE } from './names.ts';

export const MARKER_SCHEMA = 'lend-an-ear-output/1';

/** One file the pipeline wrote, relative to the output folder (POSIX separators). */
export interface MarkedFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface OutputMarker {
  schema: typeof MARKER_SCHEMA;
  /** The command that wrote the folder (`run`, `ingest`, …). */
  command: string;
  /** False while the folder is being written. */
  complete: boolean;
  /** Every file written, sorted by path; the marker itself is not listed. */
  files: MarkedFile[];
}

/** A marker is a small file; anything larger is not one of ours. */
const MARKER_MAX_BYTES = 16 << 20;

/**
 * Whether `path` is a plain relative path inside a folder: POSIX separators, no `.` or `..`
 * segment, no empty segment, not absolute, not the marker itself.
 *
 * @example
 * isPlainRelativePath('figures/alignment.svg') // true
 * isPlainRelativePath('../thesis.tex') // false
 */
export function isPlainRelativePath(path: string): boolean {
  if (path === '' || path === MARKER_FILE || path.startsWith('/') || path.includes('\\') || path.includes('\0')) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/** Why `value` is not a marker, or null when it is one. */
function markerProblem(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  const m = value as Partial<OutputMarker>;
  if (m.schema !== MARKER_SCHEMA) return `its schema is ${JSON.stringify(m.schema)}, not ${MARKER_SCHEMA}`;
  if (typeof m.command !== 'string' || typeof m.complete !== 'boolean' || !Array.isArray(m.files)) return 'command, complete or files missing';
  const seen = new Set<string>();
  for (const f of m.files as unknown[]) {
    const file = f as Partial<MarkedFile> | null;
    if (file === null || typeof file !== 'object' || typeof file.path !== 'string' || !isPlainRelativePath(file.path)) return `a listed path is not a plain relative path (${JSON.stringify(file?.path)})`;
    if (!Number.isSafeInteger(file.bytes) || (file.bytes as number) < 0 || typeof file.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(file.sha256)) return `${file.path} has no valid size and SHA-256`;
    if (seen.has(file.path)) return `${file.path} is listed twice`;
    seen.add(file.path);
  }
  for (const path of seen) {
    // a file listed where another listed file needs a folder
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) if (seen.has(parts.slice(0, i).join('/'))) return `${path} is listed inside the file ${parts.slice(0, i).join('/')}`;
  }
  return null;
}

/** What reading a folder's marker found. */
export type MarkerRead = { kind: 'none' } | { kind: 'invalid'; why: string } | { kind: 'valid'; marker: OutputMarker };

/**
 * Reads the marker of the folder `dir` (only a regular file of at most 16 MB is read).
 *
 * @example
 * readMarker('reports/synthetic') // { kind: 'valid', marker: { schema: 'lend-an-ear-output/1', command: 'run', complete: true, files: [...] } }
 * readMarker('/home/ana/thesis') // { kind: 'none' }
 */
export function readMarker(dir: string): MarkerRead {
  const path = join(dir, MARKER_FILE);
  try {
    if (lstatSync(path).isSymbolicLink()) return { kind: 'invalid', why: 'it is a symbolic link' };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
  }
  let bytes: Buffer;
  try {
    bytes = readRegularFile(path, MARKER_MAX_BYTES);
  } catch (err) {
    const code = ((err as Error).cause as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT') return { kind: 'none' };
    return { kind: 'invalid', why: err instanceof InputFileError ? err.message : String(err) };
  }
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { kind: 'invalid', why: 'not valid JSON' };
  }
  const why = markerProblem(value);
  return why === null ? { kind: 'valid', marker: value as OutputMarker } : { kind: 'invalid', why };
}

/** The marker's text: JSON, one file a line, so that it diffs well when committed. */
export function markerText(marker: OutputMarker): string {
  const files = marker.files.map((f) => `    ${JSON.stringify({ path: f.path, bytes: f.bytes, sha256: f.sha256 })}`).join(',\n');
  const head = `{\n  "schema": ${JSON.stringify(marker.schema)},\n  "command": ${JSON.stringify(marker.command)},\n  "complete": ${marker.complete},\n  "files": [`;
  return marker.files.length === 0 ? `${head}]\n}\n` : `${head}\n${files}\n  ]\n}\n`;
}

/**
 * Writes the marker into `dir` under a temporary name and renames it into place, so the marker
 * is always whole. Errors are thrown as the file system gives them (the caller words them).
 */
export function writeMarker(dir: string, marker: OutputMarker): void {
  const tmp = join(dir, `${MARKER_FILE}.tmp`);
  const fault = injectedWriteFault(join(dir, MARKER_FILE));
  if (fault) throw fault;
  writeFileSync(tmp, markerText(marker));
  renameSync(tmp, join(dir, MARKER_FILE));
}
