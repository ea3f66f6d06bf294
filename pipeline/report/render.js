// @ts-check
/**
 * Rendering without a browser: Vega-Lite → Vega → SVG with vega's headless View (renderer
 * "none"), and SVG → PNG with resvg. resvg silently drops text when it finds no font, so the
 * DejaVu files of the `dejavu-fonts-ttf` package are loaded explicitly and system fonts are off:
 * the PNG is then the same on every machine.
 *
 * JavaScript (type-checked from its JSDoc), not TypeScript, because `run` draws the charts on a
 * worker thread (chart-renderer.ts) that loads this module with Node's own loader: with tsx's
 * loader in that thread too, loading vega took twice as long and slowed ingest on the other core.
 * So this module imports no TypeScript (font.js is JavaScript too).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { Resvg, renderAsync } from '@resvg/resvg-js';
import { FONT } from './font.js';

const require = createRequire(import.meta.url);

/**
 * Absolute paths of the DejaVu Sans files (regular for labels, bold for titles) used for PNG text.
 * @returns {string[]}
 */
export function fontFiles() {
  const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => join(dir, f));
}

/**
 * Compiles a Vega-Lite spec and renders it to an SVG string, headless. Vega-Lite's warnings go
 * into `warnings` instead of stderr (collected, not printed from deep inside).
 *
 * @example
 * await renderSvg({ mark: 'point', data: { values: [{ a: 1 }] }, encoding: { x: { field: 'a', type: 'quantitative' } } })
 * // '<svg xmlns="http://www.w3.org/2000/svg" … class="marks" …>…</svg>'
 * @param {import('vega-lite').TopLevelSpec} spec
 * @param {string[]} [warnings]
 * @returns {Promise<string>}
 */
export async function renderSvg(spec, warnings = []) {
  const vegaSpec = compile(spec, { logger: collectingLogger(warnings) }).spec;
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none' });
  try {
    return renumberSvgIds(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * A Vega logger that keeps warnings in a list and prints nothing; errors still throw.
 * @param {string[]} warnings
 * @returns {import('vega').LoggerInterface}
 */
function collectingLogger(warnings) {
  let current = vega.Warn;
  const logger = {
    /** @param {number} [value] */
    level(value) {
      if (value === undefined) return current;
      current = value;
      return logger;
    },
    /** @param {unknown[]} args */
    error(...args) {
      throw new Error(args.map(String).join(' '));
    },
    /** @param {unknown[]} args */
    warn(...args) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return /** @type {import('vega').LoggerInterface} */ (/** @type {unknown} */ (logger));
}

/**
 * Rasterises an SVG to PNG bytes at `scale` × its size, with only the bundled DejaVu fonts.
 *
 * @example
 * renderPng(svg).subarray(1, 4).toString() // 'PNG'
 * @param {string} svg
 * @param {number} [scale]
 * @returns {Buffer}
 */
export function renderPng(svg, scale = 1.5) {
  return new Resvg(svg, pngOptions(scale)).render().asPng();
}

/**
 * `renderPng` on libuv's thread pool (resvg's `renderAsync`): the same options, the same bytes,
 * while the calling thread goes on.
 *
 * @example
 * (await renderPngAsync(svg)).equals(renderPng(svg)) // true
 * @param {string} svg
 * @param {number} [scale]
 * @returns {Promise<Buffer>}
 */
export async function renderPngAsync(svg, scale = 1.5) {
  return (await renderAsync(svg, pngOptions(scale))).asPng();
}

/**
 * @param {number} scale
 */
function pngOptions(scale) {
  return {
    fitTo: { mode: /** @type {const} */ ('zoom'), value: scale },
    background: 'white',
    font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: FONT, sansSerifFamily: FONT },
  };
}

/**
 * One chart drawn: its SVG and its PNG.
 * @typedef {{ svg: string, png: Uint8Array }} DrawnChart
 */

/**
 * Draws each spec in order: each SVG on this thread, while the PNGs of the charts before it are
 * rasterised on libuv's thread pool (resvg `renderAsync`, the same renderer and bytes as
 * `renderPng`).
 *
 * @example
 * const [{ svg, png }] = await drawCharts([spec]);
 * @param {readonly import('vega-lite').TopLevelSpec[]} specs
 * @returns {Promise<DrawnChart[]>}
 */
export async function drawCharts(specs) {
  /** @type {{ svg: string, png: Promise<Buffer> }[]} */
  const started = [];
  for (const spec of specs) {
    const svg = await renderSvg(spec);
    const png = renderPngAsync(svg);
    png.catch(() => {}); // awaited below; a failure then is not reported twice as unhandled
    started.push({ svg, png });
  }
  const pngBytes = await Promise.all(started.map((chart) => chart.png));
  return started.map((chart, i) => ({ svg: chart.svg, png: pngBytes[i] }));
}

/**
 * Renumbers the ids of one SVG from 0 in order of definition. Vega draws gradient ids from a
 * counter that lives as long as the process, so without this the same chart rendered twice gets
 * `gradient_0` then `gradient_1`, and the output bytes would depend on what was rendered before.
 *
 * @example
 * renumberSvgIds('<g fill="url(#gradient_3)"/><linearGradient id="gradient_3"/>')
 * // '<g fill="url(#gradient_0)"/><linearGradient id="gradient_0"/>'
 * @param {string} svg
 * @returns {string}
 */
export function renumberSvgIds(svg) {
  /** @type {Map<string, string>} */
  const mapping = new Map();
  /** @type {Map<string, number>} */
  const perStem = new Map();
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) {
    const id = match[1];
    if (mapping.has(id)) continue;
    const stem = id.replace(/\d+$/, '');
    const next = perStem.get(stem) ?? 0;
    perStem.set(stem, next + 1);
    mapping.set(id, `${stem}${next}`);
  }
  /** @param {string} id */
  const rename = (id) => mapping.get(id) ?? id;
  return svg
    .replace(/(\sid=")([^"]+)"/g, (_, /** @type {string} */ head, /** @type {string} */ id) => `${head}${rename(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, /** @type {string} */ id) => `url(#${rename(id)})`)
    .replace(/href="#([^"]+)"/g, (_, /** @type {string} */ id) => `href="#${rename(id)}"`);
}
