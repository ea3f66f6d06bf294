/**
 * The contract export reader (docs/CONTRACT.md, "A study export"): locates each table as NAME.csv or
 * NAME.jsonl, reads the tables in dependency order (participants, conversations, then the tables
 * that point at them) and checks every rule row by row while streaming, so the messages and
 * ratings of a 100× export are never held twice. Each cell is checked against its column's
 * declaration in columns.ts (type, range, required), the same declarations the codebook in docs/
 * is generated from; the keys and references declared there are checked here. Every problem is
 * collected; the caller throws.
 */
import { join } from 'node:path';
import type { Warnings } from '../errors.ts';
import { entryExists } from '../input-file.ts';
import { ARMS, DIMENSION_NAMES, ROUNDS, type Arm, type Dimension, type Round } from '../study.ts';
import { TABLES, column, invalidMessage, type ColumnDeclaration } from './columns.ts';
import type { Conversation, Message, Participant, PerceptionChoice, Rating, Role, SelfReport, StudyMeta, StudyTables, TableName } from './tables.ts';
import { TABLE_COLUMNS } from './tables.ts';
import type { ProblemList } from './problems.ts';
import type { RawValue } from './cells.ts';
import { isMissing, textCell, INVALID } from './cells.ts';
import { readTableFile, type TableFile } from './read-table.ts';
import { RowChecker } from './row-context.ts';
import * as msg from './catalogue.ts';

/** The columns of each table, in the order the row builders receive them (declared in tables.ts). */
export { TABLE_COLUMNS };

/** Columns that may be left out of a file altogether: all their values are then missing. */
const OPTIONAL_COLUMNS: ReadonlySet<string> = new Set(TABLES.flatMap((t) => t.columns.filter((c: ColumnDeclaration) => c.mayBeAbsent).map((c) => c.name)));

/** Tables an export may leave out (their analyses then report n = 0); the others are required. */
export const OPTIONAL_TABLES: ReadonlySet<TableName> = new Set(TABLES.filter((t) => !t.required).map((t) => t.name));

// Each column's declaration, looked up once (the row builders run millions of times).
const P = {
  arm: column('participants', 'arm'),
  jes: column('participants', 'trait_jes'),
  sites: column('participants', 'trait_sites'),
};
const C = { round: column('conversations', 'round'), realism: column('conversations', 'realism') };
const M = { turn: column('messages', 'turn'), role: column('messages', 'role'), text: column('messages', 'text') };
const R = { dimension: column('ratings', 'dimension'), score: column('ratings', 'score') };
const S = { round: column('self_reports', 'round'), dimension: column('self_reports', 'dimension'), response: column('self_reports', 'response') };

/** Columns a table may carry beyond the contract's, read past without a warning: the judge writes
 *  which run, which model and which stored reply each rating comes from (pipeline/judge). */
const KNOWN_EXTRA_COLUMNS: Partial<Record<TableName, ReadonlySet<string>>> = {
  ratings: new Set(['judge_run', 'model', 'reply_ref']),
};

/** How a table is found: the export's own file, or another file in its place (the judge's
 *  ratings in `run --judge`), or, for ratings only, none at all (the judge reads transcripts). */
export interface LocateOptions {
  /** A ratings table to read instead of the export's (its label names it in problems). */
  ratings?: TableFile;
  /** Ratings may be absent: the table is empty, without a warning. */
  ratingsOptional?: boolean;
}


/** Finds NAME.csv or NAME.jsonl for every table; both, or a required one missing, is a problem. */
export function locateTables(dir: string, problems: ProblemList, warnings: Warnings, options: LocateOptions = {}): Partial<Record<TableName, TableFile>> {
  const found: Partial<Record<TableName, TableFile>> = {};
  for (const table of Object.keys(TABLE_COLUMNS) as TableName[]) {
    if (table === 'ratings' && options.ratings) {
      found.ratings = options.ratings;
      continue;
    }
    const csv = join(dir, `${table}.csv`);
    const jsonl = join(dir, `${table}.jsonl`);
    const hasCsv = entryExists(csv);
    const hasJsonl = entryExists(jsonl);
    if (hasCsv && hasJsonl) problems.add(`${table}.csv`, null, null, msg.bothFormats(table));
    else if (hasCsv) found[table] = { label: `${table}.csv`, path: csv, format: 'csv' };
    else if (hasJsonl) found[table] = { label: `${table}.jsonl`, path: jsonl, format: 'jsonl' };
    else if (table === 'ratings' && options.ratingsOptional) continue;
    else if (OPTIONAL_TABLES.has(table)) {
      warnings.add({ code: 'missing_table', message: `no ${table}.csv or ${table}.jsonl: the table is empty`, file: table });
    } else problems.add(table, null, null, msg.missingTable(table));
  }
  return found;
}

