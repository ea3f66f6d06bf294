/**
 * The --reliability file is checked at the edge (issue 14 §6): both reliability.json forms are
 * read into the report's one shape, and a file with the right keys but the wrong shape is bad input
 * naming the file and the JSON path of each wrong value, never a TypeError in the report.
 */
import { describe, expect, it } from 'vitest';
import { BadInputError, formatProblem } from '../../pipeline/errors.ts';
import { reliabilityInputFrom, reliabilityIsReal } from '../../pipeline/report/reliability-input.ts';

function problems(doc: unknown): string[] {
  try {
    reliabilityInputFrom(doc, 'rel.json');
  } catch (err) {
    if (err instanceof BadInputError) return err.problems.map(formatProblem);
    throw err;
  }
  throw new Error('expected bad input');
}

const frameworksDoc = {
  schema: 'lend-an-ear-reliability-frameworks/1',
  frameworks: [
    {
      label: 'Lend an Ear', highlight: true, synthetic: false, source: 'companion paper', conversations: 50,
      rows: [{ dimension: 'advice_giving', pair: ['experts', 'llm'], n: 50, kappa: 0.66, p: 1e-28, se: 0.06 }],
      alpha: { raters: ['expert1', 'expert2'], dimensions: [{ dimension: 'advice_giving', value: 0.65, ci_low: 0.54, ci_high: 0.75, n: 50 }], mean: 0.65 },
    },
  ],
};

describe('reliabilityInputFrom', () => {
  it('reads reliability.json of reliability --framework', () => {
    const input = reliabilityInputFrom(frameworksDoc, 'rel.json');
    expect(input.frameworks[0]).toEqual({
      label: 'Lend an Ear', highlight: true, synthetic: false, source: 'companion paper', conversations: 50,
      rows: [{ dimension: 'advice_giving', pair: ['experts', 'llm'], kappa: 0.66, p: 1e-28, n: 50 }],
      alpha: [{ dimension: 'advice_giving', value: 0.65, ci_low: 0.54, ci_high: 0.75 }],
      alpha_mean: 0.65,
    });
    expect(reliabilityIsReal(input)).toBe(true);
  });

  it('reads reliability.json of reliability --data as one framework', () => {
    const input = reliabilityInputFrom({
      schema: 'lend-an-ear-reliability/1', study: { name: 'Lend an Ear pilot', synthetic: false, source: 'pilot' }, conversations: 50,
      kappa: [{ pair: ['experts', 'gemini'], dimension: 'advice_giving', kappa: 0.66, p: 1e-28, z: 11, p_null_variance: 1e-20, n: 50 }],
      alpha: { advice_giving: { value: 0.65, ci_low: 0.54, ci_high: 0.75 } }, alpha_mean: 0.65,
    }, 'rel.json');
    expect(input.frameworks).toHaveLength(1);
    expect(input.frameworks[0]).toMatchObject({ label: 'Lend an Ear pilot', synthetic: false, conversations: 50, alpha_mean: 0.65 });
    expect(input.frameworks[0].alpha).toEqual([{ dimension: 'advice_giving', value: 0.65, ci_low: 0.54, ci_high: 0.75 }]);
  });

  it('refuses the wrong shape, naming every wrong path (up to 20)', () => {
    expect(problems({ kappa: 'none', alpha: [] })).toEqual(['rel.json: kappa: must be a list ("none")', 'rel.json: alpha: must be an object ("[]")']);
    expect(problems({ kappa: [{ pair: ['a'], dimension: 3, kappa: null, p: null, n: -1 }], alpha: {} })).toEqual([
      'rel.json: kappa[0].dimension: must be text ("3")',
      'rel.json: kappa[0].pair: must be a pair of rater names ("[\\"a\\"]")',
      'rel.json: kappa[0].n: must be a whole number of at least 0 ("-1")',
    ]);
    const broken = structuredClone(frameworksDoc) as { frameworks: Record<string, unknown>[] };
    broken.frameworks[0].synthetic = 'no';
    (broken.frameworks[0].alpha as { dimensions: unknown }).dimensions = {};
    expect(problems(broken)).toEqual(['rel.json: frameworks[0].synthetic: must be true or false ("no")', 'rel.json: frameworks[0].alpha.dimensions: must be a list ("{}")']);
    expect(problems([1, 2])).toEqual(['rel.json: (document): must be an object ("[1,2]")']);
    expect(problems({ schema: 'lend-an-ear-results/1' })).toEqual([
      'rel.json: schema: not a reliability.json: expected schema lend-an-ear-reliability-frameworks/1 (reliability --framework) or lend-an-ear-reliability/1 (reliability --data) ("lend-an-ear-results/1")',
    ]);
    expect(problems({ kappa: Array(30).fill({}), alpha: {} })).toHaveLength(20);
  });
});
