import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { buildCharts } from '../../pipeline/report/charts/index.ts';
import { fixtureInputs } from './fixture.ts';

// Reference: the official Vega-Lite JSON Schema shipped with vega-lite 6.4
// (vega-lite/vega-lite-schema.json), the schema a reader's editor validates a .vl.json against.
const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('vega-lite/vega-lite-schema.json'), 'utf8'));

describe('every chart spec is valid Vega-Lite', () => {
  const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
  const validate = ajv.compile(schema);
  it('rejects a spec with an unknown mark (the check can fail)', () => {
    expect(validate({ data: { values: [] }, mark: 'violin' })).toBe(false);
  });
  for (const chart of buildCharts(fixtureInputs())) {
    it(`${chart.name} validates against the Vega-Lite v6 schema`, () => {
      const ok = validate(JSON.parse(JSON.stringify(chart.spec)));
      expect(ok ? [] : validate.errors?.slice(0, 3)).toEqual([]);
    });
  }
});
