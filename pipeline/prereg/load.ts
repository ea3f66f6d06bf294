/**
 * Loads the preregistration: reads the YAML bytes, hashes them, parses with node positions,
 * validates (schema + cross-field checks) and reads the lock beside the file. Any problem is a
 * BadInputError listing every problem with file, line, column and value (exit 2).
 */
import { readFileSync } from 'node:fs';
import type { Document, LineCounter } from 'yaml';
import { BadInputError, type Problem } from '../errors.ts';
import { parsedAhead, yamlPackage } from '../yaml-ahead.ts';
import type { LoadedPreregistration, Preregistration } from './types.ts';
import { lockPathFor, readLock, sha256Hex } from './lock.ts';
import { preregistrationProblems } from './validate.ts';

/** The project's preregistration, relative to the project root (where npm scripts run). */
export const DEFAULT_PREREGISTRATION_FILE = 'preregistration/preregistration.yaml';

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
  const { LineCounter, parseDocument } = yamlPackage();
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
 * Parses and validates preregistration YAML text. `file` only labels the problems. The project's
 * own preregistration is usually parsed ahead (yaml-ahead.ts); the text is then parsed here only
 * to locate a problem.
 * Example: `parsePreregistration(text, 'preregistration.yaml').hypotheses[0].id` → `'H1'`.
 */
export function parsePreregistration(text: string, file: string): Preregistration {
  let positioned: Positioned | undefined;
  const withPositions = () => (positioned ??= parseWithPositions(text, file));
  const data = parsedAhead(text)?.data ?? withPositions().data;
  const problems = preregistrationProblems(file, withPositions, data);
  if (problems.length > 0) throw new BadInputError(problems);
  return data as Preregistration;
}

/**
 * Loads `file` (default the project's preregistration) with its SHA-256 and lock status.
 * `changed_since_lock` is true when a lock exists and the file's bytes no longer hash to it.
 * Example: `loadPreregistration('preregistration/preregistration.yaml').lock.locked` → `true`.
 */
export function loadPreregistration(file: string = DEFAULT_PREREGISTRATION_FILE, options: LoadOptions = {}): LoadedPreregistration {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new BadInputError([{ file, line: null, column: null, message: `cannot read the preregistration: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }], { cause: err });
  }
  const prereg = parsePreregistration(bytes.toString('utf8'), file);
  const sha256 = sha256Hex(bytes);
  const lock = readLock(file, options.lockFile ?? lockPathFor(file));
  return {
    prereg,
    file,
    sha256,
    lock: {
      locked: lock !== null,
      locked_sha256: lock?.sha256 ?? null,
      locked_at: lock?.locked_at ?? null,
      changed_since_lock: lock !== null && lock.sha256 !== sha256,
    },
  };
}
