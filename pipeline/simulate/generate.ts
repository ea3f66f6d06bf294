/**
 * The synthetic Lend an Ear study generator. `simulateStudy` returns the whole study in memory
 * (for design diagnosis: no disk I/O); `generateStudy` hands it over in batches of participants
 * so that `simulate --scale 100` streams to disk without holding millions of rows. Both draw the
 * same numbers in the same order, so their rows are identical.
 */
import { createRng } from '../stats/random.ts';
import type { Round } from '../study.ts';
import type { StudyMeta, StudyTables } from '../ingest/tables.ts';
import type { Rng } from '../stats/random.ts';
import type { SimulationParams } from './calibration.ts';
import { logistic } from './draws.ts';
import { emptyRows, simulateParticipant, type SimulatedParticipant, type StudyRows } from './participant.ts';
import { planEnrolment, type PlannedParticipant } from './plan.ts';

export interface GenerateOptions {
  /** Participants per batch handed to `onBatch` (default: all in one batch). */
  batchSize?: number;
  /** Called after each batch with the number of participants done and in all. */
  onProgress?: (done: number, total: number) => void;
  /** Marks the metadata as the null variant (no treatment effects). */
  nullVariant?: boolean;
  /**
   * false: skip composing message text (rows keep their turn and role, text is empty); the
   * judged expressions are drawn with the same probabilities. For design diagnosis, which never
   * reads the words; a different stream from the default, so never used for an export.
   */
  messageText?: boolean;
  /**
   * With messageText false: build no message rows; record each conversation's number of
   * supporter messages here instead (by conversation id). For design diagnosis, whose exclusions
   * take these counts (applyExclusionsWithCounts); every other table is as with messageText false.
   */
  supporterMessages?: Map<string, number>;
  /**
   * Asked after each participant is simulated, with the rows so far and where this participant's
   * rows start in each table; false drops the participant's rows (the draws are made all the
   * same, so the other participants' rows do not change). For design diagnosis, which applies
   * the exclusions as the study is made instead of copying every table afterwards.
   */
  keepParticipant?: (rows: StudyRows, from: Readonly<Record<keyof StudyRows, number>>) => boolean;
}

const TABLES = ['participants', 'conversations', 'messages', 'ratings', 'self_reports', 'perception'] as const satisfies readonly (keyof StudyRows)[];

function idWidth(count: number): number {
  return Math.max(4, String(count).length);
}

function rowCounts(rows: StudyRows): Record<keyof StudyRows, number> {
  return { participants: rows.participants.length, conversations: rows.conversations.length, messages: rows.messages.length, ratings: rows.ratings.length, self_reports: rows.self_reports.length, perception: rows.perception.length };
}

/**
 * The study metadata (study.json) for a seed and scale.
 *
 * @example
 * studyMeta(CALIBRATION, 20260315, 1, false).name; // 'Lend an Ear (synthetic, seed 20260315, scale 1)'
 */
export function studyMeta(params: SimulationParams, seed: number, scale: number, nullVariant: boolean): StudyMeta {
  const variant = nullVariant ? ', null variant' : '';
  return {
    name: `Lend an Ear (synthetic${variant}, seed ${seed}, scale ${scale})`,
    description:
      'A synthetic study, not real data: simulated participants offering support to a simulated seeker in three rounds, ' +
      'randomised 1:1:1 to coach, video or control, with an LLM judge simulated as ' +
      `${params.judge.runs} runs per conversation. Calibrated to the published figures of Kumar et al. (2026)` +
      (nullVariant ? '; in this null variant every treatment effect is zero.' : '.'),
    synthetic: true,
    source: `lend-an-ear simulator v${params.version} (pipeline/simulate/), seed ${seed}, scale ${scale}, calibration pipeline/simulate/calibration.ts${nullVariant ? ' with treatment effects set to 0 (--null)' : ''}`,
  };
}

/** The streams of a study, split from createRng(seed) in this order (the last two only feed options that are off by default). */
function studyStreams(seed: number): { plan: Rng; items: Rng; participants: Rng; attrition: Rng; mirror: Rng } {
  const root = createRng(seed);
  const plan = root.split();
  const items = root.split();
  const participants = root.split();
  const attrition = root.split();
  const mirror = root.split();
  return { plan, items, participants, attrition, mirror };
}

function drawItemBank(params: SimulationParams, rng: Rng): number[] {
  return Array.from({ length: params.perception.itemBank }, () => rng.normal(0, params.perception.itemSd));
}

/**
 * The logit difficulty shift of each perception item in the bank of the study with this seed,
 * exactly as generateStudy draws it (the design diagnosis's target of H7 on the items used).
 *
 * @example
 * perceptionItemShifts(CALIBRATION, DEFAULT_SEED).length; // 40
 */
export function perceptionItemShifts(params: SimulationParams, seed: number): number[] {
  return drawItemBank(params, studyStreams(seed).items);
}

