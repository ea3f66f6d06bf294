/**
 * The judge's progress on stderr: on a terminal a bar redrawn in place (at most five times a
 * second) with the rate and the time left; otherwise a plain line at every tenth of the work and
 * at most every 30 s. Counts only grow, so no line ever goes backwards. Only for the user:
 * nothing of it reaches an output file.
 */

export interface JudgeProgress {
  /** One more reply stored. */
  reply(): void;
  /** One attempt failed and will be retried. */
  retry(): void;
  /** One reply without a readable score. */
  unparsed(): void;
  /** The last line: how many, in how long. */
  done(summary: string): void;
}

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${String(s % 60).padStart(2, '0')} s` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

const WIDTH = 24;

/**
 * @example
 * const p = createJudgeProgress(1200, process.stderr);
 * p.reply(); // judge [#-----------------------] 120/1,200 requests, 38.2/s, 28 s left (2 retries, 1 unparsed)
 */
export function createJudgeProgress(total: number, stream: { isTTY?: boolean; write(text: string): unknown }, now: () => number = Date.now): JudgeProgress {
  const started = now();
  const tty = stream.isTTY === true;
  let replies = 0;
  let retries = 0;
  let unparsed = 0;
  let lastDrawn = -Infinity;
  let lastTenth = 0;
  let lastLine = started;
  const count = (n: number) => n.toLocaleString('en-US');
  const line = (): string => {
    const elapsed = now() - started;
    const share = total > 0 ? Math.min(1, replies / total) : 1;
    const filled = Math.round(share * WIDTH);
    const rate = elapsed > 0 ? (replies * 1000) / elapsed : 0;
    const left = replies > 0 && rate > 0 ? `${duration(((total - replies) / rate) * 1000)} left` : 'time left unknown';
    const extra = retries + unparsed > 0 ? ` (${count(retries)} retries, ${count(unparsed)} unparsed)` : '';
    return `judge [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${count(replies)}/${count(total)} requests, ${rate.toFixed(1)}/s, ${left}${extra}`;
  };
  const draw = () => {
    if (tty) {
      if (now() - lastDrawn < 200 && replies < total) return;
      lastDrawn = now();
      stream.write(`\r${line()}\u001b[K`);
      return;
    }
    const tenth = total > 0 ? Math.floor((10 * replies) / total) : 10;
    if (tenth > lastTenth || now() - lastLine >= 30_000) {
      lastTenth = Math.max(lastTenth, tenth);
      lastLine = now();
      stream.write(`${line()}\n`);
    }
  };
  return {
    reply() {
      replies++;
      draw();
    },
    retry() {
      retries++;
      draw();
    },
    unparsed() {
      unparsed++;
    },
    done(summary) {
      stream.write(`${tty ? '\r' : ''}${summary}${tty ? '\u001b[K' : ''}\n`);
    },
  };
}
