/**
 * The export contract's tables and columns, declared once (docs/CONTRACT.md): each column's type,
 * range or allowed values, whether a value is required, whether the column may be left out, and the
 * rules across rows (keys, references). Ingest checks every cell by these declarations
 * (contract.ts), and the codebook in docs/ (codebook.ts: a JSON Schema and a data-dictionary CSV)
 * is generated from them, so the documentation cannot drift from what ingest enforces.
 */
import { ARMS, DIMENSION_NAMES, ROUNDS } from '../study.ts';
import * as msg from './catalogue.ts';

export type ColumnType = 'text' | 'integer' | 'number' | 'boolean' | 'category';

export interface ColumnDeclaration {
  readonly name: string;
  readonly type: ColumnType;
  /** Inclusive bounds of an integer or number; absent = unbounded on that side. */
  readonly min?: number;
  readonly max?: number;
  /** The allowed values of a category, or of an integer with a short list of values. */
  readonly values?: readonly (string | number)[];
  /** Every row needs a value. Otherwise an empty cell (or JSON null, or an absent key) is missing. */
  readonly required: boolean;
  /** The column may be left out of the file altogether: every value is then missing. */
  readonly mayBeAbsent?: boolean;
  /** An empty cell is read as empty text rather than missing (message text). */
  readonly emptyIsText?: boolean;
  /** `table.column` this value must name (checked only when that table was read whole). */
  readonly references?: string;
  /** The message a value outside the type or values gets (from the catalogue); for an integer or
   *  number without one, the range's message (`invalidMessage`). */
  readonly invalid?: string;
  readonly description: string;
}

export interface TableDeclaration {
  readonly name: string;
  /** An export may leave the table out; its analyses then report n = 0. */
  readonly required: boolean;
  readonly description: string;
  readonly columns: readonly ColumnDeclaration[];
  /** Column sets that identify a row: a second row with the same values is a problem. */
  readonly keys: readonly (readonly string[])[];
}

const ID_TEXT = 'any text (a JSON number is read as its decimal text); never shown in reports';

/** The six tables of a study export, in the contract's order, and their columns in that order. */
export const TABLES = [
  {
    name: 'participants',
    required: true,
    description: 'one row per enrolled participant',
    keys: [['participant_id']],
    columns: [
      { name: 'participant_id', type: 'text', required: true, description: `the participant's identifier: ${ID_TEXT}` },
      { name: 'arm', type: 'category', values: ARMS, required: false, invalid: msg.ARM_VALUES, description: 'the arm the participant was randomised to; empty when not randomised' },
      { name: 'attention_passed', type: 'boolean', required: true, description: 'passed the attention check (the preregistered exclusion E1 uses it)' },
      { name: 'trait_jes', type: 'number', min: 1, max: 7, required: false, mayBeAbsent: true, description: 'trait empathy, the Jordan empathy scale (JES), 1–7' },
      { name: 'trait_sites', type: 'integer', min: 1, max: 5, required: false, mayBeAbsent: true, description: 'trait empathy, the Single Item Trait Empathy Scale (SITES), 1–5' },
    ],
  },
  {
    name: 'conversations',
    required: true,
    description: "one row per conversation; a participant has at most one conversation in each round",
    keys: [['conversation_id'], ['participant_id', 'round']],
    columns: [
      { name: 'conversation_id', type: 'text', required: true, description: `the conversation's identifier: ${ID_TEXT}` },
      { name: 'participant_id', type: 'text', required: true, references: 'participants.participant_id', description: 'the supporter who held the conversation' },
      { name: 'round', type: 'integer', values: ROUNDS, min: 1, max: 3, required: true, invalid: msg.ROUND_VALUES, description: 'the round: 1 (baseline), 2, 3 (outcome)' },
      { name: 'scenario', type: 'text', required: true, description: "the seeker's scenario (free text, shown in per-scenario results)" },
      { name: 'completed', type: 'boolean', required: true, description: 'the conversation was completed (the preregistered exclusions use it)' },
      { name: 'realism', type: 'integer', min: 1, max: 5, required: false, mayBeAbsent: true, description: "the participant's rating of the scenario's realism" },
    ],
  },
  {
    name: 'messages',
    required: true,
    description: 'one row per message of a conversation',
    keys: [['conversation_id', 'turn']],
    columns: [
      { name: 'conversation_id', type: 'text', required: true, references: 'conversations.conversation_id', description: 'the conversation the message belongs to' },
      { name: 'turn', type: 'integer', min: 1, required: true, invalid: msg.TURN_VALUES, description: "the message's position in its conversation (need not be consecutive)" },
      { name: 'role', type: 'category', values: ['seeker', 'supporter'], required: true, invalid: msg.ROLE_VALUES, description: 'who wrote it: the seeker (the LLM in trouble) or the supporter (the participant)' },
      { name: 'text', type: 'text', required: false, emptyIsText: true, description: "the message's text (may be empty; never shown in reports)" },
    ],
  },
  {
    name: 'ratings',
    required: true,
    description: "one row per judge run, rater and dimension of a conversation; several runs of one rater are combined by their median",
    keys: [],
    columns: [
      { name: 'conversation_id', type: 'text', required: true, references: 'conversations.conversation_id', description: 'the rated conversation' },
      { name: 'rater', type: 'text', required: true, description: 'who rated: a judge model, an expert, the crowd (any name; the preregistration says which are used)' },
      { name: 'dimension', type: 'category', values: DIMENSION_NAMES, required: true, invalid: msg.DIMENSION_VALUES, description: 'the dimension of empathic communication rated' },
      { name: 'score', type: 'number', min: 1, max: 5, required: true, description: 'the rating, 1 (not at all) to 5; need not be a whole number (a crowd mean)' },
    ],
  },
  {
    name: 'self_reports',
    required: false,
    description: "the participant's own rating of their conversation in each round, per dimension",
    keys: [['participant_id', 'round', 'dimension']],
    columns: [
      { name: 'participant_id', type: 'text', required: true, references: 'participants.participant_id', description: 'who answered' },
      { name: 'round', type: 'integer', values: ROUNDS, min: 1, max: 3, required: true, invalid: msg.ROUND_VALUES, description: 'the round the answer is about' },
      { name: 'dimension', type: 'category', values: DIMENSION_NAMES, required: true, invalid: msg.DIMENSION_VALUES, description: 'the dimension asked about' },
      { name: 'response', type: 'integer', min: 1, max: 5, required: true, description: '1 = not at all, 2 = a little, 3 = moderately, 4 = quite a bit, 5 = very much' },
    ],
  },
  {
    name: 'perception',
    required: false,
    description: "the perception task: one row per item a participant answered",
    keys: [['participant_id', 'item_id']],
    columns: [
      { name: 'participant_id', type: 'text', required: true, references: 'participants.participant_id', description: 'who answered' },
      { name: 'item_id', type: 'text', required: true, description: 'the item (a pair of responses)' },
      { name: 'chose_aligned', type: 'boolean', required: true, description: 'picked the response aligned with the norms of empathic communication' },
    ],
  },
] as const satisfies readonly TableDeclaration[];

