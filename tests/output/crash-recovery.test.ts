/**
 * A kill at any step of replacing an output folder leaves, once the next run has looked, either the
 * previous complete output or the new complete output at --out (pipeline/output/swap.ts): never a
 * missing --out, never a mix, never a temporary folder left behind. Each crash point is simulated
 * in-process (the crash throws, and the folders are left exactly as a killed process leaves them;
 * their pid is then made a dead one), for a first write and for a replacement; a real kill -9 of a
 * child process is in kill.test.ts.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { RefusedError } from '../../pipeline/errors.ts';
import { CRASH_POINTS, FAULT_ENV, setCrashAction, type CrashPoint } from '../../pipeline/output/fault.ts';
import { claimOutput, withOutput } from '../../pipeline/output/folder.ts';
import { readMarker } from '../../pipeline/output/marker.ts';
import { cleanup, orphanTemps, snapshot, tempDir, tempsBeside } from './helpers.ts';

class SimulatedCrash extends Error {}

afterAll(cleanup);
afterEach(() => {
  delete process.env[FAULT_ENV];
});

/** Writes a complete output of `version` (two files, one in a subfolder) into `out`. */
async function writeVersion(out: string, version: string, log?: (l: string) => void): Promise<void> {
  await withOutput({ command: 'test', out, log }, (output) => {
    output.write('result.txt', `result ${version}\n`);
    output.write('figures/chart.svg', `<svg>${version}</svg>\n`);
  });
}

/** Which complete output is at `out`: its version, after checking it is whole and as listed. */
function versionAt(out: string): string {
  const read = readMarker(out);
  if (read.kind !== 'valid' || !read.marker.complete) throw new Error(`${out} has no complete marker`);
  expect(read.marker.files.map((f) => f.path)).toEqual(['figures/chart.svg', 'result.txt']);
  const version = /^result (.+)\n$/.exec(readFileSync(join(out, 'result.txt'), 'utf8'))![1];
  expect(readFileSync(join(out, 'figures', 'chart.svg'), 'utf8')).toBe(`<svg>${version}</svg>\n`);
  expect(readdirSync(out).sort()).toEqual(['.lend-an-ear-output.json', 'figures', 'result.txt']);
  return version;
}

/** Starts writing `version` into `out` and "kills" the writer at `point`; false when the writing
 *  never reached that point (a first write retires nothing). */
function crashWhileWriting(out: string, version: string, point: CrashPoint): boolean {
  process.env[FAULT_ENV] = `crash@${point}`;
  const previous = setCrashAction((p) => {
    throw new SimulatedCrash(p);
  });
  try {
    const output = claimOutput({ command: 'test', out });
    output.write('result.txt', `result ${version}\n`);
    output.write('figures/chart.svg', `<svg>${version}</svg>\n`);
    output.commit();
    return false;
  } catch (err) {
    if (!(err instanceof SimulatedCrash)) throw err;
  } finally {
    setCrashAction(previous);
    delete process.env[FAULT_ENV];
  }
  // Nothing of the dead writer's is cleaned up by itself: make its pid a dead one.
  orphanTemps(out);
  return true;
}

/** What each crash point leaves once recovered: the previous output, or the new one. */
const EXPECTED: Record<CrashPoint, 'previous' | 'new'> = {
  writing: 'previous',
  staged: 'previous',
  retired: 'new',
  placed: 'new',
  cleaning: 'new',
};

