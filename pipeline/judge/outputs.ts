/**
 * What the judge writes, from the slots' states (all resolved: nothing left to send):
 *
 * - `ratings.csv`: the contract's ratings table (conversation_id, rater, dimension, score) with
 *   three more columns, `judge_run`, `model` and `reply_ref` (the store key of the reply the score
 *   was read from); rater is `judge` for every run (the contract: several rows of one rater on
 *   one conversation and dimension are its runs, combined by their median). An unreadable reply gives
 *   no row: the rating is missing, never guessed.
 * - `judge_ratings.csv`: one row per conversation, one column per dimension, the median over the
 *   readable runs (the layout of the pilot's `annotations/NAME_ratings.csv`), so that
 *   `reliability` can take the judge as one more rater.
 * - `judge.json` (`lend-an-ear-judge/1`): the settings used and the preregistered ones, the
 *   counts, every unreadable reply (with its reason and store key), the tokens the endpoint
 *   counted, and, only when the study is public or synthetic, a few rationales per dimension.
 *
 * All three are functions of the store's replies for this plan: the same store gives the same
 * bytes (no time, no count of what this run sent).
 */
import { medianOfRuns } from '../score/aggregate.ts';
import { csvField } from '../simulate/csv.ts';
import type { StudyMeta } from '../ingest/tables.ts';
import { DIMENSION_NAMES, type Dimension } from '../study.ts';
import type { JudgePlan, SlotState } from './plan.ts';
import { slotParts } from './plan.ts';
import { rationaleOf, UNPARSED_REASONS, type UnparsedReason } from './parse.ts';

export { JUDGE_FILE } from './record.ts';
import type { JudgeSettings } from './prompt.ts';
import { JUDGE_SCHEMA, promptSha256, type JudgeRecord, type Rationale, type UnparsedEntry } from './record.ts';
import type { JudgeSpec } from '../prereg/types.ts';

export const RATINGS_FILE = 'ratings.csv';
/** The rater of the judge's ratings (their runs are told apart by judge_run). */
export const JUDGE_RATER = 'judge';
export const WIDE_FILE = 'judge_ratings.csv';

/** Rationales shown per dimension (when the study may be quoted). */
const RATIONALES_PER_DIMENSION = 3;
/** Characters of a rationale's example or justification kept. */
const RATIONALE_CHARS = 600;

/** The contract ratings table, as CSV text. */
export function ratingsCsv(plan: JudgePlan, states: readonly SlotState[], model: string): string {
  const lines = ['conversation_id,rater,dimension,score,judge_run,model,reply_ref\n'];
  const modelField = csvField(model);
  states.forEach((state, slot) => {
    if (state.kind !== 'scored') return;
    const { conversation, dimension, run } = slotParts(plan, slot);
    lines.push(`${csvField(plan.conversationIds[conversation])},${JUDGE_RATER},${plan.prompts[dimension].dimension},${state.score},${run},${modelField},${state.answer.key}\n`);
  });
  return lines.join('');
}

/** The wide table of run medians, one row per conversation (an empty cell: no readable run). */
export function wideCsv(plan: JudgePlan, states: readonly SlotState[]): string {
  const R = plan.settings.runs;
  const order = plan.prompts.map((p) => p.dimension);
  const lines = [`conversation_id,${DIMENSION_NAMES.join(',')}\n`];
  plan.conversationIds.forEach((id, c) => {
    const cells = DIMENSION_NAMES.map((name) => {
      const d = order.indexOf(name);
      const scores: number[] = [];
      for (let r = 0; r < R; r++) {
        const s = states[(c * order.length + d) * R + r];
        if (s.kind === 'scored') scores.push(s.score);
      }
      return scores.length === 0 ? '' : String(medianOfRuns(scores));
    });
    lines.push(`${csvField(id)},${cells.join(',')}\n`);
  });
  return lines.join('');
}

function clip(text: string | null): string | null {
  if (text === null) return null;
  return text.length > RATIONALE_CHARS ? `${text.slice(0, RATIONALE_CHARS - 1)}…` : text;
}

/** Per dimension, the readable replies at the lowest, middle and highest score given, each the
 *  one with the smallest store key among its score's (a fixed, content-blind choice). */
