/**
 * A progress bar with the time left, on stderr: redrawn in place on a terminal, a line every 10%
 * otherwise (logs, CI). Only for the user: nothing of it reaches the output files.
 */

export interface Progress {
  /** Adds to the work to be done (phases whose size is known only later), in study-sized units. */
  grow(extra: number): void;
  /** Marks `units` of work done (default 1: one study). */
  tick(units?: number): void;
  done(): void;
}

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
  let lastDrawn = 0;
  let lastDecile = -1;
  const line = (): string => {
    const elapsed = now() - started;
    const share = work > 0 ? done / work : 1;
    const filled = Math.round(share * 24);
    const left = done > 0 ? seconds((elapsed / done) * (work - done)) : '?';
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(24 - filled)}] ${Math.floor(share * 100)}% (${studies} studies)  ${seconds(elapsed)}, about ${left} left`;
  };
  return {
    grow(extra) {
      work += extra;
    },
    tick(units = 1) {
      done += units;
      studies++;
      if (tty) {
        if (now() - lastDrawn < 200 && done < work) return;
        lastDrawn = now();
        stream.write(`\r${line()}\u001b[K`);
      } else {
        const decile = Math.floor((10 * done) / Math.max(1, work));
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
