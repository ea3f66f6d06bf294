/**
 * The requests of the judge: the transcript of a conversation as the prompt shows it, the
 * preregistered prompt filled in for one dimension, the Chat Completions request body, and the
 * content address of each request (its store key).
 *
 * One body per conversation × dimension: the runs send the same bytes (each run is another draw
 * of the same request), and a re-ask adds the unreadable reply and the preregistered re-ask
 * message after it.
 */
import type { Message } from '../ingest/tables.ts';
import { sha256Hex } from '../prereg/lock.ts';
import type { JudgeSpec } from '../prereg/types.ts';
import type { Dimension } from '../study.ts';

/** The settings a request is made with (the preregistered ones unless overridden). */
export interface JudgeSettings {
  model: string;
  temperature: number;
  runs: number;
  max_tokens: number | null;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The role labels of the transcript, as in the pilot's transcripts. */
const ROLE_LABEL = { seeker: 'Seeker', supporter: 'Supporter' } as const;

/**
 * A conversation's messages as the prompt shows them: one `Seeker: …` / `Supporter: …` line per
 * message, in turn order (the pilot's own transcript format; a message's inner line breaks are
 * kept).
 *
 * @example
 * formatTranscript([{ turn: 2, role: 'supporter', text: 'Oh no.' }, { turn: 1, role: 'seeker', text: 'I lost my job.' }])
 * // 'Seeker: I lost my job.\nSupporter: Oh no.'
 */
export function formatTranscript(messages: readonly Pick<Message, 'turn' | 'role' | 'text'>[]): string {
  const ordered = messages.length > 1 && messages.some((m, i) => i > 0 && m.turn < messages[i - 1].turn) ? [...messages].sort((a, b) => a.turn - b.turn) : messages;
  let text = '';
  for (const m of ordered) text += `${text === '' ? '' : '\n'}${ROLE_LABEL[m.role]}: ${m.text}`;
  return text;
}

const PLACEHOLDER = /\{\{\s*(dimension|definition|score_1|score_5|transcript)\s*\}\}/g;

/** The per-dimension parts of the prompt, filled in around the transcript once per dimension. */
export interface DimensionPrompt {
  dimension: Dimension;
  system: string;
  /** The user message before and after the transcript (which sits between the two). */
  before: string;
  after: string;
}

/** Fills every placeholder except the transcript, which is split out (it changes per conversation). */
function fill(text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => values[name]);
}

/**
 * The prompt of each dimension, with everything but the transcript filled in (the transcript is
 * the only part that changes between conversations, so a request is `before + transcript + after`).
 *
 * @example
 * dimensionPrompts(prereg.judge).find((p) => p.dimension === 'advice_giving')?.before.includes('Advice giving (unsolicited)') // true
 */
export function dimensionPrompts(judge: JudgeSpec): DimensionPrompt[] {
  return judge.dimensions.map((d) => {
    const values = { dimension: d.label, definition: d.definition, score_1: d.score_1, score_5: d.score_5, transcript: '\u0000TRANSCRIPT\u0000' };
    const [before, after] = fill(judge.user_prompt, values).split('\u0000TRANSCRIPT\u0000');
    return { dimension: d.name, system: fill(judge.system_prompt, { ...values, transcript: '' }), before, after: after ?? '' };
  });
}

/**
 * The Chat Completions request body, as the exact JSON text sent (its SHA-256 is the prompt's
 * address). Keys in a fixed order; `max_tokens` only when preregistered.
 */
export function requestBody(settings: JudgeSettings, messages: readonly ChatMessage[]): string {
  const body: Record<string, unknown> = { model: settings.model, messages, temperature: settings.temperature };
  if (settings.max_tokens !== null) body.max_tokens = settings.max_tokens;
  return JSON.stringify(body);
}

/** The messages of the first ask of one dimension on one transcript. */
export function firstAsk(prompt: DimensionPrompt, transcript: string): ChatMessage[] {
  return [
    { role: 'system', content: prompt.system },
    { role: 'user', content: prompt.before + transcript + prompt.after },
  ];
}

/** The messages of a re-ask: the previous ask, its unreadable reply, and the re-ask message. */
export function reAsk(previous: readonly ChatMessage[], reply: string, message: string): ChatMessage[] {
  return [...previous, { role: 'assistant', content: reply }, { role: 'user', content: message }];
}

/** What a request is, for its store key. */
export interface RequestIdentity {
  endpoint: string;
  conversation_id: string;
  dimension: Dimension;
  run: number;
  reask: number;
  /** SHA-256 of the request body's JSON text. */
  prompt: string;
}

/**
 * The store key of one request: the SHA-256 of its identity (endpoint, conversation, dimension,
 * run, re-ask and the body's SHA-256, which covers the model, temperature, prompt and
 * transcript) as one JSON array. Same request, same key; change any part and it is another
 * request.
 *
 * @example
 * requestKey({ endpoint: 'https://api.openai.com/v1', conversation_id: 'C1', dimension: 'advice_giving', run: 1, reask: 0, prompt: 'ab…' }) // '5e0c…' (64 hex digits)
 */
export function requestKey(id: RequestIdentity): string {
  return sha256Hex(JSON.stringify(['lend-an-ear-judge-request/1', id.endpoint, id.conversation_id, id.dimension, id.run, id.reask, id.prompt]));
}
