/**
 * The score stage: from the analysed tables (after exclusions) to per-conversation scores and
 * alignment, and per-participant values at each round (STUDY.md, "Measures"). Pure: no I/O.
 */
import { ARMS, DIMENSION_NAMES, ROUNDS, type Arm, type Dimension, type Round } from '../study.ts';
import type { Conversation, StudyTables } from '../ingest/tables.ts';
import type { Preregistration } from '../prereg/types.ts';
import { aggregateRuns } from './aggregate.ts';
import { alignmentOf } from './alignment.ts';
import type { DimensionScores, ParticipantRound, ScoredConversation, ScoredParticipant, ScoredStudy } from './types.ts';

export { alignmentOf } from './alignment.ts';
export { aggregateRuns, medianOfRuns, meanOfRuns } from './aggregate.ts';
export { scoredTablesCsv, readScoredTablesCsv, SCORED_TABLE_FILES } from './csv.ts';

function emptyScores(): DimensionScores {
  return Object.fromEntries(DIMENSION_NAMES.map((d) => [d, null])) as DimensionScores;
}

/** Code-unit order, independent of locale, so the order is the same on every machine. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Scores a study: per conversation the aggregate (median or mean, `prereg.scoring.aggregate_runs`)
 * of the judge's runs on each dimension and the alignment; per analysed participant each round's
 * scores, alignment, scenario and self-reports, the trait scores and the perception share.
 * Participants without an arm (not randomised) are left out; participants and conversations come
 * out sorted by id so the result does not depend on the input order. A round whose conversation is
 * missing or not completed has null scores (nothing is imputed).
 *
 * @example
 * const scored = scoreStudy(applyExclusions(tables, prereg).analysed, prereg);
 * scored.participants[0].rounds[1].alignment; // e.g. 3.5
 */
export function scoreStudy(analysed: StudyTables, prereg: Preregistration): ScoredStudy {
  const { aggregate_runs: how, alignment_reflect: reflect } = prereg.scoring;

  const armOf = new Map<string, Arm>();
  for (const p of analysed.participants) if (p.arm !== null) armOf.set(p.participant_id, p.arm);

  const runsByConversation = new Map<string, Map<Dimension, number[]>>();
  for (const r of analysed.ratings) {
    let byDimension = runsByConversation.get(r.conversation_id);
    if (!byDimension) runsByConversation.set(r.conversation_id, (byDimension = new Map()));
    const runs = byDimension.get(r.dimension);
    if (runs) runs.push(r.score);
    else byDimension.set(r.dimension, [r.score]);
  }

  const supporterMessages = new Map<string, number>();
  for (const m of analysed.messages) {
    if (m.role === 'supporter') supporterMessages.set(m.conversation_id, (supporterMessages.get(m.conversation_id) ?? 0) + 1);
  }

  const conversations: ScoredConversation[] = [];
  const completedByParticipantRound = new Map<string, ScoredConversation>();
  const ownConversations = analysed.conversations
    .filter((c) => armOf.has(c.participant_id))
    .sort((a, b) => compareIds(a.conversation_id, b.conversation_id));
  for (const c of ownConversations) {
    const scored = scoreConversation(c, armOf.get(c.participant_id) as Arm, runsByConversation.get(c.conversation_id), how, reflect);
    scored.supporter_messages = supporterMessages.get(c.conversation_id) ?? 0;
    conversations.push(scored);
    if (c.completed) completedByParticipantRound.set(`${c.participant_id}\u0000${c.round}`, scored);
  }

  const selfReports = new Map<string, DimensionScores>();
  for (const s of analysed.self_reports) {
    const key = `${s.participant_id}\u0000${s.round}`;
    let scores = selfReports.get(key);
    if (!scores) selfReports.set(key, (scores = emptyScores()));
    // Ingest guarantees one response per participant, round and dimension; keep the first if not.
    if (scores[s.dimension] === null) scores[s.dimension] = s.response;
  }

  const perception = new Map<string, { aligned: number; items: number }>();
  for (const choice of analysed.perception) {
    const tally = perception.get(choice.participant_id) ?? { aligned: 0, items: 0 };
    tally.items += 1;
    if (choice.chose_aligned) tally.aligned += 1;
    perception.set(choice.participant_id, tally);
  }

  const participants: ScoredParticipant[] = analysed.participants
    .filter((p) => p.arm !== null)
    .sort((a, b) => compareIds(a.participant_id, b.participant_id))
    .map((p) => {
      const rounds = {} as Record<Round, ParticipantRound>;
      for (const round of ROUNDS) {
        const conversation = completedByParticipantRound.get(`${p.participant_id}\u0000${round}`);
        rounds[round] = {
          scores: conversation ? { ...conversation.scores } : emptyScores(),
          alignment: conversation ? conversation.alignment : null,
          scenario: conversation ? conversation.scenario : null,
          self_report: { ...(selfReports.get(`${p.participant_id}\u0000${round}`) ?? emptyScores()) },
        };
      }
      const tally = perception.get(p.participant_id);
      return {
        participant_id: p.participant_id,
        arm: p.arm as Arm,
        trait_jes: p.trait_jes,
        trait_sites: p.trait_sites,
        rounds,
        perception_share: tally && tally.items > 0 ? tally.aligned / tally.items : null,
        perception_items: tally ? tally.items : 0,
      };
    });

  return { meta: { ...analysed.meta }, participants, conversations };
}

function scoreConversation(
  c: Conversation,
  arm: Arm,
  runs: Map<Dimension, number[]> | undefined,
  how: 'median' | 'mean',
  reflect: number,
): ScoredConversation {
  const scores = emptyScores();
  let judgeRuns = 0;
  for (const dimension of DIMENSION_NAMES) {
    const dimensionRuns = runs?.get(dimension);
    if (dimensionRuns && dimensionRuns.length > 0) {
      scores[dimension] = aggregateRuns(dimensionRuns, how);
      judgeRuns = Math.max(judgeRuns, dimensionRuns.length);
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
