/**
 * The judge's store: every request sent and every reply received, in plain JSONL, addressed by
 * content, so that a rerun never pays twice and the raw replies stay the audit trail.
 *
 *   STORE/prompts.jsonl  {"prompt":"<sha256 of the body>","body":{…the request body as sent…}}
 *   STORE/replies.jsonl  {"key":"<sha256>","prompt":"<sha256>","endpoint":…,"conversation_id":…,
 *                         "dimension":…,"run":…,"reask":…,"at":…,"http_status":200,"response":{…}}
 *
 * A request body is written once (the runs of one conversation and dimension send the same
 * body), before it is first sent, so a reply always finds its request. A reply is appended as
 * soon as it arrives: a run stopped by Ctrl-C or kill -9 loses at most the requests in flight.
 * Lines are written whole with one write() each; a kill in the middle of one leaves a torn last
 * line, which reading skips (and counts) and the next append starts after a line break.
 *
 * One process at a time: `STORE/lock` holds the pid and host of the process using it; a lock
 * whose process is gone (killed) is taken over. Nothing in the store is ever rewritten or
 * deleted by the pipeline.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { processAlive } from '../output/process-alive.ts';
import type { Dimension } from '../study.ts';
import { replyContent } from './client.ts';
import type { ParsedReply } from './parse.ts';

export const PROMPTS_FILE = 'prompts.jsonl';
export const REPLIES_FILE = 'replies.jsonl';
const LOCK_FILE = 'lock';
const README_FILE = 'README.txt';

/** One reply as stored (the response is the endpoint's JSON body, as received). */
export interface StoredReply {
  key: string;
  prompt: string;
  endpoint: string;
  conversation_id: string;
  dimension: Dimension;
  run: number;
  /** 0 for the first ask; 1, 2… for the preregistered re-asks of an unreadable reply. */
  reask: number;
  /** When it arrived (ISO 8601); for the audit trail only, never in an output. */
  at: string;
  http_status: number;
  response: unknown;
}

/**
 * A stored reply as the judge keeps it in memory: what the outputs read of it (its text, the
 * model it names, the tokens counted), not the whole response, so that a store of 100,000
 * replies stays small. `parsed` is the parse rule's reading of `content`, memoised.
 */
export interface StoredAnswer {
  key: string;
  reask: number;
  content: string | null;
  model: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  parsed?: ParsedReply;
}

/**
 * The answer of a response: its first choice's text, the model it names, its token counts.
 *
 * @example
 * answerOf('k', 0, { model: 'gpt-4o-2024-08-06', choices: [{ message: { content: 'Step 3: Score — 4' } }], usage: { prompt_tokens: 900, completion_tokens: 40 } })
 * // { key: 'k', reask: 0, content: 'Step 3: Score — 4', model: 'gpt-4o-2024-08-06', prompt_tokens: 900, completion_tokens: 40 }
 */
export function answerOf(key: string, reask: number, response: unknown): StoredAnswer {
  const r = response as { model?: unknown; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } } | null;
  const tokens = (v: unknown) => (typeof v === 'number' ? v : null);
  return { key, reask, content: replyContent(response), model: typeof r?.model === 'string' ? r.model : null, prompt_tokens: tokens(r?.usage?.prompt_tokens), completion_tokens: tokens(r?.usage?.completion_tokens) };
}

/** What reading a store found beside the records. */
export interface StoreReadReport {
  replies: number;
  prompts: number;
  /** Lines that are not a whole record (a torn last line after a kill), skipped. */
  skippedLines: number;
}

const README = `The judge's store (pipeline/judge/store.ts): every request sent to the endpoint and every
reply received, written as they happen.

  prompts.jsonl  one line per distinct request body: {"prompt": SHA-256 of the body, "body": ...}
  replies.jsonl  one line per reply: {"key", "prompt", "endpoint", "conversation_id",
                 "dimension", "run", "reask", "at", "http_status", "response"}

A reply's key is the SHA-256 of the endpoint, the conversation, the dimension, the run, the
re-ask number and the request body (model, temperature, prompt and transcript): a request whose
key is here is never sent again. These replies were paid for: keep this folder, back it up, and
do not edit it. It holds the transcripts it was sent: treat it as you treat the study's data.
`;

