/**
 * Runs diagnosis jobs on worker threads (or on this thread when one worker is asked for).
 * Results come back in the order of the jobs, whatever thread finished first, so the merged
 * diagnosis does not depend on the number of workers. Each worker loads the TypeScript sources
 * through tsx's ESM loader API (worker threads do not inherit the `tsx` command's loader).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Preregistration } from '../prereg/types.ts';
import { runJob, type Job, type JobResult } from './jobs.ts';

export interface JobPool {
  /** Runs the jobs; `onDone(index)` after each one finishes. Results in job order. */
  run(jobs: readonly Job[], onDone?: (index: number) => void): Promise<JobResult[]>;
  close(): Promise<void>;
}

function tsxLoaderUrl(): string {
  const packageJson = createRequire(import.meta.url).resolve('tsx/package.json');
  return pathToFileURL(join(dirname(packageJson), 'dist', 'esm', 'api', 'index.mjs')).href;
}

function inThisThread(prereg: Preregistration): JobPool {
  return {
    async run(jobs, onDone) {
      const results: JobResult[] = [];
      for (const [index, job] of jobs.entries()) {
        results.push(runJob(job, prereg));
        onDone?.(index);
        // Let stderr (the progress bar) flush between studies.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return results;
    },
    async close() {},
  };
}

/**
 * A pool of `workers` threads (1 = no thread, everything here).
 *
 * @example
 * const pool = createJobPool(prereg, 2);
 * const results = await pool.run(jobs); // same array whatever the number of workers
 * await pool.close();
 */
export function createJobPool(prereg: Preregistration, workers: number): JobPool {
  if (workers <= 1) return inThisThread(prereg);
  const workerModule = new URL('./worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxLoaderUrl())}).then(({ register }) => { register(); return import(${JSON.stringify(workerModule)}); });`;
  const threads = Array.from({ length: workers }, () => new Worker(bootstrap, { eval: true, workerData: { prereg }, resourceLimits: { maxYoungGenerationSizeMb: 96 } }));
  return {
    run(jobs, onDone) {
      return new Promise<JobResult[]>((resolve, reject) => {
        const results = new Array<JobResult>(jobs.length);
        let next = 0;
        let finished = 0;
        let failed = false;
        if (jobs.length === 0) return resolve(results);
        const cleanups: (() => void)[] = [];
        const fail = (err: Error) => {
          if (failed) return;
          failed = true;
          for (const c of cleanups) c();
          reject(err);
        };
        const feed = (thread: Worker) => {
          if (next < jobs.length) {
            const id = next++;
            thread.postMessage({ id, job: jobs[id] });
          }
        };
        for (const thread of threads) {
          const onMessage = (message: { id: number; result?: JobResult; error?: string }) => {
            if (failed) return;
            if (message.error !== undefined) return fail(new Error(`diagnosis job ${message.id} failed in a worker: ${message.error}`));
            results[message.id] = message.result as JobResult;
            onDone?.(message.id);
            if (++finished === jobs.length) {
              for (const c of cleanups) c();
              resolve(results);
            } else {
              feed(thread);
            }
          };
          const onError = (err: Error) => fail(err);
          thread.on('message', onMessage);
          thread.on('error', onError);
          cleanups.push(() => {
            thread.off('message', onMessage);
            thread.off('error', onError);
          });
          feed(thread);
        }
      });
    },
    async close() {
      await Promise.all(threads.map((t) => t.terminate()));
    },
  };
}
