// @ts-check
/**
 * `npm ci` runs this (postinstall): bundles the chart renderer into pipeline/report/render.bundle.mjs
 * (see pipeline/report/renderer-bundle.js). A failure only warns: without the bundle the renderer
 * thread loads render.js, the same charts, a little slower.
 */
import { relative } from 'node:path';
import { buildRendererBundle } from '../pipeline/report/renderer-bundle.js';

const USAGE = `Usage: node scripts/bundle-renderer.js

Bundles the chart renderer (pipeline/report/render.js and vega) with esbuild into
pipeline/report/render.bundle.mjs, which the renderer thread loads when it is current. npm ci runs
it (postinstall) and so does npm run reproduce. Takes no options. A failure only warns (exit 0):
without the bundle the charts are drawn by render.js, to the same bytes.`;

// Plain JavaScript (it runs at install, before anything is compiled), so the shared script entry
// point (pipeline/script.ts) is not used; the same rules by hand.
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (args.length > 0) {
  process.stderr.write(`error: unexpected argument ${JSON.stringify(args[0])}; see 'node scripts/bundle-renderer.js --help'\n`);
  process.exit(2);
}

try {
  const file = await buildRendererBundle();
  process.stderr.write(`renderer bundle: ${relative(process.cwd(), file)}\n`);
} catch (err) {
  process.stderr.write(`renderer bundle not made (charts will load render.js instead): ${err instanceof Error ? err.message : String(err)}\n`);
}
