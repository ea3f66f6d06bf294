/**
 * Removing a previous output that has been moved aside (swap.ts): only the files its marker lists
 * (and only while they still have the listed size), then the folders that held them if they are
 * empty, the marker last. Whatever else is in it stays, and the folder is kept with a message.
 * Also removing the unfinished output folder of a run that was killed.
 */
import { lstatSync, readdirSync, rmSync, rmdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { crashPoint } from './fault.ts';
import { readMarker, type OutputMarker } from './marker.ts';
import { keptRetired, removedStale } from './messages.ts';
import { MARKER_FILE } from './names.ts';

function ignoreMissing(action: () => void): void {
  try {
    action();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
  }
}

/** The folders that hold the marker's files, deepest first. */
function foldersOf(marker: OutputMarker): string[] {
  const folders = new Set<string>();
  for (const f of marker.files) {
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  return [...folders].sort((a, b) => b.split('/').length - a.split('/').length || (a < b ? 1 : -1));
}

/**
 * Removes the previous output `dir` that was moved aside: its listed files, their emptied folders,
 * its marker, and the folder itself when nothing else is left (else it is kept, and `log` says so).
 *
 * @example
 * removeRetired('/w/.results.lend-an-ear-old-3f9a1c07-4242-0badcafe', console.error)
 */
export function removeRetired(dir: string, log: (line: string) => void): void {
  const read = readMarker(dir);
  if (read.kind === 'valid') {
    let removed = 0;
    for (const file of read.marker.files) {
      const path = join(dir, file.path);
      ignoreMissing(() => {
        const st = lstatSync(path);
        if (st.isFile() && st.size === file.bytes) {
          unlinkSync(path);
          if (++removed === 1) crashPoint('cleaning');
        }
      });
    }
    for (const folder of foldersOf(read.marker)) ignoreMissing(() => rmdirSync(join(dir, folder)));
    ignoreMissing(() => unlinkSync(join(dir, MARKER_FILE)));
  }
  try {
    rmdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
    log(keptRetired(dir, readdirSync(dir).sort().slice(0, 3)));
  }
}

/**
 * Removes the output folder a killed run was writing (`new`), if it is recognisably one: it holds
 * a marker of this pipeline (written first of all), or nothing but the marker's temporary file.
 * Anything else is left alone.
 */
export function removeStaging(dir: string, log: (line: string) => void): void {
  const read = readMarker(dir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  // Killed while its first marker was being written: only the marker's temporary file is there.
  const bare = names.every((name) => name === `${MARKER_FILE}.tmp`);
  if (read.kind !== 'valid' && !bare) return;
  rmSync(dir, { recursive: true, force: true });
  log(removedStale(dir));
}
