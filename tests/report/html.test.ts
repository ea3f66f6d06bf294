import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedAtFromEnv, writeReport } from '../../pipeline/report/index.ts';
import { escapeHtml } from '../../pipeline/report/escape.ts';
import { fixtureInputs, fixtureResults, fixtureScored, hostileInputs } from './fixture.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'report-test-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters and nothing else', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
    expect(escapeHtml('Validating emotions – 74%')).toBe('Validating emotions – 74%');
    expect(escapeHtml(null)).toBe('');
  });
});

describe('writeReport', () => {
  let out: string;
  let written: string[];
  let html: string;
  beforeAll(async () => {
    out = tempDir();
    written = await writeReport(out, hostileInputs());
    html = readFileSync(join(out, 'report.html'), 'utf8');
  });

  it('writes NAME.vl.json, NAME.svg and NAME.png for every chart, and report.html last', () => {
    const rel = written.map((p) => relative(out, p));
    expect(rel.at(-1)).toBe('report.html');
    const figures = readdirSync(join(out, 'figures')).sort();
    expect(figures).toHaveLength(9 * 3);
    for (const name of ['consort', 'forest', 'alignment', 'dimension-change', 'silent-empathy', 'trait-empathy', 'perception', 'reliability-kappa', 'tag-frequencies']) {
      for (const ext of ['vl.json', 'svg', 'png']) expect(figures).toContain(`${name}.${ext}`);
    }
    const spec = JSON.parse(readFileSync(join(out, 'figures', 'forest.vl.json'), 'utf8'));
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
  });

  it('shows a study name with <script> and quotes as text, never as markup', () => {
    expect(html).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; &#39;single&#39;</h1>');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain('onerror="');
    // Inside the inline SVG the hostile rater label is text too (vega escapes it).
    expect(html).toContain('&lt;script&gt;window.__xss=1&lt;/script&gt;');
    // A quote in a label stays inside its attribute (the browser test checks no element has an on* handler).
    expect(html).toContain('&lt;/script&gt;&quot; onmouseover=&quot;window.__xss=2');
  });

  it('is self-contained: no external script, stylesheet, font or image, and a CSP that forbids scripts', () => {
    expect(html).not.toMatch(/<link\b|<[^>]*\ssrc=|@import|url\(\s*['"]?https?:/i);
    expect(html).not.toMatch(/href="https?:/i);
    expect(html).toContain(`script-src 'none'`);
    expect((html.match(/<svg\b/g) ?? []).length).toBe(9);
  });

  it('carries no participant id and no message text', () => {
    expect(html).not.toMatch(/synthetic-\d|synthetic-c\d/);
    for (const f of readdirSync(join(out, 'figures')).filter((f) => !f.endsWith('.png'))) {
      expect(readFileSync(join(out, 'figures', f), 'utf8'), f).not.toMatch(/synthetic-c?\d/);
    }
  });

  it('has the synthetic banner, the sections and every preregistered result in APA style', () => {
    expect(html).toContain('id="synthetic-banner"');
    for (const id of ['sample', 'confirmatory', 'exploratory', 'audit', 'charts', 'published', 'reliability', 'diagnosis']) expect(html).toContain(`id="${id}"`);
    for (const t of fixtureResults().tests) expect(html).toContain(`<code>${escapeHtml(t.id).replace(/[._]/g, '$&<wbr>')}</code>`);
    expect(html).toContain('t(296) = 5.80, p &lt; .001, d = 0.92, 95% CI [0.61, 1.23]');
    const exploratory = html.slice(html.indexOf('id="exploratory"'), html.indexOf('id="audit"'));
    expect(exploratory).toContain('X1.<wbr>coach_<wbr>vs_<wbr>control');
    expect(exploratory).not.toContain('<code>H1</code>');
    expect(html).toContain('28 of 29 planned tests ran as planned; 1 deviation(s); 0 error(s)');
  });

  it('opens with a summary of the headline results, each with its decision and status', () => {
    const summary = html.slice(html.indexOf('<section id="summary"'), html.indexOf('</section>'));
    expect(html.indexOf('<section id="summary"')).toBeLessThan(html.indexOf('id="contents"'));
    expect(html.indexOf('id="contents"')).toBeLessThan(html.indexOf('<h2 id="sample"'));
    const ids = [...summary.matchAll(/<tr><td class="id"><code>([^<]*(?:<wbr>[^<]*)*)<\/code>/g)].map((m) => m[1].replace(/<wbr>/g, ''));
    expect(ids).toEqual(['H1', 'H2', 'H3', 'H5.validating_emotions', 'H5.encouraging_elaboration', 'H5.demonstrating_understanding', 'H6.jes', 'H6.sites', 'H7']);
    // H1 of the fixture: d = 0.412 / 0.45 with its CI, decided on the Holm-adjusted p.
    expect(summary).toContain('<td>Coach vs control: alignment at round 3</td><td>d = 0.92, 95% CI [0.61, 1.23]</td><td>p &lt; .001 (holm)</td><td class="supported">supported<a class="prereg-tag" href="#whose-preregistration">reconstructed prereg.</a></td><td>confirmatory</td>');
    expect(summary).toContain('<td>Video vs control: alignment at round 3</td><td>d = 0.14, 95% CI [−0.17, 0.44]</td><td>p = .377</td><td class="not_supported">not supported');
    // The silent-empathy gap: self-reported minus judged share (0.71 − 0.19).
    expect(summary).toContain('71% say vs 19% judged; gap .52');
    // H6 is decided by its equivalence p.
    expect(summary).toContain('<td>r = .03, 95% CI [−.08, .14]</td><td>equivalence p = .048</td>');
    expect(summary).toContain('<td>M = 0.63, 95% CI [0.61, 0.66]</td><td>p &lt; .001</td>');
    expect(summary).toContain('Of 27 confirmatory results, 20 are supported, 7 not supported;');
  });

  it('says at the top and beside each decision that the preregistration is this project\'s reconstruction', () => {
    const summary = html.slice(html.indexOf('<section id="summary"'), html.indexOf('</section>'));
    expect(summary).toContain('this project\'s reconstruction of the preregistration</a>, locked on 2026-11-26; the authors\' own preregistration is not public.');
    expect(html).toContain('<p id="whose-preregistration">');
    const decisions = html.match(/<td class="(?:supported|not_supported)">/g) ?? [];
    const tagged = html.match(/<td class="(?:supported|not_supported)">[^<]*<a class="prereg-tag" href="#whose-preregistration">reconstructed prereg\.<\/a><\/td>/g) ?? [];
    expect(decisions.length).toBe(27 + 9);
    expect(tagged.length).toBe(decisions.length);
  });

  it('lists every section in the contents, and every section heading has an id', () => {
    const body = html.slice(html.indexOf('</nav>'));
    const headings = [...body.matchAll(/<h2( id="([^"]+)")?>/g)];
    expect(headings.length).toBeGreaterThan(5);
    for (const h of headings) expect(h[2], h[0]).toBeDefined();
    const nav = html.slice(html.indexOf('<nav class="contents"'), html.indexOf('</nav>'));
    expect([...nav.matchAll(/href="#([^"]+)"/g)].map((m) => m[1])).toEqual(headings.map((h) => h[2]));
  });

  it('shows "—" as the adjusted p of a result outside every correction set', () => {
    const row = (id: string) => html.slice(html.indexOf(`<code>${id}</code>`, html.indexOf('id="confirmatory"')), html.indexOf('</tr>', html.indexOf(`<code>${id}</code>`, html.indexOf('id="confirmatory"'))));
    expect(row('H3')).toContain('<td>—</td>');
    expect(row('H7')).toContain('<td>—</td>');
    expect(row('H1')).toContain('<td>p &lt; .001 (holm)</td>');
  });

  it('puts every published figure beside this run', () => {
    const published = html.slice(html.indexOf('id="published"'));
    // this-run values from the fixture: counts given, H1 d = 0.412 / 0.45, H5 shares, H6 joint R².
    // Like with like: the paper's counts (after exclusions) beside the analysed counts; the whole
    // export's on a row of their own.
    expect(published).toContain('<td>Participants / conversations / messages analysed (after exclusions)</td><td>968 / 2,904 / 33,938</td><td>paper</td><td>296 / 888 / 10,212</td>');
    expect(published).toContain('<td>Participants / conversations / messages in the whole export (before exclusions)</td><td>not reported</td><td>paper</td><td>330 / 936 / 10,874</td>');
    expect(published).toContain('<td>0.98 SD</td><td>press coverage</td><td>0.92 SD, 95% CI [0.61, 1.23]</td>');
    expect(published).toContain('<td>74% vs 18%</td><td>press coverage</td><td>71% vs 19%</td>');
    expect(published).toMatch(/<td>87% vs 9%<\/td><td>press coverage<\/td><td>at 5: 52% vs \d+%; H5 \(≥ 4\): 83% vs 12%<\/td>/);
    expect(published).toContain('<td>R² = 0.001</td><td>press coverage</td><td>R² = 0.002 (JES alone 0.001)</td>');
    expect(published).toMatch(/<td>91%<\/td><td>press coverage<\/td><td>\d+% of 891 rated conversations<\/td>/);
    expect(published).toContain('Direction under coaching: Advice giving (unsolicited) (proscriptive)</td><td>down</td>');
    expect((published.match(/same direction/g) ?? []).length).toBe(6);
  });

  it('gives byte-identical files on a second run with the same inputs', async () => {
    const again = tempDir();
    const second = await writeReport(again, hostileInputs());
    expect(second.map((p) => relative(again, p))).toEqual(written.map((p) => relative(out, p)));
    for (const p of written) {
      const rel = relative(out, p);
      expect(readFileSync(join(again, rel)).equals(readFileSync(p)), rel).toBe(true);
    }
  });

  it('says in the banner that real reliability ratings are the exception in a synthetic run, and shows every framework', async () => {
    const base = fixtureInputs();
    const real = { frameworks: base.reliability!.frameworks.map((f) => ({ ...f, synthetic: false, source: f.source && 'companion paper' })) };
    const dir = tempDir();
    await writeReport(dir, { ...base, reliability: real });
    const page = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(page).toContain('The judge-reliability section is the exception: it is computed on real ratings.');
    expect(page).toContain('<div class="banner real-data" id="real-data-banner">REAL DATA. This section is computed on real ratings: Fixture rubric, Second fixture rubric.</div>');
    expect(page).toContain(`<h3 class="highlight">Fixture rubric (this study's rubric)</h3>\n<p>real ratings; 50 conversations; source: companion paper. Krippendorff's alpha among the experts, mean over dimensions: 0.725.</p>`);
    expect(page).toContain('<h3>Second fixture rubric</h3>');
    // -0.05 shows as the paper typesets it, the p in APA style
    expect(page).toMatch(/<td class="num">-0\.05 <span class="muted">\(p = \.700\)<\/span><\/td>/);
    expect(page).toContain('real ratings: Fixture rubric, Second fixture rubric');
    expect(page.indexOf('id="fig-reliability-kappa"')).toBeGreaterThan(page.indexOf('id="reliability"'));
  });

  it('says which reliability ratings are synthetic', async () => {
    const dir = tempDir();
    await writeReport(dir, fixtureInputs());
    const page = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(page).toContain('<div class="banner">SYNTHETIC ratings: Fixture rubric, Second fixture rubric.</div>');
    expect(page).not.toContain('The judge-reliability section is the exception');
  });

  it('says nothing about synthetic data for a real study', async () => {
    const base = fixtureInputs({ reliability: undefined });
    const real = { ...base, results: { ...base.results, study: { ...base.results.study, synthetic: false } }, scored: { ...fixtureScored(), meta: { ...fixtureScored().meta, synthetic: false } } };
    const dir = tempDir();
    await writeReport(dir, real);
    const page = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(page).not.toContain('synthetic-banner');
    expect(page).not.toMatch(/SYNTHETIC/);
  });
});

describe('provenance', () => {
  const provenance = {
    software: { name: 'lend-an-ear-analysis', version: '0.1.0' }, node: 'v20.20.2', dependencies: { vega: '6.4.0', 'vega-lite': '6.4.0' },
    code_sha256: 'c'.repeat(64), git: { commit: 'd'.repeat(40), uncommitted_changes: false }, git_note: null,
    command: 'npm run pipeline -- run --data data/synthetic --out out', date: '2026-11-30T00:00:00.000Z',
  };

  it('names the software, code, commit, command and date at the top and in a section of its own', async () => {
    const dir = tempDir();
    await writeReport(dir, fixtureInputs({ provenance }));
    const page = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(page).toContain(`Made by lend-an-ear-analysis 0.1.0 on Node v20.20.2; code <code>cccccccccccc</code>; commit dddddddddddd; dated 2026-11-30T00:00:00.000Z.`);
    const section = page.slice(page.indexOf('<h2 id="provenance">'));
    expect(section).toContain('<dt>Software</dt><dd>lend-an-ear-analysis 0.1.0, Node v20.20.2</dd>');
    expect(section).toContain('<dt>Packages</dt><dd>vega 6.4.0, vega-lite 6.4.0</dd>');
    expect(section).toContain(`<dt>Git commit</dt><dd>${'d'.repeat(40)}</dd>`);
    expect(section).toContain('<dt>Command</dt><dd><code>npm run pipeline -- run --data data/synthetic --out out</code> (the options that decide the outputs');
    expect(section).toContain('<dt>Date</dt><dd>2026-11-30T00:00:00.000Z</dd>');
    expect(page.indexOf('href="#provenance"')).toBeLessThan(page.indexOf('<h2 id="provenance">'));
  });

  it('says why a commit or a date is missing', async () => {
    const dir = tempDir();
    await writeReport(dir, fixtureInputs({ provenance: { ...provenance, git: null, git_note: 'the project is not a git checkout', date: null } }));
    const page = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(page).toContain('<dt>Git commit</dt><dd>not recorded: the project is not a git checkout</dd>');
    expect(page).toContain('<dt>Date</dt><dd>not stamped: the outputs carry no clock time');
  });
});

describe('degenerate inputs', () => {
  it('still writes a report when nothing could be analysed (empty study, results all null)', async () => {
    const base = fixtureInputs();
    const empty = {
      ...base,
      results: { ...base.results, tests: base.results.tests.map((t) => ({ ...t, estimate: null, ci_low: null, ci_high: null, statistic: null, p: null, p_adjusted: null, effect_size: null, decision: null, note: 'no participants' })) },
      scored: { ...base.scored, participants: [], conversations: [] },
      reliability: undefined,
      tagFrequencies: undefined,
      audit: undefined,
      diagnosis: undefined,
      counts: undefined,
    };
    const dir = tempDir();
    const files = await writeReport(dir, empty);
    expect(files).toHaveLength(7 * 3 + 1);
    const page = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(page).toContain('not computed (no participants)');
    expect(page).toContain('No audit summary was given to the report.');
  });
});

describe('time stamp', () => {
  it('comes only from SOURCE_DATE_EPOCH', () => {
    expect(generatedAtFromEnv({ SOURCE_DATE_EPOCH: '1700000000' })).toBe('2023-11-14T22:13:20.000Z');
    expect(generatedAtFromEnv({})).toBeUndefined();
    expect(generatedAtFromEnv({ SOURCE_DATE_EPOCH: 'yesterday' })).toBeUndefined();
  });
});
