/**
 * When to try a failed request again: the wait a server asks for (`Retry-After`, RFC 9110
 * §10.2.3: seconds or an HTTP date; `retry-after-ms`, which OpenAI and Azure send), and otherwise
 * exponential backoff with "full jitter" (Brooker, "Exponential Backoff And Jitter", AWS
 * Architecture Blog, 2015): a uniform draw between 0 and min(cap, base · 2^(attempt−1)), so that
 * many clients rate-limited together do not come back together. Pure: the random source and the
 * clock are passed in.
 */

export interface BackoffPolicy {
  /** Milliseconds of the first wait's upper bound. */
  baseMs: number;
  /** The largest wait, in milliseconds. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 60_000 };

/** The longest Retry-After honoured as given (a larger one is waited for this long, then retried). */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * The wait before retry number `attempt` (1 = the first retry), given a uniform draw `u` in [0, 1).
 *
 * @example
 * backoffMs(1, { baseMs: 1000, capMs: 60000 }, 0.5) // 500
 * backoffMs(3, { baseMs: 1000, capMs: 60000 }, 0.5) // 2000
 * backoffMs(10, { baseMs: 1000, capMs: 60000 }, 0.5) // 30000
 */
export function backoffMs(attempt: number, policy: BackoffPolicy, u: number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(u * ceiling);
}

/**
 * The wait a 429 or 503 reply asks for, in milliseconds, or null when it asks for none (or in a
 * form that cannot be read). `retry-after-ms` wins over `retry-after`; a date in the past is 0.
 *
 * @example
 * retryAfterMs('2', null, Date.now()) // 2000
 * retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', null, Date.parse('Wed, 21 Oct 2015 07:27:30 GMT')) // 30000
 * retryAfterMs(null, '150', 0) // 150
 */
export function retryAfterMs(retryAfter: string | null | undefined, retryAfterMsHeader: string | null | undefined, now: number): number | null {
  if (retryAfterMsHeader != null && /^\s*\d+(\.\d+)?\s*$/.test(retryAfterMsHeader)) return Math.min(MAX_RETRY_AFTER_MS, Math.ceil(Number(retryAfterMsHeader)));
  if (retryAfter == null) return null;
  const text = retryAfter.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(MAX_RETRY_AFTER_MS, Math.ceil(Number(text) * 1000));
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - now));
}
