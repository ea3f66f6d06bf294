/**
 * What every chart shares: the font (DejaVu Sans, the one font loaded for PNG rendering), arm
 * colours, a title that says "synthetic" whenever the data are, and rounding of the numbers put
 * into a spec so that specs are short and stable across platforms.
 */
import type { TopLevelSpec } from 'vega-lite';
import { ARMS, type Arm } from '../../study.ts';
import { FONT } from '../font.js';

export { FONT };

/** One chart of the report: file stem, a human title for the page, and its Vega-Lite spec. */
export interface ChartDef {
  name: string;
  title: string;
  spec: TopLevelSpec;
}

export const SYNTHETIC_NOTE = 'SYNTHETIC data: not real participants';

/** A Vega-Lite title object; the subtitle starts with the synthetic warning when it applies. */
export function chartTitle(text: string, synthetic: boolean, subtitle?: string, note?: string | null): { text: string; subtitle?: string[] } {
  const lines: string[] = [];
  if (synthetic) lines.push(SYNTHETIC_NOTE);
  if (subtitle) lines.push(subtitle);
  // e.g. "5,000 of 193,600 points shown" (subsample.ts), on its own line
  if (note) lines.push(note);
  return lines.length ? { text, subtitle: lines } : { text };
}

/** Fixed arm colours (colour-blind safe, Okabe–Ito), the same in every chart. */
export const ARM_COLOURS: Record<Arm, string> = { control: '#999999', video: '#E69F00', coach: '#0072B2' };

export const armColourScale = { domain: [...ARMS], range: ARMS.map((a) => ARM_COLOURS[a]) };

/** Config shared by all specs: fonts everywhere, white background, no view border. */
export const BASE_CONFIG = {
  font: FONT,
  background: 'white',
  view: { stroke: null },
  title: { font: FONT, fontSize: 14, subtitleFont: FONT, subtitleFontSize: 11, anchor: 'start' as const },
  axis: { labelFont: FONT, titleFont: FONT, labelLimit: 400 },
  legend: { labelFont: FONT, titleFont: FONT },
  header: { labelFont: FONT, titleFont: FONT },
  text: { font: FONT },
};

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Rounds a number for a spec's inline data (4 decimals; −0 becomes 0). */
export function r4(value: number): number {
  const rounded = Math.round(value * 1e4) / 1e4;
  return rounded === 0 ? 0 : rounded;
}
