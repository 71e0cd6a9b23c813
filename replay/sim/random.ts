// Seeded randomness for the simulator: one root seed, a separate stream per subsystem (TigerBeetle's
// sub-seeds, reference peers.md §3.4), so an extra draw in one place does not perturb the others.

const MASK64 = (1n << 64n) - 1n;

/** SplitMix64: turns any 64-bit value into a well-mixed one. */
function splitmix64(x: bigint): bigint {
  let z = (x + 0x9e3779b97f4a7c15n) & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** FNV-1a 64 of a name: the label that derives a stream's seed from the root. */
function fnv1a64(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & MASK64;
  return h;
}

/** A small fast PRNG (sfc32) with the draws the simulator needs. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: bigint) {
    const s1 = splitmix64(seed);
    const s2 = splitmix64(s1);
    this.a = Number(s1 & 0xffffffffn) | 0;
    this.b = Number(s1 >> 32n) | 0;
    this.c = Number(s2 & 0xffffffffn) | 0;
    this.d = Number(s2 >> 32n) | 0 || 1;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** The stream named `name` under `root` (same root and name → same stream). */
  static stream(root: bigint, name: string): Random {
    return new Random(splitmix64(root ^ fnv1a64(name)));
  }

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

  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }
}
