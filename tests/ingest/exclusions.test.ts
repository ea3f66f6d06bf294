/**
 * Exclusions and the CONSORT flow on the hand-built study of exclusion-study.ts.
 *
 * Hand count (rules in order E1, E2, E3; each participant under the first rule that excludes them):
 *   enrolled 13.
 *   E1 before randomisation: p03 (no arm) → 1.   randomised = 13 − 1 = 12.
 *   E1 after allocation (failed attention but has an arm, so was randomised; counted in the arm,
 *      with a warning each): p02 (coach), p12 (video; also incomplete, but E1 comes first).
 *   coach   allocated p01 p02 p04 p05 p13 = 5; E1: p02 = 1; E2: p04 (no round 3), p05 (round 3 not
 *           completed) = 2; E3: 0; analysed p01 p13 = 2.
 *   video   allocated p06 p07 p08 p12 = 4; E1: p12 = 1; E2: p06 (round 2 unrated) = 1; E3: p07 (1
 *           supporter message in round 2) = 1; analysed p08 = 1.
 *   control allocated p09 p10 p11 = 3; E2: p09 (round 3 not completed; its round 1 with 0
 *           supporter messages would also fail E3, but E2 comes first) = 1; E3: 0 (p10 has exactly 2,
 *           which is not fewer than 2); analysed p10 p11 = 2.
 *   analysed 2 + 1 + 2 = 5.
 */
import { describe, expect, it } from 'vitest';
import { Warnings } from '../../pipeline/errors.ts';
import { applyExclusions } from '../../pipeline/ingest/exclusions.ts';
import { EXPECTED_CONSORT, RULES, exclusionStudy } from './exclusion-study.ts';

describe('applyExclusions', () => {
  it('counts each participant once, under the first rule, per arm', () => {
    const { consort } = applyExclusions(exclusionStudy(), RULES);
    expect(consort).toEqual(EXPECTED_CONSORT);
  });

  it('counts a participant with an arm who failed the attention check in their arm, with a warning each', () => {
    const warnings = new Warnings();
    const { consort } = applyExclusions(exclusionStudy(), RULES, warnings);
    expect(consort.by_arm.coach.lost[0]).toEqual({ id: 'E1', reason: 'Failed the attention check, after allocation (has an arm).', n: 1 });
    expect(consort.by_arm.video.lost[0].n).toBe(1);
    expect(warnings.items.map((w) => w.code)).toEqual(['excluded_after_randomisation', 'excluded_after_randomisation']);
    // The flow adds up: enrolled = before randomisation + allocated; allocated = lost + analysed.
    const allocated = Object.values(consort.by_arm).reduce((s, a) => s + a.allocated, 0);
    expect(consort.excluded_before_randomisation.reduce((s, e) => s + e.n, 0) + allocated).toBe(consort.enrolled);
    for (const arm of Object.values(consort.by_arm)) expect(arm.lost.reduce((s, e) => s + e.n, 0) + arm.analysed).toBe(arm.allocated);
    // No warning text names a participant (reports carry no raw ids).
    for (const w of warnings.items) expect(w.message).not.toMatch(/p\d\d/);
  });

  it('lists E1 under the arms only when it excluded someone with an arm', () => {
    const study = exclusionStudy();
    study.participants = study.participants.filter((p) => p.arm === null || p.attention_passed);
    const { consort } = applyExclusions(study, RULES);
    for (const arm of Object.values(consort.by_arm)) expect(arm.lost.map((e) => e.id)).toEqual(['E2', 'E3']);
  });

  it('keeps only the rows of analysed participants', () => {
    const { analysed } = applyExclusions(exclusionStudy(), RULES);
    const kept = ['p01', 'p08', 'p10', 'p11', 'p13'];
    expect(analysed.participants.map((p) => p.participant_id)).toEqual(kept);
    expect(analysed.conversations).toHaveLength(15);
    expect(new Set(analysed.conversations.map((c) => c.participant_id))).toEqual(new Set(kept));
    // each kept conversation: 1 opening + 2 per supporter message (5 each, except p10's 2)
    expect(analysed.messages).toHaveLength(4 * 3 * 11 + 3 * 5);
    expect(analysed.ratings).toHaveLength(15);
    expect(analysed.self_reports.map((s) => s.participant_id)).toEqual(kept);
    expect(analysed.perception.map((s) => s.participant_id)).toEqual(kept);
  });

  it('applies the rules in the order given: E3 before E2 moves p09 to E3', () => {
    const { consort } = applyExclusions(exclusionStudy(), [RULES[0], RULES[2], RULES[1]]);
    // p09 fails E3 in round 1 (0 supporter messages) and is now counted there; p06 (round 2
    // unrated) still fails only E2.
    expect(consort.by_arm.control.lost).toEqual([
      { id: 'E1', reason: 'Failed the attention check, after allocation (has an arm).', n: 0 },
      { id: 'E3', reason: 'Any round with fewer than 2 supporter messages.', n: 1 },
      { id: 'E2', reason: 'Did not complete all three rounds.', n: 0 },
    ]);
    expect(consort.analysed).toBe(5);
  });

  it('counts an unrandomised participant no rule caught as not randomised', () => {
    const { consort } = applyExclusions(exclusionStudy(), RULES.slice(1));
    // without E1, p02 (coach, failed attention) is allocated: complete rounds, so analysed;
    // p12 (video) is lost to E2; p03 has no arm and cannot be allocated.
    expect(consort.excluded_before_randomisation).toEqual([{ id: 'not_randomised', reason: 'No arm recorded, and no exclusion rule before randomisation applied.', n: 1 }]);
    expect(consort.randomised).toBe(12);
    expect(consort.by_arm.coach.analysed).toBe(3);
    expect(consort.by_arm.video.lost[0].n).toBe(2);
  });
});
