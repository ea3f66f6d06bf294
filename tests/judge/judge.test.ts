/**
 * The judge end to end against the stand-in server: what it writes, that a stored answer is never
 * asked again, the re-ask, the deviations it names, what it refuses, the dry run's counts, and the
 * pilot's ratings as one more rater. Every export here is SYNTHETIC except the vendored pilot.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IncompleteError, RefusedError, Warnings } from '../../pipeline/errors.ts';
import { readPilotExport, readStudyExport } from '../../pipeline/ingest/index.ts';
import { dryRunJudge, judgeExport, type JudgeOptions } from '../../pipeline/judge/judge.ts';
import type { JudgeRecord } from '../../pipeline/judge/record.ts';
import { DIMENSIONS } from '../../pipeline/study.ts';
import { PILOT_DIR } from '../reliability/pilot.ts';
import { captured, cleanup, preregWith, realLookingExport, syntheticExport, tempDir } from './helpers.ts';
import { askedDimension, REPLY_FORMATS, startStandIn, type Answer, type SeenRequest, type StandIn } from './stand-in.ts';

const KEY = 'sk-test-judge-0123456789';
const servers: StandIn[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  cleanup();
});

/** The conversation a request carries (the synthetic transcripts name it), or its first line. */
function conversationOf(r: SeenRequest): string {
  const user = r.body.messages.find((m) => m.role === 'user')?.content ?? '';
  return /synthetic (C[\d-]+)/.exec(user)?.[1] ?? /<conversation>\n(.*)/.exec(user)?.[1] ?? '';
}

/** The stand-in's judge: a score fixed by conversation and dimension, so every run agrees and a
 *  test can say which score each rating must have. Advice giving on round 2 gets no score. */
function expectedScore(conversation: string, dimension: string): number | null {
  if (dimension.startsWith('Advice') && conversation.endsWith('-2')) return null;
  let h = 0;
  for (const ch of conversation + dimension) h = (h * 31 + ch.charCodeAt(0)) % 9973;
  return (h % 5) + 1;
}

function fixedJudge(r: SeenRequest): Answer {
  const score = expectedScore(conversationOf(r), askedDimension(r));
  const content = score === null ? 'Step 1: Example — "…"\n\nStep 2: Justification — hard to say.' : REPLY_FORMATS[r.n % REPLY_FORMATS.length](score);
  return { kind: 'ok', content };
}

async function serve(answer: (r: SeenRequest) => Answer = fixedJudge): Promise<StandIn> {
  const s = await startStandIn(answer);
  servers.push(s);
  return s;
}

function options(server: StandIn, data: string, extra: Partial<JudgeOptions> = {}): JudgeOptions & { stderr: ReturnType<typeof captured> } {
  const root = tempDir();
  return { data, out: join(root, 'out'), store: join(root, 'store'), endpoint: server.endpoint, env: { OPENAI_API_KEY: KEY }, stderr: captured(), concurrency: 6, runs: 2, ...extra } as JudgeOptions & { stderr: ReturnType<typeof captured> };
}

const labelOf = (name: string) => DIMENSIONS.find((d) => d.name === name)!.label;

