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
 * that excludes them. Rules of stage `after_allocation` count under the participant's arm as
 * `lost`. Rules of stage `before_randomisation` count in `excluded_before_randomisation` when the
 * participant has no arm; one who has an arm was randomised, so they count under that arm as
 * `lost` to the rule (a post-randomisation exclusion, which CONSORT reports per arm; the arm's
 * list then has the rule too, in rule order, and so has every other arm's, to keep them parallel)
 * and a warning says so: on real data that is an exclusion after randomisation, which hiding
 * before it would take out of the per-arm counts. A participant without an arm whom no
 * before-randomisation rule caught cannot be allocated either: they are counted under an extra
 * entry `not_randomised` before randomisation, so the flow always adds up.
 */
import { ARMS, ROUNDS, type Arm } from '../study.ts';
import type { ExclusionSpec } from '../prereg/types.ts';
import type { Warnings } from '../errors.ts';
import type { Consort, Conversation, ExclusionCount, Participant, StudyTables } from './tables.ts';

/** What the rules read of one participant's rounds. */
export interface ParticipantRounds {
  /** Rounds whose conversation is completed and rated, as bits (bit r = round r). */
  counted: number;
  /** Supporter messages per round (index = round). */
  supporterMessages: [number, number, number, number];
}

/** A participant with no conversation yet: no round counts, no supporter message. */
export function emptyRounds(): ParticipantRounds {
  return { counted: 0, supporterMessages: [0, 0, 0, 0] };
}

/**
 * Adds one of the participant's conversations to their rounds: the round counts when the
 * conversation is completed and `rated`; its supporter messages are recorded under its round.
 *
 * @example
 * const rounds = emptyRounds();
 * addConversation(rounds, { round: 2, completed: true, … }, true, 5); // rounds: { counted: 0b100, supporterMessages: [0, 0, 5, 0] }
 */
export function addConversation(rounds: ParticipantRounds, conversation: Conversation, rated: boolean, supporterMessages: number): void {
  if (conversation.completed && rated) rounds.counted |= 1 << conversation.round;
  rounds.supporterMessages[conversation.round] = supporterMessages;
}

/** Supporter messages per conversation id, counted from the message rows. */
function supporterMessagesOf(messages: StudyTables['messages']): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) {
    if (m.role === 'supporter') counts.set(m.conversation_id, (counts.get(m.conversation_id) ?? 0) + 1);
  }
  return counts;
}

/**
 * The ids of the conversations that have at least one rating. A conversation's ratings are
 * usually adjacent: the set is asked once per run of equal ids.
 */
export function ratedConversations(ratings: StudyTables['ratings'], from = 0): Set<string> {
  const rated = new Set<string>();
  let lastRated: string | undefined;
  for (let i = from; i < ratings.length; i++) {
    const id = ratings[i].conversation_id;
    if (id === lastRated) continue;
    lastRated = id;
    rated.add(id);
  }
  return rated;
}

function roundsByParticipant(tables: StudyTables, supporterMessages: ReadonlyMap<string, number>): Map<string, ParticipantRounds> {
  const rated = ratedConversations(tables.ratings);
  const byParticipant = new Map<string, ParticipantRounds>();
  for (const c of tables.conversations) {
    let entry = byParticipant.get(c.participant_id);
    if (!entry) {
      entry = emptyRounds();
      byParticipant.set(c.participant_id, entry);
    }
    addConversation(entry, c, rated.has(c.conversation_id), supporterMessages.get(c.conversation_id) ?? 0);
  }
  return byParticipant;
}