const CHUNK = 1 << 20;

/**
 * Calls `onLine` with each line of a file (its bytes, without the line break), reading 1 MB at a
 * time: a store of 100,000 replies is never held whole, nor as one string.
 */
function forEachLine(path: string, onLine: (bytes: Buffer, start: number, end: number) => void): void {
  const fd = openSync(path, 'r');
  try {
    let carry: Buffer = Buffer.alloc(0);
    const chunk = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const n = readSync(fd, chunk, 0, CHUNK, null);
      if (n === 0) break;
      const buf = carry.length === 0 ? chunk.subarray(0, n) : Buffer.concat([carry, chunk.subarray(0, n)]);
      let start = 0;
      for (let nl = buf.indexOf(0x0a, start); nl !== -1; nl = buf.indexOf(0x0a, start)) {
        onLine(buf, start, nl);
        start = nl + 1;
      }
      carry = Buffer.from(buf.subarray(start)); // a copy: `chunk` is overwritten by the next read
    }
    if (carry.length > 0) onLine(carry, 0, carry.length);
  } finally {
    closeSync(fd);
  }
}

function isStoredReply(value: unknown): value is StoredReply {
  const r = value as Partial<StoredReply> | null;
  return r !== null && typeof r === 'object' && typeof r.key === 'string' && /^[0-9a-f]{64}$/.test(r.key) && typeof r.prompt === 'string'
    && typeof r.conversation_id === 'string' && typeof r.dimension === 'string' && Number.isInteger(r.run) && Number.isInteger(r.reask) && 'response' in r;
}

/** The prompt line's fixed prefix: `{"prompt":"` then 64 hex digits. */
const PROMPT_PREFIX = '{"prompt":"';

/**
 * A store folder, opened for one process. Example:
 * ```
 * const store = JudgeStore.open('judge-store');
 * store.has(key); store.get(key)?.response; store.appendReply(record);
 * store.close();
 * ```
 */
export class JudgeStore {
  private readonly replies = new Map<string, StoredAnswer>();
  private readonly prompts = new Set<string>();
  private promptsFd: number | null = null;
  private repliesFd: number | null = null;
  readonly report: StoreReadReport;

  private constructor(readonly dir: string, private readonly locked: boolean) {
    this.report = this.read();
  }

  /**
   * Opens (creating if needed) the store in `dir`. `write`: take the lock and open the files for
   * appending; without it the store is only read (a dry run), and nothing is created.
   */
  static open(dir: string, options: { write: boolean }): JudgeStore {
    if (!options.write) return new JudgeStore(dir, false);
    mkdirSync(dir, { recursive: true });
    if (!existsSync(join(dir, README_FILE))) writeFileSync(join(dir, README_FILE), README);
    takeLock(dir);
    try {
      const store = new JudgeStore(dir, true);
      store.promptsFd = openForAppend(join(dir, PROMPTS_FILE));
      store.repliesFd = openForAppend(join(dir, REPLIES_FILE));
      return store;
    } catch (err) {
      rmSync(join(dir, LOCK_FILE), { force: true });
      throw err;
    }
  }

  private read(): StoreReadReport {
    let skippedLines = 0;
    const promptsPath = join(this.dir, PROMPTS_FILE);
    if (existsSync(promptsPath)) {
      // The body is not needed to resume: only that it is there, whole (it ends with "}}").
      forEachLine(promptsPath, (buf, start, end) => {
        if (end === start) return;
        const sha = buf.toString('latin1', start + PROMPT_PREFIX.length, start + PROMPT_PREFIX.length + 64);
        const whole = buf.toString('latin1', start, start + PROMPT_PREFIX.length) === PROMPT_PREFIX && end - start > PROMPT_PREFIX.length + 66 && buf[end - 1] === 0x7d && buf[end - 2] === 0x7d;
        if (whole && /^[0-9a-f]{64}$/.test(sha)) this.prompts.add(sha);
        else skippedLines++;
      });
    }
    const repliesPath = join(this.dir, REPLIES_FILE);
    if (existsSync(repliesPath)) {
      forEachLine(repliesPath, (buf, start, end) => {
        if (end === start) return;
        let record: unknown;
        try {
          record = JSON.parse(buf.toString('utf8', start, end));
        } catch {
          skippedLines++;
          return;
        }
        if (isStoredReply(record)) this.replies.set(record.key, answerOf(record.key, record.reask, record.response));
        else skippedLines++;
      });
    }
    return { replies: this.replies.size, prompts: this.prompts.size, skippedLines };
  }

