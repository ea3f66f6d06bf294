/**
 * A small hand-built study for the exclusion and CONSORT tests: 13 participants, each described
 * by arm, attention check and, per round, whether the conversation exists, is completed, is rated
 * and how many supporter messages it has. The expected counts are derived by hand in
 * exclusions.test.ts.
 */
import type { Arm, Round } from '../../pipeline/study.ts';
import type { ExclusionSpec } from '../../pipeline/prereg/types.ts';
import type { StudyTables } from '../../pipeline/ingest/tables.ts';

interface RoundPlan {
  completed: boolean;
  rated: boolean;
  supporterMessages: number;
}
const ok: RoundPlan = { completed: true, rated: true, supporterMessages: 2 };
const rich: RoundPlan = { completed: true, rated: true, supporterMessages: 5 };

export const PLAN: { id: string; arm: Arm | null; attention: boolean; rounds: (RoundPlan | null)[] }[] = [
  { id: 'p01', arm: 'coach', attention: true, rounds: [rich, rich, rich] },
  { id: 'p02', arm: 'coach', attention: false, rounds: [rich, rich, rich] }, // failed attention
  { id: 'p03', arm: null, attention: true, rounds: [] }, // not randomised
  { id: 'p04', arm: 'coach', attention: true, rounds: [rich, rich, null] }, // no round 3
  { id: 'p05', arm: 'coach', attention: true, rounds: [rich, rich, { ...rich, completed: false }] }, // round 3 not completed
  { id: 'p06', arm: 'video', attention: true, rounds: [rich, { ...rich, rated: false }, rich] }, // round 2 unrated
  { id: 'p07', arm: 'video', attention: true, rounds: [rich, { ...rich, supporterMessages: 1 }, rich] }, // 1 supporter message
  { id: 'p08', arm: 'video', attention: true, rounds: [rich, rich, rich] },
  // both E2 (round 3 not completed) and E3 (round 1 without supporter messages): counted under E2 only
  { id: 'p09', arm: 'control', attention: true, rounds: [{ ...rich, supporterMessages: 0 }, rich, { ...rich, completed: false }] },
  { id: 'p10', arm: 'control', attention: true, rounds: [ok, ok, ok] }, // exactly 2: not "fewer than 2"
  { id: 'p11', arm: 'control', attention: true, rounds: [rich, rich, rich] },
  { id: 'p12', arm: 'video', attention: false, rounds: [rich, null, null] }, // E1 and E2: counted under E1
  { id: 'p13', arm: 'coach', attention: true, rounds: [rich, rich, rich] },
];

export const RULES: ExclusionSpec[] = [
  { id: 'E1', tag: 'reconstructed', description: 'Failed the attention check (not randomised).', rule: 'attention_failed', stage: 'before_randomisation', min_supporter_messages: null },
  { id: 'E2', tag: 'reconstructed', description: 'Did not complete all three rounds.', rule: 'incomplete_rounds', stage: 'after_allocation', min_supporter_messages: null },
  { id: 'E3', tag: 'reconstructed', description: 'Any round with fewer than 2 supporter messages.', rule: 'min_supporter_messages', stage: 'after_allocation', min_supporter_messages: 2 },
];

/** The study of PLAN as tables: each round's conversation has one seeker message per supporter one
 *  (plus an opening), six ratings when rated, and each participant one self-report and one choice. */
export function exclusionStudy(): StudyTables {
  const t: StudyTables = {
    meta: { name: 'exclusions fixture', description: 'hand-built', synthetic: true, source: 'tests/ingest/exclusion-study.ts' },
    participants: [],
    conversations: [],
    messages: [],
    ratings: [],
    self_reports: [],
    perception: [],
  };
  for (const p of PLAN) {
    t.participants.push({ participant_id: p.id, arm: p.arm, attention_passed: p.attention, trait_jes: 4, trait_sites: 3 });
    p.rounds.forEach((plan, i) => {
      if (plan === null) return;
      const round = (i + 1) as Round;
      const cid = `${p.id}-r${round}`;
      t.conversations.push({ conversation_id: cid, participant_id: p.id, round, scenario: 'job_loss', completed: plan.completed, realism: 4 });
      let turn = 1;
      t.messages.push({ conversation_id: cid, turn: turn++, role: 'seeker', text: 'opening' });
      for (let k = 0; k < plan.supporterMessages; k++) {
        t.messages.push({ conversation_id: cid, turn: turn++, role: 'supporter', text: 'support' });
        t.messages.push({ conversation_id: cid, turn: turn++, role: 'seeker', text: 'reply' });
      }
      if (plan.rated) t.ratings.push({ conversation_id: cid, rater: 'judge', dimension: 'validating_emotions', score: 3 });
    });
    t.self_reports.push({ participant_id: p.id, round: 1, dimension: 'validating_emotions', response: 4 });
    t.perception.push({ participant_id: p.id, item_id: 'i1', chose_aligned: true });
  }
  return t;
}

/** The CONSORT flow of this study under RULES, counted by hand (the count is in exclusions.test.ts). */
export const EXPECTED_CONSORT = {
  schema: 'lend-an-ear-consort/1',
  enrolled: 13,
  excluded_before_randomisation: [{ id: 'E1', reason: 'Failed the attention check (not randomised).', n: 1 }],
  randomised: 12,
  by_arm: {
    control: {
      allocated: 3,
      lost: [
        { id: 'E1', reason: 'Failed the attention check, after allocation (has an arm).', n: 0 },
        { id: 'E2', reason: 'Did not complete all three rounds.', n: 1 },
        { id: 'E3', reason: 'Any round with fewer than 2 supporter messages.', n: 0 },
      ],
      analysed: 2,
    },
    video: {
      allocated: 4,
      lost: [
        { id: 'E1', reason: 'Failed the attention check, after allocation (has an arm).', n: 1 },
        { id: 'E2', reason: 'Did not complete all three rounds.', n: 1 },
        { id: 'E3', reason: 'Any round with fewer than 2 supporter messages.', n: 1 },
      ],
      analysed: 1,
    },
    coach: {
      allocated: 5,
      lost: [
        { id: 'E1', reason: 'Failed the attention check, after allocation (has an arm).', n: 1 },
        { id: 'E2', reason: 'Did not complete all three rounds.', n: 2 },
        { id: 'E3', reason: 'Any round with fewer than 2 supporter messages.', n: 0 },
      ],
      analysed: 2,
    },
  },
  analysed: 5,
};
