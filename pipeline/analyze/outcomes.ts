/**
 * Reading one outcome of one participant at one round from the scored study: alignment or one
 * dimension's judged score. Kept apart so every method reads outcomes the same way.
 */
import type { Outcome } from '../prereg/types.ts';
import type { Round } from '../study.ts';
import type { ScoredParticipant } from '../score/types.ts';

/** The participant's judged outcome (alignment or a dimension score) at `round`; null when missing. */
export function outcomeAt(participant: ScoredParticipant, outcome: Outcome, round: Round): number | null {
  const values = participant.rounds[round];
  return outcome === 'alignment' ? values.alignment : values.scores[outcome];
}

/** Narrows a spec's outcome to a judged outcome (not `perception_share`), or throws. */
export function judgedOutcome(outcome: Outcome | 'perception_share', method: string): Outcome {
  if (outcome === 'perception_share') throw new Error(`${method} needs a judged outcome, not perception_share`);
  return outcome;
}