function pickRationales(plan: JudgePlan, states: readonly SlotState[]): Rationale[] {
  const out: Rationale[] = [];
  for (const p of plan.prompts) {
    const best = new Map<number, SlotState & { kind: 'scored' }>();
    states.forEach((s, slot) => {
      if (s.kind !== 'scored' || plan.prompts[slotParts(plan, slot).dimension].dimension !== p.dimension) return;
      const held = best.get(s.score);
      if (held === undefined || s.answer.key < held.answer.key) best.set(s.score, s);
    });
    const scores = [...best.keys()].sort((a, b) => a - b);
    const chosen = [...new Set([scores[0], scores[Math.floor((scores.length - 1) / 2)], scores[scores.length - 1]])].filter((s) => s !== undefined);
    for (const score of chosen.slice(0, RATIONALES_PER_DIMENSION)) {
      const s = best.get(score)!;
      const steps = rationaleOf(s.answer.content);
      out.push({ dimension: p.dimension, score, example: clip(steps.example), justification: clip(steps.justification), reply_ref: s.answer.key });
    }
  }
  return out;
}

export interface RecordInput {
  plan: JudgePlan;
  states: readonly SlotState[];
  preregFile: string;
  preregSha256: string;
  preregistered: JudgeSpec;
  meta: Pick<StudyMeta, 'synthetic' | 'public'>;
}

/** judge.json's content. */
export function judgeRecord(input: RecordInput): JudgeRecord {
  const { plan, states, preregistered } = input;
  const settings: JudgeSettings = plan.settings;
  const byReason = Object.fromEntries(UNPARSED_REASONS.map((r) => [r, 0])) as Record<UnparsedReason, number>;
  const unparsed: UnparsedEntry[] = [];
  const served: Record<string, number> = {};
  const usage = { prompt_tokens: 0, completion_tokens: 0 };
  let ratings = 0;
  let reasked = 0;
  states.forEach((s, slot) => {
    if (s.kind === 'todo') throw new Error('judge outputs asked for before every request has a reply');
    const a = s.answer;
    const servedModel = a.model ?? '(not given)';
    served[servedModel] = (served[servedModel] ?? 0) + 1;
    usage.prompt_tokens += a.prompt_tokens ?? 0;
    usage.completion_tokens += a.completion_tokens ?? 0;
    if (a.reask > 0) reasked++;
    if (s.kind === 'scored') {
      ratings++;
      return;
    }
    byReason[s.reason]++;
    const { conversation, dimension, run } = slotParts(plan, slot);
    unparsed.push({ conversation_id: plan.conversationIds[conversation], dimension: plan.prompts[dimension].dimension, run, reason: s.reason, reply_ref: a.key });
  });
  const quotable = input.meta.synthetic || input.meta.public === true;
  return {
    schema: JUDGE_SCHEMA,
    endpoint: plan.endpoint,
    model: settings.model,
    temperature: settings.temperature,
    runs: settings.runs,
    max_tokens: settings.max_tokens,
    reply_format: plan.judge.reply_format,
    parse_rule: plan.judge.parse_rule,
    max_reasks: plan.judge.reask.max_reasks,
    prompt_sha256: promptSha256(plan.judge),
    preregistration: {
      file: input.preregFile,
      sha256: input.preregSha256,
      model: preregistered.model,
      temperature: preregistered.temperature,
      runs: preregistered.runs,
      max_tokens: preregistered.max_tokens,
      prompt_sha256: promptSha256(preregistered),
    },
    conversations: plan.conversationIds.length,
    conversations_skipped: plan.skipped.withoutSupporterMessages.length + plan.skipped.excludedWhateverTheRatings.length,
    conversations_skipped_by_reason: { without_supporter_messages: plan.skipped.withoutSupporterMessages.length, excluded_whatever_the_ratings: plan.skipped.excludedWhateverTheRatings.length },
    requests: states.length,
    ratings,
    unparsed: unparsed.length,
    unparsed_by_reason: byReason,
    reasked,
    served_models: Object.fromEntries(Object.entries(served).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    usage,
    unparsed_replies: unparsed,
    rationales: quotable ? pickRationales(plan, states) : null,
    rationales_note: quotable
      ? `up to ${RATIONALES_PER_DIMENSION} per dimension (the lowest, middle and highest score given), quoted as the judge wrote them: the study is ${input.meta.synthetic ? 'synthetic' : 'public'}`
      : 'not shown: the judge quotes the transcripts, and the study is not marked public (study.json "public": true); every reply is in the judge store',
  };
}
