/**
 * The adapter for the Lend an Ear pilot's own format (the companion paper's replication data,
 * data/lend-an-ear-pilot): `conversations.csv` with one `full_conversation`
 * transcript per row, and `annotations/NAME_ratings.csv`, one wide file per annotator with a
 * column per dimension. It yields the same StudyTables as a contract export:
 *
 * - messages: each transcript split into turns by `parseTranscript` (turn order kept, multi-line
 *   turns whole, empty turns dropped with a warning);
 * - ratings: one row per (conversation, dimension) of each `NAME_ratings.csv`, rater = NAME
 *   (expert1, expert2, expert3, crowd, gemini, gpt, claude); columns are found by name, so column
 *   order, pandas' unnamed index column (`""` or `Unnamed: 0`) and gemini's embedded transcript
 *   do not matter; an empty cell means not rated (no row). Crowd means keep their full precision;
 * - participants: the pilot has none, so each conversation gets a SYNTHETIC participant
 *   `pilot-<conversation_id>` with arm null (not randomised), attention_passed true, no trait
 *   scores; its conversation is round 1, completed, realism unknown, and its scenario is inferred
 *   from the seeker's opening (`inferPilotScenario`), else `unknown`. The pilot therefore serves
 *   reliability, never the randomised analysis (exclusion E1 would drop every participant);
 * - self_reports and perception are empty.
 *
 * Any other file in annotations/ is not read, with a warning saying whether it is a byte-for-byte
 * copy of a file that was read (the pilot's sample_ratings_crowdsourced.csv duplicates
 * crowd_ratings.csv).
 */
import { closeSync, existsSync, readSync, readdirSync, statSync } from 'node:fs';
import { openRegularFile, readRegularFile } from '../input-file.ts';
import { join } from 'node:path';
import type { Warnings } from '../errors.ts';
import { DIMENSION_NAMES } from '../study.ts';
import type { Conversation, Message, Participant, Rating, StudyMeta, StudyTables } from './tables.ts';
import { ProblemList } from './problems.ts';
import { isMissing } from './cells.ts';
import { readTableFile } from './read-table.ts';
import { RowChecker } from './row-context.ts';
import { parseTranscript } from './transcript.ts';
import { inferPilotScenario } from './pilot-scenario.ts';
import { readStudyMeta } from './study-meta.ts';
import * as msg from './catalogue.ts';

const RATINGS_FILE = /^(.+)_ratings\.csv$/;
/** Columns of the pilot files that are known and deliberately not read. */
const PANDAS_INDEX = /^(Unnamed: \d+)?$/;
const conversationColumnsIgnored = (name: string): boolean => name === 'response_length' || PANDAS_INDEX.test(name);
const ratingColumnsIgnored = (name: string): boolean => name === 'full_conversation' || PANDAS_INDEX.test(name);

/**
 * True when `dir` is in the pilot's own format: `conversations.csv` whose header has a
 * `full_conversation` column, beside an `annotations/` folder.
 * Example: `isPilotExport('data/lend-an-ear-pilot')` → `true`.
 */
export function isPilotExport(dir: string): boolean {
  const annotations = join(dir, 'annotations');
  try {
    if (!statSync(annotations).isDirectory()) return false;
  } catch {
    return false;
  }
  let opened: { fd: number };
  try {
    // Only a regular file is looked into: a FIFO named conversations.csv must not block here
    // (the contract reader then refuses it, located).
    opened = openRegularFile(join(dir, 'conversations.csv'));
  } catch {
    return false;
  }
  const head = Buffer.alloc(4096);
  try {
    const n = readSync(opened.fd, head, 0, head.length, 0);
    const firstLine = head.subarray(0, n).toString('utf8').split(/\r?\n/)[0];
    return firstLine.split(',').some((c) => c.trim().replace(/^"|"$/g, '') === 'full_conversation');
  } finally {
    closeSync(opened.fd);
  }
}

/**
 * Reads a pilot-format folder into StudyTables (see the module comment for every convention).
 * Throws BadInputError listing every problem. Example: for the bundled pilot,
 * `(await readPilotExport(dir, w)).conversations.length` → `50`, `.ratings.length` → `2100`.
 */
