/**
 * What the judge has to do for one export: every conversation × dimension × run (a "slot"), the
 * request each slot sends, and, against the store, what each slot has already: a readable score,
 * an unreadable reply (after the preregistered re-asks), or nothing yet (a request to send).
 *
 * Slots are numbered conversation-major: slot = (conversation · D + dimension) · R + (run − 1),
 * so the runs of one conversation and dimension, which send the same body, are neighbours. The
 * bodies are not kept: each is made again when it is sent (the last one made is remembered, and
 * the runs of a body go out one after another), so a study of thousands of conversations holds
 * only its transcripts, not 17,000 prompts of several kilobytes.
 */
import type { Message, StudyTables } from '../ingest/tables.ts';
import { applyExclusions } from '../ingest/exclusions.ts';
import { sha256Hex } from '../prereg/lock.ts';
import type { ExclusionSpec, JudgeSpec } from '../prereg/types.ts';
import type { Dimension } from '../study.ts';
import { parseReply, type ParsedReply, type UnparsedReason } from './parse.ts';
import { dimensionPrompts, firstAsk, formatTranscript, reAsk, requestBody, requestKey, type ChatMessage, type DimensionPrompt, type JudgeSettings } from './prompt.ts';
import type { JudgeStore, StoredAnswer } from './store.ts';

export interface JudgePlan {
  endpoint: string;
  settings: JudgeSettings;
  judge: JudgeSpec;
  prompts: DimensionPrompt[];
  /** The conversations judged, in the export's order. */
  conversationIds: string[];
  transcripts: string[];
  /** Conversations left out, and why. */
  skipped: { withoutSupporterMessages: string[]; excludedWhateverTheRatings: string[] };
  /** Per conversation × dimension: the SHA-256 of the first ask's body. */
  bodyShas: string[];
  /** Per slot: the first ask's store key. */
  keys: string[];
  /** The last body made (bodyOf), by conversation × dimension. */
  lastBody: { cd: number; body: string } | null;
}

/** A request to send: one slot's first ask or one of its re-asks. */
export interface JudgeTask {
  slot: number;
  conversation_id: string;
  dimension: Dimension;
  run: number;
  reask: number;
  /** SHA-256 of the body. */
  prompt: string;
  key: string;
  label: string;
  /** The unreadable replies of the earlier asks of this slot, oldest first (empty for a first ask). */
  previous: string[];
}

export type SlotState =
  | { kind: 'scored'; score: number; answer: StoredAnswer }
  | { kind: 'unparsed'; reason: UnparsedReason; answer: StoredAnswer }
  | { kind: 'todo'; task: JudgeTask };

/** Messages of each conversation, grouped once (messages arrive grouped by conversation). */
function messagesByConversation(messages: readonly Message[]): Map<string, Message[]> {
  const by = new Map<string, Message[]>();
  let last: string | null = null;
  let list: Message[] = [];
  for (const m of messages) {
    if (m.conversation_id !== last) {
      last = m.conversation_id;
      list = by.get(last) ?? [];
      if (list.length === 0) by.set(last, list);
    }
    list.push(m);
  }
  return by;
}

/**
 * The conversations no rating can bring into the analysis: those of participants the
 * preregistered exclusions remove even if every conversation were rated. A rating can only
 * make a round count (E2), never undo E1 (attention, randomisation) or E3 (supporter messages),
 * so judging these would pay for scores no test reads. Null: judge every conversation.
 */
function excludedWhateverTheRatings(tables: Pick<StudyTables, 'conversations' | 'messages' | 'participants'>, exclusions: ExclusionSpec[]): Set<string> {
  const everyRated = tables.conversations.map((c) => ({ conversation_id: c.conversation_id, rater: 'judge', dimension: 'advice_giving' as const, score: 1 }));
  const study = { meta: { name: '', description: '', synthetic: false, source: '' }, participants: tables.participants, conversations: tables.conversations, messages: tables.messages, ratings: everyRated, self_reports: [], perception: [] };
  const kept = new Set(applyExclusions(study, exclusions).analysed.conversations.map((c) => c.conversation_id));
  return new Set(tables.conversations.filter((c) => !kept.has(c.conversation_id)).map((c) => c.conversation_id));
}

/** Which conversations to judge: with `exclusions`, only those a rating can bring into the analysis. */
export interface PlanScope {
  exclusions: ExclusionSpec[] | null;
}

/**
 * The plan for `tables` under `judge` with `settings` at `endpoint` (its recorded label).
 *
 * @example
 * const plan = planJudging(tables, prereg.judge, { model: 'gpt-4o', temperature: 1, runs: 5, max_tokens: null }, 'https://api.openai.com/v1', { exclusions: prereg.exclusions });
 * plan.keys.length // conversations judged × 6 × 5
 */
export function planJudging(tables: Pick<StudyTables, 'conversations' | 'messages' | 'participants'>, judge: JudgeSpec, settings: JudgeSettings, endpoint: string, scope: PlanScope): JudgePlan {
  const prompts = dimensionPrompts(judge);
  const byConversation = messagesByConversation(tables.messages);
  const excluded = scope.exclusions === null ? new Set<string>() : excludedWhateverTheRatings(tables, scope.exclusions);
  const conversationIds: string[] = [];
  const transcripts: string[] = [];
  const skipped: JudgePlan['skipped'] = { withoutSupporterMessages: [], excludedWhateverTheRatings: [] };
  for (const c of tables.conversations) {
    const messages = byConversation.get(c.conversation_id) ?? [];
    if (excluded.has(c.conversation_id)) skipped.excludedWhateverTheRatings.push(c.conversation_id);
    else if (!messages.some((m) => m.role === 'supporter')) skipped.withoutSupporterMessages.push(c.conversation_id);
    else {
      conversationIds.push(c.conversation_id);
      transcripts.push(formatTranscript(messages));
    }
  }
  const plan: JudgePlan = { endpoint, settings, judge, prompts, conversationIds, transcripts, skipped, bodyShas: [], keys: [], lastBody: null };
  const runs = settings.runs;
  conversationIds.forEach((conversation_id, c) => {
    for (let d = 0; d < prompts.length; d++) {
      const prompt = sha256Hex(bodyOf(plan, c * prompts.length + d));
      plan.bodyShas.push(prompt);
      for (let run = 1; run <= runs; run++) plan.keys.push(requestKey({ endpoint, conversation_id, dimension: prompts[d].dimension, run, reask: 0, prompt }));
    }
  });
  plan.lastBody = null;
  return plan;
}

