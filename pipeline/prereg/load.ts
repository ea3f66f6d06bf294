/**
 * Loads the preregistration: reads the YAML bytes, hashes them, parses with node positions,
 * validates (schema + cross-field checks) and reads the lock beside the file. Any problem is a
 * BadInputError listing every problem with file, line, column and value (exit 2).
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import { readRegularFile } from '../input-file.ts';
import { BadInputError, type Problem } from '../errors.ts';
import type { LoadedPreregistration, Preregistration } from './types.ts';
import { LOCK_SCHEMA, lockPathFor, lockSelfCheck, readLock, sha256Hex, snapshotText, type LockFile } from './lock.ts';
import { preregistrationProblems } from './validate.ts';

/** The project's preregistration, relative to the project root (where npm scripts run). */
export const DEFAULT_PREREGISTRATION_FILE = 'preregistration/preregistration.yaml';

/** A preregistration is a few tens of kB; anything past 4 MiB is not one. */
const MAX_PREREGISTRATION_BYTES = 4 * 1024 * 1024;

export interface LoadOptions {
  /** The lock file to check against; default `lock.json` beside the preregistration. */
  lockFile?: string;
}

/** YAML text parsed with node positions (to locate problems), and its data. */
interface Positioned {
  doc: Document;
  lines: LineCounter;
  data: unknown;
}

function parseWithPositions(text: string, file: string): Positioned {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems: Problem[] = doc.errors.map((e) => {
      const pos = lines.linePos(e.pos[0]);
      return { file, line: pos.line, column: `(col ${pos.col})`, message: `YAML ${e.code}: ${e.message.split('\n')[0]}` };
    });
    throw new BadInputError(problems);
  }
  try {
    // Aliases would let one edit change many items unseen in a review: refused.
    return { doc, lines, data: doc.toJS({ maxAliasCount: 0 }) };
  } catch (err) {
    throw new BadInputError([{ file, line: null, column: null, message: `YAML aliases (*name) are not allowed in a preregistration: ${(err as Error).message}` }], { cause: err });
  }
}

/**
 * Parses and validates preregistration YAML text. `file` only labels the problems.
 * Example: `parsePreregistration(text, 'preregistration.yaml').hypotheses[0].id` → `'H1'`.
 */
export function parsePreregistration(text: string, file: string): Preregistration {
  const { doc, lines, data } = parseWithPositions(text, file);
  const problems = preregistrationProblems(file, doc, lines, data);
  if (problems.length > 0) throw new BadInputError(problems);
  return data as Preregistration;
}

/**
 * The data of preregistration YAML text, parsed but not validated (a lock's snapshot was validated
 * when it was locked, perhaps against an older schema). A YAML error is a BadInputError.
 * Example: `preregistrationData('alpha: 0.05\n', 'x.yaml')` → `{ alpha: 0.05 }`.
 */
export function preregistrationData(text: string, file: string): unknown {
  return parseWithPositions(text, file).data;
}

/**
 * The lock status of a preregistration (its SHA-256 and parsed plan) against its lock: whether the
 * file changed since, whether the lock checks itself, and the locked plan parsed from the lock's
 * snapshot (the plan itself when the bytes are the same).
 * Example: `lockStatus(null, sha, prereg, 'lock.json').locked` → `false`.
 */
export function lockStatus(lock: LockFile | null, sha256: string, prereg: Preregistration, lockFile: string): LoadedPreregistration['lock'] {
  if (lock === null) return { locked: false, locked_sha256: null, locked_at: null, changed_since_lock: false, format: null, problems: [], locked_plan: null };
  const problems = lockSelfCheck(lock);
  const text = snapshotText(lock);
  let lockedPlan: unknown = null;
  if (text !== null) {
    if (sha256Hex(text) === sha256) {
      lockedPlan = prereg;
    } else {
      try {
        lockedPlan = preregistrationData(text, `${lockFile} (snapshot)`);
      } catch (err) {
        if (!(err instanceof BadInputError)) throw err;
        problems.push(`its snapshot is not valid YAML (${err.problems[0]?.message ?? err.message})`);
      }
    }
  }
  return {
    locked: true,
    locked_sha256: lock.sha256,
    locked_at: lock.locked_at,
    changed_since_lock: lock.sha256 !== sha256,
    format: lock.schema === LOCK_SCHEMA ? 2 : 1,
    problems,
    locked_plan: lockedPlan,
  };
}

/**
 * The bytes of a preregistration file: only a regular file, and not more than a preregistration
 * could be (input-file.ts); one that cannot be read is bad input naming it.
 */
export function readPreregistrationFile(file: string): Buffer {
  try {
    return readRegularFile(file, MAX_PREREGISTRATION_BYTES);
  } catch (err) {
    const cause = (err as Error).cause as NodeJS.ErrnoException | undefined;
    const why = cause?.code === 'ENOENT' ? 'ENOENT' : (err as Error).message;
    throw new BadInputError([{ file, line: null, column: null, message: `cannot read the preregistration: ${why}` }], { cause: err });
  }
}

/**
 * Loads `file` (default the project's preregistration) with its SHA-256 and lock status.
 * `changed_since_lock` is true when a lock exists and the file's bytes no longer hash to it; the
 * lock's own problems and the locked plan are in `lock` too (lockStatus).
 * Example: `loadPreregistration('preregistration/preregistration.yaml').lock.locked` → `true`.
 */
export function loadPreregistration(file: string = DEFAULT_PREREGISTRATION_FILE, options: LoadOptions = {}): LoadedPreregistration {
  const bytes = readPreregistrationFile(file);
  const prereg = parsePreregistration(bytes.toString('utf8'), file);
  const sha256 = sha256Hex(bytes);
  const lockFile = options.lockFile ?? lockPathFor(file);
  return { prereg, file, sha256, lock: lockStatus(readLock(file, lockFile), sha256, prereg, lockFile) };
}
