/**
 * A progress bar with the time left, on stderr: redrawn in place on a terminal, a line every 10%
 * otherwise (logs, CI). Only for the user: nothing of it reaches the output files.
 *
 * The share shown never goes back: work found later (`grow`) can slow it, not reverse it. The time
 * left comes from the rate observed since the first unit of work finished, so the start-up (worker
 * threads loading the code) does not count as work, and only once a few percent are done; before
 * that it says it is estimating.
 */

export interface Progress {
  /** Adds to the work to be done (phases whose size is known only later), in study-sized units. */
  grow(extra: number): void;
  /** Marks `units` of work done (default 1: one study); `studies` is how many simulations they were (default 1). */
  tick(units?: number, studies?: number): void;
  done(): void;
}

/** Share of the work that must be done, and seconds since the first unit, before a time left is shown. */
const ETA_AFTER_SHARE = 0.03;
const ETA_AFTER_MS = 2000;

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

/**
 * @example
 * const progress = createProgress('diagnose', 2000);
 * progress.tick(); // diagnose [###---------------------] 12% (250 studies)  12 s, about 1 min 24 s left
 */
export function createProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): Progress {
  const started = now();
  const tty = stream.isTTY === true;
  let work = total;
  let done = 0;
  let studies = 0;
  let shown = 0;
  let first: { at: number; done: number } | null = null;
  let lastDrawn = 0;
  let lastDecile = -1;
  const timeLeft = (): string => {
    if (first === null || shown < ETA_AFTER_SHARE) return 'estimating the time left';
    const since = now() - first.at;
    const rate = (done - first.done) / since;
    if (since < ETA_AFTER_MS || !(rate > 0)) return 'estimating the time left';
    return `about ${seconds(Math.max(0, work - done) / rate)} left`;
  };
  const line = (): string => {
    const filled = Math.round(shown * 24);
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(24 - filled)}] ${Math.floor(shown * 100)}% (${studies} studies)  ${seconds(now() - started)}, ${timeLeft()}`;
  };
  return {
    grow(extra) {
      work += extra;
    },
    tick(units = 1, simulations = 1) {
      done += units;
      studies += simulations;
      if (first === null) first = { at: now(), done };
      shown = Math.max(shown, work > 0 ? Math.min(1, done / work) : 1);
      if (tty) {
        if (now() - lastDrawn < 200 && done < work) return;
        lastDrawn = now();
        stream.write(`\r${line()}\u001b[K`);
      } else {
        const decile = Math.floor(10 * shown);
        if (decile !== lastDecile) {
          lastDecile = decile;
          stream.write(`${line()}\n`);
        }
      }
    },
    done() {
      stream.write(`${tty ? '\r' : ''}${label}: ${studies} simulations in ${seconds(now() - started)}${tty ? '\u001b[K' : ''}\n`);
    },
  };
}
