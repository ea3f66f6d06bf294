/**
 * The catalogue of the output folder's user-facing messages (one place, as ingest/catalogue.ts),
 * so tests and the README quote the words the command line prints. Each refusal is one line,
 * printed as `error: MESSAGE` with exit status 2; each says what was left as it was.
 */
import { errnoWords } from '../errno.ts';

export function notAFolder(option: string, path: string): string {
  return `${option} ${path} exists and is not a folder; nothing was changed`;
}

export function rootFolder(option: string): string {
  return `${option} / is the root of the file system; give a folder of its own`;
}

export function parentMissing(path: string, parent: string): string {
  return `--out ${path}: the folder it goes in, ${parent}, does not exist; create it first (nothing was written)`;
}

export function notOurs(path: string, examples: string[], more: number): string {
  const listed = examples.join(', ') + (more > 0 ? ` and ${more} more` : '');
  return `--out ${path} holds files this pipeline did not write (${listed}) and has no valid ${'.lend-an-ear-output.json'} marker; give a new or empty folder (nothing was changed)`;
}

export function foreignInside(path: string, examples: string[], more: number): string {
  const listed = examples.join(', ') + (more > 0 ? ` and ${more} more` : '');
  return `--out ${path} is an earlier output of this pipeline, but holds files it did not write or that were changed since (${listed}); move them out of the folder, or give another --out (nothing was changed)`;
}

export function badMarker(path: string, why: string): string {
  return `--out ${path}: its marker .lend-an-ear-output.json is not one this pipeline wrote (${why}); give a new or empty folder (nothing was changed)`;
}

export type Overlap = 'is' | 'is inside' | 'contains';

export function overlapping(a: { option: string; path: string }, how: Overlap, b: { option: string; path: string }): string {
  const second = how === 'is' ? `the same folder as ${b.option} ${b.path}` : `${b.option} ${b.path}`;
  return `${a.option} ${a.path} ${how} ${second}; they must be separate folders (nothing was changed)`;
}

export function cannotResolve(named: { option: string; path: string }, err: unknown): string {
  return `${named.option} ${named.path}: cannot follow the path: ${errnoWords(err)} (nothing was changed)`;
}

export function inputInsideOut(input: { option: string; path: string }, out: string): string {
  return `${input.option} ${input.path} is inside --out ${out}, which is replaced; keep inputs outside the output folder (nothing was changed)`;
}

export function cannotWrite(path: string, err: unknown, out: string): string {
  return `cannot write ${path}: ${errnoWords(err)}; ${out} was left as it was`;
}

export function cannotCreate(out: string, parent: string, err: unknown): string {
  return `cannot write --out ${out}: ${errnoWords(err)} (making a folder in ${parent}); nothing was written or changed`;
}

export function cannotReplace(out: string, err: unknown): string {
  return `cannot replace --out ${out}: ${errnoWords(err)}; it was left as it was`;
}

export function changedWhileRunning(out: string, why: string): string {
  return `--out ${out} changed while this command ran (${why}); the new output was not put in its place and ${out} was left as it was`;
}

export function cannotWriteCache(path: string, err: unknown): string {
  return `cannot write the cache entry ${path}: ${errnoWords(err)}`;
}

/** Progress lines of the recovery of an interrupted earlier run (printed, not errors). */
export function recoveredForward(out: string): string {
  return `an earlier run was interrupted while replacing ${out}; its finished new output was put in place`;
}

export function recoveredBack(out: string): string {
  return `an earlier run was interrupted while replacing ${out}; the previous output was put back`;
}

export function removedStale(path: string): string {
  return `removed ${path}, left behind by an interrupted run`;
}

export function keptRetired(path: string, examples: string[]): string {
  return `kept ${path}: a previous output set aside, which holds files this pipeline did not write (${examples.join(', ')}); look through it and delete it yourself`;
}
