/**
 * `run` at the edges (issue 14 §1–2), in process, with one cache for the full runs so that each
 * later one computes only what it must:
 * - an export that leaves no participant to analyse is refused (exit 2), naming why, nothing written;
 * - an export without study.json is analysed, but its provenance is unknown: results.json records
 *   it, the report says so in a banner (beside where the synthetic one goes), and so does the last
 *   line; a full cache disk (ENOSPC, injected) costs only the caching, and leaves no half entry;
 * - the temporary folders killed runs left beside --out and in the cache are removed, only the
 *   pipeline's own and only those whose process is gone;
 * - a report that cannot be written (ENOSPC) stops the run in one line, the previous output as it
 *   was, nothing beside it.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BadInputError, RefusedError } from '../../pipeline/errors.ts';
import { ingest } from '../../pipeline/ingest/command.ts';
import { writeStudyTables } from '../../pipeline/ingest/write.ts';
import { FAULT_ENV } from '../../pipeline/output/fault.ts';
import { hostTag } from '../../pipeline/output/names.ts';
import { runPipeline } from '../../pipeline/runner/run.ts';
import { command as simulate } from '../../pipeline/simulate/command.ts';
import { exclusionStudy } from '../ingest/exclusion-study.ts';
import { FIXTURES } from '../ingest/helpers.ts';
import { cleanup, deadPid, snapshot, tempDir } from '../output/helpers.ts';

afterAll(cleanup);
afterEach(() => {
  delete process.env[FAULT_ENV];
});

it('run refuses an export that leaves nobody to analyse, naming the exclusions that removed everyone', async () => {
  const study = exclusionStudy();
  const data = join(tempDir(), 'export');
  await writeStudyTables({ ...study, participants: study.participants.map((p) => ({ ...p, attention_passed: false })) }, data);
  const out = join(tempDir(), 'out');
  const error = await runPipeline({ data, out, cache: null, env: {} }).then(() => null, (err: unknown) => err);
  expect(error).toBeInstanceOf(BadInputError);
  expect((error as BadInputError).problems).toEqual([
    { file: data, line: null, column: null, message: 'nothing to analyse: none of the 13 enrolled participants is left after the preregistered exclusions (E1: 13)' },
  ]);
  expect(existsSync(out)).toBe(false);
});

describe('run on an export without study.json', () => {
  let data: string;
  let cache: string;
  beforeAll(async () => {
    data = join(tempDir(), 'export');
    cache = join(tempDir(), 'cache');
    await simulate.run(['--out', data, '--scale', '0.1', '--seed', '11']);
    rmSync(join(data, 'study.json'));
  });

  it('says in the report and on its last line that the provenance is unknown; a full cache disk stores no half entry', async () => {
    const out = join(tempDir(), 'out');
    process.env[FAULT_ENV] = `ENOSPC@${join(cache, 'score')}`;
    const log: string[] = [];
    const outcome = await runPipeline({ data, out, cache, env: {}, log: (l) => log.push(l) });
    expect(outcome.summary.at(-1)).toBe('WARNING: the export has no study.json, so whether its data are real or synthetic is not known: read every result as if it could be simulated');
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).study).toMatchObject({ synthetic: false, provenance: 'unknown' });
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<div class="banner" id="provenance-banner">PROVENANCE UNKNOWN.');
    expect(html).not.toContain('id="synthetic-banner"');
    expect(log.some((l) => l.startsWith(`score: could not store its output in the cache (cannot write the cache entry ${join(cache, 'score')}/`) && l.endsWith(': no space left on the device (ENOSPC)); continuing'))).toBe(true);
    expect(readdirSync(join(cache, 'score')).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  });

  it('removes the temporary folders killed runs left in the cache and beside --out: only its own, only dead ones', async () => {
    const parent = tempDir();
    const out = join(parent, 'out');
    const dead = deadPid();
    const staleEntry = join(cache, 'ingest', `.tmp-0123456789ab-${hostTag()}-${dead}`);
    const liveEntry = join(cache, 'ingest', `.tmp-0123456789ab-${hostTag()}-${process.pid}`);
    const staleOutput = join(parent, `.out.lend-an-ear-new-${hostTag()}-${dead}-0badcafe`);
    const otherHost = join(parent, `.out.lend-an-ear-new-00000000-${dead}-0badcafe`);
    for (const dir of [staleEntry, liveEntry, staleOutput, otherHost]) mkdirSync(dir, { recursive: true });
    writeFileSync(join(staleEntry, 'analysed.v8'), 'half');
    for (const dir of [staleOutput, otherHost]) {
      writeFileSync(join(dir, '.lend-an-ear-output.json'), '{"schema":"lend-an-ear-output/1","command":"run","complete":false,"files":[]}\n');
      writeFileSync(join(dir, 'results.json'), '{"half":');
    }
    const log: string[] = [];
    await runPipeline({ data, out, cache, env: {}, log: (l) => log.push(l) });
    expect(existsSync(staleEntry)).toBe(false);
    expect(existsSync(staleOutput)).toBe(false);
    expect(log).toContain(`removed ${staleOutput}, left behind by an interrupted run`);
    expect(existsSync(liveEntry)).toBe(true);
    expect(existsSync(otherHost)).toBe(true);
    expect(readdirSync(out)).toContain('report.html');
  });

  it('stops in one line when the report cannot be written, the previous output as it was', async () => {
    const parent = tempDir();
    const out = join(parent, 'out');
    await ingest(join(FIXTURES, 'valid-jsonl'), out, null); // an earlier output of the pipeline, to be kept
    const before = snapshot(out);
    process.env[FAULT_ENV] = 'ENOSPC@report.html';
    const error = await runPipeline({ data, out, cache, env: {} }).then(() => null, (err: unknown) => err);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toBe(`cannot write ${join(out, 'report.html')}: no space left on the device (ENOSPC); ${out} was left as it was`);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(parent)).toEqual(['out']);
  });
});