/** The CONSORT reason of a before-randomisation rule that excluded a participant with an arm. */
function reasonAfterAllocation(rule: ExclusionSpec): string {
  return rule.rule === 'attention_failed' ? 'Failed the attention check, after allocation (has an arm).' : `${rule.description.replace(/\.\s*$/, '')} (after allocation: has an arm).`;
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

/** The exclusion rules applied one participant at a time, counting the CONSORT flow. */
export interface ExclusionTally {
  /**
   * Applies the rules to one participant (their rounds, or undefined when they have no
   * conversation): counts them under the first rule that excludes them, or as analysed.
   * Returns true when the participant is analysed.
   */
  admit(participant: Participant, rounds: ParticipantRounds | undefined): boolean;
  /** The CONSORT flow of every participant admitted so far (a new object each call). */
  consort(): Consort;
  /** The ids of the analysed participants so far. */
  readonly analysedIds: ReadonlySet<string>;
}

/**
 * A tally of the exclusion rules, for a study that arrives participant by participant (the
 * design diagnosis drops an excluded participant's rows as soon as they are simulated);
 * applyExclusions uses the same tally.
 *
 * @example
 * const tally = createExclusionTally(prereg.exclusions);
 * tally.admit({ participant_id: 'P1', arm: null, attention_passed: false, trait_jes: null, trait_sites: null }, undefined); // false (E1)
 * tally.consort().excluded_before_randomisation[0].n; // 1
 */
export function createExclusionTally(rules: ExclusionSpec[], warnings?: Warnings): ExclusionTally {
  const before: ExclusionCount[] = rules.filter((r) => r.stage === 'before_randomisation').map((r) => ({ id: r.id, reason: r.description, n: 0 }));
  const notRandomised: ExclusionCount = { id: 'not_randomised', reason: 'No arm recorded, and no exclusion rule before randomisation applied.', n: 0 };
  // Every rule has a slot in every arm; a before-randomisation rule's is shown only once used.
  const byArm = {} as Consort['by_arm'];
  for (const arm of ARMS) {
    byArm[arm] = { allocated: 0, lost: rules.map((r) => ({ id: r.id, reason: r.stage === 'after_allocation' ? r.description : reasonAfterAllocation(r), n: 0 })), analysed: 0 };
  }
  const usedAfterAllocation = new Set(rules.filter((r) => r.stage === 'after_allocation').map((r) => r.id));
  const analysedIds = new Set<string>();
  let enrolled = 0;
  return {
    analysedIds,
    admit(p, rounds) {
      enrolled++;
      const rule = rules.find((r) => excludedBy(r, p, rounds));
      if (rule?.stage === 'before_randomisation' && p.arm === null) {
        before.find((c) => c.id === rule.id)!.n++;
        return false;
      }
      if (p.arm === null) {
        notRandomised.n++;
        return false;
      }
      const arm: Arm = p.arm;
      byArm[arm].allocated++;
      if (rule) {
        byArm[arm].lost.find((c) => c.id === rule.id)!.n++;
        if (rule.stage === 'before_randomisation') {
          usedAfterAllocation.add(rule.id);
          warnings?.add({
            code: 'excluded_after_randomisation',
            message: `${rule.id} (a rule before randomisation) excluded a participant who has an arm: counted as lost after allocation in their arm`,
            file: 'participants',
          });
        }
        return false;
      }
      byArm[arm].analysed++;
      analysedIds.add(p.participant_id);
      return true;
    },
    consort() {
      const excluded = before.map((c) => ({ ...c }));
      if (notRandomised.n > 0) excluded.push({ ...notRandomised });
      const excludedBefore = excluded.reduce((sum, c) => sum + c.n, 0);
      const arms = {} as Consort['by_arm'];
      for (const arm of ARMS) {
        const lost = byArm[arm].lost.filter((c) => usedAfterAllocation.has(c.id)).map((c) => ({ ...c }));
        arms[arm] = { allocated: byArm[arm].allocated, lost, analysed: byArm[arm].analysed };
      }
      return {
        schema: 'lend-an-ear-consort/1',
        enrolled,
        excluded_before_randomisation: excluded,
        randomised: enrolled - excludedBefore,
        by_arm: arms,
        analysed: analysedIds.size,
      };
    },
  };
}

/**
 * Applies the exclusion rules in order; returns the tables of the analysed participants only
 * (their participants, conversations, messages, ratings, self_reports and perception rows) and
 * the CONSORT counts per arm. A before-randomisation rule that excludes a participant with an arm
 * adds a warning (`excluded_after_randomisation`) to `warnings`, one per participant.
 * Example: with E1–E3 on the hand-built study of tests/ingest/exclusion-study.ts (hand count in
 * exclusions.test.ts), `consort.enrolled` → `13`, `consort.randomised` → `12`, `consort.analysed` → `5`.
 */
export function applyExclusions(tables: StudyTables, rules: ExclusionSpec[], warnings?: Warnings): { analysed: StudyTables; consort: Consort } {
  return applyExclusionsWithCounts(tables, rules, supporterMessagesOf(tables.messages), warnings);
}

/**
 * `applyExclusions` with each conversation's number of supporter messages given instead of
 * counted from `tables.messages` (a conversation missing from the map has none); with the counts
 * of `tables.messages` it gives exactly what applyExclusions gives (which calls it so).
 *
 * @example
 * const supporterMessages = new Map();
 * const study = simulateStudy(CALIBRATION, 7, 1, { messageText: false, supporterMessages });
 * applyExclusionsWithCounts(study, prereg.exclusions, supporterMessages).consort.analysed; // 968
 */
export function applyExclusionsWithCounts(tables: StudyTables, rules: ExclusionSpec[], supporterMessages: ReadonlyMap<string, number>, warnings?: Warnings): { analysed: StudyTables; consort: Consort } {
  const rounds = roundsByParticipant(tables, supporterMessages);
  const tally = createExclusionTally(rules, warnings);
  for (const p of tables.participants) tally.admit(p, rounds.get(p.participant_id));
  const { analysedIds } = tally;
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
  return { analysed, consort: tally.consort() };
}
