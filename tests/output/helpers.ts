/** Helpers for the output-folder tests: temporary folders, snapshots of a tree, a dead pid. */
import { spawnSync } from 'node:child_process';
import { lstatSync, readFileSync, readdirSync, readlinkSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseTempName } from '../../pipeline/output/names.ts';
import { tempDir as newTempDir } from '../temp.ts';

export { cleanup } from '../temp.ts';

/** A fresh temporary folder, removed by `cleanup()`. */
export const tempDir = (prefix = 'output-test-'): string => newTempDir(prefix);

/**
 * Every entry under `dir` (not following links): path → 'dir', 'link:TARGET', 'file:CONTENT' or
 * another kind. Two equal snapshots mean not a byte, name or link was touched.
 */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel === '' ? name : `${rel}/${name}`;
      const st = lstatSync(join(dir, path));
      if (st.isSymbolicLink()) out[path] = `link:${readlinkSync(join(dir, path))}`;
      else if (st.isDirectory()) {
        out[path] = `dir:${(st.mode & 0o777).toString(8)}`;
        walk(path);
      } else if (st.isFile()) out[path] = `file:${readFileSync(join(dir, path)).toString('base64')}`;
      else out[path] = 'other';
    }
  };
  walk('');
  return out;
}

/**
 * A pid no process has: one above the kernel's pid_max (Linux), so no process can ever have it;
 * elsewhere, the pid of a short child that has exited.
 */
export function deadPid(): number {
  try {
    return Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8').trim()) + 1;
  } catch {
    return spawnSync(process.execPath, ['-e', '0']).pid as number;
  }
}

/** The pipeline's temporary folders beside `out`. */
export function tempsBeside(out: string): string[] {
  return readdirSync(dirname(out)).filter((name) => parseTempName(name, out) !== null).sort();
}

/**
 * Makes the temporary folders beside `out` look like a killed process's: their pid becomes the
 * pid of a process that has exited (what an in-process simulated crash cannot do by itself, since
 * the test process is alive).
 */
export function orphanTemps(out: string): void {
  const pid = deadPid();
  for (const name of tempsBeside(out)) {
    const temp = parseTempName(name, out)!;
    renameSync(join(dirname(out), name), join(dirname(out), name.replace(`-${temp.writer.pid}-${temp.writer.nonce}`, `-${pid}-${temp.writer.nonce}`)));
  }
}

/** True when running as root (chmod cannot stop root from writing: use the fault hook then). */
export const isRoot = process.getuid?.() === 0;
