/**
 * Putting a finished output folder in the place of --out, so that a kill -9 at any instant leaves
 * either the previous complete output or the new complete output at --out, once the next run has
 * looked (recover.ts):
 *
 *   1. the new output is written beside --out, into `.OUT.lend-an-ear-new-…`, its complete marker
 *      last                                                     (crash points `writing`, `staged`)
 *   2. --out is renamed to `.OUT.lend-an-ear-old-…`             (crash point `retired`)
 *   3. the new folder is renamed to --out                       (crash point `placed`)
 *   4. the old folder's listed files are removed, then the folder (crash point `cleaning`)
 *
 * Each rename is atomic (both names are in the same folder). Between 2 and 3 --out does not exist
 * for an instant; a run killed there is finished by the next one (the new output is complete, so it
 * is put in place). When another run puts its output at --out between 2 and 3 (two runs into the
 * same folder at once), that output is moved aside in turn and the step repeated.
 */
import { renameSync } from 'node:fs';
import { RefusedError } from '../errors.ts';
import { crashPoint } from './fault.ts';
import { inspectOutput } from './inspect.ts';
import { cannotReplace, changedWhileRunning } from './messages.ts';
import { tempPath, type WriterId } from './names.ts';
import { removeRetired } from './retire.ts';

/** Rounds of step 2–3 before giving up when other runs keep writing the same --out. */
const MAX_ROUNDS = 8;

const code = (err: unknown) => (err as NodeJS.ErrnoException).code;

/**
 * Replaces the folder `out` (absolute, resolved; `shown` as the user wrote it) by the finished
 * folder `staging` beside it, by the steps above. Throws RefusedError, with --out as it was, when
 * --out has become something that is not the pipeline's to replace, or a rename fails.
 *
 * @example
 * swapIntoPlace('/w/.results.lend-an-ear-new-3f9a1c07-4242-0badcafe', '/w/results', 'results', writer, log)
 */
export function swapIntoPlace(staging: string, out: string, shown: string, writer: WriterId, log: (line: string) => void): void {
  const retired: string[] = [];
  for (let round = 0; ; round++) {
    if (round === MAX_ROUNDS) throw new RefusedError(changedWhileRunning(shown, 'other runs kept replacing it'));
    let state;
    try {
      state = inspectOutput(out, shown);
    } catch (err) {
      if (err instanceof RefusedError) throw new RefusedError(changedWhileRunning(shown, err.message), { cause: err });
      throw err;
    }
    if (round === 0) crashPoint('staged');
    if (state.kind !== 'absent') {
      const old = tempPath(out, 'old', writer, round);
      try {
        renameSync(out, old);
        retired.push(old);
      } catch (err) {
        if (code(err) !== 'ENOENT') throw new RefusedError(cannotReplace(shown, err), { cause: err });
      }
      crashPoint('retired');
    }
    try {
      renameSync(staging, out);
      break;
    } catch (err) {
      // Another run put its output there since: move it aside too, and try again.
      if (code(err) === 'ENOTEMPTY' || code(err) === 'EEXIST') continue;
      // Anything else: put the previous output back (its rename worked a moment ago).
      const previous = retired.pop();
      if (previous !== undefined) {
        try {
          renameSync(previous, out);
        } catch {
          retired.push(previous);
        }
      }
      throw new RefusedError(cannotReplace(shown, err), { cause: err });
    }
  }
  crashPoint('placed');
  for (const old of retired) removeRetired(old, log);
}
