/**
 * Issue 14 §1, case by case, for every command that writes (ingest, run, reliability, simulate,
 * diagnose): an output folder that is not the pipeline's is refused with one line and not a byte
 * of it touched; --data, --out and --cache are compared after resolving symbolic links; a folder
 * the pipeline wrote is replaced. Each refusal comes before any work, in-process.
 */
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RefusedError } from '../../pipeline/errors.ts';
import { command as diagnose } from '../../pipeline/diagnose/command.ts';
import { ingest } from '../../pipeline/ingest/command.ts';
import { writeStudyTables } from '../../pipeline/ingest/write.ts';
import { runReliability } from '../../pipeline/reliability/command.ts';
import { dryRunPipeline, runPipeline } from '../../pipeline/runner/run.ts';
import { command as simulate } from '../../pipeline/simulate/command.ts';
import { exclusionStudy } from '../ingest/exclusion-study.ts';
import { FIXTURES } from '../ingest/helpers.ts';
import { cleanup, snapshot, tempDir } from './helpers.ts';

const VALID_JSONL = join(FIXTURES, 'valid-jsonl');
let work: string;
let data: string;

beforeAll(async () => {
  work = tempDir();
  data = join(work, 'export');
  await writeStudyTables(exclusionStudy(), data);
});
afterAll(cleanup);

/** Expects `attempt` to be refused with a RefusedError whose message matches, with `watched` untouched. */
async function refused(watched: string, attempt: () => Promise<unknown>, message: RegExp): Promise<void> {
  const before = snapshot(watched);
  const error = await attempt().then(() => null, (err: unknown) => err);
  expect(error, 'refused').toBeInstanceOf(RefusedError);
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).not.toContain('\n');
  expect(snapshot(watched)).toEqual(before);
}

/** A folder of the user's: a thesis, its sources, and a manifest.json of its own. */
function usersFolder(): string {
  const dir = join(tempDir(), 'thesis');
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'thesis.tex'), '\\documentclass{article}');
  writeFileSync(join(dir, 'src', 'plot.R'), 'plot(1)');
  writeFileSync(join(dir, 'manifest.json'), '{"outputs": []}');
  return dir;
}

const NOT_OURS = /^--out .* holds files this pipeline did not write \(manifest\.json, src\/, thesis\.tex\) and has no valid \.lend-an-ear-output\.json marker; give a new or empty folder \(nothing was changed\)$/;

describe('an output folder the pipeline did not write (a thesis with a manifest.json of its own)', () => {
  it('is refused by run, before any work', async () => {
    const out = usersFolder();
    await refused(out, () => runPipeline({ data, out, cache: null }), NOT_OURS);
    await refused(out, () => dryRunPipeline({ data, out, cache: null }), NOT_OURS);
  });
  it('is refused by ingest, reliability, simulate and diagnose', async () => {
    const out = usersFolder();
    await refused(out, () => ingest(data, out, null), NOT_OURS);
    await refused(out, () => runReliability(data, out, 'preregistration/preregistration.yaml'), NOT_OURS);
    await refused(out, () => simulate.run(['--out', out, '--scale', '0.1']), NOT_OURS);
    await refused(out, () => diagnose.run(['--sims', '2', '--out', out]), NOT_OURS);
  });
  it('is refused when it is a file', async () => {
    const parent = tempDir();
    const file = join(parent, 'results.txt');
    writeFileSync(file, 'mine');
    await refused(parent, () => ingest(data, file, null), /^--out .*results\.txt exists and is not a folder; nothing was changed$/);
  });
});

