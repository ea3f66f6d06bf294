/**
 * How long rendering every chart of the report takes for a study the size of the bundled one
 * (968 analysed participants, 3 conversations each): Vega-Lite compile, headless SVG and PNG.
 * The target is under 2 s. Run alone with `npx tsx bench/report.ts`.
 */
import { pathToFileURL } from 'node:url';
import { renderCharts } from '../pipeline/report/index.ts';
import { renderPng } from '../pipeline/report/render.ts';
import { fixtureInputs, fixtureScored } from '../tests/report/fixture.ts';

export const BUNDLED_PARTICIPANTS = 968;

/**
 * Seconds to render all charts (SVG and PNG) of a synthetic 968-participant study, once warmed up.
 *
 * @example
 * await benchReport() // e.g. 1.4
 */
export async function benchReport(): Promise<number> {
  const big = fixtureScored(Math.ceil(BUNDLED_PARTICIPANTS / 3));
  const participants = big.participants.slice(0, BUNDLED_PARTICIPANTS);
  const kept = new Set(participants.map((p) => p.participant_id));
  const scored = { ...big, participants, conversations: big.conversations.filter((c) => kept.has(c.participant_id)) };
  const inputs = fixtureInputs({ scored });
  // One warm-up pass, so module loading and JIT are not counted.
  await renderCharts(fixtureInputs({ scored: fixtureScored(5) }));
  const start = performance.now();
  const charts = await renderCharts(inputs);
  for (const c of charts) renderPng(c.rawSvg);
  return (performance.now() - start) / 1000;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const seconds = await benchReport();
  process.stderr.write(`report: all charts of a ${BUNDLED_PARTICIPANTS}-participant study rendered (SVG + PNG) in ${seconds.toFixed(2)} s (target < 2 s)\n`);
}
