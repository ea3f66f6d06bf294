/**
 * The synthetic Lend an Ear study generator. `simulateStudy` returns the whole study in memory
 * (for design diagnosis: no disk I/O); `generateStudy` hands it over in batches of participants
 * so that `simulate --scale 100` streams to disk without holding millions of rows. Both draw the
 * same numbers in the same order, so their rows are identical.
 */
import { createRng } from '../stats/random.ts';
import type { Round } from '../study.ts';
import type { StudyMeta, StudyTables } from '../ingest/tables.ts';
import type { SimulationParams } from './calibration.ts';
import { emptyRows, simulateParticipant, type StudyRows } from './participant.ts';
import { planEnrolment } from './plan.ts';

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

/**
 * Generates the study and hands its rows over in batches; returns the metadata.
 * The plan, the perception item bank and the participants draw from separate streams of
 * createRng(seed).
 */
export function generateStudy(params: SimulationParams, seed: number, scale: number, onBatch: (rows: StudyRows) => void, options: GenerateOptions = {}): StudyMeta {
  const root = createRng(seed);
  const planRng = root.split();
  const itemRng = root.split();
  const participantRng = root.split();
  const plan = planEnrolment(params, scale, planRng);
  const itemShift = Array.from({ length: params.perception.itemBank }, () => itemRng.normal(0, params.perception.itemSd));
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
    const from = options.keepParticipant ? rowCounts(rows) : null;
    simulateParticipant(planned, { participantId, conversationId, itemShift, params, messageText: options.messageText, onSupporterMessages }, rows, participantRng);
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
