/**
 * The enrolment plan: conversation lengths always sum to the planned total within their bounds
 * (fast-check property), counts scale with --scale, and allocation is 1:1:1 in blocks of six.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../pipeline/stats/random.ts';
import { CALIBRATION } from '../../pipeline/simulate/calibration.ts';
import { conversationLengths, planEnrolment, plannedCounts } from '../../pipeline/simulate/plan.ts';

describe('the enrolment plan', () => {
  it('spreads exactly the planned messages over conversations, within the length bounds', () => {
    const { minMessages, maxMessages } = CALIBRATION.sample;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(), (n, position, seed) => {
        const total = Math.round(n * (minMessages + position * (maxMessages - minMessages)));
        const lengths = conversationLengths(n, total, CALIBRATION, createRng(seed));
        expect(lengths).toHaveLength(n);
        expect(lengths.reduce((a, b) => a + b, 0)).toBe(total);
        for (const length of lengths) {
          expect(length).toBeGreaterThanOrEqual(minMessages);
          expect(length).toBeLessThanOrEqual(maxMessages);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('multiplies every count by the scale: 100 × gives 3,393,800 analysed messages', () => {
    expect(plannedCounts(CALIBRATION, 100)).toEqual({ analysed: 96_800, messages: 3_393_800, failedAttention: 4_300, droppedOut: 4_100, tooFewMessages: 2_100 });
    expect(() => plannedCounts(CALIBRATION, 0.001)).toThrow(RangeError);
  });

  it('allocates the randomised 1:1:1 in permuted blocks of six and plans three rounds for the analysed', () => {
    const plan = planEnrolment(CALIBRATION, 1, createRng(5));
    const randomised = plan.filter((p) => p.arm !== null);
    expect(plan.filter((p) => p.arm === null).every((p) => p.status === 'E1')).toBe(true);
    for (let start = 0; start + 6 <= randomised.length; start += 6) {
      const block = randomised.slice(start, start + 6).map((p) => p.arm);
      expect(block.filter((a) => a === 'coach')).toHaveLength(2);
      expect(block.filter((a) => a === 'video')).toHaveLength(2);
    }
    const analysed = plan.filter((p) => p.status === 'analysed');
    expect(analysed).toHaveLength(968);
    expect(analysed.flatMap((p) => p.messageCounts).reduce((a, b) => a + b, 0)).toBe(33_938);
  });
});
