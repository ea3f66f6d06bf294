/**
 * Listing a folder's files in a fixed order, so hashes and manifests over them do not depend on
 * the order the file system returns.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Every regular file under `dir`, as relative POSIX paths sorted by code unit.
 *
 * @example
 * listFiles('data/synthetic') // ['SHA256SUMS', 'conversations.csv', 'messages.csv', …, 'study.json']
 */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (st.isFile()) out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
