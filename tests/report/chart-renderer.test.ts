/**
 * The renderer thread that `run` starts early (pipeline/report/chart-renderer.ts) draws the same
 * bytes as drawing on this thread, reports a chart that cannot be drawn as an error naming it,
 * and refuses to draw once closed.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { itFull } from '../full.ts';
import { buildCharts } from '../../pipeline/report/charts/index.ts';
import { rendererHere, startRendererThread } from '../../pipeline/report/chart-renderer.ts';
import { fixtureInputs } from './fixture.ts';

const specs = buildCharts(fixtureInputs()).map((chart) => chart.spec);
const thread = startRendererThread();
afterAll(() => thread.close());

describe('the renderer thread', () => {
  itFull('draws every chart to the same SVG and PNG bytes as this thread, in order', async () => {
    const [there, here] = await Promise.all([thread.draw(specs), rendererHere.draw(specs)]);
    expect(there).toHaveLength(specs.length);
    for (let i = 0; i < specs.length; i++) {
      expect(there[i].svg).toBe(here[i].svg);
      expect(Buffer.from(there[i].png).equals(Buffer.from(here[i].png))).toBe(true);
      expect(Buffer.from(there[i].png).subarray(1, 4).toString()).toBe('PNG');
    }
  });

  it('answers requests in the order made, each with its own charts', async () => {
    const [first, second] = await Promise.all([thread.draw(specs.slice(0, 1)), thread.draw(specs.slice(1, 3))]);
    const here = await rendererHere.draw(specs.slice(0, 3));
    expect(first.map((c) => c.svg)).toEqual([here[0].svg]);
    expect(second.map((c) => c.svg)).toEqual([here[1].svg, here[2].svg]);
  });

  it('rejects a spec vega cannot draw with vega\'s message, and goes on drawing', async () => {
    const bad = { data: { values: [{ a: 1 }] }, transform: [{ filter: 'noSuchFunction(datum.a)' }], mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } };
    await expect(thread.draw([bad as never])).rejects.toThrow(/drawing the charts failed in the renderer thread: .*noSuchFunction/);
    expect((await thread.draw(specs.slice(0, 1)))[0].svg).toMatch(/^<svg/);
  });

  it('refuses to draw once closed', async () => {
    const other = startRendererThread();
    await other.close();
    await expect(other.draw(specs.slice(0, 1))).rejects.toThrow('the renderer thread was closed');
  });
});

describe('the renderer thread in a process started with flags', () => {
  it('starts and draws when node was given a V8 flag and tsx (none is passed on to the thread)', () => {
    const script = `
      const { startRendererThread } = await import('./pipeline/report/chart-renderer.ts');
      const r = startRendererThread();
      const [chart] = await r.draw([{ data: { values: [{ a: 1 }] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } }]);
      await r.close();
      process.stdout.write(chart.svg.slice(0, 4) + ' ' + Buffer.from(chart.png).subarray(1, 4).toString());`;
    const child = spawnSync(process.execPath, ['--max-old-space-size=3000', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('<svg PNG');
  });
});
