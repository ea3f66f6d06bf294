/**
 * The validated, normalised tables of a study export (docs/CONTRACT.md, "A study export"). Ingest
 * produces these from CSV/JSONL or from the pilot's own format; every later stage reads only these.
 * Missing values are `null`.
 */
import type { Arm, Dimension, Round } from '../study.ts';
import { TABLES } from './columns.ts';

export interface Participant {
  participant_id: string;
  /** `null` when not randomised. */
  arm: Arm | null;
  attention_passed: boolean;
  trait_jes: number | null;
  trait_sites: number | null;
}

export interface Conversation {
  conversation_id: string;
  participant_id: string;
  round: Round;
  scenario: string;
  completed: boolean;
  realism: number | null;
}

export type Role = 'seeker' | 'supporter';

export interface Message {
  conversation_id: string;
  turn: number;
  role: Role;
  text: string;
}

export interface Rating {
  conversation_id: string;
  rater: string;
  dimension: Dimension;
  score: number;
}

export interface SelfReport {
  participant_id: string;
  round: Round;
  dimension: Dimension;
  response: number;
}

export interface PerceptionChoice {
  participant_id: string;
  item_id: string;
  chose_aligned: boolean;
}

export interface StudyMeta {
  name: string;
  description: string;
  synthetic: boolean;
  source: string;
  /** The study's transcripts are published (study.json `"public": true`; the pilot's are): the
   *  judge's rationales, which quote them, may then be shown in reports. Absent: not public. */
  public?: boolean;
  /** `unknown` when the export has no study.json: nothing says whether its data are real (the
   *  report says so in a banner, the run on its last line). Absent when study.json (or the pilot
   *  adapter) declares it. */
  provenance?: 'unknown';
}

export const TABLE_NAMES = ['participants', 'conversations', 'messages', 'ratings', 'self_reports', 'perception'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/** The columns of each table, in the contract's order (declared in columns.ts, docs/CONTRACT.md):
 *  ingest reads them by these names, the simulator writes them in this order. */
export const TABLE_COLUMNS: Readonly<Record<TableName, readonly string[]>> = Object.fromEntries(
  TABLES.map((t) => [t.name, t.columns.map((c) => c.name)]),
) as unknown as Record<TableName, readonly string[]>;

export interface StudyTables {
  meta: StudyMeta;
  participants: Participant[];
  conversations: Conversation[];
  messages: Message[];
  ratings: Rating[];
  self_reports: SelfReport[];
  perception: PerceptionChoice[];
}

/** One exclusion rule's count. */
export interface ExclusionCount {
  /** Rule id from the preregistration: E1, E2, E3. */
  id: string;
  reason: string;
  n: number;
}

/**
 * The CONSORT flow (consort.json). Exclusion rules apply in order; a participant is counted once,
 * under the first rule that excludes them. E1 acts before randomisation, E2/E3 after allocation.
 */
export interface Consort {
  schema: 'lend-an-ear-consort/1';
  enrolled: number;
  /** Excluded before randomisation (E1), with reasons. */
  excluded_before_randomisation: ExclusionCount[];
  randomised: number;
  by_arm: Record<Arm, {
    allocated: number;
    /** Lost after allocation (E2, E3), with reasons. */
    lost: ExclusionCount[];
    analysed: number;
  }>;
  analysed: number;
}
