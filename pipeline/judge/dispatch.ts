/**
 * Sending the judge's requests: at most `concurrency` in flight and at most `maxRequests` HTTP
 * requests in all (every attempt counts, retries included: each may be billed), with retries of
 * what is worth retrying and a stop at the first fatal reply.
 *
 * - 429: the wait the server asks for is honoured by every worker (no request is sent before it
 *   ends); without one, exponential backoff with full jitter (retry.ts).
 * - 5xx, timeouts, dropped connections, bodies that are not a chat completion: retried up to
 *   `retries` times with backoff; a request still failing after that stops the run (the endpoint
 *   is unwell: nothing more is sent, and what was stored stays stored).
 * - 400, 401, 403, 404 and other 4xx: the run stops at once; requests in flight are let finish
 *   (they may be billed) and stored.
 * - `stop()` (the first Ctrl-C) sends nothing more and lets the requests in flight finish;
 *   `abort()` (the second) gives them up.
 *
 * Replies are handed to `onReply` as they arrive (the caller stores them at once). A task may
 * add a follow-up task (the preregistered re-ask), which is sent before the remaining queue.
 */
import { setMaxListeners } from 'node:events';
import type { Attempt } from './client.ts';
import { backoffMs, type BackoffPolicy } from './retry.ts';

export interface DispatchTask {
  /** A label for messages, e.g. `conversation C12, advice_giving, run 3`. */
  label: string;
}

/** Why the dispatch ended. */
export type DispatchEnd =
  | { kind: 'done' }
  | { kind: 'budget'; maxRequests: number }
  | { kind: 'failing'; task: string; why: string; attempts: number }
  | { kind: 'fatal'; task: string; why: string }
  | { kind: 'stopped' };

export interface DispatchOptions<T extends DispatchTask> {
  tasks: T[];
  concurrency: number;
  /** HTTP requests allowed in all (retries count); Infinity for no limit. */
  maxRequests: number;
  /** Retries of one request after its first attempt. */
  retries: number;
  backoff: BackoffPolicy;
  /** Uniform [0, 1) draws for the jitter (seeded by the caller). */
  random: () => number;
  /** The exact JSON text a task sends (made when it is sent: bodies are not kept). */
  body: (task: T) => string;
  post: (body: string) => Promise<Attempt>;
  /** Gives up the requests in flight (their post resolves `aborted`). */
  abandon: () => void;
  /** A reply arrived: store it. May return a follow-up task to send next (a re-ask). */
  onReply: (task: T, status: number, response: unknown, text: string) => T | null;
  /** An attempt failed and will be retried after `waitMs`. */
  onRetry?: (task: T, why: string, waitMs: number) => void;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface DispatchOutcome {
  end: DispatchEnd;
  /** HTTP requests sent (attempts). */
  sent: number;
  replies: number;
  retries: number;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/** A dispatch in progress: `stop` and `abort` end it early; `outcome` resolves when it has ended. */
export interface Dispatch {
  outcome: Promise<DispatchOutcome>;
  /** Send nothing more; let what is in flight finish. */
  stop(): void;
  /** Give up what is in flight too. */
  abort(): void;
  inFlight(): number;
}

/**
 * Starts sending `options.tasks`.
 *
 * @example
 * const d = dispatch({ tasks, concurrency: 8, maxRequests: 1000, retries: 6, backoff: DEFAULT_BACKOFF, random, body: (t) => t.json,
 *   post: (b) => client.post(b), abandon: () => client.abandon(), onReply: (t, status, r) => { store(t, r); return null; } });
 * (await d.outcome).end // { kind: 'done' }
 */
export function dispatch<T extends DispatchTask>(options: DispatchOptions<T>): Dispatch {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const queue = options.tasks.slice().reverse(); // popped from the end: the first task first
  const halt = new AbortController(); // no new attempts (stop, budget, fatal, failing)
  // every waiting worker listens to it: more than the default warning's 10
  setMaxListeners(0, halt.signal);
  let end: DispatchEnd | null = null;
  let sent = 0;
  let replies = 0;
  let retries = 0;
  let inFlight = 0;
  /** No attempt starts before this time (a 429's Retry-After holds every worker). */
  let pausedUntil = 0;

  const finish = (why: DispatchEnd) => {
    if (end === null) end = why;
    halt.abort();
  };

  /** Sends one task until it has a reply, or the dispatch ends. */
  const run = async (task: T): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      while (!halt.signal.aborted && now() < pausedUntil) await sleep(pausedUntil - now(), halt.signal);
      if (halt.signal.aborted) {
        queue.push(task); // not sent: it stays to do (and is counted as such)
        return;
      }
      if (sent >= options.maxRequests) {
        queue.push(task);
        return finish({ kind: 'budget', maxRequests: options.maxRequests });
      }
      sent++;
      inFlight++;
      let result: Attempt;
      try {
        result = await options.post(options.body(task));
      } finally {
        inFlight--;
      }
      if (result.kind === 'aborted') return;
      if (result.kind === 'reply') {
        replies++;
        const next = options.onReply(task, result.status, result.response, result.text);
        if (next !== null) queue.push(next);
        return;
      }
      if (result.kind === 'fatal') return finish({ kind: 'fatal', task: task.label, why: result.why });
      if (attempt > options.retries) return finish({ kind: 'failing', task: task.label, why: result.why, attempts: attempt });
      retries++;
      const wait = result.retryAfterMs ?? backoffMs(attempt, options.backoff, options.random());
      if (result.retryAfterMs !== null) pausedUntil = Math.max(pausedUntil, now() + result.retryAfterMs);
      options.onRetry?.(task, result.why, wait);
      await sleep(wait, halt.signal);
    }
  };

  const worker = async (): Promise<void> => {
    while (!halt.signal.aborted) {
      const task = queue.pop();
      if (task === undefined) return;
      await run(task);
    }
  };

  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency, Math.max(1, queue.length))) }, () => worker());
  const outcome = Promise.all(workers)
    // A re-ask added after the other workers had found the queue empty is sent here.
    .then(() => drain())
    .then((): DispatchOutcome => ({ end: end ?? (queue.length === 0 ? { kind: 'done' } : { kind: 'stopped' }), sent, replies, retries }));
  async function drain(): Promise<void> {
    if (halt.signal.aborted || queue.length === 0) return;
    await Promise.all(Array.from({ length: Math.min(options.concurrency, queue.length) }, () => worker()));
    return drain();
  }
  return {
    outcome,
    stop() {
      finish({ kind: 'stopped' });
    },
    abort() {
      finish({ kind: 'stopped' });
      options.abandon();
    },
    inFlight: () => inFlight,
  };
}
