/**
 * The judge's progress: on a terminal one line redrawn in place (at most five times a second),
 * with the rate and the time left; otherwise a plain line at each tenth, counts never going back.
 */
import { describe, expect, it } from 'vitest';
import { createJudgeProgress } from '../../pipeline/judge/progress.ts';
import { captured } from './helpers.ts';

describe('the judge\'s progress', () => {
  it('on a terminal: redrawn in place, throttled, with rate and time left', () => {
    const stream = captured(true);
    let now = 0;
    const p = createJudgeProgress(100, stream, () => now);
    for (let i = 0; i < 100; i++) {
      now += 50; // 20 replies a second
      p.reply();
    }
    p.done('judge: done');
    const frames = stream.text().split('\r').filter(Boolean);
    // a redraw every 200 ms at most (every 4th reply here), and the last one
    expect(frames.length).toBeLessThanOrEqual(27);
    expect(frames[0]).toBe('judge [------------------------] 1/100 requests, 20.0/s, 5 s left\u001b[K');
    expect(frames.at(-2)).toBe('judge [########################] 100/100 requests, 20.0/s, 0 s left\u001b[K');
    expect(frames.at(-1)).toBe('judge: done\u001b[K\n');
  });

  it('in a log: a plain line at each tenth, never backwards, retries and unparsed counted', () => {
    const stream = captured(false);
    let now = 0;
    const p = createJudgeProgress(40, stream, () => now);
    for (let i = 0; i < 40; i++) {
      now += 100;
      if (i === 5) p.retry();
      if (i === 7) p.unparsed();
      p.reply();
    }
    const lines = stream.text().trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    const counts = lines.map((l) => Number(/\] (\d+)\/40/.exec(l)![1]));
    expect(counts).toEqual([4, 8, 12, 16, 20, 24, 28, 32, 36, 40]);
    expect(lines[1]).toBe('judge [#####-------------------] 8/40 requests, 10.0/s, 3 s left (1 retries, 1 unparsed)');
    expect(stream.text()).not.toContain('\r');
  });
});
