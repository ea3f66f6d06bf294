/**
 * Rendering without a browser: Vega-Lite → Vega → SVG with vega's headless View (renderer
 * "none"), and SVG → PNG with resvg. resvg silently drops text when it finds no font, so the
 * DejaVu files of the `dejavu-fonts-ttf` package are loaded explicitly and system fonts are off:
 * the PNG is then the same on every machine.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as vega from 'vega';
import type { LoggerInterface } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { Resvg, renderAsync } from '@resvg/resvg-js';
import { FONT } from './charts/theme.ts';

const require = createRequire(import.meta.url);

/** Absolute paths of the DejaVu Sans files (regular for labels, bold for titles) used for PNG text. */
export function fontFiles(): string[] {
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
 */
export async function renderSvg(spec: TopLevelSpec, warnings: string[] = []): Promise<string> {
  const vegaSpec = compile(spec, { logger: collectingLogger(warnings) }).spec;
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none' });
  try {
    return renumberSvgIds(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/** A Vega logger that keeps warnings in a list and prints nothing; errors still throw. */
function collectingLogger(warnings: string[]): LoggerInterface {
  let current = vega.Warn;
  const logger = {
    level(value?: number) {
      if (value === undefined) return current;
      current = value;
      return logger;
    },
    error(...args: readonly unknown[]) {
      throw new Error(args.map(String).join(' '));
    },
    warn(...args: readonly unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger as unknown as LoggerInterface;
}

/**
 * Rasterises an SVG to PNG bytes at `scale` × its size, with only the bundled DejaVu fonts.
 *
 * @example
 * renderPng(svg).subarray(1, 4).toString() // 'PNG'
 */
export function renderPng(svg: string, scale = 1.5): Buffer {
  return new Resvg(svg, pngOptions(scale)).render().asPng();
}

/**
 * `renderPng` on libuv's thread pool (resvg's `renderAsync`): the same options, the same bytes,
 * while the main thread goes on (the report draws the next chart's SVG meanwhile).
 *
 * @example
 * (await renderPngAsync(svg)).equals(renderPng(svg)) // true
 */
export async function renderPngAsync(svg: string, scale = 1.5): Promise<Buffer> {
  return (await renderAsync(svg, pngOptions(scale))).asPng();
}

function pngOptions(scale: number) {
  return {
    fitTo: { mode: 'zoom' as const, value: scale },
    background: 'white',
    font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: FONT, sansSerifFamily: FONT },
  };
}

/**
 * Renumbers the ids of one SVG from 0 in order of definition. Vega draws gradient ids from a
 * counter that lives as long as the process, so without this the same chart rendered twice gets
 * `gradient_0` then `gradient_1`, and the output bytes would depend on what was rendered before.
 *
 * @example
 * renumberSvgIds('<g fill="url(#gradient_3)"/><linearGradient id="gradient_3"/>')
 * // '<g fill="url(#gradient_0)"/><linearGradient id="gradient_0"/>'
 */
export function renumberSvgIds(svg: string): string {
  const mapping = new Map<string, string>();
  const perStem = new Map<string, number>();
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) {
    const id = match[1];
    if (mapping.has(id)) continue;
    const stem = id.replace(/\d+$/, '');
    const next = perStem.get(stem) ?? 0;
    perStem.set(stem, next + 1);
    mapping.set(id, `${stem}${next}`);
  }
  const rename = (id: string) => mapping.get(id) ?? id;
  return svg
    .replace(/(\sid=")([^"]+)"/g, (_, head: string, id: string) => `${head}${rename(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${rename(id)})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${rename(id)}"`);
}

/**
 * Makes every id in a rendered SVG unique to its chart (vega numbers its clip paths clip1, clip2…
 * in every chart), so that several SVGs can be inlined in one HTML page without one chart's
 * `url(#clip1)` resolving to another chart's clip path.
 *
 * @example
 * prefixSvgIds('<clipPath id="clip1"/><g clip-path="url(#clip1)"/>', 'forest')
 * // '<clipPath id="forest-clip1"/><g clip-path="url(#forest-clip1)"/>'
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\sid="([^"]+)"/g, ` id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`);
}
