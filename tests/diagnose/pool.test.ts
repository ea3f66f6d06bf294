/**
 * The job pool: batches may overlap and each still gets its results in job order (the same as
 * one batch at a time, for 1 and 2 workers); a job that throws rejects its batch, and a batch
 * queued beside it does not keep the pool from closing.
 */
import { describe, expect, it } from 'vitest';
import type { Job } from '../../pipeline/diagnose/jobs.ts';
import { createJobPool } from '../../pipeline/diagnose/pool.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';

const { prereg } = loadPreregistration();
const study = (index: number, scale = 0.1): Job => ({ kind: 'study', task: { set: 'null', index, seed: 1000 + index, scale, setting: { kind: 'null', coach: 0, video: 0 }, scope: 'primary' } });

describe('createJobPool', () => {
  it.each([1, 2])('with %i worker(s): overlapping batches, results in job order; a failing job rejects its batch', async (workers) => {
    const pool = createJobPool(prereg, workers);
    try {
      const sequential = await pool.run([0, 1, 2, 3].map((i) => study(i)));
      const [first, second] = await Promise.all([pool.run([0, 1].map((i) => study(i))), pool.run([2, 3].map((i) => study(i)), undefined, { first: true })]);
      expect([...first, ...second]).toEqual(sequential);
      expect(sequential.map((r) => (r.kind === 'study' ? r.outcome.index : -1))).toEqual([0, 1, 2, 3]);
      const beside = pool.run([4, 5, 6].map((i) => study(i)));
      beside.catch(() => {});
      // Scale 0.0001 plans fewer than 3 analysed participants: the simulator refuses it.
      await expect(pool.run([study(7), study(8, 0.0001)])).rejects.toThrow(/fewer than 3 analysed participants/);
    } finally {
      await pool.close();
    }
  }, 120_000);
});
