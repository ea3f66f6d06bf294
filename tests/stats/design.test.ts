// The design builder reproduces R 4.2.2 model.matrix(y ~ arm + baseline) with contr.treatment:
// the fixture rows and column names come from tests/fixtures/stats/ols.R (→ ols.json).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { designMatrix, treatmentCoding } from '../../pipeline/stats/design.ts';

interface RCase { name: string; arm?: string[]; baseline?: number[]; X: number[][]; names: string[] }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/stats/ols.json', import.meta.url), 'utf8')) as { cases: RCase[] };

describe('designMatrix matches R model.matrix with treatment contrasts', () => {
  for (const c of fixture.cases.filter((k) => Array.isArray(k.arm))) {
    it(`${c.name}: same column names and rows`, () => {
      const d = designMatrix({
        factors: [{ name: 'arm', values: c.arm as string[], levels: ['control', 'coach', 'peer'], reference: 'control' }],
        covariates: [{ name: 'baseline', values: c.baseline as number[] }],
      });
      expect(d.names).toEqual(c.names);
      expect(d.rows).toEqual(c.X);
    });
  }
});

describe('treatmentCoding', () => {
  it('codes against the reference in the order of the levels, named like R', () => {
    expect(treatmentCoding(['peer', 'control', 'coach'], ['control', 'coach', 'peer'], 'control', 'arm')).toEqual({
      names: ['armcoach', 'armpeer'],
      columns: [[0, 0, 1], [1, 0, 0]],
    });
  });
  it('rejects values outside the levels and an unknown reference', () => {
    expect(() => treatmentCoding(['control', 'coahc'], ['control', 'coach'], 'control', 'arm')).toThrow(/"coahc"/);
    expect(() => treatmentCoding(['control'], ['control', 'coach'], 'peer', 'arm')).toThrow(/reference level "peer"/);
  });
});

describe('designMatrix with an interaction matches R model.matrix(~ arm * round)', () => {
  // Rows and names from tests/fixtures/stats/mixed.R (lme4's getME(fit, "X") for arm * round).
  interface MixedCase { name: string; arm: string[]; round: string[]; X: number[][]; names: string[] }
  const mixed = JSON.parse(readFileSync(new URL('../fixtures/stats/mixed.json', import.meta.url), 'utf8')) as { cases: MixedCase[] };
  for (const c of mixed.cases.filter((k) => k.names.includes('armcoach:round2'))) {
    it(`${c.name}: same nine columns, same rows`, () => {
      const d = designMatrix({
        factors: [
          { name: 'arm', values: c.arm, levels: ['control', 'coach', 'peer'], reference: 'control' },
          { name: 'round', values: c.round, levels: ['1', '2', '3'], reference: '1' },
        ],
        interactions: [['arm', 'round']],
      });
      expect(d.names).toEqual(c.names);
      expect(d.rows).toEqual(c.X);
    });
  }
  it('refuses an interaction with a factor that is not in the design', () => {
    expect(() => designMatrix({ factors: [{ name: 'arm', values: ['control'], levels: ['control', 'coach'], reference: 'control' }], interactions: [['arm', 'round']] })).toThrow(/arm:round/);
  });
});
