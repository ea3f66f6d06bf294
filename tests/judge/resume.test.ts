/**
 * Interrupting the judge for real: the command line in a child process, killed with SIGKILL
 * (kill -9) or interrupted with SIGINT (Ctrl-C) while its requests are out, then run again. The
 * rerun sends exactly what is missing; a kill loses at most the requests in flight; Ctrl-C lets
 * them finish and keeps them. The key appears in no file and on no output stream.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { judgeExport } from '../../pipeline/judge/judge.ts';
import { JudgeStore, REPLIES_FILE } from '../../pipeline/judge/store.ts';
import { captured, cleanup, everyFile, syntheticExport, tempDir } from './helpers.ts';
import { REPLY_FORMATS, startStandIn, type StandIn } from './stand-in.ts';

const KEY = 'sk-test-resume-SECRET-9f8e7d6c5b4a';
const CONCURRENCY = 4;
const servers: StandIn[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const s of servers.splice(0)) await s.close();
  cleanup();
});

interface Child {
  process: ChildProcess;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function judgeInChild(args: string[]): Child {
  let stderr = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'pipeline/cli.ts', 'judge', ...args], {
    env: { ...process.env, OPENAI_API_KEY: KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.stdout!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { process: child, stderr: () => stderr, exited };
}

async function until(condition: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Stored replies per request body (a body's runs share it). */
function storedPerBody(store: string): Map<string, number> {
  const per = new Map<string, number>();
  for (const line of readFileSync(join(store, REPLIES_FILE), 'utf8').split('\n')) {
    try {
      const r = JSON.parse(line) as { prompt: string };
      per.set(r.prompt, (per.get(r.prompt) ?? 0) + 1);
    } catch {
      // a torn line
    }
  }
  return per;
}

async function setup() {
  // 2 participants: 6 conversations × 6 dimensions × 2 runs = 72 requests, each answered after 30 ms
  const server = await startStandIn((r) => ({ kind: 'ok', content: REPLY_FORMATS[r.n % REPLY_FORMATS.length]((r.n % 5) + 1), delayMs: 30 }));
  servers.push(server);
  const root = tempDir();
  const data = syntheticExport(2);
  const out = join(root, 'out');
  const store = join(root, 'store');
  const args = ['--data', data, '--out', out, '--store', store, '--endpoint', server.endpoint, '--runs', '2', '--concurrency', String(CONCURRENCY)];
  return { server, root, data, out, store, args };
}

describe('an interrupted judge resumes', () => {
  it('after kill -9: the rerun sends only what is missing, and the kill lost at most the requests in flight', async () => {
    const { server, root, data, out, store, args } = await setup();
    const child = judgeInChild(args);
    await until(() => server.answered >= 24);
    child.process.kill('SIGKILL');
    const { signal } = await child.exited;
    expect(signal).toBe('SIGKILL');
    const answeredBeforeKill = server.answered;
    const stored = JudgeStore.open(store, { write: false }).report.replies;
    expect(stored).toBeLessThanOrEqual(answeredBeforeKill);
    expect(stored).toBeGreaterThanOrEqual(answeredBeforeKill - CONCURRENCY);
    const perBodyBefore = storedPerBody(store);
    const sentBefore = server.requests.length;

    const stderr = captured();
    const outcome = await judgeExport({ data, out, store, endpoint: server.endpoint, runs: 2, concurrency: CONCURRENCY, env: { OPENAI_API_KEY: KEY }, stderr });
    expect(outcome.record.ratings).toBe(72);
    const rerun = server.requests.slice(sentBefore);
    expect(rerun).toHaveLength(72 - stored);
    // per request body: what was stored before plus what the rerun sent is exactly the runs
    const rerunPerBody = new Map<string, number>();
    for (const r of rerun) rerunPerBody.set(r.sha, (rerunPerBody.get(r.sha) ?? 0) + 1);
    for (const sha of new Set([...perBodyBefore.keys(), ...rerunPerBody.keys()])) {
      expect((perBodyBefore.get(sha) ?? 0) + (rerunPerBody.get(sha) ?? 0)).toBe(2);
    }
    expect(storedPerBody(store).size).toBe(36);

    // the key is in no file written (store, output, lock) and on no stream
    for (const [path, bytes] of everyFile(root, data)) expect(bytes.includes(KEY), path).toBe(false);
    expect(child.stderr()).not.toContain(KEY);
    expect(stderr.text()).not.toContain(KEY);
  });

  it('after Ctrl-C: the requests in flight are let finish and kept, the exit status is 130', async () => {
    const { server, store, args } = await setup();
    const child = judgeInChild(args);
    await until(() => server.answered >= 12);
    child.process.kill('SIGINT');
    const { code } = await child.exited;
    expect(code).toBe(130);
    expect(child.stderr()).toMatch(/judge: stopping: waiting for the \d request\(s\) in flight/);
    expect(child.stderr()).toMatch(/judge: stopped \(interrupted\)\njudge: \d+ of 72 requests have a reply in .*; nothing was written to .*\njudge: run the same command again to send the other \d+/);
    // everything the server answered reached the store
    expect(JudgeStore.open(store, { write: false }).report.replies).toBe(server.answered);
    expect(child.stderr()).not.toContain(KEY);
  });
});
