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
  /** Rounds whose conversation is completed and rated, as bits (bit r = round r). */
  counted: number;
  /** Supporter messages per round (index = round). */
  supporterMessages: [number, number, number, number];
}

/** Supporter messages per conversation id, counted from the message rows. */
function supporterMessagesOf(messages: StudyTables['messages']): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) {
    if (m.role === 'supporter') counts.set(m.conversation_id, (counts.get(m.conversation_id) ?? 0) + 1);
  }
  return counts;
}

function roundsByParticipant(tables: StudyTables, supporterMessages: ReadonlyMap<string, number>): Map<string, ParticipantRounds> {
  const rated = new Set<string>();
  // A conversation's ratings are usually adjacent: look the id up once per run of equal ids.
  let lastRated: string | undefined;
  for (const r of tables.ratings) {
    if (r.conversation_id === lastRated) continue;
    lastRated = r.conversation_id;
    rated.add(lastRated);
  }
  const byParticipant = new Map<string, ParticipantRounds>();
  for (const c of tables.conversations) {
    let entry = byParticipant.get(c.participant_id);
    if (!entry) {
      entry = { counted: 0, supporterMessages: [0, 0, 0, 0] };
      byParticipant.set(c.participant_id, entry);
    }
    if (c.completed && rated.has(c.conversation_id)) entry.counted |= 1 << c.round;
    entry.supporterMessages[c.round] = supporterMessages.get(c.conversation_id) ?? 0;
  }
  return byParticipant;
}

function excludedBy(rule: ExclusionSpec, p: Participant, rounds: ParticipantRounds | undefined): boolean {
  switch (rule.rule) {
    case 'attention_failed':
      return p.arm === null || !p.attention_passed;
    case 'incomplete_rounds':
      return ROUNDS.some((r) => ((rounds?.counted ?? 0) & (1 << r)) === 0);
    case 'min_supporter_messages': {
      const min = rule.min_supporter_messages ?? 0;
      return ROUNDS.some((r) => (rounds?.supporterMessages[r] ?? 0) < min);
    }
  }
}

/**
 * The rows whose key is in `kept`, in their order. Rows of one participant or conversation are
 * usually adjacent, so the set is asked once per run of equal keys, not once per row.
 */
function keepRows<T>(rows: readonly T[], key: (row: T) => string, kept: ReadonlySet<string>): T[] {
  const out: T[] = [];
  let lastKey: string | undefined;
  let lastKept = false;
  for (const row of rows) {
    const k = key(row);
    if (k !== lastKey) {
      lastKey = k;
      lastKept = kept.has(k);
    }
    if (lastKept) out.push(row);
  }
  return out;
}

/**
 * Applies the exclusion rules in order; returns the tables of the analysed participants only
 * (their participants, conversations, messages, ratings, self_reports and perception rows) and
 * the CONSORT counts per arm.
 * Example: with E1–E3 on the hand-built study of tests/ingest/exclusion-study.ts (hand count in
 * exclusions.test.ts), `consort.enrolled` → `13`, `consort.randomised` → `10`, `consort.analysed` → `5`.
 */
export function applyExclusions(tables: StudyTables, rules: ExclusionSpec[]): { analysed: StudyTables; consort: Consort } {
  return applyExclusionsWithCounts(tables, rules, supporterMessagesOf(tables.messages));
}

/**
 * `applyExclusions` with each conversation's number of supporter messages given instead of
 * counted from `tables.messages` (a conversation missing from the map has none). For the design
 * diagnosis, whose simulated studies carry these counts and no message rows; with the counts of
 * `tables.messages` it gives exactly what applyExclusions gives (which calls it so).
 *
 * @example
 * const supporterMessages = new Map();
 * const study = simulateStudy(CALIBRATION, 7, 1, { messageText: false, supporterMessages });
 * applyExclusionsWithCounts(study, prereg.exclusions, supporterMessages).consort.analysed; // 968
 */
export function applyExclusionsWithCounts(tables: StudyTables, rules: ExclusionSpec[], supporterMessages: ReadonlyMap<string, number>): { analysed: StudyTables; consort: Consort } {
  const rounds = roundsByParticipant(tables, supporterMessages);
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
  const conversations = keepRows(tables.conversations, (c) => c.participant_id, analysedIds);
  const keptConversations = new Set(conversations.map((c) => c.conversation_id));
  const analysed: StudyTables = {
    meta: tables.meta,
    participants: tables.participants.filter((p) => analysedIds.has(p.participant_id)),
    conversations,
    messages: keepRows(tables.messages, (m) => m.conversation_id, keptConversations),
    ratings: keepRows(tables.ratings, (r) => r.conversation_id, keptConversations),
    self_reports: keepRows(tables.self_reports, (s) => s.participant_id, analysedIds),
    perception: keepRows(tables.perception, (s) => s.participant_id, analysedIds),
  };
  return { analysed, consort };
}