/** The first ask's body of conversation × dimension `cd` (remembered for the next call). */
export function bodyOf(plan: JudgePlan, cd: number): string {
  if (plan.lastBody?.cd === cd) return plan.lastBody.body;
  const D = plan.prompts.length;
  const body = requestBody(plan.settings, firstAsk(plan.prompts[cd % D], plan.transcripts[Math.floor(cd / D)]));
  plan.lastBody = { cd, body };
  return body;
}

/** The conversation, dimension and run of a slot. */
export function slotParts(plan: JudgePlan, slot: number): { conversation: number; dimension: number; run: number } {
  const R = plan.settings.runs;
  const D = plan.prompts.length;
  const cd = Math.floor(slot / R);
  return { conversation: Math.floor(cd / D), dimension: cd % D, run: (slot % R) + 1 };
}

/** The messages of a task's request. */
function messagesOf(plan: JudgePlan, task: Pick<JudgeTask, 'slot' | 'previous'>): ChatMessage[] {
  const { conversation, dimension } = slotParts(plan, task.slot);
  let messages = firstAsk(plan.prompts[dimension], plan.transcripts[conversation]);
  for (const reply of task.previous) messages = reAsk(messages, reply, plan.judge.reask.message);
  return messages;
}

/** The exact JSON text a task sends. */
export function taskBody(plan: JudgePlan, task: JudgeTask): string {
  if (task.reask === 0) return bodyOf(plan, Math.floor(task.slot / plan.settings.runs));
  return requestBody(plan.settings, messagesOf(plan, task));
}

/** The task of a slot's re-ask after the unreadable replies `previous` (oldest first). */
function reAskTask(plan: JudgePlan, slot: number, previous: string[]): JudgeTask {
  const { dimension, run, conversation } = slotParts(plan, slot);
  const prompt = sha256Hex(requestBody(plan.settings, messagesOf(plan, { slot, previous })));
  const conversation_id = plan.conversationIds[conversation];
  const dim = plan.prompts[dimension].dimension;
  const reask = previous.length;
  return {
    slot, conversation_id, dimension: dim, run, reask, prompt,
    key: requestKey({ endpoint: plan.endpoint, conversation_id, dimension: dim, run, reask, prompt }),
    label: `conversation ${JSON.stringify(conversation_id)}, ${dim}, run ${run}${reask > 0 ? `, re-ask ${reask}` : ''}`,
    previous,
  };
}

/** The first ask of a slot, as a task. */
export function firstTask(plan: JudgePlan, slot: number): JudgeTask {
  const { conversation, dimension, run } = slotParts(plan, slot);
  const conversation_id = plan.conversationIds[conversation];
  const dim = plan.prompts[dimension].dimension;
  return {
    slot, conversation_id, dimension: dim, run, reask: 0, prompt: plan.bodyShas[Math.floor(slot / plan.settings.runs)], key: plan.keys[slot],
    label: `conversation ${JSON.stringify(conversation_id)}, ${dim}, run ${run}`,
    previous: [],
  };
}

/** The parse rule's reading of a stored answer (memoised on it). */
export function parsedOf(answer: StoredAnswer): ParsedReply {
  return (answer.parsed ??= parseReply(answer.content));
}

/**
 * What a stored answer says for its slot: parsed, or, when unreadable and a re-ask is
 * preregistered and left, the re-ask to send.
 */
export function afterReply(plan: JudgePlan, task: JudgeTask, answer: StoredAnswer): { parsed: ParsedReply; next: JudgeTask | null } {
  const parsed = parsedOf(answer);
  if (parsed.ok || task.reask >= plan.judge.reask.max_reasks) return { parsed, next: null };
  return { parsed, next: reAskTask(plan, task.slot, [...task.previous, answer.content ?? '']) };
}

/**
 * The state of one slot against the store: follows its re-asks as far as they are stored.
 *
 * @example
 * slotState(plan, store, 0).kind // 'todo' on an empty store
 */
export function slotState(plan: JudgePlan, store: Pick<JudgeStore, 'get'>, slot: number): SlotState {
  let task = firstTask(plan, slot);
  for (;;) {
    const answer = store.get(task.key);
    if (answer === undefined) return { kind: 'todo', task };
    const { parsed, next } = afterReply(plan, task, answer);
    if (parsed.ok) return { kind: 'scored', score: parsed.score, answer };
    if (next === null) return { kind: 'unparsed', reason: parsed.reason, answer };
    task = next;
  }
}

/** A rough count of the prompt tokens of a request: characters / 4 (OpenAI's rule of thumb for
 *  English text); the endpoint's own count is in each stored reply's `usage`. */
export function estimatedPromptTokens(plan: JudgePlan, task: JudgeTask): number {
  let chars = 0;
  for (const m of messagesOf(plan, task)) chars += m.content.length;
  return Math.ceil(chars / 4);
}
