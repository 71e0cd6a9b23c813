// The protobuf wire format read the way protobufjs's Reader reads it — the same value from the same
// bytes: a 32-bit varint keeps its low 32 bits, a bool is true when any bit is set, strings are strict
// UTF-8 — for the generated codec (codec.generated.ts). It is the fast path only: anything out of the
// ordinary (truncation, a length past the end of its message, an over-long varint, invalid UTF-8, a
// 64-bit value that is not a safe integer where the type wants a number) makes it miss (FastPathMiss),
// and the codec asks protobufjs through the reference path, whose answer stands.
import { CACHED_STRING, type ReadCache } from './read-cache.js';
import { miss } from './wire-checks.js';

/** Reads one message's fields from r.pos to `end` (r's limit is `end`). */
export type MessageReader = (r: WireReader, end: number) => unknown;

// protobufjs util/utf8.js readStrict: TextDecoder with fatal and ignoreBOM.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** Longer strings go to TextDecoder; shorter ASCII ones are built by hand, which costs less than the call. */
const HAND_DECODED = 64;
/** Deeper nesting is left to protobufjs (its limit is 100); the schema nests far less. */
const MAX_DEPTH = 64;
const TWO_32 = 4294967296;
/** The high half of Number.MAX_SAFE_INTEGER. */
const MAX_SAFE_HI = 0x1fffff;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** Two 32-bit halves become a bigint through this; used within one call, it holds nothing between calls. */
const halves = new DataView(new ArrayBuffer(8));
/** Byte strings up to this long are copied by hand, without the view `subarray` would make. */
const HAND_COPIED = 64;

export class WireReader {
  private readonly buf: Uint8Array;
  /** Shared with other readers (read-cache.ts); none: every value is read anew. */
  private readonly cache: ReadCache | undefined;
  pos = 0;
  /** The end of the message being read. */
  private limit: number;
  private depth = 0;
  /** The halves of the last 64-bit value read (unsigned 32-bit each). */
  private lo = 0;
  private hi = 0;
  private view: DataView | undefined;

  constructor(buf: Uint8Array, cache?: ReadCache) {
    this.buf = buf;
    this.cache = cache;
    this.limit = buf.length;
  }

  /** protobufjs Reader#tag: at most five bytes, the value within 32 bits. */
  tag(): number {
    const buf = this.buf;
    const pos = this.pos;
    if (pos < this.limit) {
      const b = buf[pos] ?? 0;
      if (b < 128) {
        this.pos = pos + 1;
        return b;
      }
    }
    const tag = this.uint32();
    if (this.pos - pos > 5 || (this.pos - pos === 5 && ((buf[pos + 4] ?? 0) & 0x70) !== 0)) miss();
    return tag;
  }

