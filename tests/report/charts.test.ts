import { describe, expect, it } from 'vitest';
import { buildCharts } from '../../pipeline/report/charts/index.ts';
import { forestRows } from '../../pipeline/report/charts/forest.ts';
import { shareGridHistogram, shareHistogram } from '../../pipeline/report/charts/perception.ts';
import { consortLayout, wrapText } from '../../pipeline/report/charts/consort.ts';
import { roundOneShares } from '../../pipeline/report/charts/silent-empathy.ts';
import { renderSvg } from '../../pipeline/report/render.js';
import { fixtureConsort, fixtureInputs, fixtureResults, fixtureScored, roundNumbers } from './fixture.ts';

// Snapshots are built from the SYNTHETIC fixture study (tests/report/fixture.ts), with every
// decimal rounded to 2 places before comparing (observablehq/plot test/plot-snapshot.js).
const inputs = fixtureInputs();
const charts = buildCharts(inputs);

describe('chart specs and SVGs (snapshots)', () => {
  it('builds every chart, optional ones included when given', () => {
    expect(charts.map((c) => c.name)).toEqual([
      'consort', 'forest', 'alignment', 'dimension-change', 'silent-empathy', 'trait-empathy', 'perception', 'reliability-kappa', 'tag-frequencies',
    ]);
  });

  it('leaves out the reliability and tag charts when their inputs are absent', () => {
    const names = buildCharts(fixtureInputs({ reliability: undefined, tagFrequencies: undefined })).map((c) => c.name);
    expect(names).not.toContain('reliability-kappa');
    expect(names).not.toContain('tag-frequencies');
  });

  for (const chart of charts) {
    it(`${chart.name}: spec matches its snapshot`, async () => {
      await expect(roundNumbers(JSON.stringify(chart.spec, null, 1))).toMatchFileSnapshot(`__snapshots__/${chart.name}.vl.json.snap`);
    });
    it(`${chart.name}: SVG matches its snapshot`, async () => {
      const svg = await renderSvg(chart.spec);
      await expect(roundNumbers(svg).replace(/></g, '>\n<')).toMatchFileSnapshot(`__snapshots__/${chart.name}.svg.snap`);
    });
  }
});

describe('chart contents', () => {
  it('says "synthetic" in the title or subtitle of every chart of a synthetic study', () => {
    for (const c of charts) {
      const title = JSON.stringify((c.spec as { title?: unknown }).title ?? '');
      expect(title, c.name).toMatch(/synthetic/i);
    }
  });

  it('does not say "synthetic" for a real study', () => {
    const real = fixtureInputs({
      results: { ...fixtureResults(), study: { ...fixtureResults().study, synthetic: false } },
      scored: { ...fixtureScored(), meta: { ...fixtureScored().meta, synthetic: false } },
      reliability: undefined,
    });
    for (const c of buildCharts(real)) expect(JSON.stringify((c.spec as { title?: unknown }).title), c.name).not.toMatch(/synthetic/i);
  });

  it('asks Vega for no statistic and no random number: every interval is precomputed', () => {
    for (const c of charts) {
      const json = JSON.stringify(c.spec);
      expect(json, c.name).not.toMatch(/random\(|"ci0"|"ci1"|"aggregate"|"bootstrap|"density"\s*:|"loess"|"regression"|"errorbar"|"errorband"|"boxplot"/);
    }
  });

  it('puts no participant id into any spec', () => {
    for (const c of charts) expect(JSON.stringify(c.spec), c.name).not.toMatch(/synthetic-\d/);
  });

  it('is deterministic: the same inputs and seed give the same specs, another seed moves the jitter', () => {
    expect(JSON.stringify(buildCharts(fixtureInputs()))).toBe(JSON.stringify(charts));
    const other = buildCharts(fixtureInputs({ seed: 8 })).find((c) => c.name === 'alignment')!;
    expect(JSON.stringify(other.spec)).not.toBe(JSON.stringify(charts.find((c) => c.name === 'alignment')!.spec));
  });

  it('draws every H1–H4 contrast in the forest plot with the CI from results.json', () => {
    const rows = forestRows(fixtureResults());
    expect(rows).toHaveLength(3 + 18);
    const h1 = rows.find((r) => r.id === 'H1')!;
    // fixture: d = 0.412 / 0.45, CI = (0.412 ± 1.968 · 0.071) / 0.45
    expect(h1.d).toBeCloseTo(0.9156, 4);
    expect(h1.ci_low).toBeCloseTo((0.412 - 1.968 * 0.071) / 0.45, 4);
  });

  it('counts perception shares into 0.05-wide bins, 1 in the last bin and 0.15 in its own', () => {
    const bins = shareHistogram([0, 0.15, 3 / 20, 0.5, 1, 1]);
    expect(bins).toHaveLength(20);
    expect(bins[0].count).toBe(1);
    expect(bins[3].count).toBe(2);
    expect(bins[10].count).toBe(1);
    expect(bins[19].count).toBe(2);
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(6);
  });

  it('draws one bar per possible share when everyone answered the same number of pairs', () => {
    // 12 pairs in the fixture: 13 possible shares 0, 1/12, …, 1.
    const bars = shareGridHistogram([0, 1 / 12, 1 / 12, 0.5, 1], 12)!;
    expect(bars).toHaveLength(13);
    expect(bars.map((b) => b.count)).toEqual([1, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
    expect(bars[6].bin_start).toBeCloseTo(0.5 - 1 / 24, 4);
    expect(shareGridHistogram([0.55], 12)).toBeNull();
  });

  it('computes round-1 shares over participants with both a self-report and a judged score', () => {
    const scored = fixtureScored(2);
    const p = scored.participants[0];
    const s = roundOneShares({ ...scored, participants: [p] }, 4).validating_emotions!;
    expect(s.n).toBe(1);
    expect(s.self_share).toBe(p.rounds[1].self_report.validating_emotions! >= 4 ? 1 : 0);
    expect(s.judged_share).toBe(p.rounds[1].scores.validating_emotions! >= 4 ? 1 : 0);
  });

  it('lays the CONSORT boxes out with every count of consort.json', () => {
    const text = consortLayout(fixtureConsort()).boxes.map((b) => b.text).join('\n');
    for (const needle of ['n = 330', 'n = 312', 'n = 18', 'allocated n = 104', 'n = 99', 'n = 98', 'E1 failed the attention check:\n18']) {
      expect(text).toContain(needle);
    }
    expect(wrapText('a round with fewer than 2 supporter messages: 1', 20)).toEqual(['a round with fewer', 'than 2 supporter', 'messages: 1']);
  });
});
