/**
 * A stand-in OpenAI-compatible Chat Completions server for the judge's tests: real HTTP on
 * 127.0.0.1, an ephemeral port. What it answers is decided per request by the test (`answer`),
 * from the request's body and its number; faults on demand:
 *
 *   { kind: 'ok', content }                      a chat completion with that content
 *   { kind: 'status', status, headers?, body? }  any HTTP status (429 with Retry-After, 500, 401, 400)
 *   { kind: 'slow', ms, content }                the reply after `ms` (longer than the client's timeout)
 *   { kind: 'drop' }                             the connection closed with no reply
 *   { kind: 'cut' }                              headers and half a body, then the connection closed
 *   { kind: 'garbage' }                          HTTP 200 with a body that is not JSON
 *
 * It counts everything a test asserts on: requests, requests per body (SHA-256), the most in flight
 * at once, the headers seen and when each request arrived. Synthetic: no real model is involved.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Answer =
  | { kind: 'ok'; content: string | null; model?: string; delayMs?: number }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'slow'; ms: number; content: string }
  | { kind: 'drop' }
  | { kind: 'cut' }
  | { kind: 'garbage' };

export interface SeenRequest {
  /** 1-based, in arrival order. */
  n: number;
  at: number;
  sha: string;
  body: { model: string; temperature: number; messages: { role: string; content: string }[]; max_tokens?: number };
  headers: http.IncomingHttpHeaders;
  path: string;
}

export interface StandIn {
  /** The base URL to give as --endpoint (`http://127.0.0.1:PORT/v1`). */
  endpoint: string;
  requests: SeenRequest[];
  /** Requests per body SHA-256. */
  perBody: Map<string, number>;
  /** Requests answered with a chat completion (the reply was written). */
  answered: number;
  inFlight(): number;
  maxInFlight(): number;
  /** Changes how later requests are answered. */
  setAnswer(answer: (request: SeenRequest) => Answer): void;
  close(): Promise<void>;
}

/** A chat completion as OpenAI returns it. */
export function completion(content: string | null, model = 'stand-in-model-2026-01-01', promptTokens = 1000): string {
  return JSON.stringify({
    id: 'chatcmpl-standin', object: 'chat.completion', created: 1767225600, model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop' }],
    usage: { prompt_tokens: promptTokens, completion_tokens: 60, total_tokens: promptTokens + 60 },
  });
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Starts the stand-in.
 *
 * @example
 * const server = await startStandIn(() => ({ kind: 'ok', content: 'Step 3: Score — 4' }));
 * // … judge with endpoint server.endpoint …
 * await server.close();
 */
export async function startStandIn(answer: (request: SeenRequest) => Answer): Promise<StandIn> {
  let decide = answer;
  const requests: SeenRequest[] = [];
  const perBody = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  let answered = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const sha = sha256(text);
      const seen: SeenRequest = { n: requests.length + 1, at: Date.now(), sha, body: JSON.parse(text), headers: req.headers, path: req.url ?? '' };
      requests.push(seen);
      perBody.set(sha, (perBody.get(sha) ?? 0) + 1);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      let finished = false;
      const done = () => {
        if (finished) return;
        finished = true;
        inFlight--;
      };
      res.on('close', done);
      const a = decide(seen);
      const send = (status: number, body: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body, done);
      };
      switch (a.kind) {
        case 'ok': {
          const write = () => {
            if (res.destroyed) return;
            answered++;
            send(200, completion(a.content, a.model));
          };
          if (a.delayMs) setTimeout(write, a.delayMs);
          else write();
          return;
        }
        case 'status':
          return send(a.status, a.body ?? JSON.stringify({ error: { message: `stand-in says ${a.status}`, type: 'stand_in' } }), a.headers);
        case 'slow':
          setTimeout(() => {
            if (!res.destroyed) send(200, completion(a.content));
          }, a.ms);
          return;
        case 'drop':
          req.socket.destroy();
          return done();
        case 'cut':
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
          res.write('{"id":"chatcmpl-cut","choices":[');
          setTimeout(() => req.socket.destroy(), 5);
          return;
        case 'garbage':
          return send(200, '<html><body>502 Bad Gateway (but sent as 200)</body></html>', { 'content-type': 'text/html' });
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/v1`,
    requests,
    perBody,
    get answered() {
      return answered;
    },
    inFlight: () => inFlight,
    maxInFlight: () => maxInFlight,
    setAnswer(next) {
      decide = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The dimension a request asks about, read from its user message (`Dimension: LABEL`). */
export function askedDimension(request: SeenRequest): string {
  const user = request.body.messages.find((m) => m.role === 'user')?.content ?? '';
  return /Dimension: (.*)/.exec(user)?.[1] ?? '';
}

/**
 * Replies in the formats real judges write (recorded replies of GPT-4o, Claude 3.7 Sonnet and
 * Gemini 2.5 Pro on the Lend an Ear pilot, Fai-Poungpeth/evaluating-elements-of-empathic-communication,
 * data/Robustness Check Data/llm_rpg_cot_*.csv), with synthetic wording. `score` is the score the
 * reply states.
 */
export const REPLY_FORMATS: readonly ((score: number) => string)[] = [
  // GPT-4o: em dashes throughout
  (s) => `Step 1: Example — "I'm so sorry, that sounds really hard."\n\nStep 2: Justification — The supporter names the difficulty of the situation.\n\nStep 3: Score — ${s}`,
  // Claude 3.7 Sonnet: hyphens, and "Step 3: N" without the word Score
  (s) => `Step 1: Example - "What happened next?"\n\nStep 2: Justification - The supporter asks one open question.\n\nStep 3: ${s}`,
  // Markdown emphasis, a trailing sentence
  (s) => `**Step 1: Example** — "Have you tried talking to HR?"\n\n**Step 2: Justification** — Advice given without being asked.\n\n**Step 3: Score** — **${s}**. The rest of the conversation is similar.`,
  // a heading with the number on the next line
  (s) => `### Step 1: Example\nThere is no instance of this in the conversation.\n\n### Step 2: Justification\nThe focus stays on the seeker.\n\n### Step 3: Score\n${s}`,
  // an en dash and "out of 5"
  (s) => `Step 1: Example – "Don't worry about it."\nStep 2: Justification – It minimises the seeker's feelings.\nStep 3: Score – ${s} out of 5`,
];
