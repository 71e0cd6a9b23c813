// Values journal records repeat, kept by the readers (wire-reader.ts) so that a journal read into
// memory holds each of them once: short ASCII strings (the node id in every record, instance and
// interface names, addresses, timer ids) and 64-bit integers (an event's times, which each of its
// effects repeats). A repeated value costs a comparison instead of a new string or bigint, and the
// records that hold it are fewer objects for the garbage collector to move. Strings and bigints
// are values: a shared one cannot be told from a new one. Each slot holds the last value that
// went to it; one the cache does not have is read as it would be without it.

/** Strings up to this many bytes are looked up. */
export const CACHED_STRING = 32;
const STRING_SLOTS = 1024;
const BIGINT_SLOTS = 16;

export class ReadCache {
  private readonly strings: (string | undefined)[] = new Array<string | undefined>(STRING_SLOTS).fill(undefined);
  private readonly bigints: (bigint | undefined)[] = new Array<bigint | undefined>(BIGINT_SLOTS).fill(undefined);
  /** The halves and signedness each bigint slot's value was read from. */
  private readonly bigintLo = new Uint32Array(BIGINT_SLOTS);
  private readonly bigintHi = new Uint32Array(BIGINT_SLOTS);
  private readonly bigintSigned = new Uint8Array(BIGINT_SLOTS);

  /** The slot of the string in buf[start, end) (1 to CACHED_STRING bytes): from its length and three of its bytes. */
  stringSlot(buf: Uint8Array, start: number, end: number): number {
    const n = end - start;
    return (Math.imul(n, 0x9e3779b1) ^ ((buf[start] ?? 0) << 16) ^ ((buf[start + (n >> 1)] ?? 0) << 8) ^ (buf[end - 1] ?? 0)) & (STRING_SLOTS - 1);
  }

  /** The string kept in `slot` if buf[start, end) holds exactly its characters (only ASCII is kept). */
  string(slot: number, buf: Uint8Array, start: number, end: number): string | undefined {
    const known = this.strings[slot];
    const n = end - start;
    if (known?.length !== n) return undefined;
    for (let i = 0; i < n; i++) if (known.charCodeAt(i) !== buf[start + i]) return undefined;
    return known;
  }

  /** Keeps `text`, read from `bytes` bytes, if it is ASCII: a string as long as its UTF-8. */
  keepString(slot: number, text: string, bytes: number): void {
    if (text.length === bytes) this.strings[slot] = text;
  }

  /** The bigint kept for these halves and signedness, if any. */
  bigint(lo: number, hi: number, signed: boolean): bigint | undefined {
    const slot = (lo ^ hi) & (BIGINT_SLOTS - 1);
    if (this.bigintLo[slot] !== lo || this.bigintHi[slot] !== hi || this.bigintSigned[slot] !== (signed ? 1 : 0)) return undefined;
    return this.bigints[slot];
  }

  keepBigint(lo: number, hi: number, signed: boolean, value: bigint): void {
    const slot = (lo ^ hi) & (BIGINT_SLOTS - 1);
    this.bigintLo[slot] = lo;
    this.bigintHi[slot] = hi;
    this.bigintSigned[slot] = signed ? 1 : 0;
    this.bigints[slot] = value;
  }
}
