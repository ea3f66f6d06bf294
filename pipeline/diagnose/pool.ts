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
  /**
   * Runs the jobs; `onDone(index)` after each one finishes. Results in job order. Calls may
   * overlap; `first` puts these jobs ahead of those still waiting (a long job started late would
   * leave the other threads idle at the end).
   */
  run(jobs: readonly Job[], onDone?: (index: number) => void, options?: { first?: boolean }): Promise<JobResult[]>;
  close(): Promise<void>;
}

function tsxLoaderUrl(): string {
  const packageJson = createRequire(import.meta.url).resolve('tsx/package.json');
  return pathToFileURL(join(dirname(packageJson), 'dist', 'esm', 'api', 'index.mjs')).href;
}

function inThisThread(prereg: Preregistration): JobPool {
  // Batches here take turns between jobs; once closed (after a failure, say), none goes on.
  let closed = false;
  return {
    async run(jobs, onDone) {
      const results: JobResult[] = [];
      for (const [index, job] of jobs.entries()) {
        if (closed) throw new Error('the diagnosis job pool was closed');
        results.push(runJob(job, prereg));
        onDone?.(index);
        // Let stderr (the progress bar) flush between studies.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return results;
    },
    async close() {
      closed = true;
    },
  };
}

/** One queued job: its batch's callbacks and its place in that batch. */
interface Queued {
  job: Job;
  index: number;
  batch: Batch;
}

interface Batch {
  results: JobResult[];
  left: number;
  onDone?: (index: number) => void;
  resolve: (results: JobResult[]) => void;
  reject: (err: Error) => void;
}

/**
 * A pool of `workers` threads (1 = no thread, everything here). Every thread takes the next job
 * of one shared queue as soon as it has answered the last, and several `run` calls may be
 * pending at once (their jobs are queued in call order), so a phase that waits for one job can
 * keep the other threads busy with jobs that do not depend on it.
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
  const queue: Queued[] = [];
  let queueHead = 0;
  /** The job each thread is working on (null: idle), by thread index. */
  const working: (Queued | null)[] = threads.map(() => null);
  let broken: Error | null = null;

  /** Rejects every batch with work left (`failed`: the batch of the job that failed). */
  const failAll = (err: Error, failed?: Batch) => {
    if (broken) return;
    broken = err;
    const batches = new Set<Batch>([...queue.slice(queueHead).map((q) => q.batch), ...working.filter((q): q is Queued => q !== null).map((q) => q.batch)]);
    if (failed) batches.add(failed);
    queue.length = 0;
    queueHead = 0;
    for (const batch of batches) batch.reject(err);
  };
  const feed = (t: number) => {
    if (broken || working[t] !== null || queueHead >= queue.length) return;
    const next = queue[queueHead++];
    if (queueHead === queue.length) {
      queue.length = 0;
      queueHead = 0;
    }
    working[t] = next;
    threads[t].postMessage({ id: next.index, job: next.job });
  };
  threads.forEach((thread, t) => {
    thread.on('message', (message: { id: number; result?: JobResult; error?: string }) => {
      const done = working[t];
      if (broken || done === null) return;
      working[t] = null;
      if (message.error !== undefined) return failAll(new Error(`diagnosis job ${message.id} failed in a worker: ${message.error}`), done.batch);
      const { batch, index } = done;
      batch.results[index] = message.result as JobResult;
      batch.onDone?.(index);
      if (--batch.left === 0) batch.resolve(batch.results);
      feed(t);
    });
    thread.on('error', (err: Error) => failAll(err));
  });
  return {
    run(jobs, onDone, options) {
      if (broken) return Promise.reject(broken);
      return new Promise<JobResult[]>((resolve, reject) => {
        const batch: Batch = { results: new Array<JobResult>(jobs.length), left: jobs.length, onDone, resolve, reject };
        if (jobs.length === 0) return resolve(batch.results);
        const queued = jobs.map((job, index) => ({ job, index, batch }));
        if (options?.first) queue.splice(queueHead, 0, ...queued);
        else queue.push(...queued);
        threads.forEach((_, t) => feed(t));
      });
    },
    async close() {
      await Promise.all(threads.map((t) => t.terminate()));
    },
  };
}
