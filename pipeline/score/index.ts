/**
 * The score stage: from the analysed tables (after exclusions) to per-conversation scores and
 * alignment, and per-participant values at each round (STUDY.md, "Measures"). Pure: no I/O.
 */
import { ARMS, DIMENSION_NAMES, ROUNDS, type Arm, type Round } from '../study.ts';
import type { Conversation, StudyTables } from '../ingest/tables.ts';
import type { Preregistration } from '../prereg/types.ts';
import { aggregateRuns } from './aggregate.ts';
import { alignmentOf } from './alignment.ts';
import type { DimensionScores, ParticipantRound, ScoredConversation, ScoredParticipant, ScoredPerceptionChoice, ScoredStudy } from './types.ts';

export { alignmentOf } from './alignment.ts';
export { aggregateRuns, medianOfRuns, meanOfRuns } from './aggregate.ts';

const NO_SCORES: Readonly<DimensionScores> = Object.freeze(Object.fromEntries(DIMENSION_NAMES.map((d) => [d, null])) as DimensionScores);

function emptyScores(): DimensionScores {
  // A copy of one template: the same shape every time, far cheaper than building the entries.
  return { ...NO_SCORES };
}

/** Code-unit order, independent of locale, so the order is the same on every machine. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Position of each dimension name in DIMENSION_NAMES. */
const DIMENSION_INDEX = new Map<string, number>(DIMENSION_NAMES.map((d, i) => [d, i]));
const DIMENSION_COUNT = DIMENSION_NAMES.length;

/**
 * Scores a study: per conversation the aggregate (median or mean, `prereg.scoring.aggregate_runs`)
 * of the judge's runs on each dimension and the alignment; per analysed participant each round's
 * scores, alignment, scenario and self-reports, the trait scores and the perception share.
 * Participants without an arm (not randomised) are left out; participants and conversations come
 * out sorted by id so the result does not depend on the input order. A round whose conversation is
 * missing or not completed has null scores (nothing is imputed).
 *
 * Lean on purpose (it runs once per simulated study in `diagnose`): conversations and participants
 * are numbered once, and the ratings, message counts, self-reports and perception choices are
 * gathered into typed arrays by those numbers, with no per-row keys or objects.
 *
 * @example
 * const scored = scoreStudy(applyExclusions(tables, prereg).analysed, prereg);
 * scored.participants[0].rounds[1].alignment; // e.g. 3.5
 */
export function scoreStudy(analysed: StudyTables, prereg: Preregistration): ScoredStudy {
  const { aggregate_runs: how, alignment_reflect: reflect } = prereg.scoring;

  const ownParticipants = analysed.participants.filter((p) => p.arm !== null).sort((a, b) => compareIds(a.participant_id, b.participant_id));
  const participantAt = new Map<string, number>();
  ownParticipants.forEach((p, i) => participantAt.set(p.participant_id, i));

  const ownConversations = analysed.conversations
    .filter((c) => participantAt.has(c.participant_id))
    .sort((a, b) => compareIds(a.conversation_id, b.conversation_id));
  const conversationAt = new Map<string, number>();
  ownConversations.forEach((c, i) => conversationAt.set(c.conversation_id, i));

  const runs = judgeRunsByConversation(analysed, conversationAt, ownConversations.length);

  const supporterMessages = new Int32Array(ownConversations.length);
  const messageConversation = lastLookup(conversationAt);
  for (const m of analysed.messages) {
    if (m.role !== 'supporter') continue;
    const at = messageConversation(m.conversation_id);
    if (at !== undefined) supporterMessages[at] += 1;
  }

  const conversations: ScoredConversation[] = new Array(ownConversations.length);
  // Per participant and round (p * 3 + round − 1), the completed conversation, if any.
  const completed: (ScoredConversation | undefined)[] = new Array(ownParticipants.length * ROUNDS.length);
  ownConversations.forEach((c, i) => {
    const p = participantAt.get(c.participant_id) as number;
    const scored = scoreConversation(c, ownParticipants[p].arm as Arm, runs, i, how, reflect);
    scored.supporter_messages = supporterMessages[i];
    conversations[i] = scored;
    if (c.completed) completed[p * ROUNDS.length + c.round - 1] = scored;
  });

  // Per participant, round and dimension (p * 18 + (round − 1) * 6 + d), the first self-report.
  const selfReports = new Float64Array(ownParticipants.length * ROUNDS.length * DIMENSION_COUNT).fill(NaN);
  for (const s of analysed.self_reports) {
    const p = participantAt.get(s.participant_id);
    if (p === undefined) continue;
    const slot = (p * ROUNDS.length + s.round - 1) * DIMENSION_COUNT + (DIMENSION_INDEX.get(s.dimension) as number);
    // Ingest guarantees one response per participant, round and dimension; keep the first if not.
    if (Number.isNaN(selfReports[slot])) selfReports[slot] = s.response;
  }

  const perceptionItems = new Int32Array(ownParticipants.length);
  const perceptionAligned = new Int32Array(ownParticipants.length);
  const choiceParticipant = new Int32Array(analysed.perception.length).fill(-1);
  analysed.perception.forEach((choice, c) => {
    const p = participantAt.get(choice.participant_id);
    if (p === undefined) return;
    choiceParticipant[c] = p;
    perceptionItems[p] += 1;
    if (choice.chose_aligned) perceptionAligned[p] += 1;
  });
  const perception = perceptionByParticipant(analysed.perception, choiceParticipant, perceptionItems);

  const participants: ScoredParticipant[] = ownParticipants.map((p, i) => {
    const rounds = {} as Record<Round, ParticipantRound>;
    for (const round of ROUNDS) {
      const conversation = completed[i * ROUNDS.length + round - 1];
      const self = emptyScores();
      const first = (i * ROUNDS.length + round - 1) * DIMENSION_COUNT;
      for (let d = 0; d < DIMENSION_COUNT; d++) {
        const response = selfReports[first + d];
        if (!Number.isNaN(response)) self[DIMENSION_NAMES[d]] = response;
      }
      rounds[round] = {
        scores: conversation ? { ...conversation.scores } : emptyScores(),
        alignment: conversation ? conversation.alignment : null,
        scenario: conversation ? conversation.scenario : null,
        self_report: self,
      };
    }
    const items = perceptionItems[i];
    return {
      participant_id: p.participant_id,
      arm: p.arm as Arm,
      trait_jes: p.trait_jes,
      trait_sites: p.trait_sites,
      rounds,
      perception_share: items > 0 ? perceptionAligned[i] / items : null,
      perception_items: items,
    };
  });

  return { meta: { ...analysed.meta }, participants, conversations, perception };
}

