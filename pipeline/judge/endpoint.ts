/**
 * The endpoint the judge talks to: an OpenAI-compatible Chat Completions API, given as its base
 * URL (`https://api.openai.com/v1`, `http://localhost:11434/v1` for Ollama, …); requests go to
 * `{base}/chat/completions`. What is recorded of it (store keys, judge.json, the audit) is its
 * origin and path only: never a user name, password or query string, which may carry a secret.
 */
import { UsageError } from '../errors.ts';

export const DEFAULT_ENDPOINT = 'https://api.openai.com/v1';

export interface Endpoint {
  /** Where requests go: `{base}/chat/completions` with the base's query string, if any. */
  url: URL;
  /** The endpoint as recorded: origin and path, no trailing slash. */
  label: string;
  /** True for 127.0.0.1, ::1 and localhost: a local server may need no key. */
  loopback: boolean;
}

/**
 * Parses `--endpoint`.
 *
 * @example
 * parseEndpoint('https://api.openai.com/v1/').label // 'https://api.openai.com/v1'
 * parseEndpoint('https://x.openai.azure.com/openai/v1?api-version=preview').url.href
 * // 'https://x.openai.azure.com/openai/v1/chat/completions?api-version=preview'
 */
export function parseEndpoint(text: string): Endpoint {
  let base: URL;
  try {
    base = new URL(text);
  } catch {
    throw new UsageError(`--endpoint must be a URL such as ${DEFAULT_ENDPOINT} (${JSON.stringify(text)})`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new UsageError(`--endpoint must be an http:// or https:// URL (${JSON.stringify(base.protocol)})`);
  if (base.username !== '' || base.password !== '') throw new UsageError('--endpoint must not carry a user name or password: the key comes from the environment (--api-key-env)');
  const path = base.pathname.replace(/\/+$/, '');
  const url = new URL(`${base.origin}${path}/chat/completions${base.search}`);
  const host = base.hostname.replace(/^\[|\]$/g, '');
  return { url, label: `${base.origin}${path}`, loopback: host === 'localhost' || host === '::1' || /^127\./.test(host) };
}
