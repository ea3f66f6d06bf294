// @ts-check
/**
 * The body of the renderer thread (chart-renderer.ts): loads the renderer as soon as it starts,
 * then draws what it is asked, one request at a time in the order sent: `{ id, specs }` is
 * answered `{ id, drawn }` (render.js `drawCharts`) or `{ id, error }`.
 *
 * JavaScript for the reason render.js gives: this thread runs without tsx's loader.
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import { drawCharts } from './render.js';

if (!isMainThread && parentPort) {
  const port = parentPort;
  let queue = Promise.resolve();
  port.on('message', (/** @type {{ id: number, specs: import('vega-lite').TopLevelSpec[] }} */ message) => {
    queue = queue.then(async () => {
      /** @type {import('./chart-renderer.ts').RendererReply} */
      let reply;
      try {
        reply = { id: message.id, drawn: await drawCharts(message.specs) };
      } catch (err) {
        reply = { id: message.id, error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) };
      }
      port.postMessage(reply);
    });
  });
}
