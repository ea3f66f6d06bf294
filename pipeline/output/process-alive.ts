/**
 * Whether a process is still running on this machine, to tell a temporary folder a live run is
 * writing from one a killed run left behind.
 */

/**
 * True when process `pid` exists (signal 0 checks without sending anything; EPERM means it exists
 * but belongs to another user). A recycled pid makes a dead writer look alive: its folder is
 * then left for a later run, never removed early.
 *
 * @example
 * processAlive(process.pid) // true
 */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
