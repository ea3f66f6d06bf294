/**
 * The report stage: charts (Vega-Lite spec, SVG, PNG) and report.html from the pipeline's results.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCharts } from './charts/index.ts';
import { buildReportHtml, type RenderedChart } from './html.ts';
import type { ReportInputs } from './inputs.ts';
import { generatedAtFromEnv } from './generated-at.ts';
import { rendererHere, type ChartRenderer } from './chart-renderer.ts';
import { prefixSvgIds } from './svg-ids.ts';

export type { ReportInputs } from './inputs.ts';
export { terminalSummary } from './summary.ts';
export { generatedAtFromEnv } from './generated-at.ts';

/**
 * Every file of the report in memory, in the order written: for each chart figures/NAME.vl.json,
 * figures/NAME.svg, figures/NAME.png, then report.html. The charts are drawn by `renderer`: this
 * thread by default, or the thread `run` started early (chart-renderer.ts); the bytes are the same.
 *
 * @example
 * (await reportFiles(inputs)).map(([path]) => path) // ['figures/consort.vl.json', 'figures/consort.svg', 'figures/consort.png', …, 'report.html']
 */
export async function reportFiles(inputs: ReportInputs, renderer: ChartRenderer = rendererHere): Promise<[string, string | Uint8Array][]> {
  const withTime = inputs.generatedAt === undefined ? { ...inputs, generatedAt: generatedAtFromEnv() } : inputs;
  const charts = buildCharts(withTime);
  const drawn = await renderer.draw(charts.map((chart) => chart.spec));
  const rendered: RenderedChart[] = charts.map((chart, i) => ({ name: chart.name, title: chart.title, svg: prefixSvgIds(drawn[i].svg, chart.name) }));
  const files: [string, string | Uint8Array][] = [];
  charts.forEach((chart, i) => {
    files.push(
      [join('figures', `${chart.name}.vl.json`), `${JSON.stringify(chart.spec, null, 2)}\n`],
      [join('figures', `${chart.name}.svg`), drawn[i].svg],
      [join('figures', `${chart.name}.png`), drawn[i].png],
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
