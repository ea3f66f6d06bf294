/**
 * The scored tables: per conversation, the aggregate of judge runs on each dimension and the
 * alignment; per participant, the values at each round. Produced by `score`, read by `analyze`
 * and `report`. `null` = missing (no ratings, or not every dimension rated).
 */
import type { Arm, Dimension, Round } from '../study.ts';

export type DimensionScores = Record<Dimension, number | null>;

export interface ScoredConversation {
  conversation_id: string;
  participant_id: string;
  arm: Arm;
  round: Round;
  scenario: string;
  realism: number | null;
  /** Number of judge runs found for this conversation (max over dimensions). */
  judge_runs: number;
  scores: DimensionScores;
  /** Mean of prescriptive scores and of (reflect − score) for proscriptive ones; null if any is missing. */
  alignment: number | null;
  supporter_messages: number;
}

export interface ParticipantRound {
  scores: DimensionScores;
  alignment: number | null;
  scenario: string | null;
  /** Self-reports for that round, by dimension (1..5), null when missing. */
  self_report: DimensionScores;
}

export interface ScoredParticipant {
  participant_id: string;
  arm: Arm;
  trait_jes: number | null;
  trait_sites: number | null;
  rounds: Record<Round, ParticipantRound>;
  /** Share of perception pairs where the aligned response was chosen; null when none answered. */
  perception_share: number | null;
  perception_items: number;
}

/** One perception choice of an analysed participant: the item-level data behind `perception_share`. */
export interface ScoredPerceptionChoice {
  participant_id: string;
  item_id: string;
  chose_aligned: boolean;
}

export interface ScoredStudy {
  meta: { name: string; description: string; synthetic: boolean; source: string; provenance?: 'unknown' };
  /** Only analysed participants (after exclusions). */
  participants: ScoredParticipant[];
  conversations: ScoredConversation[];
  /**
   * The analysed participants' perception choices, grouped by participant in the order of
   * `participants`, each participant's by item id; for the by-item analyses of H7. Optional
   * so that a study built by hand (in tests) need not list them: absent means none.
   */
  perception?: ScoredPerceptionChoice[];
}
