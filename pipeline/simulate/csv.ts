/**
 * CSV lines of the export tables (docs/CONTRACT.md: UTF-8, header row, RFC 4180 quoting). One
 * function per table turns a row into its line, so the in-memory writer and the streaming writer
 * produce the same bytes.
 */
import { TABLE_COLUMNS, type Conversation, type Message, type Participant, type PerceptionChoice, type Rating, type SelfReport, type TableName } from '../ingest/tables.ts';

/**
 * A field quoted as RFC 4180 asks: only when it holds a comma, quote, CR or LF; quotes doubled.
 *
 * @example
 * csvField('Oh no, I am sorry.'); // '"Oh no, I am sorry."'
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  // Numbers and booleans never need quotes; only text is searched (millions of rows at scale 100).
  if (typeof value !== 'string') return String(value);
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const NEEDS_QUOTES = /[",\r\n]/;


const line = (fields: (string | number | boolean | null)[]): string => fields.map(csvField).join(',') + '\n';

export const ROW_LINE = {
  participants: (p: Participant) => line([p.participant_id, p.arm, p.attention_passed, p.trait_jes, p.trait_sites]),
  conversations: (c: Conversation) => line([c.conversation_id, c.participant_id, c.round, c.scenario, c.completed, c.realism]),
  messages: (m: Message) => line([m.conversation_id, m.turn, m.role, m.text]),
  ratings: (r: Rating) => line([r.conversation_id, r.rater, r.dimension, r.score]),
  self_reports: (s: SelfReport) => line([s.participant_id, s.round, s.dimension, s.response]),
  perception: (p: PerceptionChoice) => line([p.participant_id, p.item_id, p.chose_aligned]),
} as const;

/**
 * The header line of a table.
 *
 * @example
 * headerLine('perception'); // 'participant_id,item_id,chose_aligned\n'
 */
export function headerLine(table: TableName): string {
  return TABLE_COLUMNS[table].join(',') + '\n';
}
