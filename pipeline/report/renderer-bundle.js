// @ts-check
/**
 * The renderer as one file: render.js with vega, vega-lite and their d3 modules bundled by esbuild
 * into render.bundle.mjs beside it. `npm ci` makes it (postinstall, scripts/bundle-renderer.js), and
 * so does `npm run reproduce`; it is not in git. Node 20 loads ESM module by module, so the one
 * file loads in about half the time of the ~60 it is made of (0.15 against 0.32 s, and a run takes
 * 0.3 s less CPU).
 *
 * The bundle's first line names the key it was made for: the SHA-256 of render.js, font.js, this
 * file and package-lock.json (which pins every bundled version). A bundle that is missing, or made
 * for other sources, is never used: the renderer thread then loads render.js itself, the same code
 * and the same bytes, only slower. The bundle sits beside render.js so that render.js's paths
 * relative to its own URL (the fonts) hold in it too.
 *
 * Plain JavaScript, for the renderer thread (render-worker.js), which runs without tsx.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Where `npm ci` and `npm run reproduce` put the bundle. */
export const RENDERER_BUNDLE = join(HERE, 'render.bundle.mjs');

const KEY_LINE = '// lend-an-ear renderer bundle, key ';

/**
 * The key a current bundle carries: SHA-256 over render.js, font.js, this file and the project's
 * package-lock.json; null when one cannot be read (then no bundle is current).
 *
 * @example
 * rendererBundleKey() // '3f0c…' (64 hex digits)
 * @returns {string | null}
 */
export function rendererBundleKey() {
  const hash = createHash('sha256');
  try {
    for (const file of [join(HERE, 'render.js'), join(HERE, 'font.js'), fileURLToPath(import.meta.url), join(HERE, '..', '..', 'package-lock.json')]) {
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  } catch {
    return null;
  }
  return hash.digest('hex');
}

/**
 * Whether `file` starts with the key line for `key`.
 * @param {string} file
 * @param {string} key
 */
function carriesKey(file, key) {
  let fd;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const expected = `${KEY_LINE}${key}\n`;
    const head = Buffer.alloc(expected.length);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).toString('latin1') === expected;
  } finally {
    closeSync(fd);
  }
}

/**
 * The renderer module: the bundle in `file` if it was made for the sources as they are now and
 * loads, else render.js. `from` says which.
 *
 * @example
 * const { renderer, from } = await loadRenderer(); // from: 'bundle' after npm ci
 * await renderer.renderSvg(spec)
 * @param {string} [file]
 * @returns {Promise<{ renderer: typeof import('./render.js'), from: 'bundle' | 'source' }>}
 */
export async function loadRenderer(file = RENDERER_BUNDLE) {
  const key = rendererBundleKey();
  if (key !== null && carriesKey(file, key)) {
    try {
      return { renderer: await import(pathToFileURL(file).href), from: 'bundle' };
    } catch {
      // A bundle that cannot load (damaged after it was made) only costs the speed-up.
    }
  }
  return { renderer: await import('./render.js'), from: 'source' };
}

/**
 * Bundles render.js with esbuild into `file` (written whole, then renamed into place), keyed by
 * `rendererBundleKey`. resvg stays outside (a native module), loaded by the bundle's `require`.
 * `file` must be in this folder (render.js finds the fonts relative to its own URL).
 *
 * @example
 * await buildRendererBundle() // 'pipeline/report/render.bundle.mjs' (absolute)
 * @param {string} [file]
 * @returns {Promise<string>}
 */
export async function buildRendererBundle(file = RENDERER_BUNDLE) {
  if (dirname(file) !== HERE) throw new Error(`the renderer bundle must sit beside render.js (${HERE}), not in ${dirname(file)}`);
  const key = rendererBundleKey();
  if (key === null) throw new Error('cannot read render.js, font.js or package-lock.json to key the bundle');
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(HERE, 'render.js')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['@resvg/resvg-js'],
    write: false,
    logLevel: 'silent',
    banner: { js: `${KEY_LINE}${key}\nimport { createRequire as __bundleCreateRequire } from 'node:module';\nconst require = __bundleCreateRequire(import.meta.url);` },
  });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, result.outputFiles[0].contents);
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
  return file;
}
