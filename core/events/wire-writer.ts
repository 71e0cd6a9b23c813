// The protobuf wire format (protobuf.dev/programming-guides/encoding) written the way protobufjs's
// Writer writes it, so that the generated codec (codec.generated.ts) gives byte for byte what
// protobufjs gives. Records are written one after another into a slab and handed out as views of it,
// as Node's Buffer pool does: allocating an ArrayBuffer per record would cost more than encoding it.
// A length-delimited body reserves one byte for its length and is moved along when the length needs
// more (a body of 128 bytes or more), which is cheaper than sizing every message twice.
import { miss, obj, type Fields } from './wire-checks.js';

/** Writes one message's fields (not its tag or length). */
export type MessageWriter = (w: WireWriter, value: Fields) => void;

const TWO_32 = 4294967296;
const SLAB_SIZE = 16 * 1024;

export class WireWriter {
  private buf = new Uint8Array(SLAB_SIZE);
  private view = new DataView(this.buf.buffer);
  /** Where the record being written starts; what lies before it has been handed out and is never written again. */
  private start = 0;
  private pos = 0;
  /** A bigint's two 32-bit halves are read through this. */
  private readonly scratch = new DataView(new ArrayBuffer(8));
  /** The halves of the last 64-bit value split. */
  private lo = 0;
  private hi = 0;

  /** Forgets the record being written (after a value the fast path does not take). */
  reset(): void {
    this.pos = this.start;
  }

  /**
   * The record written: a plain Uint8Array over the slab, which nothing writes again. As with any
   * typed array, users of `.buffer` must mind `byteOffset` and `byteLength`.
   */
  finish(): Uint8Array {
    const record = this.buf.subarray(this.start, this.pos);
    this.start = this.pos;
    return record;
  }

