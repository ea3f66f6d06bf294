/**
 * Listing a folder's files in a fixed order. The pipeline itself never walks a folder (an export is
 * its declared files, ingest/export-files.ts; an output folder what its marker lists); the tests
 * use this to compare whole output folders.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Every regular file under `dir`, as relative POSIX paths sorted by code unit; symbolic links are
 * not followed (a loop cannot trap it).
 *
 * @example
 * listFiles('data/synthetic') // ['SHA256SUMS', 'conversations.csv', 'messages.csv', …, 'study.json']
 */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      const st = lstatSync(full);
      if (st.isDirectory()) walk(full);
      else if (st.isFile()) out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
