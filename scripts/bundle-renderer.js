// @ts-check
/**
 * `npm ci` runs this (postinstall): bundles the chart renderer into pipeline/report/render.bundle.mjs
 * (see pipeline/report/renderer-bundle.js). A failure only warns: without the bundle the renderer
 * thread loads render.js, the same charts, a little slower.
 */
import { relative } from 'node:path';
import { buildRendererBundle } from '../pipeline/report/renderer-bundle.js';

try {
  const file = await buildRendererBundle();
  process.stderr.write(`renderer bundle: ${relative(process.cwd(), file)}\n`);
} catch (err) {
  process.stderr.write(`renderer bundle not made (charts will load render.js instead): ${err instanceof Error ? err.message : String(err)}\n`);
}
