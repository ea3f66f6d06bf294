/**
 * Numbers printed as the companion paper printed them: Python's format(x, '.Nf') (exact binary ties
 * to the even digit, everything else correctly rounded; JavaScript's toFixed sends ties away from
 * zero). Expected strings: Python 3.11, tests/fixtures/reliability/format_reference.py.
 */
import { describe, expect, it } from 'vitest';
import { fixed, fixedTypeset } from '../../pipeline/reliability/format.ts';
import reference from '../fixtures/reliability/format_reference.json' with { type: 'json' };

describe('fixed', () => {
  it(`formats ${reference.cases.length} values exactly as Python does`, () => {
    const wrong = reference.cases.filter((c) => fixed(c.x, c.digits) !== c.python).map((c) => `${c.x} .${c.digits}f: ${fixed(c.x, c.digits)} vs ${c.python}`);
    expect(wrong).toEqual([]);
  });
  it('differs from toFixed on exact ties, where Python goes to the even digit', () => {
    expect([fixed(0.125, 2), (0.125).toFixed(2), fixed(2.5, 0), (2.5).toFixed(0)]).toEqual(['0.12', '0.13', '2', '3']);
  });
  it('shows -0.00 as 0.00 in the typeset form only', () => {
    expect([fixed(-0.001, 2), fixedTypeset(-0.001, 2), fixedTypeset(-0.25, 2)]).toEqual(['-0.00', '0.00', '-0.25']);
  });
});
