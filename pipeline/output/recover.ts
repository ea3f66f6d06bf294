/**
 * Finishing or undoing what a killed run left beside --out (swap.ts names the steps). Run at the
 * start of every command that writes, before --out is inspected. For the temporary folders of
 * --out whose writer is dead (same host, process gone), grouped by writer:
 *
 * - --out missing (killed between steps 2 and 3): the finished new output is put in place; if
 *   there is none, the previous output is put back;
 * - a new output folder that was never put in place (killed while writing, or before step 2) is
 *   removed, the previous output staying where it is;
 * - a previous output moved aside (killed during step 4) is removed, listed files only.
 *
 * A live writer's folders (another run now writing the same --out) and those of another machine
 * are left alone. Everything here tolerates a folder vanishing under it (two runs recovering at
 * once), and running it again after it was itself killed finishes the job.
 */
import { readdirSync, renameSync } from 'node:fs';
import { entryExists } from '../input-file.ts';
import { dirname } from 'node:path';
import { readMarker } from './marker.ts';
import { recoveredBack, recoveredForward } from './messages.ts';
import { hostTag, parseTempName, sameWriter, type TempFolder, type WriterId } from './names.ts';
import { processAlive } from './process-alive.ts';
import { removeRetired, removeStaging } from './retire.ts';


/** Renames, reporting whether it happened (another run may have done it first). */
function renamed(from: string, to: string): boolean {
  try {
    renameSync(from, to);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTEMPTY' || code === 'EEXIST') return false;
    throw err;
  }
}

/**
 * The temporary folders beside `out` left by dead writers of this machine, grouped by writer.
 *
 * @example
 * deadWritersBeside('/w/results', self) // [[{ kind: 'old', … }, { kind: 'new', … }]] after a kill -9 mid-swap
 */
export function deadWritersBeside(out: string, self: WriterId): TempFolder[][] {
  let names: string[];
  try {
    names = readdirSync(dirname(out));
  } catch {
    return [];
  }
  const host = hostTag();
  const groups = new Map<string, TempFolder[]>();
  for (const name of names.sort()) {
    const temp = parseTempName(name, out);
    if (temp === null || temp.writer.host !== host || sameWriter(temp.writer, self) || processAlive(temp.writer.pid)) continue;
    const key = `${temp.writer.pid}-${temp.writer.nonce}`;
    groups.set(key, [...(groups.get(key) ?? []), temp]);
  }
  return [...groups.values()];
}

/**
 * Recovers --out (absolute, resolved; `shown` as the user wrote it) from runs that were killed
 * while writing it, as the module comment says; each action is reported through `log`.
 */
export function recoverInterrupted(out: string, shown: string, self: WriterId, log: (line: string) => void): void {
  for (const group of deadWritersBeside(out, self)) {
    const staging = group.find((t) => t.kind === 'new');
    const retired = group.filter((t) => t.kind === 'old').sort((a, b) => a.attempt - b.attempt);
    if (retired.length > 0 && !entryExists(out)) {
      const read = staging ? readMarker(staging.path) : null;
      if (staging && read?.kind === 'valid' && read.marker.complete && renamed(staging.path, out)) log(recoveredForward(shown));
      else if (renamed(retired[retired.length - 1].path, out)) {
        retired.pop();
        log(recoveredBack(shown));
      }
    }
    if (staging && entryExists(staging.path)) removeStaging(staging.path, log);
    for (const old of retired) if (entryExists(old.path)) removeRetired(old.path, log);
  }
}
