/**
 * `run --judge`: the judge rates a SYNTHETIC export's transcripts (against the stand-in server),
 * then every stage runs unchanged on its ratings; the judge's files are kept in OUT/judge/, the
 * audit shows the judge against the preregistered one, and a rerun sends nothing and finds every
 * stage up to date. A judged export made by `judge` carries its judge.json into ingest.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeExport } from '../../pipeline/judge/judge.ts';
import { exportFiles } from '../../pipeline/ingest/export-files.ts';
import { dryRunPipeline, formatDryRunLine, runPipeline } from '../../pipeline/runner/run.ts';
import { ingestStage } from '../../pipeline/runner/stages/ingest.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { captured, cleanup, syntheticExport, tempDir } from '../judge/helpers.ts';
import { REPLY_FORMATS, startStandIn, type StandIn } from '../judge/stand-in.ts';

let server: StandIn;
beforeAll(async () => {
  // every 40th reply has no score: a few missing ratings
  server = await startStandIn((r) => ({ kind: 'ok', content: r.n % 40 === 0 ? 'It is hard to say.' : REPLY_FORMATS[r.n % REPLY_FORMATS.length]((r.n % 5) + 1) }));
});
afterAll(async () => {
  await server.close();
  cleanup();
});

describe('run --judge', () => {
  it('judges, analyses with the judge\'s ratings, audits the judge, and reruns without sending anything', async () => {
    const data = syntheticExport(6);
    const root = tempDir();
    const out = join(root, 'out');
    const judge = { store: join(root, 'store'), endpoint: server.endpoint, env: {}, stderr: captured(), runs: 2, model: 'gpt-4o' };
    const log: string[] = [];
    const first = await runPipeline({ data, out, cache: join(root, 'cache'), judge, log: (l) => log.push(l) });
    const sent = server.requests.length;
    expect(sent).toBe(18 * 6 * 2);
    expect(log[0]).toMatch(/^judge: 211 ratings from 216 requests; 5 unparsed \(5 no_score\)/);
    // the analyses read the judge's ratings: OUT/judge/ratings.csv, listed in the manifest
    const ratings = readFileSync(join(out, 'judge', 'ratings.csv'), 'utf8');
    expect(ratings.trimEnd().split('\n')).toHaveLength(212);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.outputs.map((o: { path: string }) => o.path)).toEqual(expect.arrayContaining(['judge/judge.json', 'judge/ratings.csv']));
    expect(Object.keys(manifest.stages[0].inputs)).toEqual(expect.arrayContaining(['judged ratings (from the judge store)', 'judge record (judge.json)']));
    // the audit: another model is an error, fewer runs a warning, the unreadable replies a warning
    const audit = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8'));
    expect(audit.judge).toMatchObject({ source: 'judge', used: { model: 'gpt-4o', runs: 2 }, preregistered: { model: 'gemini-2.5-pro', runs: 5 }, requests: 216, ratings: 211, unparsed: 5 });
    const judgeDeviations = audit.deviations.filter((d: { kind: string }) => d.kind.startsWith('judge_')).map((d: { severity: string; planned: string; actual: string }) => [d.severity, d.planned, d.actual]);
    expect(judgeDeviations).toEqual([
      ['error', 'model: gemini-2.5-pro', 'model: gpt-4o'],
      ['warning', 'runs: 5', 'runs: 2'],
      ['warning', 'a score read from every reply', '5 of 216 replies without a readable score (no_score 5)'],
    ]);
    const md = readFileSync(join(out, 'audit.md'), 'utf8');
    expect(md).toContain('## The judge');
    expect(md).toMatch(/\| model \| gemini-2\.5-pro \| gpt-4o \| DIFFERS \|/);
    expect(first.summary).toContain('judge: 5 of 216 replies unparsed (missing ratings, not imputed); see audit.md');
    // the report shows the judge, and rationales: the study is synthetic
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<h2 id="judge">The judge</h2>');
    expect(html).toContain('<blockquote class="rationale">');

    // again: nothing sent, every stage up to date, the same bytes
    const again = await runPipeline({ data, out, cache: join(root, 'cache'), judge: { ...judge, stderr: captured() } });
    expect(server.requests).toHaveLength(sent);
    expect(again.summary[0]).toMatch(/every stage up to date/);
    expect(readFileSync(join(out, 'judge', 'ratings.csv'), 'utf8')).toBe(ratings);
    const dry = (await dryRunPipeline({ data, out, cache: join(root, 'cache'), judge })).map(formatDryRunLine);
    expect(dry.map((l) => l.split(':')[0])).toEqual(['ingest', 'score', 'analyze', 'report']);
    expect(dry.every((l) => / up to date /.test(l))).toBe(true);

    // with the store emptied of nothing but another model asked, the judge has work: every stage waits for it
    const pending = (await dryRunPipeline({ data, out, cache: join(root, 'cache'), judge: { ...judge, model: 'other-model' } })).map(formatDryRunLine);
    expect(pending[0]).toBe("ingest: would run if the judge's ratings are new (the judge has requests to send first)");
  });

  it("refuses the pilot's format, and the judge's options without --judge", async () => {
    const before = server.requests.length;
    await expect(runPipeline({ data: 'data/lend-an-ear-pilot', out: join(tempDir(), 'o'), judge: { endpoint: server.endpoint, env: {} } })).rejects.toThrow(/run --judge needs a study export/);
    const out = join(tempDir(), 'o');
    await expect(runPipeline({ data: syntheticExport(1), out, judge: { endpoint: server.endpoint, env: {}, store: join(out, 'store') } })).rejects.toThrow(/--store must not be inside --out/);
    const { command } = await import('../../pipeline/runner/command.ts');
    await expect(command.run(['--data', 'data/synthetic', '--out', join(tempDir(), 'o'), '--model', 'gpt-4o'])).rejects.toThrow('--model is an option of the judge: add --judge');
    expect(server.requests.length).toBe(before);
  });
});

describe('a judged export', () => {
  it('carries its judge.json into ingest, and an export with its own ratings has none', async () => {
    const root = tempDir();
    const out = join(root, 'judged');
    await judgeExport({ data: syntheticExport(2), out, store: join(root, 'store'), endpoint: server.endpoint, env: {}, stderr: captured(), runs: 1 });
    const { exclusions } = loadPreregistration().prereg;
    const judged = await ingestStage(out, exclusions);
    expect(judged.export_summary.judge).toMatchObject({ schema: 'lend-an-ear-judge/1', runs: 1, requests: 36 });
    expect(judged.analysed.ratings.length).toBe(judged.export_summary.judge!.ratings);
    const own = await ingestStage(syntheticExport(2, { ratings: true }), exclusions);
    expect(own.export_summary.judge).toBeNull();
    expect(existsSync(join(out, 'judge.json'))).toBe(true);
  });

  it('counts its judge.json among the export files: an edited record reruns ingest, never an old audit', async () => {
    const root = tempDir();
    const data = join(root, 'judged');
    await judgeExport({ data: syntheticExport(1), out: data, store: join(root, 'store'), endpoint: server.endpoint, env: {}, stderr: captured(), runs: 1 });
    expect(exportFiles(data)).toContain('judge.json');
    const cache = join(root, 'cache');
    await runPipeline({ data, out: join(root, 'out'), cache, env: {} });
    const record = JSON.parse(readFileSync(join(data, 'judge.json'), 'utf8'));
    writeFileSync(join(data, 'judge.json'), JSON.stringify({ ...record, model: 'another-model' }, null, 2) + '\n');
    const dry = (await dryRunPipeline({ data, out: join(root, 'out'), cache, env: {} })).map(formatDryRunLine);
    expect(dry[0]).toMatch(/^ingest: would run: data file judge\.json changed/);
  });
});
