/**
 * How long rendering every chart of the report takes for a study the size of the bundled one
 * (968 analysed participants, 3 conversations each): Vega-Lite compile, headless SVG and PNG.
 * The target is under 2 s. Run alone with `npx tsx bench/report.ts`.
 */
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { buildCharts } from '../pipeline/report/charts/index.ts';
import type { ReportInputs } from '../pipeline/report/inputs.ts';
import { renderPngAsync, renderSvg } from '../pipeline/report/render.js';
import { fixtureInputs, fixtureScored } from '../tests/report/fixture.ts';

export const BUNDLED_PARTICIPANTS = 968;

/** Every chart's SVG, drawn one after another as render.js `drawCharts` does. */
async function chartSvgs(inputs: ReportInputs): Promise<string[]> {
  const svgs: string[] = [];
  for (const chart of buildCharts(inputs)) svgs.push(await renderSvg(chart.spec));
  return svgs;
}

/**
 * Seconds to render all charts (SVG and PNG) of a synthetic 968-participant study, once warmed up.
 *
 * @example
 * await benchReport() // e.g. 1.4
 */
export async function benchReport(): Promise<number> {
  return (await benchReportDetailed()).seconds;
}

/** Wall-clock seconds, and CPU seconds of this process (less sensitive to a busy machine), split
 *  into SVG (compile + headless view) and PNG (resvg, on the thread pool). */
export async function benchReportDetailed(): Promise<{ seconds: number; cpuSeconds: number; svgSeconds: number; pngSeconds: number }> {
  const big = fixtureScored(Math.ceil(BUNDLED_PARTICIPANTS / 3));
  const participants = big.participants.slice(0, BUNDLED_PARTICIPANTS);
  const kept = new Set(participants.map((p) => p.participant_id));
  const scored = { ...big, participants, conversations: big.conversations.filter((c) => kept.has(c.participant_id)) };
  const inputs = fixtureInputs({ scored });
  // One warm-up pass, so module loading and JIT are not counted.
  await chartSvgs(fixtureInputs({ scored: fixtureScored(5) }));
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const svgs = await chartSvgs(inputs);
  const svgDone = performance.now();
  // As the report stage does: every PNG on libuv's thread pool (there it overlaps the next SVG).
  await Promise.all(svgs.map((svg) => renderPngAsync(svg)));
  const end = performance.now();
  const cpu = process.cpuUsage(cpuStart);
  return {
    seconds: (end - start) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    svgSeconds: (svgDone - start) / 1000,
    pngSeconds: (end - svgDone) / 1000,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { runScript } = await import('../pipeline/script.ts');
  const usage = `Usage: npx tsx bench/report.ts

Wall and CPU time of drawing every chart of a synthetic ${BUNDLED_PARTICIPANTS}-participant study as SVG
and PNG (after a warm-up), against the target of 2 s. Takes no options.`;
  await runScript({ command: 'npx tsx bench/report.ts', usage, options: {} }, benchReportMain);
}

async function benchReportMain(): Promise<void> {
  const r = await benchReportDetailed();
  process.stderr.write(`report: all charts of a ${BUNDLED_PARTICIPANTS}-participant study rendered in ${r.seconds.toFixed(2)} s `
    + `(SVG ${r.svgSeconds.toFixed(2)} s, PNG ${r.pngSeconds.toFixed(2)} s; CPU ${r.cpuSeconds.toFixed(2)} s; `
    + `load average ${loadavg()[0].toFixed(1)}); target < 2 s\n`);
}
