/**
 * The subset fonts of pipeline/report/fonts/ (scripts/subset-fonts.py) stand in for the full
 * DejaVu Sans files only where they draw the very same PNG. The reference is the full font
 * itself: every covered character, and a seeded sample of character pairs (kerning), is drawn
 * both ways and the PNG bytes compared.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { itFull } from '../full.ts';
import { fontFiles, fontFilesFor, renderPng } from '../../pipeline/report/render.js';
import { createRng } from '../../pipeline/stats/random.ts';

const FONTS_DIR = new URL('../../pipeline/report/fonts/', import.meta.url);
const subsetDoc = JSON.parse(readFileSync(new URL('subset.json', FONTS_DIR), 'utf8')) as {
  source: { package: string; version: string };
  fonts: Record<string, { source: string; source_sha256: string; sha256: string }>;
  covered: [number, number][];
};
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const covered = subsetDoc.covered.flatMap(([first, last]) => Array.from({ length: last - first + 1 }, (_, i) => String.fromCodePoint(first + i)));

/** `lines` as one SVG of text lines, each in `weight`, escaped for XML. */
function textSvg(lines: string[], weight: 'normal' | 'bold'): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const texts = lines.map((line, i) => `<text x="4" y="${16 + i * 18}" font-family="DejaVu Sans" font-size="${i % 2 ? 11 : 13}px" font-weight="${weight}" xml:space="preserve">${escape(line)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="${24 + lines.length * 18}">${texts.join('')}</svg>`;
}

/** The PNG drawn with the full DejaVu files, as render.js drew every chart before the subsets. */
function withFullFonts(svg: string, scale = 1.5): Buffer {
  return new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  }).render().asPng();
}

function chunks(chars: string[], size: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < chars.length; i += size) lines.push(chars.slice(i, i + size).join(''));
  return lines;
}

describe('subset fonts (pipeline/report/fonts, scripts/subset-fonts.py)', () => {
  it('are the files subset.json describes, cut from the DejaVu files installed now', () => {
    const pkgDir = dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json'));
    expect(JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version).toBe(subsetDoc.source.version);
    const names = Object.keys(subsetDoc.fonts);
    expect(names).toEqual(['DejaVuSans.subset.ttf', 'DejaVuSans-Bold.subset.ttf']);
    for (const name of names) {
      const font = subsetDoc.fonts[name];
      expect(sha256(readFileSync(new URL(name, FONTS_DIR)))).toBe(font.sha256);
      expect(sha256(readFileSync(join(pkgDir, 'ttf', font.source)))).toBe(font.source_sha256);
    }
    expect(covered.length).toBeGreaterThan(1500);
  });

  it.each(['normal', 'bold'] as const)('draw every covered character (%s) to the same PNG bytes as the full files', (weight) => {
    const svg = textSvg(chunks(covered, 64), weight);
    expect(fontFilesFor(svg)).not.toEqual(fontFiles());
    expect(renderPng(svg).equals(withFullFonts(svg))).toBe(true);
    expect(renderPng(svg, 1).equals(withFullFonts(svg, 1))).toBe(true);
  });

  itFull('draw a seeded sample of 3,000 character pairs (kerning) to the same PNG bytes as the full files', () => {
    const rng = createRng(20261126);
    const sample = Array.from({ length: 3000 }, () => rng.pick(covered));
    for (const weight of ['normal', 'bold'] as const) {
      const svg = textSvg(chunks(sample, 60), weight);
      expect(renderPng(svg).equals(withFullFonts(svg))).toBe(true);
    }
  });

  it('give way to the full files for any character they do not cover, or a character reference', () => {
    for (const text of ['東京', 'e\u0301', '\u{1F600}', '&#8212;']) {
      expect(fontFilesFor(`<svg><text>Round 1 ${text}</text></svg>`)).toEqual(fontFiles());
    }
    expect(fontFilesFor('<svg>\n\t<text>Round 1 – 3, κ ≥ 0.6, ± −</text></svg>')).not.toEqual(fontFiles());
  });

  it('leave text outside them drawn as the full files draw it', () => {
    const svg = textSvg(['Szenario: 東京 – café'], 'normal');
    expect(renderPng(svg).equals(withFullFonts(svg))).toBe(true);
  });
});
