/**
 * The preregistered exclusions and the CONSORT flow (STUDY.md, "Exclusions").
 *
 * - `attention_failed` (E1): not randomised (arm empty) or failed the attention check.
 * - `incomplete_rounds` (E2): fewer than three rounds that count. A round counts only if its
 *   conversation is marked completed AND has at least one judge rating.
 * - `min_supporter_messages` (E3): some round 1–3 whose conversation has fewer than N supporter
 *   messages (a round with no conversation has 0).
 *
 * Rules apply in the preregistered order; each participant is counted once, under the first rule
 * that excludes them. Rules of stage `before_randomisation` count in `excluded_before_randomisation`;
 * `after_allocation` ones under the participant's arm as `lost`. A participant without an arm
 * whom no before-randomisation rule caught cannot be allocated either: they are counted under an
 * extra entry `not_randomised` before randomisation, so the flow always adds up.
 */
import { ARMS, ROUNDS, type Arm } from '../study.ts';
import type { ExclusionSpec } from '../prereg/types.ts';
import type { Consort, ExclusionCount, Participant, StudyTables } from './tables.ts';

interface ParticipantRounds {
  /** Rounds whose conversation is completed and rated. */
  counted: Set<number>;
  /** Supporter messages per round (index = round). */
  supporterMessages: number[];
}

function roundsByParticipant(tables: StudyTables): Map<string, ParticipantRounds> {
  const rated = new Set<string>();
  for (const r of tables.ratings) rated.add(r.conversation_id);
  const supporterCount = new Map<string, number>();
  for (const m of tables.messages) {
    if (m.role === 'supporter') supporterCount.set(m.conversation_id, (supporterCount.get(m.conversation_id) ?? 0) + 1);
  }
  const byParticipant = new Map<string, ParticipantRounds>();
  for (const c of tables.conversations) {
    let entry = byParticipant.get(c.participant_id);
    if (!entry) {
      entry = { counted: new Set(), supporterMessages: [0, 0, 0, 0] };
      byParticipant.set(c.participant_id, entry);
    }
    if (c.completed && rated.has(c.conversation_id)) entry.counted.add(c.round);
    entry.supporterMessages[c.round] = supporterCount.get(c.conversation_id) ?? 0;
  }
  return byParticipant;
}

function excludedBy(rule: ExclusionSpec, p: Participant, rounds: ParticipantRounds | undefined): boolean {
  switch (rule.rule) {
    case 'attention_failed':
      return p.arm === null || !p.attention_passed;
    case 'incomplete_rounds':
      return ROUNDS.some((r) => !rounds?.counted.has(r));
    case 'min_supporter_messages': {
      const min = rule.min_supporter_messages ?? 0;
      return ROUNDS.some((r) => (rounds?.supporterMessages[r] ?? 0) < min);
    }
  }
}

/**
 * Applies the exclusion rules in order; returns the tables of the analysed participants only
 * (their participants, conversations, messages, ratings, self_reports and perception rows) and
 * the CONSORT counts per arm.
 * Example: with E1–E3 on the hand-built study of tests/ingest/exclusion-study.ts (hand count in
 * exclusions.test.ts), `consort.enrolled` → `13`, `consort.randomised` → `10`, `consort.analysed` → `5`.
 */
export function applyExclusions(tables: StudyTables, rules: ExclusionSpec[]): { analysed: StudyTables; consort: Consort } {
  const rounds = roundsByParticipant(tables);
  const before: ExclusionCount[] = rules.filter((r) => r.stage === 'before_randomisation').map((r) => ({ id: r.id, reason: r.description, n: 0 }));
  const notRandomised: ExclusionCount = { id: 'not_randomised', reason: 'No arm recorded, and no exclusion rule before randomisation applied.', n: 0 };
  const byArm = {} as Consort['by_arm'];
  for (const arm of ARMS) {
    byArm[arm] = {
      allocated: 0,
      lost: rules.filter((r) => r.stage === 'after_allocation').map((r) => ({ id: r.id, reason: r.description, n: 0 })),
      analysed: 0,
    };
  }
  const analysedIds = new Set<string>();
  for (const p of tables.participants) {
    const rule = rules.find((r) => excludedBy(r, p, rounds.get(p.participant_id)));
    if (rule?.stage === 'before_randomisation') {
      before.find((c) => c.id === rule.id)!.n++;
      continue;
    }
    if (p.arm === null) {
      notRandomised.n++;
      continue;
    }
    const arm: Arm = p.arm;
    byArm[arm].allocated++;
    if (rule) byArm[arm].lost.find((c) => c.id === rule.id)!.n++;
    else {
      byArm[arm].analysed++;
      analysedIds.add(p.participant_id);
    }
  }
  if (notRandomised.n > 0) before.push(notRandomised);
  const excludedBefore = before.reduce((sum, c) => sum + c.n, 0);
  const consort: Consort = {
    schema: 'lend-an-ear-consort/1',
    enrolled: tables.participants.length,
    excluded_before_randomisation: before,
    randomised: tables.participants.length - excludedBefore,
    by_arm: byArm,
    analysed: analysedIds.size,
  };
  const conversations = tables.conversations.filter((c) => analysedIds.has(c.participant_id));
  const keptConversations = new Set(conversations.map((c) => c.conversation_id));
  const analysed: StudyTables = {
    meta: tables.meta,
    participants: tables.participants.filter((p) => analysedIds.has(p.participant_id)),
    conversations,
    messages: tables.messages.filter((m) => keptConversations.has(m.conversation_id)),
    ratings: tables.ratings.filter((r) => keptConversations.has(r.conversation_id)),
    self_reports: tables.self_reports.filter((s) => analysedIds.has(s.participant_id)),
    perception: tables.perception.filter((s) => analysedIds.has(s.participant_id)),
  };
  return { analysed, consort };
}