/** The keys of `study.json`, the export's optional metadata. */
export const STUDY_JSON_KEYS = [
  { name: 'name', type: 'text', default: "the export folder's name", description: 'the study, as the report names it' },
  { name: 'description', type: 'text', default: 'empty', description: 'a sentence about the data, shown in the report' },
  { name: 'synthetic', type: 'boolean', default: 'false', description: 'true for simulated data: every chart and the report then carry a SYNTHETIC banner' },
  { name: 'source', type: 'text', default: 'empty', description: 'where the data come from (provenance), shown in the report' },
  { name: 'public', type: 'boolean', default: 'false', description: "true when the transcripts are published: the judge's rationales, which quote them, may then be shown (pipeline/judge)" },
] as const;

type Tables = typeof TABLES;
export type TableName = Tables[number]['name'];

/** The declaration of `table`. */
export function tableDeclaration(table: TableName): TableDeclaration {
  return TABLES.find((t) => t.name === table)!;
}

/**
 * The declaration of one column, by table and name; throws on a name not declared (a programming
 * error, caught by the type checker for literal names).
 *
 * @example
 * column('participants', 'trait_jes').max // 7
 */
export function column<T extends TableName>(table: T, name: Extract<Tables[number], { name: T }>['columns'][number]['name']): ColumnDeclaration {
  const found = tableDeclaration(table).columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column ${name} in ${table}`);
  return found;
}

/**
 * The message a bad value of `col` gets: its declared one, else that of its type and range.
 *
 * @example
 * invalidMessage(column('ratings', 'score')) // 'must be a number from 1 to 5'
 */
export function invalidMessage(col: ColumnDeclaration): string {
  if (col.invalid !== undefined) return col.invalid;
  switch (col.type) {
    case 'integer':
      return msg.integerRange(col.min ?? Number.MIN_SAFE_INTEGER, col.max ?? Number.MAX_SAFE_INTEGER);
    case 'number':
      return msg.numberRange(col.min ?? -Infinity, col.max ?? Infinity);
    case 'boolean':
      return msg.NOT_BOOLEAN;
    default:
      return msg.NOT_TEXT;
  }
}
