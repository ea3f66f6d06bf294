/**
 * A benchmark measured in a fresh child process (so its start-up, imports and peak memory are its
 * own): the bench file runs itself again as `node --import tsx FILE --measure DIR`, measures in
 * that process and prints its result as one line of JSON, which this returns.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs the bench file at `moduleUrl` with `--measure dir` in a fresh node and returns the JSON it
 * prints; `what` names it in the error when the child fails.
 *
 * @example
 * await measureInChild<StagesBench>(import.meta.url, 'data/synthetic', 'stage benchmark')
 */
export function measureInChild<T>(moduleUrl: string, dir: string, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(moduleUrl), '--measure', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(stdout) as T) : reject(new Error(`${what} child exited with status ${code}`))));
  });
}