/**
 * The choices of scored participants as plain rows, grouped by participant number (a counting
 * sort) and within a participant by item id, so the order does not depend on the input's;
 * `participantOf[c]` is the number of choice c's participant, −1 for one who is not scored.
 */
function perceptionByParticipant(choices: readonly StudyTables['perception'][number][], participantOf: Int32Array, perParticipant: Int32Array): ScoredPerceptionChoice[] {
  const start = new Int32Array(perParticipant.length + 1);
  for (let p = 0; p < perParticipant.length; p++) start[p + 1] = start[p] + perParticipant[p];
  const out: ScoredPerceptionChoice[] = new Array(start[perParticipant.length]);
  choices.forEach((choice, c) => {
    const p = participantOf[c];
    if (p === -1) return;
    out[start[p]++] = { participant_id: choice.participant_id, item_id: choice.item_id, chose_aligned: choice.chose_aligned };
  });
  // start[p] now marks the end of participant p's choices.
  let from = 0;
  for (let p = 0; p < perParticipant.length; p++) {
    const to = start[p];
    if (to - from > 1) {
      const sorted = out.slice(from, to).sort((a, b) => compareIds(a.item_id, b.item_id) || Number(a.chose_aligned) - Number(b.chose_aligned));
      for (let i = from; i < to; i++) out[i] = sorted[i - from];
    }
    from = to;
  }
  return out;
}

/**
 * `index.get`, remembering the last key: rows come grouped by conversation, so most lookups are
 * a comparison with the previous id.
 */
function lastLookup(index: Map<string, number>): (id: string) => number | undefined {
  let lastId: string | null = null;
  let lastAt: number | undefined;
  return (id) => {
    if (id !== lastId) {
      lastId = id;
      lastAt = index.get(id);
    }
    return lastAt;
  };
}

/**
 * The judge's runs of each conversation (numbered by `conversationAt`) and dimension, in input
 * order, packed: the runs of slot k = conversation * 6 + dimension are
 * `values[start[k] .. start[k + 1])`.
 */
interface PackedRuns {
  start: Int32Array;
  values: Float64Array;
}

function judgeRunsByConversation(analysed: StudyTables, conversationAt: Map<string, number>, conversations: number): PackedRuns {
  const ratings = analysed.ratings;
  const slotOf = new Int32Array(ratings.length);
  const start = new Int32Array(conversations * DIMENSION_COUNT + 1);
  const ratingConversation = lastLookup(conversationAt);
  for (let r = 0; r < ratings.length; r++) {
    const at = ratingConversation(ratings[r].conversation_id);
    if (at === undefined) {
      slotOf[r] = -1;
      continue;
    }
    const slot = at * DIMENSION_COUNT + (DIMENSION_INDEX.get(ratings[r].dimension) as number);
    slotOf[r] = slot;
    start[slot + 1] += 1;
  }
  for (let k = 0; k < conversations * DIMENSION_COUNT; k++) start[k + 1] += start[k];
  const values = new Float64Array(start[conversations * DIMENSION_COUNT]);
  const next = start.slice(0, conversations * DIMENSION_COUNT);
  for (let r = 0; r < ratings.length; r++) {
    const slot = slotOf[r];
    if (slot !== -1) values[next[slot]++] = ratings[r].score;
  }
  return { start, values };
}

function scoreConversation(c: Conversation, arm: Arm, runs: PackedRuns, at: number, how: 'median' | 'mean', reflect: number): ScoredConversation {
  const scores = emptyScores();
  let judgeRuns = 0;
  for (let d = 0; d < DIMENSION_COUNT; d++) {
    const from = runs.start[at * DIMENSION_COUNT + d];
    const to = runs.start[at * DIMENSION_COUNT + d + 1];
    if (to > from) {
      scores[DIMENSION_NAMES[d]] = aggregateRuns(runs.values.subarray(from, to), how);
      judgeRuns = Math.max(judgeRuns, to - from);
    }
  }
  return {
    conversation_id: c.conversation_id,
    participant_id: c.participant_id,
    arm,
    round: c.round,
    scenario: c.scenario,
    realism: c.realism,
    judge_runs: judgeRuns,
    scores,
    alignment: alignmentOf(scores, reflect),
    supporter_messages: 0,
  };
}

/** Analysed participants per arm, in ARMS order. */
export function participantsByArm(scored: ScoredStudy): Record<Arm, number> {
  const counts = Object.fromEntries(ARMS.map((a) => [a, 0])) as Record<Arm, number>;
  for (const p of scored.participants) counts[p.arm] += 1;
  return counts;
}