  /** Room for `bytes` more; a record that outgrows the slab moves, whole, to a new one. */
  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const written = this.pos - this.start;
    const slab = new Uint8Array(Math.max(SLAB_SIZE, 2 * (written + bytes)));
    slab.set(this.buf.subarray(this.start, this.pos));
    this.buf = slab;
    this.view = new DataView(slab.buffer);
    this.start = 0;
    this.pos = written;
  }

  /** An unsigned 32-bit varint: a tag, a length, uint32, a non-negative int32, a bool. */
  uint32(value: number): void {
    this.ensure(5);
    const buf = this.buf;
    let v = value >>> 0;
    let pos = this.pos;
    while (v > 127) {
      buf[pos++] = (v & 127) | 128;
      v >>>= 7;
    }
    buf[pos++] = v;
    this.pos = pos;
  }

  /** protobufjs Writer#int32: a negative value is its 64-bit two's complement, ten bytes. */
  int32(value: number): void {
    if (value < 0) this.varint64(value >>> 0, 0xffffffff);
    else this.uint32(value);
  }

  sint32(value: number): void {
    this.uint32(((value << 1) ^ (value >> 31)) >>> 0);
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, value >>> 0, true);
    this.pos += 4;
  }

  float(value: number): void {
    this.ensure(4);
    this.view.setFloat32(this.pos, value, true);
    this.pos += 4;
  }

  double(value: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  /** int64 or uint64: the value modulo 2^64 as a varint. */
  int64(value: bigint): void {
    this.splitBigint(value);
    this.varint64(this.lo, this.hi);
  }

  sint64(value: bigint): void {
    this.splitBigint(value);
    this.zigzag64();
  }

  /** fixed64 or sfixed64. */
  fixed64(value: bigint): void {
    this.ensure(8);
    this.view.setBigUint64(this.pos, value, true);
    this.pos += 8;
  }

  /** int64 or uint64 with [jstype = JS_NUMBER]. */
  int64Number(value: number): void {
    this.splitNumber(value);
    this.varint64(this.lo, this.hi);
  }

  sint64Number(value: number): void {
    this.splitNumber(value);
    this.zigzag64();
  }

  fixed64Number(value: number): void {
    this.splitNumber(value);
    this.fixed32(this.lo);
    this.fixed32(this.hi);
  }

  bytes(value: Uint8Array): void {
    const length = value.length;
    this.uint32(length);
    this.ensure(length);
    this.buf.set(value, this.pos);
    this.pos += length;
  }

  /** UTF-8 (protobufjs util/utf8.js write), length first. A lone surrogate has no UTF-8 form: a miss. */
  string(value: string): void {
    const length = value.length;
    const begun = this.begin();
    this.ensure(length * 3);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < length; i++) {
      let c = value.charCodeAt(i);
      if (c < 0x80) {
        buf[pos++] = c;
      } else if (c < 0x800) {
        buf[pos++] = (c >> 6) | 0xc0;
        buf[pos++] = (c & 63) | 0x80;
      } else if (c < 0xd800 || c > 0xdfff) {
        buf[pos++] = (c >> 12) | 0xe0;
        buf[pos++] = ((c >> 6) & 63) | 0x80;
        buf[pos++] = (c & 63) | 0x80;
      } else {
        const low = value.charCodeAt(i + 1);
        if (c > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) miss();
        c = 0x10000 + ((c & 0x3ff) << 10) + (low & 0x3ff);
        i++;
        buf[pos++] = (c >> 18) | 0xf0;
        buf[pos++] = ((c >> 12) & 63) | 0x80;
        buf[pos++] = ((c >> 6) & 63) | 0x80;
        buf[pos++] = (c & 63) | 0x80;
      }
    }
    this.pos = pos;
    this.end(begun);
  }

  /** A message field's body, length first; `value` must be an object. */
  message(write: MessageWriter, value: unknown): void {
    const begun = this.begin();
    write(this, obj(value));
    this.end(begun);
  }

  /**
   * Starts a length-delimited body: one byte reserved for its length. Returns where it starts, counted
   * from the start of the record (the record may move to a new slab while the body is written).
   */
  begin(): number {
    this.ensure(1);
    return this.pos++ - this.start;
  }

  /** Writes the length of the body begun at `begun`, moving the body when the length takes more than one byte. */
  end(begun: number): void {
    const length = this.pos - this.start - begun - 1;
    if (length < 128) {
      this.buf[this.start + begun] = length;
      return;
    }
    let size = 1;
    for (let v = length; v > 127; v >>>= 7) size++;
    this.ensure(size - 1);
    const start = this.start + begun;
    const buf = this.buf;
    buf.copyWithin(start + size, start + 1, this.pos);
    let v = length;
    let pos = start;
    while (v > 127) {
      buf[pos++] = (v & 127) | 128;
      v >>>= 7;
    }
    buf[pos] = v;
    this.pos += size - 1;
  }

  /** A varint of the 64-bit value `hi * 2^32 + lo` (both unsigned 32-bit), as protobufjs's writeVarint64. */
  private varint64(lo: number, hi: number): void {
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    while (hi !== 0) {
      buf[pos++] = (lo & 127) | 128;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    while (lo > 127) {
      buf[pos++] = (lo & 127) | 128;
      lo >>>= 7;
    }
    buf[pos++] = lo;
    this.pos = pos;
  }

  /** ZigZag on lo and hi (protobufjs LongBits#zzEncode), then the varint. */
  private zigzag64(): void {
    const mask = this.hi >> 31;
    this.varint64(((this.lo << 1) ^ mask) >>> 0, (((this.hi << 1) | (this.lo >>> 31)) ^ mask) >>> 0);
  }

  /** A bigint modulo 2^64 into lo and hi, without intermediate bigints. */
  private splitBigint(value: bigint): void {
    this.scratch.setBigUint64(0, value, true);
    this.lo = this.scratch.getUint32(0, true);
    this.hi = this.scratch.getUint32(4, true);
  }

  /** protobufjs util.LongBits.fromNumber: a safe integer's two's complement halves into lo and hi. */
  private splitNumber(value: number): void {
    const magnitude = Math.abs(value);
    let lo = magnitude >>> 0;
    let hi = ((magnitude - lo) / TWO_32) >>> 0;
    if (value < 0) {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
      if (++lo > 0xffffffff) {
        lo = 0;
        if (++hi > 0xffffffff) hi = 0;
      }
    }
    this.lo = lo;
    this.hi = hi;
  }
}
