/**
 * The judge's benchmark: `judge` on the bundled study's 2,904 conversations × 6 dimensions × 5 runs
 * (87,120 requests) at concurrency 64, against a stand-in server in another process that answers at
 * once (bench/judge-stand-in.mjs), so that what is measured is the judge itself: planning the
 * requests, sending them, appending every reply to the store, parsing, writing the outputs. Then
 * the same command again, every reply in the store: the cost of reading the store back. Target
 * (issue 16): under 60 s and 500 MB on 2 cores.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeCli, type CliRun } from './cli-run.ts';
import { AB_HEADING } from './markdown.ts';

export interface JudgeBench {
  /** Requests the stand-in answered. */
  requests: number;
  cold: CliRun;
  /** Everything in the store: nothing sent. */
  warm: CliRun;
  storeMb: number;
}

const CONCURRENCY = 64;

interface StandIn {
  endpoint: string;
  stop(): Promise<{ requests: number }>;
}

function startStandIn(): Promise<StandIn> {
  const script = fileURLToPath(new URL('./judge-stand-in.mjs', import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    const poll = setInterval(() => {
      const port = /^(\d+)\n/.exec(out)?.[1];
      if (!port) return;
      clearInterval(poll);
      resolve({
        endpoint: `http://127.0.0.1:${port}/v1`,
        stop: () => new Promise((done) => {
          child.on('close', () => done(JSON.parse(out.split('\n')[1]) as { requests: number }));
          child.kill('SIGTERM');
        }),
      });
    }, 20);
  });
}

function folderMb(dir: string, names: string[]): number {
  return names.reduce((sum, name) => sum + statSync(join(dir, name)).size, 0) / 1e6;
}

/**
 * Runs the judge's benchmark in `tmp`.
 *
 * @example
 * const b = await benchJudge(tmp); // { requests: 87120, cold: { seconds: 41.2, … }, warm: { … }, storeMb: 117 }
 */
export async function benchJudge(tmp: string, data = 'data/synthetic'): Promise<JudgeBench> {
  const server = await startStandIn();
  const store = join(tmp, 'judge-store');
  const args = ['judge', '--data', data, '--out', join(tmp, 'judged'), '--store', store, '--endpoint', server.endpoint, '--concurrency', String(CONCURRENCY), '--replace-ratings'];
  try {
    const cold = await timeCli(args);
    const warm = await timeCli(args);
    const { requests } = await server.stop();
    return { requests, cold, warm, storeMb: folderMb(store, ['prompts.jsonl', 'replies.jsonl']) };
  } catch (err) {
    await server.stop().catch(() => {});
    throw err;
  }
}

/** Requests a second through Node's fetch and through the judge's client (node:http with a
 *  keep-alive agent), K at a time, against the same stand-in: why the client is not fetch. */
export interface TransportBench {
  requests: number;
  concurrency: number;
  fetchPerSecond: number;
  clientPerSecond: number;
}

/**
 * The A/B of the transport, in this process, against a fresh stand-in in another.
 *
 * @example
 * await benchTransport(20000, 64) // { fetchPerSecond: 990, clientPerSecond: 4600, … }
 */
export async function benchTransport(requests = 20_000, concurrency = CONCURRENCY): Promise<TransportBench> {
  const { ChatClient } = await import('../pipeline/judge/client.ts');
  const { parseEndpoint } = await import('../pipeline/judge/endpoint.ts');
  const server = await startStandIn();
  const body = JSON.stringify({ model: 'm', messages: [{ role: 'system', content: 'x'.repeat(600) }, { role: 'user', content: 'y'.repeat(4000) }], temperature: 1 });
  const rate = async (send: () => Promise<unknown>): Promise<number> => {
    let left = requests;
    const start = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (left-- > 0) await send();
    }));
    return requests / ((performance.now() - start) / 1000);
  };
  try {
    const url = `${server.endpoint}/chat/completions`;
    const fetchPerSecond = await rate(async () => JSON.parse(await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text()));
    const client = new ChatClient({ endpoint: parseEndpoint(server.endpoint), apiKey: null, keyVariable: 'NONE', authHeader: 'authorization', timeoutMs: 60_000, sockets: concurrency });
    const clientPerSecond = await rate(() => client.post(body));
    client.close();
    return { requests, concurrency, fetchPerSecond, clientPerSecond };
  } finally {
    await server.stop();
  }
}

const SECTION_START = '<!-- judge:start -->';
const SECTION_END = '<!-- judge:end -->';

/** The judge's section of bench/results.md, between markers so `--judge-only` can replace it. */
export function renderJudgeSection(b: JudgeBench, t: TransportBench, load: { start: number; end: number }): string {
  const verdict = b.cold.seconds < 60 && b.cold.peakRssMb < 500 ? 'met' : 'MISSED';
  return [
    SECTION_START,
    '## The LLM judge (`pipeline judge`, issue 16)',
    '',
    `The bundled study's ${b.requests.toLocaleString('en-US')} requests (2,904 analysable conversations × 6 dimensions × 5 runs), --concurrency 64, against a stand-in server in another process that answers at once (bench/judge-stand-in.mjs; load average ${load.start.toFixed(1)} at the start, ${load.end.toFixed(1)} at the end):`,
    '',
    '| | wall s | CPU s | peak RSS MB | target | verdict |',
    '|---|---|---|---|---|---|',
    `| judge, every request sent and stored | ${b.cold.seconds.toFixed(1)} | ${b.cold.cpuSeconds.toFixed(1)} | ${b.cold.peakRssMb.toFixed(0)} | < 60 s, < 500 MB | ${verdict} |`,
    `| the same again, every reply in the store (nothing sent) | ${b.warm.seconds.toFixed(1)} | ${b.warm.cpuSeconds.toFixed(1)} | ${b.warm.peakRssMb.toFixed(0)} | | |`,
    '',
    `The store: ${b.storeMb.toFixed(0)} MB (prompts.jsonl and replies.jsonl). The stand-in counted ${b.requests.toLocaleString('en-US')} requests.`,
    '',
    `Transport, ${t.requests.toLocaleString('en-US')} requests ${t.concurrency} at a time against the same stand-in: Node's fetch ${t.fetchPerSecond.toFixed(0)} a second, the judge's client (node:http, keep-alive agent) ${t.clientPerSecond.toFixed(0)}: the client is node:http for that reason.`,
    SECTION_END,
  ].join('\n');
}

/** `text` with its judge section replaced by `section` (when it has none: put before the A/B
 *  section, which runs to the end of the file, or else at the end). */
export function withJudgeSection(text: string, section: string): string {
  const start = text.indexOf(SECTION_START);
  const end = text.indexOf(SECTION_END);
  if (start === -1 || end === -1) {
    const ab = text.indexOf(`\n${AB_HEADING}`);
    if (ab !== -1) return `${text.slice(0, ab).trimEnd()}\n\n${section}\n${text.slice(ab)}`;
    return `${text.trimEnd()}\n\n${section}\n`;
  }
  return `${text.slice(0, start)}${section}${text.slice(end + SECTION_END.length)}`;
}
