/**
 * The seed of each simulated study, from the diagnosis seed, a stream name and the study's index.
 * Each study's numbers depend only on (seed, stream, index), never on which worker ran it or in
 * what order, so a diagnosis is the same whatever --workers.
 */

/** The finaliser of SplitMix32 / MurmurHash3 (Steele, Lea & Flood 2014): a bijection on uint32. */
function mix32(value: number): number {
  let x = value >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** The simulation streams of a diagnosis. `design` serves both the planted and the null sets
 *  (common random numbers: null study i differs from planted study i only by the effects). */
export const STREAMS = { design: 1, curve: 2, planted: 3 } as const;
export type StreamName = keyof typeof STREAMS;

/**
 * The uint32 seed of study `index` of `stream` under diagnosis seed `seed`.
 *
 * @example
 * simulationSeed(1, 'design', 0) === simulationSeed(1, 'design', 0); // true, on any worker
 * simulationSeed(1, 'design', 0) !== simulationSeed(1, 'curve', 0);  // true: separate streams
 */
export function simulationSeed(seed: number, stream: StreamName, index: number): number {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`simulation index must be a non-negative integer (${index})`);
  const high = Math.floor(seed / 2 ** 32);
  return mix32(mix32(mix32(seed >>> 0) ^ mix32(high + 0x9e3779b9) ^ Math.imul(STREAMS[stream], 0x85ebca6b)) + index);
}
