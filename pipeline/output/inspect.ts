/**
 * Whether an existing folder may be replaced by a new output: only when it is absent, empty, or
 * this pipeline's own output, recognised by its marker (marker.ts) and holding nothing but the
 * files the marker lists, each with the size and SHA-256 it was written with. Anything else is
 * refused with one line naming a few of the files that are not the pipeline's, and nothing is
 * touched: a user's file added to an output folder, or an output file edited since (notes in
 * audit.md), is never deleted; the user moves it out or picks another folder.
 *
 * Only the folders the marker lists are looked into, so inspecting `--out /` reads one folder
 * listing, never the disk; entries are not followed through symbolic links.
 */
import { lstatSync, readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { RefusedError } from '../errors.ts';
import { fileHash } from '../runner/file-hash.ts';
import { readMarker, type MarkedFile, type OutputMarker } from './marker.ts';
import { badMarker, cannotReplace, foreignInside, notAFolder, notOurs } from './messages.ts';
import { MARKER_FILE } from './names.ts';

export type OutputState = { kind: 'absent' } | { kind: 'empty' } | { kind: 'ours'; marker: OutputMarker };

/** How many offending names a refusal shows. */
const EXAMPLES = 3;

/** Lists what `dir` holds that `marker` does not account for (`name/` for a folder), up to a
 *  few names and the count of all. */
export function unaccounted(dir: string, marker: OutputMarker): { examples: string[]; total: number } {
  const files = new Map<string, MarkedFile>(marker.files.map((f) => [f.path, f]));
  const folders = new Set<string>();
  for (const f of marker.files) {
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  const examples: string[] = [];
  let total = 0;
  const flag = (rel: string) => {
    total++;
    if (examples.length < EXAMPLES) examples.push(rel);
  };
  const walk = (relDir: string) => {
    const entries: Dirent[] = readdirSync(join(dir, relDir), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      if (rel === MARKER_FILE) continue;
      const listed = files.get(rel);
      if (listed) {
        const hash = entry.isFile() ? fileHash(join(dir, rel)) : null;
        if (hash === null || hash.bytes !== listed.bytes || hash.sha256 !== listed.sha256) flag(`${rel} (changed)`);
      } else if (folders.has(rel) && entry.isDirectory()) walk(rel);
      else flag(entry.isDirectory() ? `${rel}/` : rel);
    }
  };
  walk('');
  return { examples, total };
}

/**
 * What is at `dir` (an absolute, resolved path; `shown` is how the user wrote it): absent, an
 * empty folder, or the pipeline's own output. Throws RefusedError for anything else.
 *
 * @example
 * inspectOutput('/work/project/reports/synthetic', 'reports/synthetic') // { kind: 'ours', marker: {...} }
 * inspectOutput('/home/ana/thesis', '~/thesis') // throws: '--out ~/thesis holds files this pipeline did not write (src/, thesis.tex) and has no valid …'
 */
export function inspectOutput(dir: string, shown: string): OutputState {
  let st;
  try {
    st = lstatSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw new RefusedError(cannotReplace(shown, err), { cause: err });
  }
  try {
    if (!st.isDirectory()) throw new RefusedError(notAFolder('--out', shown));
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.length === 0) return { kind: 'empty' };
    const read = readMarker(dir);
    if (read.kind === 'none') {
      const names = entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.name)).sort();
      throw new RefusedError(notOurs(shown, names.slice(0, EXAMPLES), names.length - Math.min(names.length, EXAMPLES)));
    }
    if (read.kind === 'invalid') throw new RefusedError(badMarker(shown, read.why));
    if (!read.marker.complete) throw new RefusedError(badMarker(shown, 'it marks an unfinished output'));
    const extra = unaccounted(dir, read.marker);
    if (extra.total > 0) throw new RefusedError(foreignInside(shown, extra.examples, extra.total - extra.examples.length));
    return { kind: 'ours', marker: read.marker };
  } catch (err) {
    if (err instanceof RefusedError) throw err;
    throw new RefusedError(cannotReplace(shown, err), { cause: err });
  }
}
