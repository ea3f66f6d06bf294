/**
 * The report stage: charts (Vega-Lite spec, SVG, PNG) and report.html from the pipeline's results.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCharts } from './charts/index.ts';
import { buildReportHtml, type RenderedChart } from './html.ts';
import type { ReportInputs } from './inputs.ts';
import { prefixSvgIds, renderPng, renderSvg } from './render.ts';

export type { ReportInputs } from './inputs.ts';
export { terminalSummary } from './summary.ts';

/**
 * The report's time stamp: from SOURCE_DATE_EPOCH (seconds since 1970) when set, else none, so
 * that the same inputs give the same bytes.
 *
 * @example
 * generatedAtFromEnv({ SOURCE_DATE_EPOCH: '0' }) // '1970-01-01T00:00:00.000Z'
 */
export function generatedAtFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return new Date(Number(raw) * 1000).toISOString();
}

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
 * Writes figures/NAME.vl.json, figures/NAME.svg, figures/NAME.png for every chart and the
 * self-contained report.html into `outDir`; returns the paths written, report.html last.
 * Everything is rendered in memory first, so a failure writes nothing.
 *
 * @example
 * await writeReport('out', inputs) // ['out/figures/consort.vl.json', …, 'out/report.html']
 */
export async function writeReport(outDir: string, inputs: ReportInputs): Promise<string[]> {
  const withTime = inputs.generatedAt === undefined ? { ...inputs, generatedAt: generatedAtFromEnv() } : inputs;
  const charts = await renderCharts(withTime);
  const files: [string, string | Buffer][] = [];
  for (const c of charts) {
    files.push(
      [join('figures', `${c.name}.vl.json`), `${JSON.stringify(c.spec, null, 2)}\n`],
      [join('figures', `${c.name}.svg`), c.rawSvg],
      [join('figures', `${c.name}.png`), renderPng(c.rawSvg)],
    );
  }
  files.push(['report.html', buildReportHtml(withTime, charts)]);
  await mkdir(join(outDir, 'figures'), { recursive: true });
  const written: string[] = [];
  for (const [relative, content] of files) {
    const path = join(outDir, relative);
    await writeFile(path, content);
    written.push(path);
  }
  return written;
}
