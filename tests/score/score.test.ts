/**
 * scoreStudy against R (tests/fixtures/score/score.R: `median` of the judge runs per conversation
 * and dimension, alignment = mean of prescriptive medians and 6 − proscriptive medians, perception
 * share = mean of chose_aligned), on the fixture written by tests/fixtures/score/make-fixture.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { scoreStudy } from '../../pipeline/score/index.ts';
import { DIMENSION_NAMES } from '../../pipeline/study.ts';
import { createRng } from '../../pipeline/stats/random.ts';
import { scoreFixtureTables } from '../fixtures/score/make-fixture.ts';

interface RConversation { conversation_id: string; alignment: number | null; [dimension: string]: number | string | null }
const reference = JSON.parse(readFileSync('tests/fixtures/score/score-r.json', 'utf8')) as {
  conversations: RConversation[];
  perception: { participant_id: string; share: number }[];
};
// R's JSON carries 15 significant digits.
const closeTo = (actual: number | null, expected: number | null) =>
  actual === null || expected === null ? actual === expected : Math.abs(actual - expected) <= 1e-13 * Math.max(1, Math.abs(expected));

const { prereg } = loadPreregistration();
const tables = scoreFixtureTables();
const scored = scoreStudy(tables, prereg);

describe('scoreStudy', () => {
  it('gives every conversation R\'s median per dimension and alignment (score.R)', () => {
    expect(scored.conversations.map((c) => c.conversation_id).sort()).toEqual(reference.conversations.map((c) => c.conversation_id).sort());
    for (const expected of reference.conversations) {
      const ours = scored.conversations.find((c) => c.conversation_id === expected.conversation_id);
      for (const d of DIMENSION_NAMES) expect(closeTo(ours?.scores[d] ?? null, expected[d] as number | null), `${expected.conversation_id} ${d}`).toBe(true);
      expect(closeTo(ours?.alignment ?? null, expected.alignment), `${expected.conversation_id} alignment`).toBe(true);
    }
  });

  it('takes the mean of the two middle runs for an even count (R: median(c(2, 3, 2, 5)) = 2.5)', () => {
    const even = reference.conversations.find((c) => c.validating_emotions === 2.5);
    expect(even).toBeDefined();
    expect(scored.conversations.find((c) => c.conversation_id === even?.conversation_id)?.scores.validating_emotions).toBe(2.5);
  });

  it('leaves alignment missing when one dimension has no judge runs', () => {
    const holes = reference.conversations.filter((c) => c.alignment === null);
    expect(holes.length).toBe(1);
    const ours = scored.conversations.find((c) => c.conversation_id === holes[0].conversation_id);
    expect(ours?.scores.self_oriented).toBeNull();
    expect(ours?.alignment).toBeNull();
  });

  it('gives each participant its rounds, self-reports and R\'s perception share', () => {
    for (const p of scored.participants) {
      for (const round of [1, 2, 3] as const) {
        const conversation = scored.conversations.find((c) => c.participant_id === p.participant_id && c.round === round);
        expect(p.rounds[round].alignment).toBe(conversation?.alignment ?? null);
        expect(p.rounds[round].scenario).toBe(conversation?.scenario ?? null);
        for (const d of DIMENSION_NAMES) {
          const said = tables.self_reports.find((s) => s.participant_id === p.participant_id && s.round === round && s.dimension === d);
          expect(p.rounds[round].self_report[d]).toBe(said?.response ?? null);
        }
      }
      const share = reference.perception.find((r) => r.participant_id === p.participant_id);
      expect(closeTo(p.perception_share, share?.share ?? null)).toBe(true);
    }
  });

  it('counts supporter messages and judge runs', () => {
    // handmade-study.ts writes 4 turns a conversation, 2 by the supporter, and 3 runs (one has 4).
    expect(new Set(scored.conversations.map((c) => c.supporter_messages))).toEqual(new Set([2]));
    expect(scored.conversations.map((c) => c.judge_runs).sort().at(-1)).toBe(4);
  });

  it('does not depend on the order of the input rows', () => {
    const rng = createRng(7);
    const shuffled = {
      ...tables,
      participants: rng.shuffle(tables.participants),
      conversations: rng.shuffle(tables.conversations),
      ratings: rng.shuffle(tables.ratings),
      self_reports: rng.shuffle(tables.self_reports),
      perception: rng.shuffle(tables.perception),
    };
    expect(scoreStudy(shuffled, prereg)).toEqual(scored);
  });

  it('leaves out participants without an arm', () => {
    const unrandomised = { ...tables, participants: tables.participants.map((p, i) => (i === 0 ? { ...p, arm: null } : p)) };
    const result = scoreStudy(unrandomised, prereg);
    expect(result.participants.length).toBe(tables.participants.length - 1);
    expect(result.conversations.some((c) => c.participant_id === tables.participants[0].participant_id)).toBe(false);
  });
});
