/**
 * Per-rater score vectors over the rated conversations, including the rater groups the
 * preregistration declares (e.g. `experts` = per-conversation median of expert1..3). Several
 * runs of one rater on one conversation and dimension are combined by their median first.
 */
import { DIMENSION_NAMES, type Dimension } from '../study.ts';
import type { Rating } from '../ingest/tables.ts';
import type { RaterGroupSpec } from '../prereg/types.ts';
import { medianOfRuns as median } from '../score/aggregate.ts';

export interface RaterScores {
  /** Rated conversations, sorted (the order of every vector). */
  conversations: string[];
  /** Individual raters found in the ratings, sorted. */
  raters: string[];
  /** score(rater or group, dimension)[i] for conversations[i]; null where missing. */
  score(rater: string, dimension: Dimension): (number | null)[];
  has(rater: string): boolean;
}

/**
 * Builds the score vectors. A group's score is null when any member's is missing, as numpy's
 * median of a NaN is NaN in the companion paper's code.
 *
 * @example
 * raterScores(tables.ratings, [{ name: 'experts', members: ['expert1', 'expert2', 'expert3'], combine: 'median' }])
 *   .score('experts', 'advice_giving'); // [2, 4, 1, …]
 */
export function raterScores(ratings: Rating[], groups: RaterGroupSpec[]): RaterScores {
  const conversations = [...new Set(ratings.map((r) => r.conversation_id))].sort();
  const position = new Map(conversations.map((c, i) => [c, i]));
  const raters = [...new Set(ratings.map((r) => r.rater))].sort();
  const runs = new Map<string, number[][]>();
  for (const r of ratings) {
    const key = `${r.rater}\u0000${r.dimension}`;
    let slots = runs.get(key);
    if (!slots) {
      slots = conversations.map(() => []);
      runs.set(key, slots);
    }
    slots[position.get(r.conversation_id)!].push(r.score);
  }
  const vectors = new Map<string, (number | null)[]>();
  for (const rater of raters) {
    for (const d of DIMENSION_NAMES) {
      const slots = runs.get(`${rater}\u0000${d}`);
      vectors.set(`${rater}\u0000${d}`, conversations.map((_, i) => (slots && slots[i].length > 0 ? median(slots[i]) : null)));
    }
  }
  for (const g of groups) {
    for (const d of DIMENSION_NAMES) {
      const members = g.members.map((m) => vectors.get(`${m}\u0000${d}`) ?? conversations.map(() => null));
      vectors.set(
        `${g.name}\u0000${d}`,
        conversations.map((_, i) => {
          const values = members.map((v) => v[i]);
          if (values.some((v) => v === null)) return null;
          const xs = values as number[];
          return g.combine === 'median' ? median(xs) : xs.reduce((s, x) => s + x, 0) / xs.length;
        }),
      );
    }
  }
  return {
    conversations,
    raters,
    score(rater, dimension) {
      const v = vectors.get(`${rater}\u0000${dimension}`);
      if (!v) throw new Error(`no ratings for rater or group ${JSON.stringify(rater)}`);
      return v;
    },
    has(rater) {
      return vectors.has(`${rater}\u0000${DIMENSION_NAMES[0]}`);
    },
  };
}
