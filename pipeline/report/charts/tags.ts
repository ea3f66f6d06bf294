/**
 * Tag frequencies: for each sub-component of the expression taxonomy, the share of supporter
 * messages carrying it, by round and arm.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { TagFrequencyRow } from '../inputs.ts';
import { ARMS } from '../../study.ts';
import { BASE_CONFIG, SCHEMA, armColourScale, chartTitle, r4, type ChartDef } from './theme.ts';

/** Builds the tag-frequency spec (one small panel per sub-component). */
export function tagsChart(rows: TagFrequencyRow[], synthetic: boolean): ChartDef {
  const subcomponents: string[] = [];
  for (const r of rows) if (!subcomponents.includes(r.subcomponent)) subcomponents.push(r.subcomponent);
  const spec = {
    $schema: SCHEMA,
    title: chartTitle('Idiomatic expressions: share of supporter messages, by round and arm', synthetic),
    data: { values: rows.map((r) => ({ arm: r.arm, round: r.round, subcomponent: r.subcomponent, share: r4(r.share) })) },
    // Each sub-component's name on two lines ("validating" / "emotions"): on one line the longest
    // names set the column width and the chart was 1,258 px, wider than the page.
    facet: { field: 'subcomponent', type: 'nominal', sort: subcomponents, header: { title: null, labelExpr: "split(datum.label, '_')" } },
    columns: 5,
    spec: {
      width: 110,
      height: 90,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'round', type: 'ordinal', title: 'Round', axis: { labelAngle: 0 } },
        y: { field: 'share', type: 'quantitative', axis: { format: '.0%' }, title: 'Share' },
        color: { field: 'arm', type: 'nominal', scale: armColourScale, sort: [...ARMS], title: 'Arm' },
      },
    },
    config: BASE_CONFIG,
  };
  return { name: 'tag-frequencies', title: 'Tag frequencies', spec: spec as TopLevelSpec };
}
