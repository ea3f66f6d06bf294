/**
 * A simulated study as the diagnosis needs it, lean: simulated without message text and without
 * message rows (each conversation's number of supporter messages is all the exclusions read),
 * excluded by the preregistered rules, and scored. The same scored study as
 * simulateStudy(…, { messageText: false }) → applyExclusions → scoreStudy gives, without the
 * tens of thousands of empty message rows a study of 968 participants would otherwise build.
 */
import { applyExclusionsWithCounts } from '../ingest/exclusions.ts';
import type { Consort } from '../ingest/tables.ts';
import type { Preregistration } from '../prereg/types.ts';
import { scoreStudy } from '../score/index.ts';
import type { ScoredStudy } from '../score/types.ts';
import { CALIBRATION, withTreatmentEffects } from '../simulate/calibration.ts';
import { simulateStudy } from '../simulate/generate.ts';

/**
 * Simulates (no message text), excludes and scores one study with the calibrated effects times
 * `coach` and `video`; returns the scored study and the CONSORT counts.
 *
 * @example
 * simulateScoredStudy(prereg, 7, 1, 1, 1).scored.participants.length; // 968
 */
export function simulateScoredStudy(prereg: Preregistration, seed: number, scale: number, coach: number, video: number): { scored: ScoredStudy; consort: Consort } {
  const supporterMessages = new Map<string, number>();
  const study = simulateStudy(withTreatmentEffects(CALIBRATION, { coach, video }), seed, scale, { messageText: false, supporterMessages });
  const { analysed, consort } = applyExclusionsWithCounts(study, prereg.exclusions, supporterMessages);
  const scored = scoreStudy(analysed, prereg);
  // scoreStudy counts supporter messages from the message rows, which this study has none of.
  for (const conversation of scored.conversations) conversation.supporter_messages = supporterMessages.get(conversation.conversation_id) ?? 0;
  return { scored, consort };
}
