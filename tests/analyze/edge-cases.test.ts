/**
 * Tests that cannot run return a result with nulls, a note and the decision `not_estimable`, never
 * a crash; every preregistered hypothesis appears in the output, with the fields docs/CONTRACT.md
 * requires.
 */
import { describe, expect, it } from 'vitest';
import { analyzeStudy } from '../../pipeline/analyze/index.ts';
import type { Consort } from '../../pipeline/ingest/tables.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { scoreStudy } from '../../pipeline/score/index.ts';
import type { ScoredStudy } from '../../pipeline/score/types.ts';
import { handmadeStudy } from '../fixtures/analyze/handmade-study.ts';

const { prereg } = loadPreregistration();
const consort: Consort = {
  schema: 'lend-an-ear-consort/1',
  enrolled: 9,
  excluded_before_randomisation: [{ id: 'E1', reason: 'attention', n: 1 }],
  randomised: 8,
  by_arm: {
    control: { allocated: 3, lost: [], analysed: 3 },
    video: { allocated: 3, lost: [{ id: 'E2', reason: 'incomplete', n: 1 }], analysed: 2 },
    coach: { allocated: 2, lost: [], analysed: 2 },
  },
  analysed: 7,
};
const context = { consort, dataSha256: 'abc', preregInfo: { file: 'preregistration.yaml', sha256: 'def', locked: true } };
const REQUIRED = ['id', 'status', 'family', 'tag', 'outcome', 'method', 'contrast', 'estimate', 'se', 'ci_low', 'ci_high', 'statistic', 'df', 'p', 'p_adjusted', 'correction', 'effect_size', 'n', 'decision', 'note'];

function tiny(): ScoredStudy {
  const full = scoreStudy(handmadeStudy(), prereg);
  // One participant an arm: the ANCOVAs cannot run (HC3 needs two), nor Fisher z (needs four).
  const keep = ['control', 'video', 'coach'].map((arm) => full.participants.find((p) => p.arm === arm) as ScoredStudy['participants'][number]);
  return { ...full, participants: keep };
}

describe('analyzeStudy with too few data', () => {
  const doc = analyzeStudy(tiny(), prereg, context);

  it('still lists every preregistered hypothesis, with every contract field present', () => {
    for (const h of prereg.hypotheses) expect(doc.tests.some((t) => t.id === h.id || t.id.startsWith(`${h.id}.`)), h.id).toBe(true);
    for (const t of doc.tests) for (const field of REQUIRED) expect(field in t, `${t.id}.${field}`).toBe(true);
  });

  it('gives the ANCOVAs nulls, a note and the decision not_estimable', () => {
    const h1 = doc.tests.find((t) => t.id === 'H1');
    expect(h1?.estimate).toBeNull();
    expect(h1?.p).toBeNull();
    expect(h1?.p_adjusted).toBeNull();
    expect(h1?.decision).toBe('not_estimable');
    expect(h1?.note).toMatch(/too few participants/);
    expect(h1?.n_by_arm).toEqual({ control: 1, video: 1, coach: 1 });
  });

  it('gives the equivalence tests nulls and a note below four pairs', () => {
    const h6 = doc.tests.find((t) => t.id === 'H6.jes');
    expect(h6?.estimate ?? null).toBeNull();
    expect(h6?.equivalence_p).toBeNull();
    expect(h6?.decision).toBe('not_estimable');
    expect(h6?.note).toMatch(/too few/);
  });

  it('copies the sample from the CONSORT flow and the hashes from the context', () => {
    expect(doc.sample).toEqual({ enrolled: 9, randomised: 8, analysed: 7, by_arm: { control: 3, video: 2, coach: 2 } });
    expect(doc.study.data_sha256).toBe('abc');
    expect(doc.preregistration).toEqual({ file: 'preregistration.yaml', sha256: 'def', locked: true });
  });
});

describe('analyzeStudy with nobody', () => {
  it('runs every method on an empty study without throwing', () => {
    const doc = analyzeStudy({ meta: { name: 'empty', description: '', synthetic: true, source: '' }, participants: [], conversations: [] }, prereg, context);
    for (const t of doc.tests) {
      expect(t.p, t.id).toBeNull();
      expect(t.decision, t.id).toBe('not_estimable');
      expect(t.note, t.id).not.toBeNull();
    }
  });
});

describe('analyzeStudy is deterministic', () => {
  it('gives the identical JSON twice', () => {
    const scored = scoreStudy(handmadeStudy(), prereg);
    expect(JSON.stringify(analyzeStudy(scored, prereg, context))).toBe(JSON.stringify(analyzeStudy(scored, prereg, context)));
  });
});
