/**
 * The diagnosis in the report: diagnosis.json is read (and refused when it is not one), turned
 * into the report's optional `diagnosis` input, drawn as a power curve that is valid Vega-Lite
 * (the official v6 JSON Schema, as tests/report/schema.test.ts) and renders, and shown as a table
 * in report.html with every confirmatory hypothesis.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnoseDesign } from '../../pipeline/diagnose/diagnose.ts';
import { withNotes } from '../../pipeline/diagnose/notes.ts';
import { createJobPool } from '../../pipeline/diagnose/pool.ts';
import { diagnosisReportInput, readDiagnosis } from '../../pipeline/diagnose/report-input.ts';
import type { DiagnosisDoc } from '../../pipeline/diagnose/types.ts';
import { BadInputError } from '../../pipeline/errors.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { buildCharts } from '../../pipeline/report/charts/index.ts';
import { escapeHtml } from '../../pipeline/report/escape.ts';
import { buildReportHtml } from '../../pipeline/report/html.ts';
import { renderSvg } from '../../pipeline/report/render.js';
import { runPipeline } from '../../pipeline/runner/run.ts';
import { fixtureInputs } from '../report/fixture.ts';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('vega-lite/vega-lite-schema.json'), 'utf8'));
const scratch = mkdtempSync(join(tmpdir(), 'diagnose-report-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let doc: DiagnosisDoc;
beforeAll(async () => {
  const loaded = loadPreregistration();
  const pool = createJobPool(loaded.prereg, 1);
  const quiet = { grow() {}, tick() {}, done() {} };
  doc = withNotes(await diagnoseDesign(
    { sims: 3, seed: 5, participants: 90, effectCoach: null, effectVideo: null, attritionSims: 3, curveSims: 3, plantedScale: 0.3, prereg: loaded.prereg, preregFile: 'preregistration/preregistration.yaml', preregSha256: loaded.sha256 },
    pool,
    quiet,
  ));
  await pool.close();
}, 120_000);

describe('diagnosis in the report', () => {
  it('reads back a written diagnosis.json and refuses other JSON as bad input naming the field', () => {
    const file = join(scratch, 'diagnosis.json');
    writeFileSync(file, JSON.stringify(doc));
    expect(readDiagnosis(file)).toEqual(doc);
    const bad = join(scratch, 'results.json');
    writeFileSync(bad, JSON.stringify({ schema: 'lend-an-ear-results/1' }));
    expect(() => readDiagnosis(bad)).toThrow(BadInputError);
    try {
      readDiagnosis(bad);
    } catch (err) {
      expect((err as BadInputError).problems[0]).toMatchObject({ file: bad, column: 'schema' });
    }
  });

  it('adds a power-curve chart that validates against the Vega-Lite v6 schema and renders to SVG', async () => {
    const charts = buildCharts(fixtureInputs({ diagnosis: diagnosisReportInput(doc) }));
    const curve = charts.find((c) => c.name === 'power-curve');
    expect(curve).toBeDefined();
    const validate = new Ajv({ strict: false, validateFormats: false }).compile(schema);
    const ok = validate(JSON.parse(JSON.stringify(curve!.spec)));
    expect(ok ? [] : validate.errors?.slice(0, 3)).toEqual([]);
    const svg = await renderSvg(curve!.spec);
    expect(svg).toContain('<svg');
    expect(svg).toContain('planted coaching effect');
    // Without a diagnosis, no such chart.
    expect(buildCharts(fixtureInputs({ diagnosis: undefined })).some((c) => c.name === 'power-curve')).toBe(false);
  });

  it('shows every confirmatory hypothesis with power, coverage and type I error in report.html, H7 against both targets, and the notes in plain words', () => {
    const html = buildReportHtml(fixtureInputs({ diagnosis: diagnosisReportInput(doc) }), []);
    const section = html.slice(html.indexOf('id="diagnosis"'));
    expect(section).toContain('Simulated studies, not data');
    expect(section).toContain('Minimum detectable effect');
    for (const h of doc.hypotheses) expect(section).toContain(`<code>${h.id.replace(/\./g, '.<wbr>')}</code>`);
    expect(section).toContain('<th>Type I error</th>');
    expect(section).toContain('<td>the items used</td>');
    expect(section).toContain('<td>the pool of items</td>');
    expect(section).toContain('id="diagnosis-attrition"');
    // Every note of the diagnosis is on the page, H7's among them.
    expect(section).toContain('id="diagnosis-plain-words"');
    for (const note of doc.notes) expect(section).toContain(escapeHtml(note.text));
    expect(doc.notes.map((n) => n.about)).toEqual(expect.arrayContaining(['H7', 'H6', 'MDE', 'attrition']));
  });

  it('run --diagnosis FILE puts the section and the power curve in the report and the file in the manifest; a bad file writes nothing', async () => {
    const file = join(scratch, 'for-run.json');
    writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
    const out = join(scratch, 'run');
    await runPipeline({ data: 'data/synthetic', out, cache: null, diagnosis: file });
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('Simulated studies, not data');
    expect(existsSync(join(out, 'figures', 'power-curve.svg'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.inputs.some((i: { role: string }) => i.role === 'diagnosis')).toBe(true);
    const refused = join(scratch, 'refused');
    await expect(runPipeline({ data: 'data/synthetic', out: refused, cache: null, diagnosis: 'package.json' })).rejects.toThrow(BadInputError);
    expect(existsSync(refused)).toBe(false);
  }, 120_000);
});
