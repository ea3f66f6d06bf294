/**
 * When a stage starts (stage.ts runStage with a PendingPlan): a stage that must run whatever its
 * key (no entry of it in the cache, --force, no cache) starts before its key is known and is
 * stored under that key once known; a stage with entries in the cache waits for its key and
 * reuses a hit without running.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StageCache } from '../../pipeline/runner/cache.ts';
import { planStage, runStage, type PendingPlan, type PlannedStage, type StageEngine } from '../../pipeline/runner/stage.ts';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'stage-start-'));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const plan = () => planStage({ name: 'score', entries: [], inputs: [{ name: 'output of ingest: analysed', sha256: 'a'.repeat(64) }], preregistration: { scoring: { runs: 3 } }, params: {}, versions: {}, codeMemo: null });

/** A plan whose key is handed over only when `release` is called. */
function heldPlan(planned: PlannedStage): PendingPlan & { release: () => void } {
  let release = () => {};
  const promise = new Promise<PlannedStage>((resolve) => {
    release = () => resolve(planned);
  });
  return { name: planned.name, planned: promise, release };
}

describe('starting a stage', () => {
  it('runs a stage the cache has no entry of before its key is known, and stores it under that key', async () => {
    const planned = await plan();
    const cache = new StageCache(join(work, 'cache-a'));
    const engine: StageEngine = { cache, force: false, log: () => {} };
    const held = heldPlan(planned);
    const order: string[] = [];
    const run = await runStage(engine, held, async () => {
      order.push('computed');
      held.release(); // the key arrives only now: runStage must not have waited for it
      return { scored: { n: 1 } };
    });
    expect(order).toEqual(['computed']);
    expect(run.status).toBe('ran');
    expect(run.key).toBe(planned.key);
    expect(cache.lookup('score', planned.key).kind).toBe('hit');
  });

  it('with --force or without a cache, also starts at once', async () => {
    const planned = await plan();
    for (const engine of [{ cache: new StageCache(join(work, 'cache-b')), force: true, log: () => {} }, { cache: null, force: false, log: () => {} }] as StageEngine[]) {
      const held = heldPlan(planned);
      const run = await runStage(engine, held, async () => {
        held.release();
        return { scored: { n: 2 } };
      });
      expect(run.status).toBe('ran');
      expect(run.read('scored')).toEqual({ n: 2 });
    }
  });

  it('waits for the key when the stage has entries, and reuses a hit without running', async () => {
    const planned = await plan();
    const cache = new StageCache(join(work, 'cache-c'));
    const engine: StageEngine = { cache, force: false, log: () => {} };
    await runStage(engine, planned, async () => ({ scored: { n: 3 } }));
    expect(cache.hasEntries('score')).toBe(true);
    const held = heldPlan(planned);
    let computed = false;
    const pending = runStage(engine, held, async () => {
      computed = true;
      return { scored: { n: 3 } };
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(computed).toBe(false);
    held.release();
    const run = await pending;
    expect(run.status).toBe('up_to_date');
    expect(computed).toBe(false);
    expect(run.read('scored')).toEqual({ n: 3 });
  });

  it('counts only entry folders as entries, not a half-written temporary one', () => {
    const dir = join(work, 'cache-d');
    const cache = new StageCache(dir);
    expect(cache.hasEntries('score')).toBe(false);
    mkdirSync(join(dir, 'score', `.tmp-${'b'.repeat(12)}-1`), { recursive: true });
    expect(cache.hasEntries('score')).toBe(false);
    mkdirSync(join(dir, 'score', 'c'.repeat(64)));
    expect(cache.hasEntries('score')).toBe(true);
  });
});
