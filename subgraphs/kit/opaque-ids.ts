/**
 * Opaque registry ids. A keyed Feistel permutation of the index makes them look random, be
 * deterministic from (seed, index) and – being a bijection – never collide, with no lookup table.
 */
import { derive, mix32, Seed } from './random';
// Local aliases: a global lookup per call is slow inside jest's vm sandbox (measured ~15x).
const { floor } = Math;

/** Crockford base-32: no I, L, O, U, so ids survive being read aloud or retyped. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const HALF_BITS = 25; // two halves of 25 bits = 50 bits = 10 base-32 characters
const HALF = 2 ** HALF_BITS;
const MASK = HALF - 1;
const ROUNDS = 4;

export class OpaqueIds {
  private readonly keys: number[];

  constructor(
    seed: Seed,
    private readonly prefix: string,
  ) {
    const rng = derive(seed, `ids:${prefix}`);
    this.keys = Array.from({ length: ROUNDS }, () => rng.uint32());
  }

  /** The id for the index-th item (0 ≤ index < 2^50). */
  make(index: number): string {
    if (!(index >= 0 && index < HALF * HALF && index % 1 === 0)) {
      throw new RangeError(`Id index out of range: ${index}`);
    }
    let left = floor(index / HALF);
    let right = index % HALF;
    for (const key of this.keys) {
      const next = (left ^ (mix32(right ^ key) & MASK)) & MASK;
      left = right;
      right = next;
    }
    return this.prefix + encodeHalf(left) + encodeHalf(right);
  }
}

function encodeHalf(value: number): string {
  let out = '';
  for (let shift = HALF_BITS - 5; shift >= 0; shift -= 5) out += ALPHABET[(value >>> shift) & 31];
  return out;
}
