/**
 * judge.json (`lend-an-ear-judge/1`): how an export's ratings were made by the judge, written by
 * `judge` beside its ratings.csv and read by ingest, so that the audit can hold it against the
 * preregistered judge and the report can show it. Only types, the prompt's hash and the reader:
 * the stages that read judge.json need nothing else of the judge.
 */
import { BadInputError, MAX_JSON_INPUT_BYTES } from '../errors.ts';
import { readRegularFile } from '../input-file.ts';
import { sha256Hex } from '../prereg/lock.ts';
import type { JudgeSpec } from '../prereg/types.ts';
import type { Dimension } from '../study.ts';
import type { UnparsedReason } from './parse.ts';

export const JUDGE_SCHEMA = 'lend-an-ear-judge/1';
export const JUDGE_FILE = 'judge.json';

export interface UnparsedEntry {
  conversation_id: string;
  dimension: Dimension;
  run: number;
  reason: UnparsedReason;
  reply_ref: string;
}

export interface Rationale {
  dimension: Dimension;
  score: number;
  /** Step 1 of the reply (usually a quote of the supporter), as the judge wrote it. */
  example: string | null;
  /** Step 2 of the reply. */
  justification: string | null;
  reply_ref: string;
}

/** judge.json. */
export interface JudgeRecord {
  schema: typeof JUDGE_SCHEMA;
  endpoint: string;
  model: string;
  temperature: number;
  runs: number;
  max_tokens: number | null;
  reply_format: JudgeSpec['reply_format'];
  parse_rule: JudgeSpec['parse_rule'];
  max_reasks: number;
  /** SHA-256 of the prompt as preregistered: system and user messages, rubric, re-ask message. */
  prompt_sha256: string;
  preregistration: {
    file: string;
    sha256: string;
    model: string;
    temperature: number;
    runs: number;
    max_tokens: number | null;
    prompt_sha256: string;
  };
  conversations: number;
  /** Conversations not judged. */
  conversations_skipped: number;
  /** Why: no supporter message (nothing to rate), or a participant the preregistered exclusions
   *  remove whatever the ratings (E1, E3, an incomplete round: no rating could bring them in). */
  conversations_skipped_by_reason: { without_supporter_messages: number; excluded_whatever_the_ratings: number };
  /** Conversation × dimension × run. */
  requests: number;
  ratings: number;
  unparsed: number;
  unparsed_by_reason: Record<UnparsedReason, number>;
  /** Ratings read from a re-ask's reply. */
  reasked: number;
  /** The model each reply says it came from, with counts (an endpoint may serve a dated version). */
  served_models: Record<string, number>;
  /** Tokens as the endpoint counted them, over the replies used. */
  usage: { prompt_tokens: number; completion_tokens: number };
  unparsed_replies: UnparsedEntry[];
  /** null when the study may not be quoted (see rationales_note). */
  rationales: Rationale[] | null;
  rationales_note: string;
}

/**
 * SHA-256 of a judge's prompt: the messages, the rubric and the re-ask message, as JSON.
 *
 * @example
 * promptSha256(prereg.judge) // 64 hex digits; any edit to the rubric or the prompts changes it
 */
export function promptSha256(judge: JudgeSpec): string {
  return sha256Hex(JSON.stringify([judge.system_prompt, judge.user_prompt, judge.reask.message, judge.dimensions.map((d) => [d.name, d.label, d.definition, d.score_1, d.score_5])]));
}

/**
 * Reads a judge.json (bad input naming the file when it is not one).
 *
 * @example
 * readJudgeRecord('judged/judge.json').model // 'gemini-2.5-pro'
 */
export function readJudgeRecord(file: string, label = JUDGE_FILE): JudgeRecord {
  let record: Partial<JudgeRecord> | null;
  try {
    record = JSON.parse(readRegularFile(file, MAX_JSON_INPUT_BYTES).toString('utf8')) as Partial<JudgeRecord> | null;
  } catch (err) {
    throw new BadInputError([{ file: label, line: null, column: null, message: `cannot read the judge's record: ${(err as Error).message}` }], { cause: err });
  }
  if (record === null || typeof record !== 'object' || record.schema !== JUDGE_SCHEMA || typeof record.model !== 'string' || typeof record.unparsed !== 'number') {
    throw new BadInputError([{ file: label, line: null, column: 'schema', message: `not a judge record (${JUDGE_SCHEMA}, written by the judge command)` }]);
  }
  return record as JudgeRecord;
}