describe('--data, --out and --cache must be apart', () => {
  it('ingest --out equal to --data', async () => {
    const export_ = join(tempDir(), 'export');
    cpSync(VALID_JSONL, export_, { recursive: true });
    await refused(export_, () => ingest(export_, export_, null), /^--out \S+ is the same folder as --data \S+; they must be separate folders \(nothing was changed\)$/);
  });
  it('--out inside --data, and --out the parent of --data holding a previous run', async () => {
    const parent = tempDir();
    const export_ = join(parent, 'export');
    cpSync(VALID_JSONL, export_, { recursive: true });
    await refused(parent, () => ingest(export_, join(export_, 'out'), null), /^--out \S+ is inside --data \S+;/);
    // a previous run's output in the parent, beside the export
    const other = tempDir();
    await ingest(VALID_JSONL, join(other, 'out'), null);
    cpSync(join(other, 'out'), parent, { recursive: true });
    await refused(parent, () => runPipeline({ data: export_, out: parent, cache: null }), /^--out \S+ contains --data \S+;/);
  });
  it('--cache equal to or inside --data, and --cache equal to --out', async () => {
    const parent = tempDir();
    const export_ = join(parent, 'export');
    cpSync(VALID_JSONL, export_, { recursive: true });
    const out = join(parent, 'out');
    await refused(parent, () => runPipeline({ data: export_, out, cache: export_ }), /^--data \S+ is the same folder as --cache \S+;/);
    await refused(parent, () => runPipeline({ data: export_, out, cache: join(export_, '.cache') }), /^--data \S+ contains --cache \S+;/);
    await refused(parent, () => runPipeline({ data: export_, out, cache: out }), /^--out \S+ is the same folder as --cache \S+;/);
    await refused(parent, () => dryRunPipeline({ data: export_, out, cache: out }), /^--out \S+ is the same folder as --cache \S+;/);
  });
  it('after resolving symbolic links, even through a path that does not exist yet', async () => {
    const parent = tempDir();
    const export_ = join(parent, 'export');
    cpSync(VALID_JSONL, export_, { recursive: true });
    symlinkSync(export_, join(parent, 'link'));
    await refused(parent, () => ingest(export_, join(parent, 'link'), null), /^--out \S+link is the same folder as --data/);
    await refused(parent, () => ingest(join(parent, 'link'), join(export_, 'new', 'out'), null), /^--out \S+ is inside --data \S+link;/);
  });
  it('an input file inside --out, and a loop of symbolic links, are refused in one line', async () => {
    const parent = tempDir();
    const out = join(parent, 'out');
    await ingest(VALID_JSONL, out, null);
    cpSync('preregistration', join(out, 'prereg'), { recursive: true });
    await refused(parent, () => ingest(VALID_JSONL, out, join(out, 'prereg', 'preregistration.yaml')), /^--prereg \S+ is inside --out \S+, which is replaced;/);
    symlinkSync(join(parent, 'b'), join(parent, 'a'));
    symlinkSync(join(parent, 'a'), join(parent, 'b'));
    await refused(parent, () => ingest(VALID_JSONL, join(parent, 'a', 'out'), null), /^--out \S+: cannot follow the path: too many levels of symbolic links \(a symlink loop\?\) \(ELOOP\)/);
  });
  it('--out / is refused at once, without reading the disk (also in a dry run)', async () => {
    await refused(work, () => dryRunPipeline({ data, out: '/', cache: null }), /^--out \/ is the root of the file system/);
    await refused(work, () => simulate.run(['--out', '/']), /^--out \/ is the root of the file system/);
  });
});

describe("the pipeline's own output folder", () => {
  it('is replaced whole by a later output of any command, and an empty folder is written into', async () => {
    const out = tempDir();
    await ingest(VALID_JSONL, out, null); // empty: fine
    expect(Object.keys(snapshot(out))).toContain('messages.jsonl');
    await simulate.run(['--out', out, '--scale', '0.1', '--seed', '3']);
    const files = Object.keys(snapshot(out));
    expect(files).toContain('messages.csv');
    expect(files).not.toContain('messages.jsonl');
  });
  it('with a file the user added later is refused, naming it, and kept as it is', async () => {
    const out = join(tempDir(), 'out');
    await ingest(VALID_JSONL, out, null);
    writeFileSync(join(out, 'my-notes.md'), 'mine');
    await refused(out, () => ingest(VALID_JSONL, out, null), /^--out \S+ is an earlier output of this pipeline, but holds files it did not write or that were changed since \(my-notes\.md\); move them out of the folder, or give another --out \(nothing was changed\)$/);
  });
  it('with an output file edited since is refused, naming it', async () => {
    const out = join(tempDir(), 'out');
    await ingest(VALID_JSONL, out, null);
    writeFileSync(join(out, 'summary.json'), '{"my": "edit"}\n');
    await refused(out, () => ingest(VALID_JSONL, out, null), /\(summary\.json \(changed\)\)/);
  });
  it('with a listed file replaced by a symbolic link (or a loop of them) is refused, the link not followed', async () => {
    const out = join(tempDir(), 'out');
    await ingest(VALID_JSONL, out, null);
    const target = join(tempDir(), 'elsewhere.txt');
    writeFileSync(target, 'mine');
    cpSync(join(out, 'study.json'), `${target}.bak`);
    const { rmSync } = await import('node:fs');
    rmSync(join(out, 'study.json'));
    symlinkSync(target, join(out, 'study.json'));
    symlinkSync(join(out, 'loop'), join(out, 'loop'));
    await refused(out, () => ingest(VALID_JSONL, out, null), /\(loop, study\.json \(changed\)\)/);
  });
  it('with a marker that is not valid JSON is refused', async () => {
    const out = join(tempDir(), 'out');
    await ingest(VALID_JSONL, out, null);
    writeFileSync(join(out, '.lend-an-ear-output.json'), '{"schema": "lend-an-ear-output/1", "files": [{"path": "../thesis.tex"');
    await refused(out, () => ingest(VALID_JSONL, out, null), /its marker \.lend-an-ear-output\.json is not one this pipeline wrote \(not valid JSON\)/);
    writeFileSync(join(out, '.lend-an-ear-output.json'), '{"schema": "lend-an-ear-output/1", "command": "ingest", "complete": true, "files": [{"path": "../thesis.tex", "bytes": 1, "sha256": "' + '0'.repeat(64) + '"}]}');
    await refused(out, () => ingest(VALID_JSONL, out, null), /a listed path is not a plain relative path \("\.\.\/thesis\.tex"\)/);
  });
});
