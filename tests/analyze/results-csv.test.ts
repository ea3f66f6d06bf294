/**
 * results.csv: one row per test in results.json order, a fixed header, numbers that read back to
 * the identical doubles, nulls as empty fields.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { analyzeStudy, resultsToCsv, RESULT_COLUMNS } from '../../pipeline/analyze/index.ts';
import type { Consort } from '../../pipeline/ingest/tables.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { scoreStudy } from '../../pipeline/score/index.ts';
import { handmadeStudy } from '../fixtures/analyze/handmade-study.ts';

const { prereg } = loadPreregistration();
const arm = { allocated: 20, lost: [], analysed: 20 };
const consort: Consort = { schema: 'lend-an-ear-consort/1', enrolled: 60, excluded_before_randomisation: [], randomised: 60, by_arm: { control: arm, video: arm, coach: arm }, analysed: 60 };
const doc = analyzeStudy(scoreStudy(handmadeStudy(), prereg), prereg, { consort, dataSha256: 'x', preregInfo: { file: 'p', sha256: 'y', locked: true } });
const rows = parse(resultsToCsv(doc), { columns: true }) as Record<string, string>[];

describe('resultsToCsv', () => {
  it('has the documented header and one row per test, in order', () => {
    expect(resultsToCsv(doc).split('\n')[0]).toBe(RESULT_COLUMNS.join(','));
    expect(RESULT_COLUMNS.slice(0, 9)).toEqual(['id', 'status', 'family', 'tag', 'outcome', 'method', 'contrast', 'scenario', 'n']);
    expect(rows.map((r) => r.id)).toEqual(doc.tests.map((t) => t.id));
  });

  it('writes numbers that read back exactly and nulls as empty fields', () => {
    doc.tests.forEach((t, i) => {
      for (const field of ['estimate', 'se', 'ci_low', 'ci_high', 'statistic', 'df', 'p', 'p_adjusted'] as const) {
        const value = t[field];
        expect(rows[i][field] === '' ? null : Number(rows[i][field]), `${t.id} ${field}`).toBe(value);
      }
      expect(rows[i].effect_size === '' ? null : Number(rows[i].effect_size)).toBe(t.effect_size?.value ?? null);
      expect(rows[i].decision).toBe(t.decision ?? '');
    });
  });

  it('splits the discordant pair of H5 into two columns', () => {
    const i = doc.tests.findIndex((t) => t.id === 'H5.validating_emotions');
    expect([Number(rows[i].discordant_self_only), Number(rows[i].discordant_judged_only)]).toEqual(doc.tests[i].discordant);
  });
});
