/**
 * Cluster-robust covariance against R's sandwich::vcovCL 3.0-2 on lm fits
 * (tests/fixtures/stats/cluster-vcov.R → cluster-vcov.json): two-way (participants × items,
 * Cameron–Gelbach–Miller) and one-way clustering, vcovCL's defaults for lm (HC1, cadjust, no
 * multi0) and each option changed, a regression with three coefficients and unbalanced clusters,
 * and a Latin square whose two-way variance is negative.
 */
import { describe, expect, it } from 'vitest';
import { clusterRobustVcov, type ClusterVcovOptions } from '../../pipeline/stats/cluster-vcov.ts';
import { expectClose, loadFixture } from './fixture.ts';

interface VcovCase {
  name: string;
  options: ClusterVcovOptions | [];
  x: number[][];
  residuals: number[];
  clusters: number[][];
  vcov: number[][];
}
const fixture = loadFixture<{ cases: VcovCase[] }>('cluster-vcov');

describe('clusterRobustVcov agrees with sandwich::vcovCL to 1e-10 relative', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const options = Array.isArray(c.options) ? {} : c.options;
      const got = clusterRobustVcov(c.x, c.residuals, c.clusters, options);
      c.vcov.forEach((row, a) => row.forEach((v, b) => expectClose(got.vcov[a][b], v, 1e-10, `vcov[${a}][${b}]`)));
      expect(got.clusters).toEqual(c.clusters.map((ids) => new Set(ids).size));
      expect(got.positive_definite).toBe(c.name !== 'latin_square_not_psd');
    });
  }
});

describe('clusterRobustVcov arguments', () => {
  it('refuses mismatched lengths, ragged X, no clustering and a singular design', () => {
    expect(() => clusterRobustVcov([[1], [1]], [0.1], [[1, 2]])).toThrow(/must match/);
    expect(() => clusterRobustVcov([[1], [1, 2]], [0.1, 0.2], [[1, 2]])).toThrow(/same number/);
    expect(() => clusterRobustVcov([[1], [1]], [0.1, -0.1], [])).toThrow(/at least one clustering/);
    expect(() => clusterRobustVcov([[1], [1]], [0.1, -0.1], [[1]])).toThrow(/ids for 2/);
    expect(() => clusterRobustVcov([[1, 2], [2, 4]], [0.1, -0.1], [[1, 2]])).toThrow(/singular/);
  });
});