function pickRound(v: number | null): Round | null {
  return v === null ? null : (ROUNDS[v - 1] ?? null);
}

function pickDimension(check: RowChecker, v: RawValue, col: ColumnDeclaration): Dimension | null {
  const t = textCell(v);
  if (t === null) check.problem(col.name, msg.MISSING_VALUE);
  else {
    const i = t === INVALID ? -1 : (DIMENSION_NAMES as readonly string[]).indexOf(t);
    if (i !== -1) return DIMENSION_NAMES[i];
    check.problem(col.name, invalidMessage(col), v);
  }
  return null;
}

/** Interns repeated text (rater names, scenarios) so millions of rows share a few strings. */
class Interner {
  private readonly seen = new Map<string, string>();
  get(s: string): string {
    const known = this.seen.get(s);
    if (known !== undefined) return known;
    this.seen.set(s, s);
    return s;
  }
}

/** The tables read so far and the indexes the later tables are checked against. */
export class ExportBuilder {
  readonly participants: Participant[] = [];
  readonly conversations: Conversation[] = [];
  readonly messages: Message[] = [];
  readonly ratings: Rating[] = [];
  readonly self_reports: SelfReport[] = [];
  readonly perception: PerceptionChoice[] = [];
  /** participant_id → position in `participantIds`. */
  private readonly participantIndex = new Map<string, number>();
  private readonly participantIds: string[] = [];
  private readonly participantLines: number[] = [];
  /** First line of each (participant, round, dimension) self-report: index p * 18 + (round − 1) * 6 + d. */
  private selfReportLines = new Int32Array(0);
  /** Items seen per participant, with their lines (a few each: a linear search is fastest). */
  private readonly perceptionItems: ({ items: string[]; lines: number[] } | undefined)[] = [];
  /** conversation_id → position in `conversationIds`. */
  private readonly conversationIndex = new Map<string, number>();
  private readonly conversationIds: string[] = [];
  private readonly conversationLines: number[] = [];
  private readonly turnsSeen: (number[] | Set<number> | undefined)[] = [];
  private participantsComplete = true;
  private conversationsComplete = true;
  private readonly interner = new Interner();

  constructor(
    private readonly problems: ProblemList,
    private readonly warnings: Warnings,
  ) {}

  /** Reads every located table in dependency order. */
  async readAll(files: Partial<Record<TableName, TableFile>>): Promise<void> {
    const order: TableName[] = ['participants', 'conversations', 'messages', 'ratings', 'self_reports', 'perception'];
    for (const table of order) {
      const file = files[table];
      if (!file) {
        if (table === 'participants') this.participantsComplete = false;
        if (table === 'conversations') this.conversationsComplete = false;
        continue;
      }
      const check = new RowChecker(this.problems, file.label);
      const onRow = this.rowBuilder(table, check);
      const extra = KNOWN_EXTRA_COLUMNS[table];
      const spec = { columns: TABLE_COLUMNS[table], optional: OPTIONAL_COLUMNS, ignored: extra ? (name: string) => extra.has(name) : undefined };
      const outcome = await readTableFile(file, spec, this.problems, this.warnings, (values, line) => {
        check.line = line;
        onRow(values);
      });
      if (!outcome.complete && table === 'participants') this.participantsComplete = false;
      if (!outcome.complete && table === 'conversations') this.conversationsComplete = false;
      // A header and nothing else (or an empty JSONL file): a required table is refused, in
      // either format alike; an optional one is simply empty.
      if (outcome.complete && outcome.rows === 0 && !OPTIONAL_TABLES.has(table)) this.problems.add(file.label, null, null, msg.NO_ROWS);
    }
  }

