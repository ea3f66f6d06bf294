import { describe, expect, it } from 'vitest';
import { bootstrap, jackknifeInfluence } from '../../pipeline/stats/bootstrap.ts';
import { bcaInterval, normalQuantileInterpolation, percentileInterval } from '../../pipeline/stats/bootstrapInterval.ts';
import { createRng } from '../../pipeline/stats/random.ts';
import fixture from '../fixtures/stats/bootstrap.json' with { type: 'json' };

// Expected values: R boot 1.3-28 `boot.ci(type = c("perc", "bca"), L = empinf(type = "jack"))`
// and `boot:::norm.inter`, on the replicate values R drew (tests/fixtures/stats/bootstrap.R).
const x = fixture.x;
const logMean = (idx: number[]) => Math.log(idx.reduce((s, i) => s + x[i], 0) / idx.length);

describe('bootstrap intervals match R boot.ci on the same replicates', () => {
  for (const c of fixture.cases) {
    it(`R = ${c.R}, conf = ${c.conf}`, () => {
      const perc = percentileInterval(c.t, c.conf);
      expect(perc.low).toBeCloseTo(c.perc[0], 9);
      expect(perc.high).toBeCloseTo(c.perc[1], 9);
      const bca = bcaInterval(c.t0, c.t, c.L, c.conf);
      expect(bca.low).toBeCloseTo(c.bca[0], 9);
      expect(bca.high).toBeCloseTo(c.bca[1], 9);
    });
  }
  it('norm.inter, including the extreme order statistics', () => {
    const got = normalQuantileInterpolation(fixture.norm_inter.t, fixture.norm_inter.alphas);
    got.forEach((v, i) => expect(v).toBeCloseTo(fixture.norm_inter.values[i], 9));
  });
});

describe('jackknifeInfluence', () => {
  it('matches R empinf(type = "jack")', () => {
    const L = jackknifeInfluence(logMean, x.length);
    L.forEach((v, i) => expect(v).toBeCloseTo(fixture.cases[0].L[i], 12));
  });
});

describe('bootstrap draws', () => {
  it('is reproducible from the seed and evaluates the original sample in order', () => {
    const a = bootstrap(logMean, x.length, 50, createRng(20260326));
    const b = bootstrap(logMean, x.length, 50, createRng(20260326));
    expect(a).toEqual(b);
    expect(a.t0).toBeCloseTo(fixture.cases[0].t0, 14);
    expect(new Set(a.replicates).size).toBeGreaterThan(40);
  });
  it('resamples with replacement: the mean of replicate means is near the sample mean', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const mean = (idx: number[]) => idx.reduce((s, i) => s + values[i], 0) / idx.length;
    const { replicates } = bootstrap(mean, values.length, 4000, createRng(5));
    const m = replicates.reduce((s, t) => s + t, 0) / replicates.length;
    // The replicate mean has SD sqrt(8.25/10/4000) ≈ 0.0144 around 5.5.
    expect(Math.abs(m - 5.5)).toBeLessThan(0.06);
  });
});