describe('a crash while replacing an output folder', () => {
  for (const point of CRASH_POINTS) {
    it(`at "${point}" leaves the ${EXPECTED[point]} output, whole, after the next run's recovery`, async () => {
      const parent = tempDir();
      const out = join(parent, 'results');
      writeFileSync(join(parent, 'neighbour.txt'), 'not ours');
      await writeVersion(out, 'v1');
      expect(crashWhileWriting(out, 'v2', point)).toBe(true);
      expect(tempsBeside(out).length).toBeGreaterThan(0);
      if (point === 'retired') expect(existsSync(out)).toBe(false); // the instant the issue saw: --out missing

      const log: string[] = [];
      await writeVersion(out, 'v3', (l) => log.push(l));
      // The recovering run first restored a whole output, then replaced it: check what it restored
      // through its log, and that everything it left is whole.
      if (point === 'retired') expect(log).toContain(`an earlier run was interrupted while replacing ${out}; its finished new output was put in place`);
      expect(versionAt(out)).toBe('v3');
      expect(tempsBeside(out)).toEqual([]);
      expect(readFileSync(join(parent, 'neighbour.txt'), 'utf8')).toBe('not ours');
    });

    it(`at "${point}": recovery alone (a dry look) restores the ${EXPECTED[point]} output`, async () => {
      const out = join(tempDir(), 'results');
      await writeVersion(out, 'v1');
      crashWhileWriting(out, 'v2', point);
      // The next run claims --out (recovering), then fails before writing anything.
      const output = claimOutput({ command: 'test', out });
      output.discard();
      expect(versionAt(out)).toBe(EXPECTED[point] === 'new' ? 'v2' : 'v1');
      expect(tempsBeside(out)).toEqual([]);
    });
  }

  it('on a first write (no previous output) leaves no output or the new one, never a part', async () => {
    for (const point of CRASH_POINTS) {
      const out = join(tempDir(), 'results');
      const crashed = crashWhileWriting(out, 'v1', point);
      expect(crashed).toBe(point !== 'retired' && point !== 'cleaning');
      const output = claimOutput({ command: 'test', out });
      output.discard();
      // Recovered: the new output, whole, from the points where a replacement keeps the new one
      // (or that a first write never reaches); before those, nothing at all.
      if (EXPECTED[point] === 'new') expect(versionAt(out)).toBe('v1');
      else expect(existsSync(out)).toBe(false);
      expect(tempsBeside(out)).toEqual([]);
    }
  });

  it("leaves a live writer's folder alone, and another folder whose name only looks like one", async () => {
    const parent = tempDir();
    const out = join(parent, 'results');
    await writeVersion(out, 'v1');
    // A run of this process that has claimed --out and is still writing.
    const live = claimOutput({ command: 'test', out });
    live.write('result.txt', 'result live\n');
    // A user's folder with a look-alike name, holding a file and no marker.
    const lookalike = join(parent, '.results.lend-an-ear-new-00000000-1-0badcafe');
    mkdirSync(lookalike);
    writeFileSync(join(lookalike, 'mine.txt'), 'mine');
    const before = snapshot(parent);
    await writeVersion(out, 'v2');
    const after = snapshot(parent);
    expect(versionAt(out)).toBe('v2');
    for (const [path, what] of Object.entries(before)) if (!path.startsWith('results')) expect(after[path], path).toBe(what);
    live.discard();
  });

  it('keeps files added to the previous output while it was being replaced, and says where', async () => {
    const out = join(tempDir(), 'results');
    await writeVersion(out, 'v1');
    crashWhileWriting(out, 'v2', 'placed');
    // Someone adds a file to the previous output, now beside --out, before the next run.
    const old = tempsBeside(out).find((n) => n.includes('-old-'))!;
    writeFileSync(join(out, '..', old, 'late-notes.txt'), 'mine');
    const log: string[] = [];
    await writeVersion(out, 'v3', (l) => log.push(l));
    expect(versionAt(out)).toBe('v3');
    expect(readFileSync(join(out, '..', old, 'late-notes.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(join(out, '..', old))).toEqual(['late-notes.txt']);
    expect(log.some((l) => l.startsWith(`kept ${join(out, '..', old)}`) || l.includes('late-notes.txt'))).toBe(true);
  });

  it('refuses to replace an output that changed while the command ran, and leaves both as they were', async () => {
    const out = join(tempDir(), 'results');
    await writeVersion(out, 'v1');
    const output = claimOutput({ command: 'test', out });
    output.write('result.txt', 'result v2\n');
    writeFileSync(join(out, 'added-meanwhile.txt'), 'mine');
    const before = snapshot(out);
    expect(() => output.commit()).toThrow(RefusedError);
    output.discard();
    expect(snapshot(out)).toEqual(before);
    expect(tempsBeside(out)).toEqual([]);
  });
});
