/**
 * One attempt of one Chat Completions request (`POST {endpoint}/chat/completions`), classified:
 *
 * - a reply: HTTP 2xx with a JSON chat completion;
 * - worth retrying: 429 (with the wait the server asks for), 408, 409, 425, 5xx, no reply within
 *   the timeout, a dropped or refused connection, a 2xx body that is not JSON or not a chat
 *   completion;
 * - fatal, stopping the run at once: 400, 401, 403, 404 and every other 4xx (a bad key, model or
 *   request fails the same way every time).
 *
 * Node's own http/https with a keep-alive agent, not fetch: against a local server answering at
 * once, fetch managed about 990 requests a second at full CPU and node:http about 4,600 on this
 * project's machine (bench/results.md), and the benchmark's 87,120 requests in under 60 s need
 * about 1,500. No SDK: the protocol is one POST.
 *
 * The key is sent in a header and never appears in a message: what the server says in an error
 * is shown with the key, and anything shaped like a key, removed.
 */
import http from 'node:http';
import https from 'node:https';
import type { Endpoint } from './endpoint.ts';
import { retryAfterMs } from './retry.ts';

export type Attempt =
  | { kind: 'reply'; status: number; response: unknown; text: string }
  | { kind: 'retry'; why: string; retryAfterMs: number | null }
  | { kind: 'fatal'; status: number; why: string }
  | { kind: 'aborted' };

export interface ChatClientOptions {
  endpoint: Endpoint;
  /** The key, or null to send none (a local server). */
  apiKey: string | null;
  /** The environment variable the key came from: named in messages, never its value. */
  keyVariable: string;
  /** `authorization` sends `Authorization: Bearer KEY`; `api-key` sends `api-key: KEY` (Azure). */
  authHeader: 'authorization' | 'api-key';
  timeoutMs: number;
  /** Sockets kept open to the endpoint (the concurrency). */
  sockets: number;
  now?: () => number;
}

const RETRYABLE_STATUS = new Set([408, 409, 425, 429]);
const MAX_SHOWN = 300;

/** The server's error text, safe to print: the key and key-like tokens removed, controls
 *  replaced, at most 300 characters. */
export function serverMessage(body: string, apiKey: string | null): string {
  let text = body;
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const m = typeof parsed.error === 'string' ? parsed.error : parsed.error?.message ?? parsed.message;
    if (typeof m === 'string') text = m;
  } catch {
    // not JSON: the text as it came
  }
  if (apiKey) text = text.split(apiKey).join('[key]');
  text = text
    .replace(/\b(?:sk|pk|rk)-[A-Za-z0-9_\-*.]{6,}/g, '[key]')
    .replace(/\bAIza[A-Za-z0-9_\-]{10,}/g, '[key]')
    .replace(/\bBearer\s+\S+/gi, 'Bearer [key]')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** Why a 4xx stops the run, in the user's terms. */
function fatalWhy(status: number, message: string, options: ChatClientOptions): string {
  const said = message === '' ? '' : `; the endpoint said: ${message}`;
  if (status === 401 || status === 403) {
    const key = options.apiKey === null ? `no key was sent (${options.keyVariable} is not set)` : `the key in ${options.keyVariable} was refused`;
    return `HTTP ${status} from ${options.endpoint.label}: ${key}${said}`;
  }
  if (status === 404) return `HTTP 404 from ${options.endpoint.label}/chat/completions: no such endpoint or model${said}`;
  return `HTTP ${status} from ${options.endpoint.label}: the endpoint refused the request${said}`;
}

/** A chat completion's shape: an object with a `choices` array. */
function isChatCompletion(value: unknown): boolean {
  return value !== null && typeof value === 'object' && Array.isArray((value as { choices?: unknown }).choices);
}

/**
 * The text of a chat completion's first choice: `choices[0].message.content` as a string (or its
 * text parts joined, as some servers send), null when there is none.
 *
 * @example
 * replyContent({ choices: [{ message: { role: 'assistant', content: 'Step 3: Score — 4' } }] }) // 'Step 3: Score — 4'
 */
