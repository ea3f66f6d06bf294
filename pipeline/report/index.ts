/**
 * The report stage: charts (Vega-Lite spec, SVG, PNG) and report.html from the pipeline's results.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCharts } from './charts/index.ts';
import { buildReportHtml, type RenderedChart } from './html.ts';
import type { ReportInputs } from './inputs.ts';
import { generatedAtFromEnv } from './generated-at.ts';
import { prefixSvgIds, renderPngAsync, renderSvg } from './render.ts';

export type { ReportInputs } from './inputs.ts';
export { terminalSummary } from './summary.ts';
export { generatedAtFromEnv } from './generated-at.ts';

/** Every chart rendered to SVG, in page order, plus the spec it came from. */
export async function renderCharts(inputs: ReportInputs) {
  const charts = buildCharts(inputs);
  const out: (RenderedChart & { spec: unknown; rawSvg: string })[] = [];
  for (const chart of charts) {
    const rawSvg = await renderSvg(chart.spec);
    out.push({ name: chart.name, title: chart.title, spec: chart.spec, rawSvg, svg: prefixSvgIds(rawSvg, chart.name) });
  }
  return out;
}

/**
 * Every file of the report in memory, in the order written: for each chart figures/NAME.vl.json,
 * figures/NAME.svg, figures/NAME.png, then report.html. Each PNG is rasterised on libuv's thread
 * pool (resvg `renderAsync`, the same renderer and bytes as `renderPng`) while the next chart's
 * SVG is drawn on the main thread.
 *
 * @example
 * (await reportFiles(inputs)).map(([path]) => path) // ['figures/consort.vl.json', 'figures/consort.svg', 'figures/consort.png', …, 'report.html']
 */
export async function reportFiles(inputs: ReportInputs): Promise<[string, string | Buffer][]> {
  const withTime = inputs.generatedAt === undefined ? { ...inputs, generatedAt: generatedAtFromEnv() } : inputs;
  const charts = buildCharts(withTime);
  const rendered: (RenderedChart & { spec: unknown; rawSvg: string })[] = [];
  const pngs: Promise<Buffer>[] = [];
  for (const chart of charts) {
    const rawSvg = await renderSvg(chart.spec);
    const png = renderPngAsync(rawSvg);
    png.catch(() => {}); // awaited below; a failure then is not reported twice as unhandled
    pngs.push(png);
    rendered.push({ name: chart.name, title: chart.title, spec: chart.spec, rawSvg, svg: prefixSvgIds(rawSvg, chart.name) });
  }
  const pngBytes = await Promise.all(pngs);
  const files: [string, string | Buffer][] = [];
  rendered.forEach((c, i) => {
    files.push(
      [join('figures', `${c.name}.vl.json`), `${JSON.stringify(c.spec, null, 2)}\n`],
      [join('figures', `${c.name}.svg`), c.rawSvg],
      [join('figures', `${c.name}.png`), pngBytes[i]],
    );
  });
  files.push(['report.html', buildReportHtml(withTime, rendered)]);
  return files;
}

/**
 * Writes figures/NAME.vl.json, figures/NAME.svg, figures/NAME.png for every chart and the
 * self-contained report.html into `outDir`; returns the paths written, report.html last.
 * Everything is rendered in memory first, so a failure writes nothing.
 *
 * @example
 * await writeReport('out', inputs) // ['out/figures/consort.vl.json', …, 'out/report.html']
 */
export async function writeReport(outDir: string, inputs: ReportInputs): Promise<string[]> {
  const files = await reportFiles(inputs);
  await mkdir(join(outDir, 'figures'), { recursive: true });
  const written: string[] = [];
  for (const [relative, content] of files) {
    const path = join(outDir, relative);
    await writeFile(path, content);
    written.push(path);
  }
  return written;
}