describe('judging an export', () => {
  it('writes the ratings the judge gave, an unreadable reply as a missing rating, and an export run can read', async () => {
    const server = await serve();
    const o = options(server, syntheticExport(2));
    const outcome = await judgeExport(o);
    const lines = readFileSync(join(o.out!, 'ratings.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('conversation_id,rater,dimension,score,judge_run,model,reply_ref');
    const rows = lines.slice(1).map((l) => l.split(','));
    // 6 conversations × 6 dimensions × 2 runs, less advice giving on the two round-2 conversations
    expect(rows).toHaveLength(72 - 4);
    for (const [conversation, rater, dimension, score, run, model, ref] of rows) {
      expect(Number(score)).toBe(expectedScore(conversation, labelOf(dimension)));
      expect(rater).toBe('judge');
      expect(['1', '2']).toContain(run);
      expect(model).toBe('gemini-2.5-pro');
      expect(ref).toMatch(/^[0-9a-f]{64}$/);
    }
    const record = JSON.parse(readFileSync(join(o.out!, 'judge.json'), 'utf8')) as JudgeRecord;
    expect(record).toMatchObject({ requests: 72, ratings: 68, unparsed: 4, unparsed_by_reason: { no_score: 4 }, served_models: { 'stand-in-model-2026-01-01': 72 } });
    expect(record.unparsed_replies.map((u) => `${u.conversation_id} ${u.dimension} ${u.run}`)).toEqual(['C1-2 advice_giving 1', 'C1-2 advice_giving 2', 'C2-2 advice_giving 1', 'C2-2 advice_giving 2']);
    expect(outcome.summary.at(-1)).toBe('judge: 68 ratings from 72 requests; 4 unparsed (4 no_score): missing ratings, listed in judge.json');
    // the judged export is an export: the tables copied, the judge's ratings in
    const warnings = new Warnings();
    const tables = await readStudyExport(o.out!, warnings);
    expect(tables.ratings).toHaveLength(68);
    expect(tables.conversations).toHaveLength(6);
    expect(warnings.items).toEqual([{ code: 'missing_table', file: 'self_reports', message: 'no self_reports.csv or self_reports.jsonl: the table is empty' }, { code: 'missing_table', file: 'perception', message: 'no perception.csv or perception.jsonl: the table is empty' }]);
    expect(readFileSync(join(o.out!, 'messages.csv'))).toEqual(readFileSync(join(o.data, 'messages.csv')));
  });

  it('never asks again for a stored answer: a rerun sends nothing and writes the same bytes', async () => {
    const server = await serve();
    const o = options(server, syntheticExport(1));
    await judgeExport(o);
    const first = readFileSync(join(o.out!, 'ratings.csv'));
    const firstRecord = readFileSync(join(o.out!, 'judge.json'));
    expect(server.requests).toHaveLength(36);
    await server.close();
    servers.splice(0);
    const again = await judgeExport({ ...o, stderr: captured() }); // the server is gone: all from the store
    expect(again.dispatched).toBeNull();
    expect(readFileSync(join(o.out!, 'ratings.csv'))).toEqual(first);
    expect(readFileSync(join(o.out!, 'judge.json'))).toEqual(firstRecord);
  });

  it('another model is a deviation; the store keeps both models apart', async () => {
    const server = await serve();
    const o = options(server, syntheticExport(1));
    await judgeExport(o);
    const other = await judgeExport({ ...o, model: 'gpt-4o', temperature: 0.2, stderr: captured() });
    expect(server.requests).toHaveLength(72);
    expect(server.requests.at(-1)?.body).toMatchObject({ model: 'gpt-4o', temperature: 0.2 });
    expect(other.record).toMatchObject({ model: 'gpt-4o', temperature: 0.2, preregistration: { model: 'gemini-2.5-pro', temperature: 1 } });
  });

  it('re-asks an unreadable reply when the preregistration says so', async () => {
    const prereg = preregWith((y) => y.replace('    max_reasks: 0', '    max_reasks: 1'));
    const server = await serve((r) => ({ kind: 'ok', content: r.body.messages.length === 2 ? 'I think it is fine.' : 'Step 3: Score — 2' }));
    const o = options(server, syntheticExport(1), { prereg });
    const outcome = await judgeExport(o);
    expect(outcome.record).toMatchObject({ ratings: 36, unparsed: 0, reasked: 36, max_reasks: 1 });
    const reask = server.requests.find((r) => r.body.messages.length === 4)!;
    expect(reask.body.messages.slice(2)).toEqual([{ role: 'assistant', content: 'I think it is fine.' }, { role: 'user', content: expect.stringMatching(/^Your reply did not end with a score/) }]);
    expect(server.requests).toHaveLength(72);
    await judgeExport({ ...o, stderr: captured() });
    expect(server.requests).toHaveLength(72);
  });

  it('keeps the export\'s own ratings unless asked', async () => {
    const server = await serve();
    const data = syntheticExport(1, { ratings: true });
    await expect(judgeExport(options(server, data))).rejects.toThrow(/already has ratings \(ratings\.csv, 3 rows\).*--replace-ratings/);
    expect(server.requests).toHaveLength(0);
    const o = options(server, data, { replaceRatings: true });
    await judgeExport(o);
    expect(readFileSync(join(o.out!, 'ratings.csv'), 'utf8')).toMatch(/^conversation_id,rater,dimension,score,judge_run/);
    expect(readFileSync(join(data, 'ratings.csv'), 'utf8')).toMatch(/^conversation_id,rater,dimension,score\n/); // the export untouched
  });

  it('quotes rationales only for a synthetic or public study', async () => {
    const server = await serve();
    const synthetic = await judgeExport(options(server, syntheticExport(1)));
    expect(synthetic.record.rationales?.length).toBeGreaterThan(6);
    expect(synthetic.record.rationales?.[0]).toMatchObject({ dimension: 'validating_emotions', example: expect.any(String), justification: expect.any(String) });
    const closed = await judgeExport(options(server, realLookingExport(1, undefined)));
    expect(closed.record.rationales).toBeNull();
    expect(closed.record.rationales_note).toMatch(/not marked public/);
    const open = await judgeExport(options(server, realLookingExport(1, true)));
    expect(open.record.rationales?.length).toBeGreaterThan(6);
  });
});

describe('which conversations are judged', () => {
  it('leaves out the participants the exclusions remove whatever the ratings, unless asked', async () => {
    const server = await serve();
    const data = syntheticExport(3);
    // P1 failed the attention check (E1); P2's round 3 is not completed (an incomplete round, E2)
    const people = readFileSync(join(data, 'participants.csv'), 'utf8').replace('P1,video,true', 'P1,video,false');
    writeFileSync(join(data, 'participants.csv'), people);
    writeFileSync(join(data, 'conversations.csv'), readFileSync(join(data, 'conversations.csv'), 'utf8').replace('C2-3,P2,3,job_loss,true', 'C2-3,P2,3,job_loss,false'));
    const o = options(server, data, { runs: 1 });
    const outcome = await judgeExport(o);
    expect(outcome.record).toMatchObject({ conversations: 3, requests: 18, conversations_skipped: 6, conversations_skipped_by_reason: { without_supporter_messages: 0, excluded_whatever_the_ratings: 6 } });
    expect(o.stderr.text()).toContain('judge: 6 conversations not judged: their participants are excluded whatever the ratings (E1, E3, an incomplete round); --all-conversations judges them too');
    expect(new Set(server.requests.map(conversationOf))).toEqual(new Set(['C3-1', 'C3-2', 'C3-3']));
    const all = await judgeExport({ ...options(server, data, { runs: 1 }), allConversations: true });
    expect(all.record).toMatchObject({ conversations: 9, requests: 54, conversations_skipped: 0 });
  });
});

describe('what the judge refuses before sending anything', () => {
  it('no key for a remote endpoint, named by its variable', async () => {
    await expect(judgeExport({ data: syntheticExport(1), out: join(tempDir(), 'o'), store: join(tempDir(), 's'), endpoint: 'https://api.example.com/v1', env: {}, apiKeyEnv: 'MY_JUDGE_KEY' }))
      .rejects.toThrow(/no API key: set the environment variable MY_JUDGE_KEY/);
  });

  it('an output folder that is not its own, a store inside the output, a preregistration without a judge', async () => {
    const server = await serve();
    const busy = tempDir();
    writeFileSync(join(busy, 'notes.txt'), 'mine');
    await expect(judgeExport(options(server, syntheticExport(1), { out: busy }))).rejects.toThrow(RefusedError);
    expect(readFileSync(join(busy, 'notes.txt'), 'utf8')).toBe('mine');
    // its own earlier output, to which the user added a file, is refused too (pipeline/output), kept as it is
    const own = options(server, syntheticExport(1));
    await judgeExport(own);
    const sent = server.requests.length;
    writeFileSync(join(own.out!, 'notes.txt'), 'mine');
    await expect(judgeExport({ ...own, stderr: captured() })).rejects.toThrow(/holds files it did not write or that were changed since \(notes\.txt\)/);
    expect(readFileSync(join(own.out!, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(own.out!, 'ratings.csv'), 'utf8')).toMatch(/^conversation_id,rater,/);
    const out = join(tempDir(), 'out');
    await expect(judgeExport(options(server, syntheticExport(1), { out, store: join(out, 'store') }))).rejects.toThrow(/--store must not be inside --out/);
    // a folder whose name only starts with two dots is inside all the same
    const data = syntheticExport(1);
    await expect(judgeExport(options(server, data, { out: join(data, '..judged') }))).rejects.toThrow(/^--out must not be the --data folder or inside it/);
    const noJudge = preregWith((y) => y.slice(0, y.indexOf('\n# The LLM judge')) + '\n');
    await expect(judgeExport(options(server, syntheticExport(1), { prereg: noJudge }))).rejects.toThrow(/no judge section/);
    expect(server.requests).toHaveLength(sent);
  });
});

describe('the dry run', () => {
  it('counts the requests, those stored, and estimates the prompt tokens of the rest', async () => {
    const server = await serve();
    const o = options(server, syntheticExport(1), { maxRequests: 12 });
    const before = await dryRunJudge(o);
    expect(before[0]).toBe(`judge: 3 conversations × 6 dimensions × 2 runs = 36 requests (model gemini-2.5-pro, temperature 1, at ${server.endpoint})`);
    expect(existsSync(o.store!)).toBe(false);
    await expect(judgeExport(o)).rejects.toBeInstanceOf(IncompleteError); // stopped at --max-requests
    expect(server.requests).toHaveLength(12);
    const after = await dryRunJudge(o);
    // the estimate: characters / 4 of the messages of each request still to send, as the server will see them
    await judgeExport({ ...o, maxRequests: undefined, stderr: captured() });
    const rest = server.requests.slice(12);
    const tokens = rest.reduce((sum, r) => sum + Math.ceil(r.body.messages.reduce((n, m) => n + m.content.length, 0) / 4), 0);
    expect(after[1]).toBe(`judge: 12 already in the store ${o.store}; 24 to send, about ${tokens.toLocaleString('en-US')} prompt tokens (characters / 4; the endpoint counts exactly, and each reply adds its own tokens)`);
    expect(after[2]).toBe('judge: --max-requests 12 stops before all are sent; a rerun continues');
  });

  it('names a deviation and needs no key', async () => {
    const lines = await dryRunJudge({ data: syntheticExport(1), store: join(tempDir(), 's'), model: 'gpt-4o', env: {} });
    expect(lines).toContain('judge: DEVIATION from the preregistration: model gpt-4o (preregistered: gemini-2.5-pro)');
    expect(lines).toContain('judge: no API key in OPENAI_API_KEY: set it before the real run');
  });
});

describe('the pilot: the judge as one more rater beside the experts', () => {
  it('judges the 50 vendored conversations and writes a rater file in the layout of the pilot\'s own', async () => {
    const server = await serve((r) => ({ kind: 'ok', content: REPLY_FORMATS[r.n % REPLY_FORMATS.length](((r.n * 7) % 5) + 1) }));
    const o = options(server, PILOT_DIR, { runs: 3, concurrency: 16 });
    const outcome = await judgeExport(o);
    expect(outcome.record).toMatchObject({ conversations: 50, requests: 900, ratings: 900 });
    expect(outcome.record.rationales).not.toBeNull(); // the pilot is published
    const wide = readFileSync(join(o.out!, 'judge_ratings.csv'), 'utf8').trimEnd().split('\n');
    expect(wide[0]).toBe('conversation_id,validating_emotions,encouraging_elaboration,demonstrating_understanding,advice_giving,self_oriented,dismissing_emotions');
    expect(wide).toHaveLength(51);
    // each cell is the median of that conversation's three runs in ratings.csv
    const runs = new Map<string, number[]>();
    for (const line of readFileSync(join(o.out!, 'ratings.csv'), 'utf8').trimEnd().split('\n').slice(1)) {
      const [c, , d, s] = line.split(',');
      runs.set(`${c} ${d}`, [...(runs.get(`${c} ${d}`) ?? []), Number(s)]);
    }
    const [id, ...cells] = wide[1].split(',');
    cells.forEach((cell, i) => {
      const three = runs.get(`${id} ${wide[0].split(',')[i + 1]}`)!.sort((a, b) => a - b);
      expect(Number(cell)).toBe(three[1]);
    });
    // the pilot adapter reads it as the rater "judge" beside the experts
    const pilot = join(tempDir(), 'pilot');
    cpSync(PILOT_DIR, pilot, { recursive: true });
    mkdirSync(join(pilot, 'annotations'), { recursive: true });
    cpSync(join(o.out!, 'judge_ratings.csv'), join(pilot, 'annotations', 'judge_ratings.csv'));
    const tables = await readPilotExport(pilot, new Warnings());
    expect(tables.ratings.filter((r) => r.rater === 'judge')).toHaveLength(300);
  });
});
