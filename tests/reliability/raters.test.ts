import { describe, expect, it } from 'vitest';
import type { Rating } from '../../pipeline/ingest/tables.ts';
import { raterScores } from '../../pipeline/reliability/raters.ts';

const r = (conversation_id: string, rater: string, score: number): Rating => ({ conversation_id, rater, dimension: 'advice_giving', score });
const experts = [{ name: 'experts', members: ['e1', 'e2', 'e3'], combine: 'median' as const }];

describe('raterScores', () => {
  it("forms the group as the per-conversation median of its members (numpy median)", () => {
    const s = raterScores([r('b', 'e1', 1), r('b', 'e2', 4), r('b', 'e3', 2), r('a', 'e1', 3), r('a', 'e2', 3), r('a', 'e3', 5)], experts);
    expect(s.conversations).toEqual(['a', 'b']);
    expect(s.score('experts', 'advice_giving')).toEqual([3, 2]);
    expect(s.score('e2', 'advice_giving')).toEqual([3, 4]);
  });
  it('leaves the group missing where a member is missing, like a NaN in np.median', () => {
    const s = raterScores([r('a', 'e1', 3), r('a', 'e2', 3), r('b', 'e1', 1), r('b', 'e2', 4), r('b', 'e3', 2)], experts);
    expect(s.score('experts', 'advice_giving')).toEqual([null, 2]);
    expect(s.score('e3', 'advice_giving')).toEqual([null, 2]);
    expect(s.score('e3', 'self_oriented')).toEqual([null, null]);
  });
  it("takes the median of one rater's repeated runs first", () => {
    const s = raterScores([r('a', 'judge', 2), r('a', 'judge', 5), r('a', 'judge', 3), r('a', 'judge', 4)], []);
    expect(s.score('judge', 'advice_giving')).toEqual([3.5]);
  });
  it('throws on an unknown rater', () => {
    expect(() => raterScores([r('a', 'e1', 1)], []).score('nobody', 'advice_giving')).toThrow(/nobody/);
  });
});