export async function readPilotExport(dir: string, warnings: Warnings): Promise<StudyTables> {
  const problems = new ProblemList();
  const participants: Participant[] = [];
  const conversations: Conversation[] = [];
  const messages: Message[] = [];
  const ratings: Rating[] = [];
  const conversationLines = new Map<string, number>();
  let emptyTurns = 0;
  let orphanLines = 0;

  const convCheck = new RowChecker(problems, 'conversations.csv');
  const convOutcome = await readTableFile(
    { label: 'conversations.csv', path: join(dir, 'conversations.csv'), format: 'csv' },
    { columns: ['conversation_id', 'full_conversation'], ignored: conversationColumnsIgnored },
    problems,
    warnings,
    (values, line) => {
      convCheck.line = line;
      const id = convCheck.text('conversation_id', values[0]);
      const transcript = convCheck.text('full_conversation', values[1]);
      if (id === null) return;
      const first = conversationLines.get(id);
      if (first !== undefined) return convCheck.problem('conversation_id', msg.duplicateId('conversation_id', first), id);
      conversationLines.set(id, line);
      if (transcript === null) return;
      const parsed = parseTranscript(transcript);
      emptyTurns += parsed.emptyTurnsDropped;
      orphanLines += parsed.linesBeforeFirstTurn;
      const opening = parsed.turns.find((t) => t.role === 'seeker')?.text ?? '';
      const participantId = `pilot-${id}`;
      participants.push({ participant_id: participantId, arm: null, attention_passed: true, trait_jes: null, trait_sites: null });
      conversations.push({ conversation_id: id, participant_id: participantId, round: 1, scenario: inferPilotScenario(opening), completed: true, realism: null });
      parsed.turns.forEach((t, i) => messages.push({ conversation_id: id, turn: i + 1, role: t.role, text: t.text }));
    },
  );
  if (emptyTurns > 0) {
    warnings.add({ code: 'pilot_empty_turn', message: `${emptyTurns} empty turn(s) (a role prefix with no text) dropped from the transcripts`, file: 'conversations.csv' });
  }
  if (orphanLines > 0) {
    warnings.add({ code: 'pilot_text_before_first_turn', message: `${orphanLines} transcript line(s) before the first "Seeker:"/"Supporter:" line dropped`, file: 'conversations.csv' });
  }

  const annotationsDir = join(dir, 'annotations');
  const names = readdirSync(annotationsDir).sort();
  const read: string[] = [];
  for (const name of names) {
    const match = RATINGS_FILE.exec(name);
    if (!match) continue;
    read.push(name);
    const rater = match[1];
    const label = `annotations/${name}`;
    const check = new RowChecker(problems, label);
    const seen = new Map<string, number>();
    let unrated = 0;
    await readTableFile(
      { label, path: join(annotationsDir, name), format: 'csv' },
      { columns: ['conversation_id', ...DIMENSION_NAMES], ignored: ratingColumnsIgnored },
      problems,
      warnings,
      (values, line) => {
        check.line = line;
        const id = check.text('conversation_id', values[0]);
        if (id === null) return;
        if (!conversationLines.has(id)) {
          if (convOutcome.complete) check.problem('conversation_id', msg.UNKNOWN_CONVERSATION, id);
          return;
        }
        const first = seen.get(id);
        if (first !== undefined) return check.problem('conversation_id', msg.duplicateId('conversation_id', first), id);
        seen.set(id, line);
        DIMENSION_NAMES.forEach((dimension, d) => {
          if (isMissing(values[d + 1])) {
            unrated++;
            return;
          }
          const score = check.number(dimension, values[d + 1], 1, 5);
          if (score !== null) ratings.push({ conversation_id: id, rater, dimension, score });
        });
      },
    );
    if (unrated > 0) warnings.add({ code: 'pilot_unrated', message: `${unrated} empty rating cell(s) in ${label}: not rated, no row`, file: label });
  }
  for (const name of names) {
    if (read.includes(name)) continue;
    const copyOf = read.find((r) => sameBytes(join(annotationsDir, name), join(annotationsDir, r)));
    const why = copyOf ? `it is a byte-for-byte copy of annotations/${copyOf}, which was read` : 'it is not a NAME_ratings.csv file';
    warnings.add({ code: 'pilot_file_not_read', message: `annotations/${name} not read: ${why}`, file: `annotations/${name}` });
  }
  if (existsSync(join(dir, 'crowd_annotations_raw.csv'))) {
    warnings.add({
      code: 'pilot_file_not_read',
      message: 'crowd_annotations_raw.csv (the individual crowd ratings) not read: the crowd rater is annotations/crowd_ratings.csv',
      file: 'crowd_annotations_raw.csv',
    });
  }
  const defaults = readStudyMeta(dir, problems, warnings);
  problems.throwIfAny();
  const raters = read.map((n) => RATINGS_FILE.exec(n)![1]);
  const meta: StudyMeta = existsSync(join(dir, 'study.json'))
    ? defaults
    : {
        name: 'Lend an Ear pilot',
        description: `${conversations.length} pilot conversations of Lend an Ear, rated by ${raters.join(', ')}; read through the pilot adapter`,
        synthetic: false,
        source: 'github.com/aakriti1kumar/replication-data-and-code-when-LLMs-reliable-empathic-communication',
        // published under the MIT licence: its transcripts may be quoted
        public: true,
      };
  return { meta, participants, conversations, messages, ratings, self_reports: [], perception: [] };
}

/** Whether two files hold the same bytes; false for anything but two readable regular files. */
function sameBytes(a: string, b: string): boolean {
  try {
    const size = statSync(a).size;
    if (size !== statSync(b).size) return false;
    return readRegularFile(a, size).equals(readRegularFile(b, size));
  } catch {
    return false;
  }
}
