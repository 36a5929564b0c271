/**
 * Seeded pseudo-random numbers. sfc32 (128-bit state) is fast and statistically sound enough for
 * synthetic data; seeds of any kind are hashed into its state so that nearby seeds differ wildly.
 */
// Local aliases: a global lookup per call is slow inside jest's vm sandbox (measured ~15x).
const { floor, imul, sqrt } = Math;
export type Seed = number | string;

/** Finalising bit mixer (avalanche): every input bit affects every output bit. */
export function mix32(x: number): number {
  x = imul(x ^ (x >>> 16), 0x85ebca6b);
  x = imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Hashes a seed into four 32-bit words; two FNV-1a passes with different bases, then mixed. */
function seedState(seed: Seed): [number, number, number, number] {
  const text = String(seed);
  let a = 0x811c9dc5;
  let b = 0x2f6b7a1d;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = imul(a ^ c, 0x01000193);
    b = imul(b ^ c, 0x01000193) ^ (b >>> 13);
  }
  return [mix32(a), mix32(b), mix32(a ^ 0x9e3779b9), mix32((b + 0x7f4a7c15) | 0)];
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: Seed) {
    [this.a, this.b, this.c, this.d] = seedState(seed);
    this.d |= 1; // never an all-zero state
    for (let i = 0; i < 12; i++) this.uint32(); // warm up: hide the hash structure
  }

  /** sfc32 step. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`int(${min}, ${max}): empty range`);
    return min + floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty array');
    return items[floor(this.next() * items.length)];
  }

  /** One item with probability proportional to weightFn(item); for hot loops use WeightedTable. */
  weighted<T>(items: readonly T[], weightFn: (item: T) => number): T {
    return new WeightedTable(items, weightFn).pick(this);
  }

  /**
   * Normal-ish: the sum of four uniforms, rescaled. Close to a bell curve but bounded to
   * mean ± 3.46·sd, which keeps ages and dates plausible without extra clamping.
   */
  normal(mean: number, sd: number): number {
    const sum = this.next() + this.next() + this.next() + this.next();
    return mean + (sum - 2) * sqrt(3) * sd;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

/**
 * An independent stream for one concern. Streams derived from the same seed with different labels
 * do not shift each other: adding a draw to geography leaves every person unchanged.
 */
export function derive(seed: Seed, label: string): Random {
  return new Random(`${seed}\u0000${label}`);
}

/** Precomputed cumulative weights, picked by binary search. */
export class WeightedTable<T> {
  private readonly items: readonly T[];
  private readonly cumulative: number[];

  constructor(items: readonly T[], weightFn: (item: T) => number) {
    this.items = items;
    this.cumulative = [];
    let total = 0;
    for (const item of items) {
      const w = weightFn(item);
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`Bad weight ${w}`);
      total += w;
      this.cumulative.push(total);
    }
    if (!(total > 0)) throw new RangeError('Weights must not all be zero');
  }

  get total(): number {
    return this.cumulative[this.cumulative.length - 1];
  }

  pick(rng: Random): T {
    const target = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}