  /** protobufjs Reader#uint32: up to ten bytes, the low 32 bits kept. */
  uint32(): number {
    const buf = this.buf;
    const limit = this.limit;
    let pos = this.pos;
    let value = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (pos >= limit) miss();
      const b = buf[pos++] ?? 0;
      if (shift < 28) value |= (b & 127) << shift;
      else if (shift === 28) value |= (b & 15) << 28;
      if (b < 128) {
        this.pos = pos;
        return value >>> 0;
      }
    }
    return miss();
  }

  int32(): number {
    return this.uint32() | 0;
  }

  sint32(): number {
    const value = this.uint32();
    return ((value >>> 1) ^ -(value & 1)) | 0;
  }

  /** protobufjs Reader#bool: true when any payload bit of the (up to ten byte) varint is set. */
  bool(): boolean {
    const buf = this.buf;
    let value = false;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.limit) miss();
      const b = buf[this.pos++] ?? 0;
      if ((b & 127) !== 0) value = true;
      if (b < 128) return value;
    }
    return miss();
  }

  fixed32(): number {
    const pos = this.pos;
    if (pos + 4 > this.limit) miss();
    this.pos = pos + 4;
    const buf = this.buf;
    return ((buf[pos] ?? 0) | ((buf[pos + 1] ?? 0) << 8) | ((buf[pos + 2] ?? 0) << 16) | ((buf[pos + 3] ?? 0) << 24)) >>> 0;
  }

  sfixed32(): number {
    return this.fixed32() | 0;
  }

  float(): number {
    if (this.pos + 4 > this.limit) miss();
    const value = this.dataView().getFloat32(this.pos, true);
    this.pos += 4;
    return value;
  }

  double(): number {
    if (this.pos + 8 > this.limit) miss();
    const value = this.dataView().getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  uint64(): bigint {
    this.varint64();
    return this.bigint(false);
  }

  int64(): bigint {
    this.varint64();
    return this.bigint(true);
  }

  sint64(): bigint {
    this.varint64();
    this.zigzag64();
    return this.bigint(true);
  }

  fixed64(): bigint {
    this.fixed64Halves();
    return this.bigint(false);
  }

  sfixed64(): bigint {
    this.fixed64Halves();
    return this.bigint(true);
  }

  /** uint64 with [jstype = JS_NUMBER]: a safe integer, or a miss. */
  uint64Number(): number {
    this.varint64();
    return this.safeNumber(false);
  }

  int64Number(): number {
    this.varint64();
    return this.safeNumber(true);
  }

  sint64Number(): number {
    this.varint64();
    this.zigzag64();
    return this.safeNumber(true);
  }

  fixed64Number(): number {
    this.fixed64Halves();
    return this.safeNumber(false);
  }

  sfixed64Number(): number {
    this.fixed64Halves();
    return this.safeNumber(true);
  }

  /** protobufjs util/utf8.js readStrict: ASCII eight bytes at a time by hand, anything else by TextDecoder. */
  string(): string {
    const end = this.delimited();
    const buf = this.buf;
    const start = this.pos;
    this.pos = end;
    if (this.cache !== undefined && end - start <= CACHED_STRING) return this.cachedString(this.cache, start, end);
    if (end - start > HAND_DECODED) return utf8.decode(buf.subarray(start, end));
    return this.decoded(start, end);
  }

  /** The string of buf[start, end): ASCII by hand, anything else by TextDecoder. */
  private decoded(start: number, end: number): string {
    const buf = this.buf;
    let text = '';
    let i = start;
    for (; i + 7 < end; i += 8) {
      const c1 = buf[i] ?? 0, c2 = buf[i + 1] ?? 0, c3 = buf[i + 2] ?? 0, c4 = buf[i + 3] ?? 0;
      const c5 = buf[i + 4] ?? 0, c6 = buf[i + 5] ?? 0, c7 = buf[i + 6] ?? 0, c8 = buf[i + 7] ?? 0;
      if (((c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8) & 0x80) !== 0) return utf8.decode(buf.subarray(start, end));
      text += String.fromCharCode(c1, c2, c3, c4, c5, c6, c7, c8);
    }
    for (; i < end; i++) {
      const c = buf[i] ?? 0;
      if (c >= 0x80) return utf8.decode(buf.subarray(start, end));
      text += String.fromCharCode(c);
    }
    return text;
  }

  /** A short string, from the cache if it has it. */
  private cachedString(cache: ReadCache, start: number, end: number): string {
    if (end === start) return '';
    const slot = cache.stringSlot(this.buf, start, end);
    const known = cache.string(slot, this.buf, start, end);
    if (known !== undefined) return known;
    const text = this.decoded(start, end);
    cache.keepString(slot, text, end - start);
    return text;
  }

  /** A copy, as decodeScalar makes: the input may be a Buffer sharing memory, or be reused by the caller. */
  bytes(): Uint8Array {
    const end = this.delimited();
    const start = this.pos;
    this.pos = end;
    if (end - start > HAND_COPIED) return new Uint8Array(this.buf.subarray(start, end));
    const copy = new Uint8Array(end - start);
    const buf = this.buf;
    for (let i = start; i < end; i++) copy[i - start] = buf[i] ?? 0;
    return copy;
  }

  /** A message field: its bytes become the limit while `read` reads them. */
  message(read: MessageReader): unknown {
    const end = this.delimited();
    const limit = this.limit;
    if (++this.depth > MAX_DEPTH) miss();
    this.limit = end;
    const value = read(this, end);
    this.depth--;
    this.limit = limit;
    return value;
  }

  /** The packed form of a repeated number, bool or enum field, appended to `items`. */
  packed(items: unknown[], read: (r: WireReader) => unknown): unknown[] {
    const end = this.delimited();
    const limit = this.limit;
    this.limit = end;
    while (this.pos < end) items.push(read(this));
    this.limit = limit;
    return items;
  }

  /** A length prefix (at most four bytes); the end of the body it announces, which must lie within the message. */
  private delimited(): number {
    const buf = this.buf;
    let pos = this.pos;
    let length = 0;
    for (let shift = 0; ; shift += 7) {
      if (shift === 28 || pos >= this.limit) miss();
      const b = buf[pos++] ?? 0;
      length |= (b & 127) << shift;
      if (b < 128) break;
    }
    const end = pos + length;
    if (end > this.limit) miss();
    this.pos = pos;
    return end;
  }

  /** A varint of up to ten bytes into lo and hi: its low 64 bits (protobufjs readLongVarint). */
  private varint64(): void {
    const buf = this.buf;
    const limit = this.limit;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (pos >= limit) miss();
      const b = buf[pos++] ?? 0;
      const bits = b & 127;
      if (shift < 28) {
        lo |= bits << shift;
      } else if (shift === 28) {
        lo |= bits << 28;
        hi |= bits >> 4;
      } else {
        hi |= bits << (shift - 32);
      }
      if (b < 128) {
        this.pos = pos;
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
        return;
      }
    }
    miss();
  }

  private fixed64Halves(): void {
    if (this.pos + 8 > this.limit) miss();
    this.lo = this.fixed32();
    this.hi = this.fixed32();
  }

  /** protobufjs LongBits#zzDecode on lo and hi. */
  private zigzag64(): void {
    const mask = -(this.lo & 1);
    this.lo = (((this.lo >>> 1) | (this.hi << 31)) ^ mask) >>> 0;
    this.hi = ((this.hi >>> 1) ^ mask) >>> 0;
  }

  private bigint(signed: boolean): bigint {
    const { lo, hi, cache } = this;
    const known = cache?.bigint(lo, hi, signed);
    if (known !== undefined) return known;
    let value: bigint;
    if (hi <= MAX_SAFE_HI) {
      // Up to 2^53 (a time in ns is, for 104 days), through a number: cheaper than the DataView.
      value = BigInt(hi * TWO_32 + lo);
    } else {
      halves.setUint32(0, lo, true);
      halves.setUint32(4, hi, true);
      value = signed ? halves.getBigInt64(0, true) : halves.getBigUint64(0, true);
    }
    cache?.keepBigint(lo, hi, signed, value);
    return value;
  }

  /** decodeScalar for [jstype = JS_NUMBER]: the value if it is a safe integer, else a miss. */
  private safeNumber(signed: boolean): number {
    if (this.hi <= MAX_SAFE_HI) return this.hi * TWO_32 + this.lo;
    const value = this.bigint(signed);
    if (value < -MAX_SAFE || value > MAX_SAFE) miss();
    return Number(value);
  }

  private dataView(): DataView {
    this.view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    return this.view;
  }
}
