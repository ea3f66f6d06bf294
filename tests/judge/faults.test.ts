/**
 * The judge against a stand-in OpenAI-compatible server (real HTTP on 127.0.0.1) that fails on
 * demand: 429 with Retry-After, 500, replies slower than the timeout, dropped connections, cut
 * bodies, bodies that are not JSON, 401 and 400; and the budget and the concurrency, counted by
 * the server. Backoffs and timeouts are small here; the policy itself is tested in retry.test.ts.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IncompleteError } from '../../pipeline/errors.ts';
import { judgeExport, type JudgeOptions } from '../../pipeline/judge/judge.ts';
import { JudgeStore } from '../../pipeline/judge/store.ts';
import { captured, cleanup, everyFile, syntheticExport, tempDir } from './helpers.ts';
import { REPLY_FORMATS, startStandIn, type Answer, type SeenRequest, type StandIn } from './stand-in.ts';

const KEY = 'sk-test-faults-0123456789-DO-NOT-LEAK';
const servers: StandIn[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  cleanup();
});

const okAnswer = (r: SeenRequest): Answer => ({ kind: 'ok', content: REPLY_FORMATS[r.n % REPLY_FORMATS.length]((r.n % 5) + 1) });

async function serve(answer: (r: SeenRequest) => Answer = okAnswer): Promise<StandIn> {
  const s = await startStandIn(answer);
  servers.push(s);
  return s;
}

/** One participant: 3 conversations × 6 dimensions × 2 runs = 36 requests. */
function setup(server: StandIn, extra: Partial<JudgeOptions> = {}) {
  const root = tempDir();
  const stderr = captured();
  const options: JudgeOptions = {
    data: syntheticExport(1), out: join(root, 'out'), store: join(root, 'store'), endpoint: server.endpoint, runs: 2,
    env: { OPENAI_API_KEY: KEY }, stderr, concurrency: 4, timeoutSeconds: 5, retries: 4, backoff: { baseMs: 2, capMs: 20 }, random: () => 0.5, ...extra,
  };
  return { options, root, stderr };
}

async function refused(promise: Promise<unknown>): Promise<IncompleteError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof IncompleteError) return err;
    throw err;
  }
  throw new Error('expected the judge to stop early');
}

function storedCount(store: string): number {
  return JudgeStore.open(store, { write: false }).report.replies;
}

describe('faults the judge retries', () => {
  it('429 with Retry-After: no request goes out before the wait ends', async () => {
    // each reply takes 40 ms, so that without the shared wait the other workers would still be sending
    const server = await serve((r) => (r.n === 3 ? { kind: 'status', status: 429, headers: { 'retry-after': '1' } } : { ...okAnswer(r), delayMs: 40 } as Answer));
    const { options } = setup(server);
    const outcome = await judgeExport(options);
    expect(outcome.record.ratings).toBe(36);
    const limited = server.requests[2];
    // replies to requests sent before the 429 arrived may still land; after it, nothing for a second
    const quiet = server.requests.filter((r) => r.at > limited.at + 150 && r.at < limited.at + 950);
    expect(quiet).toEqual([]);
    const again = server.requests.find((r) => r.n > 3 && r.sha === limited.sha && r.at >= limited.at + 950);
    expect(again).toBeDefined();
    expect(server.requests).toHaveLength(37);
  });

  it('500, a timeout, a dropped connection, a cut body and a body that is not JSON are retried', async () => {
    const faults: Record<number, Answer> = {
      2: { kind: 'status', status: 500 },
      5: { kind: 'slow', ms: 2000, content: 'Step 3: Score — 1' },
      8: { kind: 'drop' },
      11: { kind: 'cut' },
      14: { kind: 'garbage' },
      17: { kind: 'status', status: 503, headers: { 'retry-after-ms': '5' } },
    };
    const server = await serve((r) => faults[r.n] ?? okAnswer(r));
    const { options, stderr } = setup(server, { timeoutSeconds: 0.3 });
    const started = Date.now();
    const outcome = await judgeExport(options);
    expect(Date.now() - started).toBeLessThan(1900); // the slow reply was not waited for
    expect(outcome.record.ratings).toBe(36);
    expect(outcome.dispatched?.retries).toBe(6);
    expect(server.requests).toHaveLength(42);
    expect(stderr.text()).toContain('(6 retried)');
  });

  it('a request still failing after its retries stops the run; what was stored stays stored', async () => {
    const server = await serve((r) => (r.n <= 10 ? okAnswer(r) : { kind: 'status', status: 502 }));
    const { options } = setup(server, { concurrency: 1, retries: 2 });
    const err = await refused(judgeExport(options));
    expect(err.exitCode).toBe(3);
    expect(err.message).toMatch(/still failed after 3 attempts \(HTTP 502\)/);
    expect(err.message).toMatch(/10 of 36 requests have a reply/);
    expect(server.requests).toHaveLength(13);
    expect(storedCount(options.store!)).toBe(10);
  });
});

