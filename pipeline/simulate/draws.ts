/**
 * Small random draws the simulator needs beyond createRng: a five-point answer from a
 * distribution through a Gaussian copula, and a clipped, rounded judge score.
 */
import { normalQuantile } from '../stats/distributions.ts';
import type { Rng } from '../stats/random.ts';
import type { FivePointDistribution } from './calibration.ts';

/** The four normal quantiles that cut N(0, 1) into a distribution's five bands, cached. */
const cutsCache = new WeakMap<FivePointDistribution, number[]>();

function normalCuts(distribution: FivePointDistribution): number[] {
  let cuts = cutsCache.get(distribution);
  if (cuts === undefined) {
    cuts = [];
    let cumulative = 0;
    for (let k = 0; k < 4; k++) {
      cumulative += distribution[k];
      cuts.push(cumulative <= 0 ? Number.NEGATIVE_INFINITY : cumulative >= 1 ? Number.POSITIVE_INFINITY : normalQuantile(cumulative));
    }
    cutsCache.set(distribution, cuts);
  }
  return cuts;
}

/**
 * The answer 1..5 whose band of N(0, 1) holds z, the bands cut at the normal quantiles of the
 * cumulative probabilities: with z standard normal the answers follow `distribution` exactly;
 * correlated z give correlated answers (a Gaussian copula).
 *
 * @example
 * answerFromNormal(0, [0.1, 0.2, 0.4, 0.2, 0.1]); // 3 (0 lies between the quantiles of 0.3 and 0.7)
 */
export function answerFromNormal(z: number, distribution: FivePointDistribution): number {
  const cuts = normalCuts(distribution);
  for (let k = 0; k < 4; k++) if (z < cuts[k]) return k + 1;
  return 5;
}

/**
 * A standard normal correlated `rho` with the standard normal `anchor`.
 *
 * @example
 * correlatedNormal(1.2, 0, createRng(1)); // 0.8212134950387208, an independent N(0, 1) draw
 */
export function correlatedNormal(anchor: number, rho: number, rng: Rng): number {
  return rho * anchor + Math.sqrt(1 - rho * rho) * rng.normal();
}

/**
 * A standard normal with correlation `rho1` with the standard normal `anchor1` and `rho2` with
 * `anchor2`, the anchors correlated `rho12`: a·anchor1 + b·anchor2 + c·e with one fresh normal e,
 * where (a, b) solve [1 rho12; rho12 1]·(a, b) = (rho1, rho2) and c² = 1 − (a² + b² + 2ab·rho12).
 * Throws when the three correlations are not jointly possible.
 *
 * @example
 * twoAnchorNormal(z1, z2, 0.1, 0.5, 0.12, rng); // corr 0.5 with z1 and 0.12 with z2
 */
export function twoAnchorNormal(anchor1: number, anchor2: number, rho12: number, rho1: number, rho2: number, rng: Rng): number {
  const { a, b, c } = twoAnchorWeights(rho12, rho1, rho2);
  return a * anchor1 + b * anchor2 + c * rng.normal();
}

/**
 * The weights of twoAnchorNormal.
 *
 * @example
 * twoAnchorWeights(0, 0.5, 0.1); // { a: 0.5, b: 0.1, c: 0.8602… }
 */
export function twoAnchorWeights(rho12: number, rho1: number, rho2: number): { a: number; b: number; c: number } {
  const det = 1 - rho12 * rho12;
  if (!(det > 0)) throw new RangeError(`the anchors must not be perfectly correlated (rho12 = ${rho12})`);
  const a = (rho1 - rho12 * rho2) / det;
  const b = (rho2 - rho12 * rho1) / det;
  const rest = 1 - (a * a + b * b + 2 * a * b * rho12);
  if (!(rest >= 0)) throw new RangeError(`correlations ${rho1} and ${rho2} with anchors correlated ${rho12} are not jointly possible`);
  return { a, b, c: Math.sqrt(rest) };
}

/**
 * One judge run: the latent score plus run noise, rounded to the nearest integer and clipped to
 * 1..5 (the judge answers on a 1–5 scale).
 *
 * @example
 * judgeRunScore(3.2, 0, createRng(1)); // 3
 */
export function judgeRunScore(latent: number, runSd: number, rng: Rng): number {
  const raw = Math.round(latent + rng.normal(0, runSd));
  return raw < 1 ? 1 : raw > 5 ? 5 : raw;
}

/**
 * The logistic function 1 / (1 + e^−x).
 *
 * @example
 * logistic(0); // 0.5
 */
export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
