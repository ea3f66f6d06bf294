/**
 * The renderer bundle (pipeline/report/renderer-bundle.js): render.js and vega bundled into one
 * file draw every chart of the committed synthetic report to the same SVG and PNG bytes as
 * render.js itself, and a bundle made for other sources, or none, is never used.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itFull } from '../full.ts';
import type { TopLevelSpec } from 'vega-lite';
import * as source from '../../pipeline/report/render.js';
import { buildRendererBundle, loadRenderer, rendererBundleKey, RENDERER_BUNDLE } from '../../pipeline/report/renderer-bundle.js';

// Made beside render.js (where a bundle must sit), under names of this test's own.
const built = RENDERER_BUNDLE.replace(/\.mjs$/, `.test-${process.pid}.mjs`);
const stale = RENDERER_BUNDLE.replace(/\.mjs$/, `.test-stale-${process.pid}.mjs`);
const FIGURES = 'reports/synthetic/figures';
const specs: [string, TopLevelSpec][] = readdirSync(FIGURES)
  .filter((f) => f.endsWith('.vl.json'))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(join(FIGURES, f), 'utf8')) as TopLevelSpec]);

beforeAll(async () => {
  await buildRendererBundle(built);
}, 60_000);
afterAll(() => {
  rmSync(built, { force: true });
  rmSync(stale, { force: true });
});

describe('the renderer bundle', () => {
  it('starts with the key of the sources it was made from', () => {
    const key = rendererBundleKey();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(built, 'latin1').split('\n', 1)[0]).toBe(`// lend-an-ear renderer bundle, key ${key}`);
  });

  itFull('draws every chart of the synthetic report to the same SVG and PNG bytes as render.js', async () => {
    const { renderer, from } = await loadRenderer(built);
    expect(from).toBe('bundle');
    expect(renderer).not.toBe(source);
    expect(specs.length).toBeGreaterThanOrEqual(8);
    for (const [name, spec] of specs) {
      const [bundled, direct] = await Promise.all([renderer.drawCharts([spec]), source.drawCharts([spec])]);
      expect(bundled[0].svg, name).toBe(direct[0].svg);
      expect(Buffer.from(bundled[0].png).equals(Buffer.from(direct[0].png)), name).toBe(true);
      // And the committed SVG: the report was drawn by one or the other.
      expect(bundled[0].svg, name).toBe(readFileSync(join(FIGURES, name.replace('.vl.json', '.svg')), 'utf8'));
    }
  }, 60_000);

  it('is not used when made for other sources, or missing: render.js is', async () => {
    const text = readFileSync(built, 'latin1');
    writeFileSync(stale, text.replace(/key [0-9a-f]{64}/, `key ${'0'.repeat(64)}`), 'latin1');
    expect((await loadRenderer(stale)).from).toBe('source');
    expect((await loadRenderer(stale)).renderer).toBe(source);
    expect((await loadRenderer(join('pipeline', 'report', 'no-such-bundle.mjs'))).from).toBe('source');
    // The right key line over a damaged body.
    writeFileSync(stale, `${text.split('\n', 1)[0]}\nthis is not JavaScript(\n`, 'latin1');
    expect((await loadRenderer(stale)).from).toBe('source');
  });

  it('must sit beside render.js', async () => {
    await expect(buildRendererBundle(join('/tmp', 'render.bundle.mjs'))).rejects.toThrow('must sit beside render.js');
  });
});
