/**
 * The judge's store: replies survive a reopen, a torn last line (a kill mid-write) is skipped and
 * the next append starts on a new line, request bodies are written once, one process at a time.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../pipeline/errors.ts';
import { JudgeStore, PROMPTS_FILE, REPLIES_FILE, type StoredReply } from '../../pipeline/judge/store.ts';

/** Appends `r` as the judge does: the record, and the response as the endpoint sent it. */
function append(store: JudgeStore, r: StoredReply, text?: string) {
  const { response, ...record } = r;
  return store.appendReply(record, response, text);
}
import { cleanup, tempDir } from './helpers.ts';

afterEach(cleanup);

function reply(n: number): StoredReply {
  return {
    key: n.toString(16).padStart(64, '0'), prompt: 'a'.repeat(64), endpoint: 'http://127.0.0.1:1/v1', conversation_id: `C${n}`,
    dimension: 'advice_giving', run: 1, reask: 0, at: '2026-12-02T00:00:00.000Z', http_status: 200,
    response: { choices: [{ message: { content: `Step 3: Score — ${(n % 5) + 1}` } }] },
  };
}

describe('the judge store', () => {
  it('keeps every reply and request body across a reopen, each body once', () => {
    const dir = join(tempDir(), 'store');
    const store = JudgeStore.open(dir, { write: true });
    store.appendPrompt('a'.repeat(64), '{"model":"m","messages":[]}');
    store.appendPrompt('a'.repeat(64), '{"model":"m","messages":[]}');
    for (let n = 1; n <= 2; n++) append(store, reply(n));
    // the response as the endpoint sent it, spacing and key order kept
    const sent = '{"choices":[{"message":{"content":"Step 3: Score — 4"}}],  "model":"m-1"}';
    append(store, reply(3), sent);
    store.close();
    const again = JudgeStore.open(dir, { write: false });
    expect(again.report).toEqual({ replies: 3, prompts: 1, skippedLines: 0 });
    expect(again.get(reply(2).key)).toEqual({ key: reply(2).key, reask: 0, content: 'Step 3: Score — 3', model: null, prompt_tokens: null, completion_tokens: null });
    const lines = readFileSync(join(dir, REPLIES_FILE), 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[1])).toEqual(reply(2));
    expect(lines[2].endsWith(`"http_status":200,"response":${sent}}`)).toBe(true);
    expect(again.get(reply(3).key)).toMatchObject({ content: 'Step 3: Score — 4', model: 'm-1' });
    expect(readFileSync(join(dir, PROMPTS_FILE), 'utf8')).toBe(`{"prompt":"${'a'.repeat(64)}","body":{"model":"m","messages":[]}}\n`);
  });

  it('skips a torn last line and starts the next append on a line of its own', () => {
    const dir = join(tempDir(), 'store');
    const store = JudgeStore.open(dir, { write: true });
    append(store, reply(1));
    store.close();
    appendFileSync(join(dir, REPLIES_FILE), JSON.stringify(reply(2)).slice(0, 40)); // a kill mid-write
    const reopened = JudgeStore.open(dir, { write: true });
    expect(reopened.report).toEqual({ replies: 1, prompts: 0, skippedLines: 1 });
    append(reopened, reply(3));
    reopened.close();
    const lines = readFileSync(join(dir, REPLIES_FILE), 'utf8').split('\n');
    expect(lines).toHaveLength(4); // whole, torn, whole, and the final empty string
    expect(JSON.parse(lines[2]).key).toBe(reply(3).key);
    expect(JudgeStore.open(dir, { write: false }).report).toEqual({ replies: 2, prompts: 0, skippedLines: 1 });
  });

  it('refuses a second process while the first holds it, and takes over from a killed one', () => {
    const dir = join(tempDir(), 'store');
    const first = JudgeStore.open(dir, { write: true });
    // this process holds it: another open in a live process (this one, under another pid) is refused
    writeFileSync(join(dir, 'lock'), JSON.stringify({ pid: process.ppid, host: hostname() }));
    expect(() => JudgeStore.open(dir, { write: true })).toThrow(UsageError);
    expect(() => JudgeStore.open(dir, { write: true })).toThrow(new RegExp(`in use by process ${process.ppid}`));
    first.close();
    // a lock left by a process that is gone (killed): taken over
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dir, 'lock'), JSON.stringify({ pid: Number(gone.stdout), host: hostname() }));
    const next = JudgeStore.open(dir, { write: true });
    expect(JSON.parse(readFileSync(join(dir, 'lock'), 'utf8')).pid).toBe(process.pid);
    next.close();
  });

  it('a read-only open (a dry run) creates nothing', () => {
    const dir = join(tempDir(), 'never');
    const store = JudgeStore.open(dir, { write: false });
    expect(store.report.replies).toBe(0);
    expect(() => append(store, reply(1))).toThrow(/read-only/);
    expect(spawnSync('test', ['-e', dir]).status).toBe(1);
  });
});