describe('faults that stop the run at once', () => {
  for (const status of [401, 403]) {
    it(`${status}: stops, names the key's variable, never the key`, async () => {
      const server = await serve(() => ({ kind: 'status', status, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}.` } }) }));
      const { options, root, stderr } = setup(server);
      const err = await refused(judgeExport(options));
      expect(err.exitCode).toBe(2);
      expect(err.message).toContain(`HTTP ${status}`);
      expect(err.message).toContain('OPENAI_API_KEY');
      expect(err.message).not.toContain(KEY);
      expect(server.requests.length).toBeLessThanOrEqual(4); // the first wave only
      for (const [path, bytes] of everyFile(root)) expect(bytes.includes(KEY), path).toBe(false);
      expect(stderr.text()).not.toContain(KEY);
      expect(server.requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
    });
  }

  it('400: stops with what the endpoint said', async () => {
    const server = await serve((r) => (r.n === 1 ? { kind: 'status', status: 400, body: JSON.stringify({ error: { message: "context length exceeded for model 'x'" } }) } : { kind: 'ok', content: 'Step 3: Score — 2', delayMs: 20 }));
    const { options } = setup(server);
    const err = await refused(judgeExport(options));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain("HTTP 400 from http://127.0.0.1:");
    expect(err.message).toContain("context length exceeded for model 'x'");
    expect(server.requests.length).toBeLessThanOrEqual(4);
    // the requests already in flight were let finish, and kept
    expect(storedCount(options.store!)).toBe(server.requests.length - 1);
  });

  it('api-key header for Azure OpenAI', async () => {
    const server = await serve();
    const { options } = setup(server, { authHeader: 'api-key' });
    await judgeExport(options);
    expect(server.requests[0].headers['api-key']).toBe(KEY);
    expect(server.requests[0].headers.authorization).toBeUndefined();
  });
});

describe('budget and concurrency', () => {
  it('--max-requests is never exceeded, and a rerun sends only what is missing', async () => {
    const server = await serve();
    const { options } = setup(server, { maxRequests: 10, concurrency: 3 });
    const err = await refused(judgeExport(options));
    expect(err.exitCode).toBe(3);
    expect(err.message).toMatch(/--max-requests 10/);
    expect(server.requests).toHaveLength(10);
    const rerun = await judgeExport({ ...options, maxRequests: undefined });
    expect(server.requests).toHaveLength(36);
    expect(rerun.dispatched?.sent).toBe(26);
    // every body was sent exactly `runs` times over the two runs: nothing stored was sent again
    expect([...server.perBody.values()].every((n) => n === 2)).toBe(true);
  });

  it('never more requests in flight than --concurrency (counted by the server)', async () => {
    const server = await serve((r) => ({ ...okAnswer(r), delayMs: 25 } as Answer));
    const { options } = setup(server, { concurrency: 5 });
    await judgeExport(options);
    expect(server.maxInFlight()).toBe(5);
  });

  it('retries count against the budget', async () => {
    const server = await serve((r) => (r.n % 2 === 0 ? { kind: 'status', status: 500 } : okAnswer(r)));
    const { options } = setup(server, { maxRequests: 9, concurrency: 1 });
    await refused(judgeExport(options));
    expect(server.requests).toHaveLength(9);
    expect(storedCount(options.store!)).toBe(5);
  });
});
