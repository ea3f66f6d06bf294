/**
 * What the judge has to do for one export: every conversation × dimension × run (a "slot"), the
 * request each slot sends, and, against the store, what each slot has already: a readable score,
 * an unreadable reply (after the preregistered re-asks), or nothing yet (a request to send).
 *
 * Slots are numbered conversation-major: slot = (conversation · D + dimension) · R + (run − 1),
 * so that the runs of one conversation and dimension, which share one request body, are
 * neighbours and the plan holds one body per conversation × dimension, not per run.
 */
import type { Message, StudyTables } from '../ingest/tables.ts';
import type { JudgeSpec } from '../prereg/types.ts';
import type { Dimension } from '../study.ts';
import { replyContent } from './client.ts';
import { parseReply, type ParsedReply, type UnparsedReason } from './parse.ts';
import { dimensionPrompts, firstAsk, formatTranscript, reAsk, requestBody, requestKey, sha256Hex, type ChatMessage, type DimensionPrompt, type JudgeSettings } from './prompt.ts';
import type { JudgeStore, StoredReply } from './store.ts';

export interface JudgePlan {
  endpoint: string;
  settings: JudgeSettings;
  judge: JudgeSpec;
  prompts: DimensionPrompt[];
  /** The conversations judged, in the export's order. */
  conversationIds: string[];
  transcripts: string[];
  /** Conversations left out: no supporter message (nothing to rate). */
  skipped: string[];
  /** Per conversation × dimension: the first ask's body and its SHA-256. */
  bodies: string[];
  bodyShas: string[];
  /** Per slot: the first ask's store key. */
  keys: string[];
}

/** A request to send: one slot's first ask or one of its re-asks. */
export interface JudgeTask {
  slot: number;
  conversation_id: string;
  dimension: Dimension;
  run: number;
  reask: number;
  body: string;
  prompt: string;
  key: string;
  label: string;
  /** The unreadable replies of the earlier asks of this slot, oldest first (empty for a first ask). */
  previous: string[];
}

export type SlotState =
  | { kind: 'scored'; score: number; reply: StoredReply; parsed: ParsedReply & { ok: true } }
  | { kind: 'unparsed'; reason: UnparsedReason; reply: StoredReply; parsed: ParsedReply & { ok: false } }
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
 * The plan for `tables` under `judge` with `settings` at `endpoint` (its recorded label).
 *
 * @example
 * const plan = planJudging(tables, prereg.judge, { model: 'gpt-4o', temperature: 1, runs: 5, max_tokens: null }, 'https://api.openai.com/v1');
 * plan.keys.length // conversations × 6 × 5
 */
export function planJudging(tables: Pick<StudyTables, 'conversations' | 'messages'>, judge: JudgeSpec, settings: JudgeSettings, endpoint: string): JudgePlan {
  const prompts = dimensionPrompts(judge);
  const byConversation = messagesByConversation(tables.messages);
  const conversationIds: string[] = [];
  const transcripts: string[] = [];
  const skipped: string[] = [];
  for (const c of tables.conversations) {
    const messages = byConversation.get(c.conversation_id) ?? [];
    if (!messages.some((m) => m.role === 'supporter')) {
      skipped.push(c.conversation_id);
      continue;
    }
    conversationIds.push(c.conversation_id);
    transcripts.push(formatTranscript(messages));
  }
  const bodies: string[] = [];
  const bodyShas: string[] = [];
  const keys: string[] = [];
  const runs = settings.runs;
  conversationIds.forEach((conversation_id, c) => {
    for (const p of prompts) {
      const body = requestBody(settings, firstAsk(p, transcripts[c]));
      const prompt = sha256Hex(body);
      bodies.push(body);
      bodyShas.push(prompt);
      for (let run = 1; run <= runs; run++) keys.push(requestKey({ endpoint, conversation_id, dimension: p.dimension, run, reask: 0, prompt }));
    }
  });
  return { endpoint, settings, judge, prompts, conversationIds, transcripts, skipped, bodies, bodyShas, keys };
}

/** The conversation, dimension and run of a slot. */
export function slotParts(plan: JudgePlan, slot: number): { conversation: number; dimension: number; run: number } {
  const R = plan.settings.runs;
  const D = plan.prompts.length;
  const cd = Math.floor(slot / R);
  return { conversation: Math.floor(cd / D), dimension: cd % D, run: (slot % R) + 1 };
}

function firstAskMessages(plan: JudgePlan, conversation: number, dimension: number): ChatMessage[] {
  return firstAsk(plan.prompts[dimension], plan.transcripts[conversation]);
}

/** The task of a slot's re-ask number `reask`, after the unreadable replies `previous` (oldest first). */
function reAskTask(plan: JudgePlan, slot: number, previous: string[]): JudgeTask {
  const { conversation, dimension, run } = slotParts(plan, slot);
  let messages = firstAskMessages(plan, conversation, dimension);
  for (const reply of previous) messages = reAsk(messages, reply, plan.judge.reask.message);
  const body = requestBody(plan.settings, messages);
  const prompt = sha256Hex(body);
  const conversation_id = plan.conversationIds[conversation];
  const dim = plan.prompts[dimension].dimension;
  const reask = previous.length;
  return {
    slot, conversation_id, dimension: dim, run, reask, body, prompt,
    key: requestKey({ endpoint: plan.endpoint, conversation_id, dimension: dim, run, reask, prompt }),
    label: `conversation ${JSON.stringify(conversation_id)}, ${dim}, run ${run}${reask > 0 ? `, re-ask ${reask}` : ''}`,
    previous,
  };
}

/** The first ask of a slot, as a task. */
export function firstTask(plan: JudgePlan, slot: number): JudgeTask {
  const { conversation, dimension, run } = slotParts(plan, slot);
  const cd = conversation * plan.prompts.length + dimension;
  const conversation_id = plan.conversationIds[conversation];
  const dim = plan.prompts[dimension].dimension;
  return {
    slot, conversation_id, dimension: dim, run, reask: 0, body: plan.bodies[cd], prompt: plan.bodyShas[cd], key: plan.keys[slot],
    label: `conversation ${JSON.stringify(conversation_id)}, ${dim}, run ${run}`,
    previous: [],
  };
}

/**
 * What a stored reply says for its slot: parsed, or, when unreadable and a re-ask is
 * preregistered and left, the re-ask to send.
 */
export function afterReply(plan: JudgePlan, task: JudgeTask, reply: StoredReply): { parsed: ParsedReply; next: JudgeTask | null } {
  const content = replyContent(reply.response);
  const parsed = parseReply(content);
  if (parsed.ok || task.reask >= plan.judge.reask.max_reasks) return { parsed, next: null };
  return { parsed, next: reAskTask(plan, task.slot, [...task.previous, content ?? '']) };
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
    const reply = store.get(task.key);
    if (reply === undefined) return { kind: 'todo', task };
    const { parsed, next } = afterReply(plan, task, reply);
    if (parsed.ok) return { kind: 'scored', score: parsed.score, reply, parsed };
    if (next === null) return { kind: 'unparsed', reason: parsed.reason, reply, parsed };
    task = next;
  }
}

/** A rough count of the prompt tokens of a request: characters / 4 (OpenAI's rule of thumb for
 *  English text); the endpoint's own count is in each stored reply's `usage`. */
export function estimatedPromptTokens(body: string): number {
  const { messages } = JSON.parse(body) as { messages: ChatMessage[] };
  let chars = 0;
  for (const m of messages) chars += m.content.length;
  return Math.ceil(chars / 4);
}
