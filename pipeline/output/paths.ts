/**
 * Where a path really is: folders given as --data, --out and --cache are compared after every
 * symbolic link is resolved (`realpath` of the nearest part that exists, the rest appended), so
 * `--out ./link-to-data` is seen to be --data. Two folders must be apart: neither the same, nor
 * one inside the other.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { RefusedError } from '../errors.ts';
import { cannotResolve, inputInsideOut, overlapping, type Overlap } from './messages.ts';

/**
 * The absolute path of `path` with every symbolic link of its existing part resolved; the part
 * that does not exist yet is appended as written.
 *
 * @example
 * realPathOf('reports/new-folder/x') // '/work/project/reports/new-folder/x' (reports/ exists)
 */
export function realPathOf(path: string): string {
  let existing = resolve(path);
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync.native(existing), ...rest.reverse());
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // ENOENT: not there yet; ENOTDIR: a file where a folder is named (refused later, by the write)
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(existing) === existing) throw err;
      rest.push(basename(existing));
      existing = dirname(existing);
    }
  }
}

/**
 * How folder `a` stands to folder `b`: the same, inside it, containing it, or apart (null).
 * Both are absolute, resolved paths.
 *
 * @example
 * overlapOf('/w/data/out', '/w/data') // 'is inside'
 * overlapOf('/w/data', '/w/database') // null
 */
export function overlapOf(a: string, b: string): Overlap | null {
  if (a === b) return 'is';
  const within = (inner: string, outer: string) => inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);
  if (within(a, b)) return 'is inside';
  if (within(b, a)) return 'contains';
  return null;
}

/** A path given on the command line, with the option that gave it (for messages). */
export interface NamedPath {
  option: string;
  path: string;
}

/** realPathOf, with a path that cannot be resolved (a loop of symbolic links) refused in words. */
export function resolveNamed(named: NamedPath): string {
  try {
    return realPathOf(named.path);
  } catch (err) {
    throw new RefusedError(cannotResolve(named, err), { cause: err });
  }
}

/**
 * Refuses (RefusedError, exit 2) when two of `folders` are the same folder or one is inside the
 * other, after resolving symbolic links; nothing is read or written.
 *
 * @example
 * checkFoldersApart([{ option: '--data', path: 'data/synthetic' }, { option: '--out', path: 'data/synthetic/out' }])
 * // throws: '--data data/synthetic contains --out data/synthetic/out; they must be separate folders (nothing was changed)'
 */
export function checkFoldersApart(folders: NamedPath[]): void {
  const real = folders.map(resolveNamed);
  for (let i = 0; i < folders.length; i++) {
    for (let j = 0; j < i; j++) {
      const how = overlapOf(real[j], real[i]);
      if (how !== null) throw new RefusedError(overlapping(folders[j], how, folders[i]));
    }
  }
}

/**
 * Refuses when an input file (or the current folder) is --out or inside it: --out is replaced
 * whole, so an input there would be lost.
 */
export function checkInputsOutside(inputs: NamedPath[], out: NamedPath): void {
  const realOut = resolveNamed(out);
  for (const input of inputs) {
    const how = overlapOf(resolveNamed(input), realOut);
    if (how === 'is' || how === 'is inside') throw new RefusedError(inputInsideOut(input, out.path));
  }
}
