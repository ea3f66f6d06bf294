/**
 * The CONSORT flow diagram (enrolment, exclusion before randomisation, allocation per arm, losses
 * after allocation, analysis), drawn from consort.json with boxes, connector lines and text placed
 * in pixel coordinates (`scale: null`), so the layout does not depend on the counts.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Consort, ExclusionCount } from '../../ingest/tables.ts';
import { ARMS } from '../../study.ts';
import { BASE_CONFIG, SCHEMA, chartTitle, type ChartDef } from './theme.ts';

const WIDTH = 720;
const LINE = 14;
const ARM_CENTRES = [120, 360, 600];
const ARM_HALF = 112;
const CENTRE = 360;
const WRAP = 32;

interface Box { x: number; x2: number; y: number; y2: number; text: string }
interface Line { x: number; x2: number; y: number; y2: number }

// Reasons are sentences in the preregistration ("… rounds."); drop the full stop before the count.
const reasonLines = (items: ExclusionCount[]) =>
  items.flatMap((e) => wrapText(`${e.id} ${e.reason.replace(/\.\s*$/, '')}: ${e.n}`, WRAP));

/** Greedy word wrap at `width` characters (the boxes fit about 32 characters of 11 px text). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
const sum = (items: ExclusionCount[]) => items.reduce((a, e) => a + e.n, 0);
const heightFor = (text: string) => text.split('\n').length * LINE + 12;

/** Boxes and connectors of the flow, in pixels. */
export function consortLayout(consort: Consort): { boxes: Box[]; lines: Line[]; height: number } {
  const boxes: Box[] = [];
  const lines: Line[] = [];
  const box = (cx: number, half: number, y: number, text: string): Box => {
    const b = { x: cx - half, x2: cx + half, y, y2: y + heightFor(text), text };
    boxes.push(b);
    return b;
  };
  const enrolled = box(CENTRE, 100, 10, `Enrolled\nn = ${consort.enrolled}`);
  const excludedText = ['Excluded before randomisation', `n = ${sum(consort.excluded_before_randomisation)}`,
    ...reasonLines(consort.excluded_before_randomisation)].join('\n');
  const excluded = box(595, 120, enrolled.y2 + 14, excludedText);
  const randomised = box(CENTRE, 100, excluded.y2 + 14, `Randomised\nn = ${consort.randomised}`);
  const branchY = (enrolled.y2 + randomised.y) / 2;
  lines.push({ x: CENTRE, x2: CENTRE, y: enrolled.y2, y2: randomised.y }, { x: CENTRE, x2: excluded.x, y: branchY, y2: branchY });
  const splitY = randomised.y2 + 16;
  lines.push({ x: CENTRE, x2: CENTRE, y: randomised.y2, y2: splitY }, { x: ARM_CENTRES[0], x2: ARM_CENTRES[2], y: splitY, y2: splitY });
  const lostTexts = ARMS.map((arm) => {
    const lost = consort.by_arm[arm].lost;
    return ['Lost after allocation', `n = ${sum(lost)}`, ...reasonLines(lost)].join('\n');
  });
  const lostHeight = Math.max(...lostTexts.map(heightFor));
  ARMS.forEach((arm, i) => {
    const cx = ARM_CENTRES[i];
    const entry = consort.by_arm[arm];
    const allocated = box(cx, ARM_HALF, splitY + 16, `${arm[0].toUpperCase()}${arm.slice(1)}\nallocated n = ${entry.allocated}`);
    const lost = { x: cx - ARM_HALF, x2: cx + ARM_HALF, y: allocated.y2 + 16, y2: allocated.y2 + 16 + lostHeight, text: lostTexts[i] };
    boxes.push(lost);
    const analysed = box(cx, ARM_HALF, lost.y2 + 16, `Analysed\nn = ${entry.analysed}`);
    lines.push(
      { x: cx, x2: cx, y: splitY, y2: allocated.y },
      { x: cx, x2: cx, y: allocated.y2, y2: lost.y },
      { x: cx, x2: cx, y: lost.y2, y2: analysed.y },
    );
  });
  const height = Math.max(...boxes.map((b) => b.y2)) + 10;
  return { boxes, lines, height };
}

/** Builds the CONSORT diagram spec. */
export function consortChart(consort: Consort, synthetic: boolean): ChartDef {
  const { boxes, lines, height } = consortLayout(consort);
  const px = (field: string) => ({ field, type: 'quantitative', scale: null, axis: null });
  const spec = {
    $schema: SCHEMA,
    title: chartTitle(`CONSORT flow: ${consort.analysed} analysed of ${consort.enrolled} enrolled`, synthetic),
    width: WIDTH,
    height,
    layer: [
      { data: { values: lines }, mark: { type: 'rule', color: '#555' }, encoding: { x: px('x'), x2: { field: 'x2' }, y: px('y'), y2: { field: 'y2' } } },
      { data: { values: boxes }, mark: { type: 'rect', fill: '#f4f7fb', stroke: '#555' }, encoding: { x: px('x'), x2: { field: 'x2' }, y: px('y'), y2: { field: 'y2' } } },
      {
        data: { values: boxes.map((b) => ({ cx: (b.x + b.x2) / 2, top: b.y + 7, text: b.text })) },
        mark: { type: 'text', lineBreak: '\n', fontSize: 11, lineHeight: LINE, align: 'center', baseline: 'top' },
        encoding: { x: px('cx'), y: px('top'), text: { field: 'text' } },
      },
    ],
    config: BASE_CONFIG,
  };
  return { name: 'consort', title: 'CONSORT flow', spec: spec as TopLevelSpec };
}
