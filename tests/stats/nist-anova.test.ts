// One-way ANOVA against the 11 NIST StRD ANOVA sets (certified values in each .dat file,
// tests/fixtures/nist/, see SOURCE.md). Tolerances as scipy's test_stats.py::TestFOneWay::test_nist
// (relative 1e-7; 1e-4 for F in SmLs07–09), here applied to every certified quantity, not only F.
// SmLs07–09 hold values like 1000000000000.4, which binary doubles store only to ±6e-5: the
// EXACT (rational-arithmetic) ANOVA of the stored doubles already differs from the certified
// SS_between by 9.3e-5 relative, so the other quantities of those three sets get 2e-4.
import { describe, expect, it } from 'vitest';
import { oneWayAnova } from '../../pipeline/stats/anova.ts';
import { readNistAnova } from './nist-dat.ts';

const sets = ['SiRstv', 'SmLs01', 'SmLs02', 'SmLs03', 'AtmWtAg', 'SmLs04', 'SmLs05', 'SmLs06', 'SmLs07', 'SmLs08', 'SmLs09'];
const hard = new Set(['SmLs07', 'SmLs08', 'SmLs09']);

function relClose(actual: number, certified: number, rtol: number): void {
  expect(Math.abs(actual - certified)).toBeLessThanOrEqual(rtol * Math.abs(certified));
}

describe('oneWayAnova reproduces NIST StRD certified ANOVA values', () => {
  for (const name of sets) {
    it(name, () => {
      const { groups, certified } = readNistAnova(new URL(`../fixtures/nist/${name}.dat`, import.meta.url));
      const rtol = hard.has(name) ? 2e-4 : 1e-7;
      const got = oneWayAnova(groups);
      expect(got.between.df).toBe(certified.between.df);
      expect(got.within.df).toBe(certified.within.df);
      relClose(got.between.ss, certified.between.ss, rtol);
      relClose(got.between.ms, certified.between.ms, rtol);
      relClose(got.within.ss, certified.within.ss, rtol);
      relClose(got.within.ms, certified.within.ms, rtol);
      relClose(got.f, certified.f, hard.has(name) ? 1e-4 : 1e-7);
      relClose(got.r_squared, certified.r_squared, rtol);
      relClose(got.residual_sd, certified.residual_sd, rtol);
    });
  }

  it('gives the p-value R gives for the certified F (SiRstv)', () => {
    const { groups } = readNistAnova(new URL('../fixtures/nist/SiRstv.dat', import.meta.url));
    // R 4.2.2: print(pf(1.18046237440255, 4, 20, lower.tail = FALSE), digits = 17)
    const rP = 0.34944749340219283;
    relClose(oneWayAnova(groups).p, rP, 1e-9);
  });
});
