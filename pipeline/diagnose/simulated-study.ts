/**
 * A simulated study as the diagnosis needs it, lean: simulated without message text and without
 * message rows (each conversation's number of supporter messages is all the exclusions read),
 * excluded by the preregistered rules participant by participant as they are made, and scored. The same scored study as
 * simulateStudy(…, { messageText: false }) → applyExclusions → scoreStudy gives, without the
 * tens of thousands of empty message rows a study of 968 participants would otherwise build.
 */
import { addConversation, createExclusionTally, emptyRounds, ratedConversations } from '../ingest/exclusions.ts';
import type { Consort } from '../ingest/tables.ts';
import type { Preregistration } from '../prereg/types.ts';
import { scoreStudy } from '../score/index.ts';
import type { ScoredStudy } from '../score/types.ts';
import type { SimulationParams } from '../simulate/calibration.ts';
import { simulateStudy } from '../simulate/generate.ts';
import type { StudyRows } from '../simulate/participant.ts';

/**
 * Simulates (no message text) with `params`, excludes and scores one study; returns the scored
 * study and the CONSORT counts.
 *
 * @example
 * simulateScoredStudy(prereg, CALIBRATION, 7, 1).scored.participants.length; // 968
 */
export function simulateScoredStudy(prereg: Preregistration, params: SimulationParams, seed: number, scale: number): { scored: ScoredStudy; consort: Consort } {
  const supporterMessages = new Map<string, number>();
  const tally = createExclusionTally(prereg.exclusions);
  // Each participant is excluded or kept as soon as simulated, from their own rows and counts,
  // exactly as applyExclusionsWithCounts would on the whole study: no table is copied afterwards.
  const keepParticipant = (rows: StudyRows, from: Readonly<Record<keyof StudyRows, number>>): boolean => {
    const rated = ratedConversations(rows.ratings, from.ratings);
    const rounds = emptyRounds();
    for (let i = from.conversations; i < rows.conversations.length; i++) {
      const c = rows.conversations[i];
      addConversation(rounds, c, rated.has(c.conversation_id), supporterMessages.get(c.conversation_id) ?? 0);
    }
    return tally.admit(rows.participants[from.participants], from.conversations < rows.conversations.length ? rounds : undefined);
  };
  const analysed = simulateStudy(params, seed, scale, { messageText: false, supporterMessages, keepParticipant });
  const scored = scoreStudy(analysed, prereg);
  // scoreStudy counts supporter messages from the message rows, which this study has none of.
  for (const conversation of scored.conversations) conversation.supporter_messages = supporterMessages.get(conversation.conversation_id) ?? 0;
  return { scored, consort: tally.consort() };
}
