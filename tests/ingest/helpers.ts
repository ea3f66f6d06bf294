/** Test helpers for ingest: fixture paths, temporary copies of an export with files replaced. */
import { cpSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BadInputError, Warnings, formatProblem } from '../../pipeline/errors.ts';
import { readStudyExport } from '../../pipeline/ingest/index.ts';
import { tempDir as newTempDir } from '../temp.ts';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures/ingest');
export const VALID_CSV = join(FIXTURES, 'valid-csv');
export const VALID_JSONL = join(FIXTURES, 'valid-jsonl');

/** The real pilot (STUDY.md), vendored in the repository: data/lend-an-ear-pilot (MIT). */
export { PILOT_DIR } from '../reliability/pilot.ts';

export { cleanup } from '../temp.ts';

/** A fresh temporary folder, removed by `cleanup()`. */
export const tempDir = (prefix = 'ingest-test-'): string => newTempDir(prefix);

/** A copy of `base` with the files of `overlayDir` laid over it (remove.txt lists files to delete). */
export function overlay(base: string, overlayDir: string): string {
  const dir = tempDir();
  cpSync(base, dir, { recursive: true });
  for (const f of readdirSync(overlayDir)) {
    if (f === 'expected.txt') continue;
    if (f === 'remove.txt') {
      for (const gone of readFileSync(join(overlayDir, f), 'utf8').split('\n').filter(Boolean)) rmSync(join(dir, gone));
      continue;
    }
    cpSync(join(overlayDir, f), join(dir, f));
  }
  return dir;
}

/** Ingests `dir` expecting a refusal; returns the formatted problem lines. */
export async function refusal(dir: string): Promise<{ lines: string[]; error: BadInputError }> {
  try {
    await readStudyExport(dir, new Warnings());
  } catch (err) {
    if (err instanceof BadInputError) return { lines: err.problems.map(formatProblem), error: err };
    throw err;
  }
  throw new Error(`expected ${dir} to be refused`);
}
