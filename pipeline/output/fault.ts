/**
 * Fault injection for the tests of crash safety, through one environment variable that is never
 * set in normal use: `LEND_AN_EAR_FAULT`, a comma-separated list of
 *
 * - `crash@POINT`: the process kills itself with SIGKILL on reaching POINT (CRASH_POINTS), exactly
 *   as `kill -9` at that instant would: no `finally`, no exit handler runs;
 * - `CODE@TEXT`: every output or cache write whose path contains TEXT fails with the errno CODE
 *   (ENOSPC, EROFS, EACCES, …), as a full or read-only disk would (`CODE@*`: every write).
 *
 * The tests run as root in CI containers, where chmod cannot make a folder unwritable, so a
 * failing write is injected here rather than skipped.
 */

export const FAULT_ENV = 'LEND_AN_EAR_FAULT';

/** The steps of replacing an output folder (swap.ts) and of writing it, in order. */
export const CRASH_POINTS = [
  /** the new output is being written: its folder holds some of its files */
  'writing',
  /** the new output is complete beside --out, the previous one still in place */
  'staged',
  /** the previous output has been moved aside; --out does not exist for an instant */
  'retired',
  /** the new output is in place; the previous one is still beside it */
  'placed',
  /** the previous output is being removed: some of its files are gone */
  'cleaning',
] as const;

export type CrashPoint = (typeof CRASH_POINTS)[number];

function faults(): string[] {
  const raw = process.env[FAULT_ENV];
  return raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/** What a crash does: SIGKILL to this process. Tests that simulate crashes in-process replace it
 *  (`setCrashAction`) with a throw, and leave the folders as they are, as a killed process would. */
let crashAction: (point: CrashPoint) => void = () => {
  process.kill(process.pid, 'SIGKILL');
};

/** Replaces what a crash does (tests only); returns the previous action. */
export function setCrashAction(action: (point: CrashPoint) => void): (point: CrashPoint) => void {
  const previous = crashAction;
  crashAction = action;
  return previous;
}

/** Crashes (SIGKILL) if the environment asks for a crash at `point`. */
export function crashPoint(point: CrashPoint): void {
  if (faults().includes(`crash@${point}`)) crashAction(point);
}

/**
 * The error an injected fault gives a write to `path`, or null (no fault asked for it).
 *
 * @example
 * // with LEND_AN_EAR_FAULT=ENOSPC@report.html
 * injectedWriteFault('/tmp/.out.lend-an-ear-new-…/report.html')?.code // 'ENOSPC'
 */
export function injectedWriteFault(path: string): NodeJS.ErrnoException | null {
  for (const fault of faults()) {
    const match = /^(E[A-Z0-9]+)@(.+)$/.exec(fault);
    if (match && (match[2] === '*' || path.includes(match[2]))) {
      return Object.assign(new Error(`${match[1]}: injected fault, write '${path}'`), { code: match[1], syscall: 'write', path });
    }
  }
  return null;
}