/**
 * Whether a participant planned to complete the study drops out after round 1 under
 * params.attrition, given their uniform draw `u` (false when the option is off).
 *
 * @example
 * dropsAfterRound1({ status: 'analysed', arm: 'coach', messageCounts: [] }, { untreatedOutcome: -1 }, 0.01, params); // true when P(drop) > 0.01
 */
export function dropsAfterRound1(planned: PlannedParticipant, simulated: SimulatedParticipant, u: number, params: SimulationParams): boolean {
  const attrition = params.attrition;
  if (!attrition || planned.status !== 'analysed' || planned.arm === null || simulated.untreatedOutcome === null) return false;
  const base = attrition.afterRound1[attrition.asIfArm ?? planned.arm];
  if (base <= 0) return false;
  if (base >= 1) return true;
  return u < logistic(Math.log(base / (1 - base)) + attrition.outcomeSlope * simulated.untreatedOutcome);
}

/** Removes a participant's rows after round 1 (rows from `from` on): later conversations, their messages and ratings, later self-reports, the perception task. */
function keepRound1Only(rows: StudyRows, from: Readonly<Record<keyof StudyRows, number>>): void {
  const later = new Set<string>();
  for (let i = from.conversations; i < rows.conversations.length; i++) if (rows.conversations[i].round > 1) later.add(rows.conversations[i].conversation_id);
  const trim = <T>(table: T[], start: number, keep: (row: T) => boolean) => {
    const kept = table.slice(start).filter(keep);
    table.length = start;
    for (const row of kept) table.push(row);
  };
  trim(rows.conversations, from.conversations, (c) => c.round === 1);
  trim(rows.messages, from.messages, (m) => !later.has(m.conversation_id));
  trim(rows.ratings, from.ratings, (r) => !later.has(r.conversation_id));
  trim(rows.self_reports, from.self_reports, (r) => r.round === 1);
  rows.perception.length = from.perception;
}

/**
 * Generates the study and hands its rows over in batches; returns the metadata.
 * The plan, the perception item bank and the participants draw from separate streams of
 * createRng(seed) (and the options that are off by default, attrition and mirrored self-reports,
 * from two more).
 */
export function generateStudy(params: SimulationParams, seed: number, scale: number, onBatch: (rows: StudyRows) => void, options: GenerateOptions = {}): StudyMeta {
  const streams = studyStreams(seed);
  const participantRng = streams.participants;
  const plan = planEnrolment(params, scale, streams.plan);
  const itemShift = drawItemBank(params, streams.items);
  const mirrorRng = params.selfReport.mirrorsJudge === true ? streams.mirror : undefined;
  const participantWidth = idWidth(plan.length);
  const conversationWidth = idWidth(plan.length * 3);
  const batchSize = options.batchSize ?? Number.POSITIVE_INFINITY;
  let rows = emptyRows();
  let conversationNumber = 0;
  let inBatch = 0;
  const counts = options.messageText === false ? options.supporterMessages : undefined;
  const onSupporterMessages = counts ? (conversationId: string, n: number) => void counts.set(conversationId, n) : undefined;
  plan.forEach((planned, index) => {
    const participantId = `P${String(index + 1).padStart(participantWidth, '0')}`;
    const conversationIds = new Map<Round, string>();
    const conversationId = (round: Round): string => {
      let id = conversationIds.get(round);
      if (id === undefined) {
        id = `C${String(++conversationNumber).padStart(conversationWidth, '0')}`;
        conversationIds.set(round, id);
      }
      return id;
    };
    const from = options.keepParticipant || params.attrition ? rowCounts(rows) : null;
    const simulated = simulateParticipant(planned, { participantId, conversationId, itemShift, params, messageText: options.messageText, onSupporterMessages, mirrorRng }, rows, participantRng);
    // One uniform for every enrolled participant, so each keeps theirs whatever the others' plans.
    if (from && params.attrition && dropsAfterRound1(planned, simulated, streams.attrition.uniform(), params)) keepRound1Only(rows, from);
    if (from && options.keepParticipant && !options.keepParticipant(rows, from)) for (const table of TABLES) rows[table].length = from[table];
    if (++inBatch >= batchSize) {
      onBatch(rows);
      options.onProgress?.(index + 1, plan.length);
      rows = emptyRows();
      inBatch = 0;
    }
  });
  if (inBatch > 0 || plan.length === 0) {
    onBatch(rows);
    options.onProgress?.(plan.length, plan.length);
  }
  return studyMeta(params, seed, scale, options.nullVariant ?? false);
}

/**
 * The whole synthetic study in memory: `StudyTables` as ingest would produce them.
 * `scale` multiplies every count (1 = the published 968 analysed participants).
 *
 * @example
 * const study = simulateStudy(CALIBRATION, DEFAULT_SEED, 1);
 * study.participants.length; // 1073 enrolled, of whom 968 are analysed after E1–E3
 */
export function simulateStudy(params: SimulationParams, seed: number, scale: number, options: Omit<GenerateOptions, 'batchSize'> = {}): StudyTables {
  let all: StudyRows = emptyRows();
  const meta = generateStudy(params, seed, scale, (rows) => {
    all = rows;
  }, options);
  return { meta, ...all };
}
