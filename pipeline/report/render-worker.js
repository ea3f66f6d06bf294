// @ts-check
/**
 * The body of the renderer thread (chart-renderer.ts): loads the renderer as soon as it starts,
 * then takes two messages, one at a time in the order sent:
 *
 * - `{ kind: 'draw', id, specs }`: answers `{ id, drawn, fromAhead }` (render.js `drawCharts`; how
 *   many of them had been drawn ahead) or `{ id, error }`;
 * - `{ kind: 'ahead', specs }`: draws these now and keeps them, each for one later `draw` of the
 *   very same spec (the same JSON text); drawing is a pure function of the spec, so a chart drawn
 *   ahead is the chart `draw` would have drawn. Nothing is answered.
 *
 * It draws with render.js. JavaScript for the reason render.js gives: this thread runs without tsx's
 * loader.
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import { drawCharts, startDrawing } from './render.js';

if (!isMainThread && parentPort) {
  const port = parentPort;
  /** Charts drawn ahead, by the JSON text of their spec. @type {Map<string, ReturnType<typeof startDrawing>>} */
  const ahead = new Map();
  let queue = Promise.resolve();
  port.on('message', (/** @type {{ kind: 'draw', id: number, specs: import('vega-lite').TopLevelSpec[] } | { kind: 'ahead', specs: import('vega-lite').TopLevelSpec[] }} */ message) => {
    if (message.kind === 'ahead') {
      queue = queue.then(async () => {
        for (const spec of message.specs) {
          const key = JSON.stringify(spec);
          if (ahead.has(key)) continue;
          const started = startDrawing(spec);
          started.catch(() => {}); // met again, and reported, by the draw that asks for it
          ahead.set(key, started);
          await started.catch(() => {});
        }
      });
      return;
    }
    queue = queue.then(async () => {
      /** @type {import('./chart-renderer.ts').RendererReply} */
      let reply;
      try {
        let fromAhead = 0;
        const drawn = await drawCharts(message.specs, (spec) => {
          const key = JSON.stringify(spec);
          const started = ahead.get(key);
          ahead.delete(key);
          if (started) fromAhead += 1;
          return started ?? startDrawing(spec);
        });
        reply = { id: message.id, drawn, fromAhead };
      } catch (err) {
        reply = { id: message.id, error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) };
      }
      port.postMessage(reply);
    });
  });
}
