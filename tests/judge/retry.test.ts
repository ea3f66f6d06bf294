/**
 * When a failed request is tried again: Retry-After as RFC 9110 §10.2.3 defines it (delay-seconds
 * or an HTTP-date; its example date "Fri, 31 Dec 1999 23:59:59 GMT"), retry-after-ms, and
 * exponential backoff with full jitter (Brooker 2015: sleep = random_between(0, min(cap, base · 2^attempt))).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffMs, MAX_RETRY_AFTER_MS, retryAfterMs } from '../../pipeline/judge/retry.ts';
import { parseEndpoint } from '../../pipeline/judge/endpoint.ts';
import { serverMessage } from '../../pipeline/judge/client.ts';

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP-dates (RFC 9110 §10.2.3)', () => {
    expect(retryAfterMs('120', null, 0)).toBe(120_000);
    const now = Date.parse('Fri, 31 Dec 1999 23:59:00 GMT');
    expect(retryAfterMs('Fri, 31 Dec 1999 23:59:59 GMT', null, now)).toBe(59_000);
    expect(retryAfterMs('Fri, 31 Dec 1999 23:58:00 GMT', null, now)).toBe(0); // already past
  });

  it('prefers retry-after-ms, ignores what it cannot read, caps what it honours', () => {
    expect(retryAfterMs('2', '150', 0)).toBe(150);
    expect(retryAfterMs('soon', null, 0)).toBeNull();
    expect(retryAfterMs(null, null, 0)).toBeNull();
    expect(retryAfterMs('86400', null, 0)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('exponential backoff with full jitter', () => {
  it('draws between 0 and min(cap, base · 2^(attempt − 1))', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, u) => {
      const wait = backoffMs(attempt, { baseMs: 1000, capMs: 60_000 }, u);
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThanOrEqual(Math.min(60_000, 1000 * 2 ** (attempt - 1)));
    }));
    expect([1, 2, 3, 4, 8].map((a) => backoffMs(a, { baseMs: 1000, capMs: 60_000 }, 0.5))).toEqual([500, 1000, 2000, 4000, 30_000]);
  });
});

describe('the endpoint and what is shown of it', () => {
  it('sends to {base}/chat/completions and records origin and path only', () => {
    const e = parseEndpoint('https://example.openai.azure.com/openai/v1/?api-version=preview');
    expect(e.url.href).toBe('https://example.openai.azure.com/openai/v1/chat/completions?api-version=preview');
    expect(e.label).toBe('https://example.openai.azure.com/openai/v1');
    expect(parseEndpoint('http://localhost:11434/v1').loopback).toBe(true);
    expect(parseEndpoint('https://api.openai.com/v1').loopback).toBe(false);
    expect(() => parseEndpoint('https://user:secret@api.example.com/v1')).toThrow(/user name or password/);
    expect(() => parseEndpoint('ftp://x')).toThrow(/http/);
  });

  it('removes the key, and anything shaped like one, from what a server says', () => {
    const key = 'sk-proj-ABCDEFGHIJKLMNOP0123456789';
    const said = JSON.stringify({ error: { message: `Incorrect API key provided: ${key}. Also sk-abc***wxyz and AIzaSyA1234567890abcdef.` } });
    const shown = serverMessage(said, key);
    expect(shown).not.toContain(key);
    expect(shown).not.toMatch(/sk-abc|AIza/);
    expect(shown).toBe('Incorrect API key provided: [key]. Also [key] and [key].');
  });
});