  has(key: string): boolean {
    return this.replies.has(key);
  }

  get(key: string): StoredAnswer | undefined {
    return this.replies.get(key);
  }

  hasPrompt(sha: string): boolean {
    return this.prompts.has(sha);
  }

  /** Writes a request body (as its exact JSON text) once, before it is first sent. */
  appendPrompt(sha: string, bodyJson: string): void {
    if (this.prompts.has(sha)) return;
    writeLine(this.requireFd(this.promptsFd), `${PROMPT_PREFIX}${sha}","body":${bodyJson}}\n`);
    this.prompts.add(sha);
  }

  /**
   * Appends a reply as soon as it arrives, and returns what is kept of it in memory.
   * `responseText` is the body exactly as the endpoint sent it (JSON, already parsed into
   * `response`), written as it is unless it spans lines (then `response` re-serialised).
   */
  appendReply(record: Omit<StoredReply, 'response'>, response: unknown, responseText?: string): StoredAnswer {
    const raw = responseText !== undefined && !/[\n\r\u2028\u2029]/.test(responseText) ? responseText.trim() : JSON.stringify(response);
    writeLine(this.requireFd(this.repliesFd), `${JSON.stringify(record).slice(0, -1)},"response":${raw}}\n`);
    const answer = answerOf(record.key, record.reask, response);
    this.replies.set(record.key, answer);
    return answer;
  }

  private requireFd(fd: number | null): number {
    if (fd === null) throw new Error('the judge store was opened read-only');
    return fd;
  }

  /** Closes the files and releases the lock. */
  close(): void {
    for (const fd of [this.promptsFd, this.repliesFd]) if (fd !== null) closeSync(fd);
    this.promptsFd = this.repliesFd = null;
    if (this.locked) rmSync(join(this.dir, LOCK_FILE), { force: true });
  }
}

function writeLine(fd: number, line: string): void {
  const bytes = Buffer.from(line, 'utf8');
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}

/** Opens `path` for appending; a file whose last line is torn gets a line break first, so the
 *  next record starts on its own line. */
function openForAppend(path: string): number {
  const fd = openSync(path, 'a+');
  const size = fstatSync(fd).size;
  if (size > 0) {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    if (last[0] !== 0x0a) writeLine(fd, '\n');
  }
  return fd;
}

function takeLock(dir: string): void {
  const path = join(dir, LOCK_FILE);
  const mine = JSON.stringify({ pid: process.pid, host: hostname() }) + '\n';
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, mine, { flag: 'wx' });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder: { pid?: unknown; host?: unknown } = {};
    try {
      holder = JSON.parse(readFileSync(path, 'utf8')) as typeof holder;
    } catch {
      // an unreadable lock was left by a process killed while writing it: stale
    }
    const pid = typeof holder.pid === 'number' ? holder.pid : null;
    if (pid !== null && holder.host === hostname() && pid !== process.pid && processAlive(pid)) {
      throw new UsageError(`the judge store ${dir} is in use by process ${pid}; wait for it to finish, or give another --store`);
    }
    if (pid !== null && holder.host !== hostname()) {
      throw new UsageError(`the judge store ${dir} is locked by process ${pid} on ${String(holder.host)}; if that process is gone, remove ${path}`);
    }
    rmSync(path, { force: true }); // stale: its process is gone
  }
  throw new UsageError(`could not lock the judge store ${dir}`);
}
