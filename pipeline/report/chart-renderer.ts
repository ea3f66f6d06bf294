/**
 * Who draws the charts: this thread, or a worker thread started early.
 *
 * Loading vega, vega-lite and resvg takes 0.3 s, and drawing the charts most of a second more.
 * `run` starts a renderer thread before ingest, so the modules load on the other core while this
 * thread reads the export; the report stage then hands it every spec. The thread runs plain JavaScript
 * (render-worker.js, render.js) without tsx, whose loader would double its load time and compete
 * with ingest. Both ways draw with render.js `drawCharts`, so the bytes are the same (render.js
 * renumbers vega's process-wide ids in each SVG).
 */
import type { TopLevelSpec } from 'vega-lite';
import { Worker } from 'node:worker_threads';
import type { DrawnChart } from './render.js';

export interface ChartRenderer {
  /** Each spec's SVG and PNG, in order. */
  draw(specs: readonly TopLevelSpec[]): Promise<DrawnChart[]>;
  /** Frees the thread, if any; pending draws are rejected. */
  close(): Promise<void>;
}

/** Draws on this thread, loading the renderer on first use. */
export const rendererHere: ChartRenderer = {
  async draw(specs) {
    const { drawCharts } = await import('./render.js');
    return drawCharts(specs);
  },
  async close() {},
};

/** A message from the renderer thread: the charts drawn for request `id`, or why not. */
export type RendererReply = { id: number; drawn: DrawnChart[] } | { id: number; error: string };

/**
 * Starts a worker thread that loads the renderer at once and then draws what it is asked to.
 * The thread does not keep the process alive; close it when done.
 *
 * @example
 * const renderer = startRendererThread();
 * try { const drawn = await renderer.draw(specs); } finally { await renderer.close(); }
 */
export function startRendererThread(): ChartRenderer {
  // No flags of this process's: the thread runs only JavaScript, and by default it would start tsx
  // too (its hooks, esbuild's JavaScript, source maps read for every vega module: 0.2 s of CPU).
  // V8's flags (--max-old-space-size…) are the process's and hold in it anyway; passing them here
  // would be refused (ERR_WORKER_INVALID_EXEC_ARGV).
  const worker = new Worker(new URL('./render-worker.js', import.meta.url), { execArgv: [] });
  worker.unref();
  const pending = new Map<number, { resolve: (drawn: DrawnChart[]) => void; reject: (err: Error) => void }>();
  let failed: Error | null = null;
  let closed = false;
  let nextId = 0;
  const failAll = (err: Error) => {
    failed ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on('message', (reply: RendererReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if ('error' in reply) {
      p.reject(new Error(`drawing the charts failed in the renderer thread: ${reply.error}`));
    } else {
      p.resolve(reply.drawn);
    }
  });
  worker.on('error', (err) => failAll(err));
  worker.on('exit', (code) => {
    if (!closed) failAll(new Error(`the renderer thread stopped (exit code ${code})`));
  });
  return {
    draw(specs) {
      if (failed) return Promise.reject(failed);
      if (closed) return Promise.reject(new Error('the renderer thread was closed'));
      const id = nextId++;
      return new Promise<DrawnChart[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.ref(); // an answer is awaited: keep the process alive for it
        worker.postMessage({ id, specs });
      }).finally(() => {
        if (pending.size === 0) worker.unref();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      failAll(new Error('the renderer thread was closed'));
      await worker.terminate();
    },
  };
}
