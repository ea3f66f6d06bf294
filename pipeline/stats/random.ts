/**
 * Seeded random numbers for everything random in the project (simulation, bootstrap, jitter).
 * The generator is pure-rand's xoroshiro128+ (Blackman & Vigna 2018) with its `jump` for
 * independent streams. Its 128-bit state is filled from the seed by SplitMix32 (as Vigna
 * recommends) rather than by pure-rand's `xoroshiro128plus(seed)`, whose first draws for small
 * seeds sit near 1; floats are 53-bit uniform on [0, 1) from `uniformFloat64`. Normal deviates
 * use the Marsaglia polar method, which needs only uniforms and so is exactly reproducible.
 * Never use Math.random anywhere in the project.
 *
 * @example
 * const rng = createRng(42);
 * rng.uniform(); // a number in [0, 1)
 * rng.int(1, 6); // an integer in 1..6
 */
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

type Generator = ReturnType<typeof xoroshiro128plusFromState>;

export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** Standard normal deviate times `sd` plus `mean`. */
  normal(mean?: number, sd?: number): number;
  /** True with probability p. */
  bernoulli(p: number): boolean;
  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** A new array with the items in a uniformly random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** An independent stream, 2^64 draws away (the generator's jump); this stream is unchanged. */
  split(): Rng;
}

class XoroshiroRng implements Rng {
  private spareNormal: number | null = null;
  constructor(private readonly gen: Generator) {}

  uniform(): number {
    return uniformFloat64(this.gen);
  }

  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`int(min, max) needs integers with min <= max (got ${min}, ${max})`);
    }
    return uniformInt(this.gen, min, max);
  }

  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * z;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    return mean + sd * u * factor;
  }

  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() from an empty array');
    return items[this.int(0, items.length - 1)];
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const tmp = out[i];
      out[i] = out[j];
      out[j] = tmp;
    }
    return out;
  }

  split(): Rng {
    const clone = this.gen.clone();
    clone.jump();
    // Advance this stream too, so successive splits give distinct streams.
    this.gen.jump();
    this.gen.jump();
    return new XoroshiroRng(clone);
  }
}

/** A seeded generator; the same seed always gives the same sequence. */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer (got ${seed})`);
  let x = seed | 0;
  const splitmix32 = (): number => {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) | 0;
  };
  const state: number[] = [splitmix32(), splitmix32(), splitmix32(), splitmix32()];
  // An all-zero state would stay zero forever.
  if (!state.some((word) => word !== 0)) state[0] = 1;
  return new XoroshiroRng(xoroshiro128plusFromState(state));
}
