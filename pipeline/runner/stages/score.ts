/**
 * The score stage: analysed tables → scored study (judged scores, alignment, per-participant
 * rounds) and the expression tags' shares of supporter messages by arm and round (the tagger and
 * pipeline/score/taxonomy.yaml are part of this stage's code).
 */
import type { StudyTables } from '../../ingest/tables.ts';
import type { Preregistration } from '../../prereg/types.ts';
import type { TagFrequencyRow } from '../../report/inputs.ts';
import { scoreStudy } from '../../score/index.ts';
import { tagFrequencies } from '../../score/tagger.ts';
import type { ScoredStudy } from '../../score/types.ts';

export interface ScoreOutputs {
  scored: ScoredStudy;
  /** Shares only (no counts of text), for the report's tag chart. */
  tag_shares: TagFrequencyRow[];
}

/**
 * Scores the analysed tables with the preregistration's `scoring` section only.
 *
 * @example
 * scoreStage(analysed, { scoring: prereg.scoring }).scored.participants.length // 968 on data/synthetic
 */
export function scoreStage(analysed: StudyTables, sections: Pick<Preregistration, 'scoring'>): ScoreOutputs {
  // Only the declared section is present: reading any other part of the preregistration here
  // would be undefined and fail the tests, so the stage key cannot miss what scoring reads.
  const scored = scoreStudy(analysed, sections as Preregistration);
  const tag_shares = tagFrequencies(analysed.messages, analysed.conversations, analysed.participants)
    .filter((row) => row.share !== null)
    .map((row) => ({ arm: row.arm, round: row.round, subcomponent: row.subcomponent, share: row.share as number }));
  return { scored, tag_shares };
}
