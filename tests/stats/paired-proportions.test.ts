/**
 * Wilson's score interval against R's prop.test(correct = FALSE), and Newcombe's (1998) method-10
 * interval for a difference of paired proportions against the same formula hand-coded in R on
 * prop.test's Wilson limits (tests/fixtures/stats/paired-proportions.R → paired-proportions.json;
 * no installed R package has it): Fagerland et al.'s two examples, a table like the bundled
 * study's silent-empathy gap, no discordant pairs, one cell only, negative association, 20,000
 * pairs, at 95% and 99%.
 */
import { describe, expect, it } from 'vitest';
import { newcombePairedInterval } from '../../pipeline/stats/paired-proportions.ts';
import { wilsonInterval } from '../../pipeline/stats/wilson.ts';
import { expectClose, loadFixture } from './fixture.ts';

interface WilsonCase { x: number; n: number; conf_level: number; low: number; high: number }
interface PairedCase { name: string; a: number; b: number; c: number; d: number; conf_level: number; estimate: number; ci_low: number; ci_high: number; phi: number }
const fixture = loadFixture<{ wilson: WilsonCase[]; paired: PairedCase[] }>('paired-proportions');

describe('wilsonInterval agrees with R prop.test(correct = FALSE) to 1e-12', () => {
  for (const c of fixture.wilson) {
    it(`${c.x} of ${c.n} at ${c.conf_level}`, () => {
      const got = wilsonInterval(c.x, c.n, c.conf_level);
      expectClose(got.low, c.low, 1e-12, 'low');
      expectClose(got.high, c.high, 1e-12, 'high');
    });
  }

  it('refuses counts outside 0..n and a level outside (0, 1)', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(/0\.\.n/);
    expect(() => wilsonInterval(1, 0)).toThrow(/positive integer/);
    expect(() => wilsonInterval(1, 2, 1)).toThrow(/confLevel/);
  });
});

describe('newcombePairedInterval agrees with the hand-coded R reference to 1e-12', () => {
  for (const c of fixture.paired) {
    it(`${c.name} (${c.a}, ${c.b}, ${c.c}, ${c.d}) at ${c.conf_level}`, () => {
      const got = newcombePairedInterval(c.a, c.b, c.c, c.d, c.conf_level);
      expectClose(got.estimate, c.estimate, 1e-12, 'estimate');
      expectClose(got.ci_low, c.ci_low, 1e-12, 'ci_low');
      expectClose(got.ci_high, c.ci_high, 1e-12, 'ci_high');
      expectClose(got.phi, c.phi, 1e-12, 'phi');
      expect(got.ci_low).toBeGreaterThanOrEqual(-1);
      expect(got.ci_high).toBeLessThanOrEqual(1);
    });
  }

  it('refuses an empty table and negative or fractional counts', () => {
    expect(() => newcombePairedInterval(0, 0, 0, 0)).toThrow(/empty/);
    expect(() => newcombePairedInterval(1, -1, 0, 0)).toThrow(/non-negative integer/);
  });
});
