import { describe, expect, it } from 'vitest';
import { Resvg } from '@resvg/resvg-js';
import { fontFiles, renderPng, renderSvg, renumberSvgIds } from '../../pipeline/report/render.js';
import { prefixSvgIds } from '../../pipeline/report/svg-ids.ts';

const TEXT_ONLY = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><rect width="120" height="30" fill="white"/><text x="5" y="20" font-family="DejaVu Sans" font-size="14" fill="black">Synthetic</text></svg>';

/** Pixels darker than mid-grey in an RGBA buffer. */
function darkPixels(pixels: Uint8Array | Buffer): number {
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 128 && pixels[i + 3] > 0) dark += 1;
  return dark;
}

describe('PNG rendering with bundled fonts (STYLE.md: resvg drops text silently without a font)', () => {
  it('without any font file, text vanishes: the trap this module avoids', () => {
    const bare = new Resvg(TEXT_ONLY, { font: { loadSystemFonts: false, fontFiles: [] } }).render();
    expect(darkPixels(bare.pixels)).toBe(0);
  });

  it('with the DejaVu files loaded, the text is drawn', () => {
    expect(fontFiles().every((f) => f.endsWith('.ttf'))).toBe(true);
    const png = renderPng(TEXT_ONLY, 1);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const drawn = new Resvg(TEXT_ONLY, { font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' } }).render();
    expect(darkPixels(drawn.pixels)).toBeGreaterThan(50);
  });

  it('renders a Vega-Lite spec headless to SVG with the DejaVu font', async () => {
    const svg = await renderSvg({
      data: { values: [{ arm: 'coach', n: 3 }, { arm: 'control', n: 2 }] },
      mark: 'bar',
      encoding: { x: { field: 'arm', type: 'nominal' }, y: { field: 'n', type: 'quantitative' } },
      config: { font: 'DejaVu Sans' },
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('font-family="DejaVu Sans"');
    expect(svg).toMatch(/class="mark-rect role-mark/);
  });

  it('numbers ids from 0 in each SVG, whatever vega rendered before (same chart, same bytes)', () => {
    expect(renumberSvgIds('<g fill="url(#gradient_3)"/><linearGradient id="gradient_3"/><clipPath id="clip7"/><g clip-path="url(#clip7)"/>'))
      .toBe('<g fill="url(#gradient_0)"/><linearGradient id="gradient_0"/><clipPath id="clip0"/><g clip-path="url(#clip0)"/>');
  });

  it('makes the ids of each inlined SVG unique', () => {
    const svg = '<clipPath id="clip1"><rect/></clipPath><g clip-path="url(#clip1)"/><use href="#clip1"/>';
    expect(prefixSvgIds(svg, 'forest')).toBe('<clipPath id="forest-clip1"><rect/></clipPath><g clip-path="url(#forest-clip1)"/><use href="#forest-clip1"/>');
  });
});