  tables(meta: StudyMeta): StudyTables {
    return {
      meta,
      participants: this.participants,
      conversations: this.conversations,
      messages: this.messages,
      ratings: this.ratings,
      self_reports: this.self_reports,
      perception: this.perception,
    };
  }

  private rowBuilder(table: TableName, check: RowChecker): (values: readonly RawValue[]) => void {
    switch (table) {
      case 'participants':
        return (v) => this.addParticipant(check, v);
      case 'conversations':
        return (v) => this.addConversation(check, v);
      case 'messages':
        return (v) => this.addMessage(check, v);
      case 'ratings':
        return (v) => this.addRating(check, v);
      case 'self_reports':
        this.selfReportLines = new Int32Array(this.participantIds.length * 18);
        return (v) => this.addSelfReport(check, v);
      case 'perception':
        return (v) => this.addPerception(check, v);
    }
  }

  /** The position of a known participant, or -1 after reporting an unknown one. */
  private participantRef(check: RowChecker, v: RawValue): number {
    const id = check.text('participant_id', v);
    if (id === null) return -1;
    const at = this.participantIndex.get(id);
    if (at === undefined) {
      if (this.participantsComplete) check.problem('participant_id', msg.UNKNOWN_PARTICIPANT, id);
      return -1;
    }
    return at;
  }

  /** The last conversation looked up: messages and ratings come grouped by conversation. */
  private lastConversationId: string | null = null;
  private lastConversationAt = -1;

  /** The position of a known conversation, or -1 after reporting an unknown one. */
  private conversationRef(check: RowChecker, v: RawValue): number {
    if (v === this.lastConversationId && v !== null) return this.lastConversationAt;
    const id = check.text('conversation_id', v);
    if (id === null) return -1;
    const at = this.conversationIndex.get(id);
    if (at !== undefined && v === id) {
      this.lastConversationId = id;
      this.lastConversationAt = at;
    }
    if (at === undefined) {
      if (this.conversationsComplete) check.problem('conversation_id', msg.UNKNOWN_CONVERSATION, id);
      return -1;
    }
    return at;
  }

  private addParticipant(check: RowChecker, v: readonly RawValue[]): void {
    const id = check.text('participant_id', v[0]);
    if (id !== null) {
      const first = this.participantIndex.get(id);
      if (first !== undefined) check.problem('participant_id', msg.duplicateId('participant_id', this.participantLines[first]), id);
      else {
        this.participantIndex.set(id, this.participantIds.length);
        this.participantIds.push(id);
        this.participantLines.push(check.line);
      }
    }
    let arm: Arm | null = null;
    if (!isMissing(v[1])) {
      const i = typeof v[1] === 'string' ? (ARMS as readonly string[]).indexOf(v[1].trim()) : -1;
      if (i === -1) check.problem(P.arm.name, invalidMessage(P.arm), v[1]);
      else arm = ARMS[i];
    }
    const attention = check.boolean('attention_passed', v[2]);
    const jes = check.declaredNumber(P.jes, v[3]);
    const sites = check.declaredInteger(P.sites, v[4]);
    if (id === null || attention === null) return;
    this.participants.push({ participant_id: id, arm, attention_passed: attention, trait_jes: jes, trait_sites: sites });
  }

  private readonly participantRounds = new Map<string, number>();

  private addConversation(check: RowChecker, v: readonly RawValue[]): void {
    const id = check.text('conversation_id', v[0]);
    if (id !== null) {
      const first = this.conversationIndex.get(id);
      if (first !== undefined) check.problem('conversation_id', msg.duplicateId('conversation_id', this.conversationLines[first]), id);
      else {
        this.conversationIndex.set(id, this.conversationIds.length);
        this.conversationIds.push(id);
        this.conversationLines.push(check.line);
      }
    }
    const at = this.participantRef(check, v[1]);
    const participant = at === -1 ? null : this.participantIds[at];
    const round = pickRound(check.declaredInteger(C.round, v[2]));
    if (participant !== null && round !== null) {
      const key = `${participant}\u0000${round}`;
      const first = this.participantRounds.get(key);
      if (first !== undefined) check.problem('round', msg.duplicateRound(round, first), String(v[2]));
      else this.participantRounds.set(key, check.line);
    }
    const scenario = check.text('scenario', v[3]);
    const completed = check.boolean('completed', v[4]);
    const realism = check.declaredInteger(C.realism, v[5]);
    if (id === null || participant === null || round === null || scenario === null || completed === null) return;
    this.conversations.push({ conversation_id: id, participant_id: participant, round, scenario: this.interner.get(scenario), completed, realism });
  }