export function replyContent(response: unknown): string | null {
  const choice = (response as { choices?: { message?: { content?: unknown } }[] } | null)?.choices?.[0];
  const content = choice?.message?.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const parts = content.map((p) => (typeof p === 'string' ? p : typeof (p as { text?: unknown })?.text === 'string' ? (p as { text: string }).text : '')).join('');
    return parts === '' ? null : parts;
  }
  return null;
}

/** A client of one endpoint; `post` makes one attempt. */
export class ChatClient {
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  private readonly headers: Record<string, string>;
  /** The request options but the headers, made once (a URL object per request costs). */
  private readonly target: http.RequestOptions;
  private readonly now: () => number;
  /** The requests out now: `abandon` destroys them. */
  private readonly live = new Set<() => void>();

  constructor(private readonly options: ChatClientOptions) {
    const secure = options.endpoint.url.protocol === 'https:';
    this.transport = secure ? https : http;
    const agentOptions = { keepAlive: true, maxSockets: options.sockets, maxFreeSockets: options.sockets };
    this.agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.headers = { 'content-type': 'application/json', accept: 'application/json' };
    if (options.apiKey !== null) {
      if (options.authHeader === 'api-key') this.headers['api-key'] = options.apiKey;
      else this.headers.authorization = `Bearer ${options.apiKey}`;
    }
    this.now = options.now ?? Date.now;
    const { url } = options.endpoint;
    this.target = { protocol: url.protocol, hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || undefined, path: `${url.pathname}${url.search}`, method: 'POST', agent: this.agent };
  }

  /** Gives up every request out now: each resolves `aborted`. */
  abandon(): void {
    for (const give of [...this.live]) give();
  }

  /** One attempt: sends the body (its exact JSON text) and classifies what comes back. */
  post(bodyJson: string): Promise<Attempt> {
    const payload = Buffer.from(bodyJson, 'utf8');
    return new Promise<Attempt>((resolve) => {
      let settled = false;
      const finish = (attempt: Attempt) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.live.delete(give);
        resolve(attempt);
      };
      const dropped = () => finish({ kind: 'retry', why: 'the connection dropped while the reply was arriving', retryAfterMs: null });
      const req = this.transport.request({ ...this.target, headers: { ...this.headers, 'content-length': String(payload.length) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', dropped);
        res.on('aborted', dropped);
        res.on('end', () => {
          if (!res.complete) return dropped();
          finish(this.classify(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), res.headers));
        });
      });
      const timer = setTimeout(() => {
        req.destroy();
        finish({ kind: 'retry', why: `no reply within ${this.options.timeoutMs / 1000} s`, retryAfterMs: null });
      }, this.options.timeoutMs);
      const give = () => {
        req.destroy();
        finish({ kind: 'aborted' });
      };
      this.live.add(give);
      req.on('error', (err: NodeJS.ErrnoException) => {
        const code = err.code ?? '';
        const why = code === 'ECONNREFUSED' ? `the endpoint refused the connection (${code})`
          : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? `the endpoint's host was not found (${code})`
          : `the connection failed (${code || err.message})`;
        finish({ kind: 'retry', why, retryAfterMs: null });
      });
      req.end(payload);
    });
  }

  private classify(status: number, text: string, headers: http.IncomingHttpHeaders): Attempt {
    if (status >= 200 && status < 300) {
      let response: unknown;
      try {
        response = JSON.parse(text);
      } catch {
        return { kind: 'retry', why: `HTTP ${status} with a body that is not JSON`, retryAfterMs: null };
      }
      if (!isChatCompletion(response)) return { kind: 'retry', why: `HTTP ${status} with JSON that is not a chat completion`, retryAfterMs: null };
      return { kind: 'reply', status, response, text };
    }
    const header = (name: string) => {
      const v = headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    if (RETRYABLE_STATUS.has(status) || status >= 500) {
      const wait = status === 429 || status === 503 ? retryAfterMs(header('retry-after'), header('retry-after-ms'), this.now()) : null;
      return { kind: 'retry', why: `HTTP ${status}${status === 429 ? ' (rate limited)' : ''}`, retryAfterMs: wait };
    }
    return { kind: 'fatal', status, why: fatalWhy(status, serverMessage(text, this.options.apiKey), this.options) };
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}
