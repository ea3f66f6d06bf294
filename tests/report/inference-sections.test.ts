/**
 * The report states each result fully (issue 17 §1, §2, §4): H7's scope and its by-item and
 * two-way companions, the differential-attrition test in the CONSORT section and the attrition
 * bounds of H1–H3, H6's decision statistic (TOST p and bounds) in the p column, H5's paired
 * interval, and what the CI of d leaves out. The numbers are the synthetic fixture's (made up, or
 * computed by the pipeline's own attritionAnalysis); their correctness is pinned against R in
 * tests/analyze/against-r.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { attritionAnalysis } from '../../pipeline/analyze/attrition.ts';
import type { TestResult } from '../../pipeline/analyze/types.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { decisionPText } from '../../pipeline/report/apa.ts';
import { buildReportHtml } from '../../pipeline/report/html.ts';
import { fixtureConsort, fixtureInputs, fixtureResults, fixtureScored } from './fixture.ts';

const { prereg } = loadPreregistration();

function text(html: string): string {
  return html.replace(/<svg[\s\S]*?<\/svg>/g, '').replace(/<[^>]+>/g, ' ').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
}

function inputs() {
  const results = fixtureResults();
  const scored = fixtureScored();
  const consort = fixtureConsort();
  const byId = (id: string) => results.tests.find((t) => t.id === id) as TestResult;
  byId('H7').scope = 'inference about the perception items used (the pairs actually shown)';
  for (const id of ['H6.jes', 'H6.sites']) byId(id).equivalence_bounds = [-0.1, 0.1];
  const h5 = byId('H5.validating_emotions');
  [h5.ci_low, h5.ci_high] = [0.25, 0.37];
  const base = { ...byId('H7'), status: 'exploratory' as const, tag: 'not_preregistered' as const, decision: null, scope: null, df: 14, n: 296 };
  results.tests.push(
    { ...base, id: 'H7-by-item', method: 'one_sample_t_by_item', n_items: 3, items: [{ item_id: 'pair1', n: 100, share: 0.55 }, { item_id: 'pair2', n: 98, share: 0.7 }, { item_id: 'pair3', n: 98, share: 0.65 }] },
    { ...base, id: 'H7-two-way', method: 'cluster_robust_two_way', se: 0.0251, n_items: 15, clusters: { participants: 296, items: 15 }, one_way_se: { participants: 0.0112, items: 0.0233 } },
  );
  results.attrition = attritionAnalysis(scored.participants, consort, prereg);
  return fixtureInputs({ results, scored, consort });
}

describe('the report states each result fully', () => {
  const html = buildReportHtml(inputs(), []);
  const page = text(html);

  it("shows H7's scope under its table", () => {
    expect(page).toContain('Scope of H7 : inference about the perception items used (the pairs actually shown).');
  });

  it('lists the by-item and two-way analyses as exploratory, and says what each did', () => {
    const exploratory = page.slice(page.lastIndexOf('Exploratory results'));
    expect(exploratory).toContain('H7-by-item');
    expect(exploratory).toContain("the mean of 3 items' shares of aligned choices (from 0.55 to 0.70)");
    expect(exploratory).toContain('its SE 0.0251 with participants and 15 items as crossed clusters');
    expect(exploratory).toContain('against 0.0112 with participants alone and 0.0233 with items alone');
  });

  it('gives the differential-attrition test in the CONSORT section, with each arm\'s lost share', () => {
    const sample = page.slice(page.lastIndexOf('Sample and CONSORT flow'), page.lastIndexOf('Preregistered (confirmatory) results'));
    expect(sample).toContain('control 104 5 (4.8%) 99');
    expect(sample).toMatch(/Differential attrition by arm \(exploratory, not preregistered\): Fisher's exact test of arm × lost, p > \.999\. /); // lost 5, 6, 5 of 104: R fisher.test gives 1
  });

  it('tabulates the Lee and worst/best-case bounds of H1–H3 beside the per-protocol estimates', () => {
    const section = page.slice(page.indexOf('Attrition bounds on H1–H3'));
    expect(section).toContain('assuming monotonicity');
    for (const id of ['H1', 'H2', 'H3']) expect(section).toContain(` ${id} `);
    expect(section).toContain('0.41, 95% CI [0.27, 0.55]');
    expect(html).toContain('href="#attrition"');
    expect(html).toContain('id="attrition"');
  });

  it("shows H6's TOST p and bounds where the decision is read, not only the p of r = 0", () => {
    expect(page).toContain('TOST p = .048 (r within ±.10) supported');
    expect(page).toContain('equivalence (TOST, r within ±.10) p = .048');
  });

  it("shows H5's paired interval and names the method, and says what d's interval leaves out", () => {
    expect(page).toContain('difference = .31, 95% CI [.25, .37]');
    expect(page).toContain("Newcombe's (1998) paired interval (method 10)");
    expect(page).toContain("the SD's own sampling uncertainty is ignored");
  });
});

describe('decisionPText', () => {
  it('gives the TOST p for equivalence tests, the adjusted p with its correction otherwise', () => {
    const [h1, h6, h3] = ['H1', 'H6.jes', 'H3'].map((id) => fixtureResults().tests.find((t) => t.id === id) as TestResult);
    expect(decisionPText({ ...h6, equivalence_bounds: [-0.1, 0.1] })).toBe('TOST p = .048 (r within ±.10)');
    expect(decisionPText(h6)).toBe('TOST p = .048');
    expect(decisionPText(h1)).toBe('p < .001 (holm)');
    expect(decisionPText(h3)).toBe('p = .377');
  });
});