  private addMessage(check: RowChecker, v: readonly RawValue[]): void {
    const at = this.conversationRef(check, v[0]);
    const turn = check.declaredInteger(M.turn, v[1]);
    let role: Role | null = null;
    // The constant, not the cell's own copy: millions of messages then share two strings.
    if (v[2] === 'seeker') role = 'seeker';
    else if (v[2] === 'supporter') role = 'supporter';
    else if (isMissing(v[2])) check.problem(M.role.name, msg.MISSING_VALUE);
    else check.problem(M.role.name, invalidMessage(M.role), v[2]);
    let text = textCell(v[3]);
    if (text === INVALID) {
      check.problem(M.text.name, invalidMessage(M.text), v[3]);
      text = null;
    }
    if (at !== -1 && turn !== null && this.turnSeenBefore(at, turn)) check.problem('turn', msg.duplicateTurn(turn), String(v[1]));
    if (at === -1 || turn === null || role === null) return;
    this.messages.push({ conversation_id: this.conversationIds[at], turn, role, text: text ?? '' });
  }

  /** Records `turn` for conversation `at`; true when it was already there. */
  private turnSeenBefore(at: number, turn: number): boolean {
    const seen = this.turnsSeen[at];
    if (seen === undefined) {
      this.turnsSeen[at] = [turn];
      return false;
    }
    if (Array.isArray(seen)) {
      if (seen.includes(turn)) return true;
      seen.push(turn);
      // a long conversation switches to a set, keeping the check linear
      if (seen.length > 64) this.turnsSeen[at] = new Set(seen);
      return false;
    }
    if (seen.has(turn)) return true;
    seen.add(turn);
    return false;
  }

  private addRating(check: RowChecker, v: readonly RawValue[]): void {
    const at = this.conversationRef(check, v[0]);
    const rater = check.text('rater', v[1]);
    const dimension = pickDimension(check, v[2], R.dimension);
    const score = check.declaredNumber(R.score, v[3]);
    if (at === -1 || rater === null || dimension === null || score === null) return;
    this.ratings.push({ conversation_id: this.conversationIds[at], rater: this.interner.get(rater), dimension, score });
  }

  private addSelfReport(check: RowChecker, v: readonly RawValue[]): void {
    const at = this.participantRef(check, v[0]);
    const round = pickRound(check.declaredInteger(S.round, v[1]));
    const dimension = pickDimension(check, v[2], S.dimension);
    const response = check.declaredInteger(S.response, v[3]);
    if (at === -1 || round === null || dimension === null) return;
    const slot = at * 18 + (round - 1) * 6 + DIMENSION_NAMES.indexOf(dimension);
    const first = this.selfReportLines[slot];
    if (first !== 0) check.problem(null, msg.duplicateKey('self-report of this participant, round and dimension', first));
    else this.selfReportLines[slot] = check.line;
    if (response === null) return;
    this.self_reports.push({ participant_id: this.participantIds[at], round, dimension, response });
  }

  private addPerception(check: RowChecker, v: readonly RawValue[]): void {
    const at = this.participantRef(check, v[0]);
    const item = check.text('item_id', v[1]);
    const chose = check.boolean('chose_aligned', v[2]);
    if (at === -1 || item === null) return;
    let seen = this.perceptionItems[at];
    if (seen === undefined) this.perceptionItems[at] = seen = { items: [], lines: [] };
    const k = seen.items.indexOf(item);
    if (k !== -1) check.problem('item_id', msg.duplicateKey('item of this participant', seen.lines[k]), item);
    else {
      seen.items.push(item);
      seen.lines.push(check.line);
    }
    if (chose === null) return;
    this.perception.push({ participant_id: this.participantIds[at], item_id: this.interner.get(item), chose_aligned: chose });
  }
}
