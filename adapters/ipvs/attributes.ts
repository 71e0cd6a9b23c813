// Netlink attributes (struct nlattr: u16 nla_len, u16 nla_type, payload, zero pad to 4 bytes),
// our own rather than netlink@0.3.0's AttrStream: that one never sets NLA_F_NESTED and leaves the
// last child's pad out of a nest's length (reference ecosystem.md §1.6 item 5). This encoder
// writes what libnl-3 writes for ipvsadm and keepalived, so requests match the captured vectors
// byte for byte (§2.4): every attribute padded, a nest's length covering its padded children.
// The decoder reads kernel replies and never throws: a malformed reply is a value, not a crash.

export const NLA_F_NESTED = 0x8000;
export const NLA_F_NET_BYTEORDER = 0x4000;
const NLA_TYPE_MASK = 0xffff & ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER);
const NLA_HDRLEN = 4;

/** NLA_ALIGN: attributes start on 4-byte boundaries. */
export const nlaAlign = (n: number): number => (n + 3) & ~3;

/** "Native" attributes (u16 AF, u32 FWD_METHOD...) are in host order; ip_vs.h says which are BE. */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface LeafAttribute {
  readonly type: number;
  readonly payload: Uint8Array;
}

export interface NestAttribute {
  readonly type: number;
  readonly children: readonly Attribute[];
}

export type Attribute = LeafAttribute | NestAttribute;

function fixed(size: number, write: (view: DataView) => void): Uint8Array {
  const bytes = new Uint8Array(size);
  write(new DataView(bytes.buffer));
  return bytes;
}

/** Attribute constructors, one per wire type (libnl's NLA_PUT_*). Callers check value ranges. */
export const nla = {
  u8: (type: number, value: number): LeafAttribute => ({ type, payload: Uint8Array.of(value & 0xff) }),
  u16: (type: number, value: number): LeafAttribute => ({ type, payload: fixed(2, (v) => { v.setUint16(0, value, HOST_LITTLE_ENDIAN); }) }),
  be16: (type: number, value: number): LeafAttribute => ({ type, payload: fixed(2, (v) => { v.setUint16(0, value, false); }) }),
  u32: (type: number, value: number): LeafAttribute => ({ type, payload: fixed(4, (v) => { v.setUint32(0, value >>> 0, HOST_LITTLE_ENDIAN); }) }),
  be32: (type: number, value: number): LeafAttribute => ({ type, payload: fixed(4, (v) => { v.setUint32(0, value >>> 0, false); }) }),
  /** NLA_PUT_STRING: the text and its terminating NUL. */
  string: (type: number, text: string): LeafAttribute => {
    const utf8 = new TextEncoder().encode(text);
    const payload = new Uint8Array(utf8.length + 1);
    payload.set(utf8);
    return { type, payload };
  },
  binary: (type: number, payload: Uint8Array): LeafAttribute => ({ type, payload }),
  /** Two host-order u32 (struct ip_vs_flags {flags, mask}). */
  u32Pair: (type: number, first: number, second: number): LeafAttribute => ({
    type,
    payload: fixed(8, (v) => {
      v.setUint32(0, first >>> 0, HOST_LITTLE_ENDIAN);
      v.setUint32(4, second >>> 0, HOST_LITTLE_ENDIAN);
    }),
  }),
  nest: (type: number, children: readonly Attribute[]): NestAttribute => ({ type, children }),
};

function isNest(a: Attribute): a is NestAttribute {
  return 'children' in a;
}

/** The bytes an attribute takes, its trailing pad included (libnl reserves NLA_ALIGN(len)). */
function spaceOf(a: Attribute): number {
  return isNest(a) ? NLA_HDRLEN + a.children.reduce((n, c) => n + spaceOf(c), 0) : nlaAlign(NLA_HDRLEN + a.payload.length);
}

function write(a: Attribute, out: Uint8Array, view: DataView, at: number): number {
  if (isNest(a)) {
    // nla_nest_end: the length runs to the message tail, so it includes every child's pad.
    const length = spaceOf(a);
    view.setUint16(at, length, HOST_LITTLE_ENDIAN);
    view.setUint16(at + 2, a.type | NLA_F_NESTED, HOST_LITTLE_ENDIAN);
    let offset = at + NLA_HDRLEN;
    for (const child of a.children) offset = write(child, out, view, offset);
    return offset;
  }
  // nla_put: nla_len counts the payload without its pad; the pad bytes are zero (fresh buffer).
  view.setUint16(at, NLA_HDRLEN + a.payload.length, HOST_LITTLE_ENDIAN);
  view.setUint16(at + 2, a.type, HOST_LITTLE_ENDIAN);
  out.set(a.payload, at + NLA_HDRLEN);
  return at + nlaAlign(NLA_HDRLEN + a.payload.length);
}

export function encodeAttributes(attrs: readonly Attribute[]): Uint8Array {
  const out = new Uint8Array(attrs.reduce((n, a) => n + spaceOf(a), 0));
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const a of attrs) offset = write(a, out, view, offset);
  return out;
}

// ---- decoding ----

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export const parsed = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const malformed = <T>(error: string): Parsed<T> => ({ ok: false, error });

export interface RawAttribute {
  /** nla_type without NLA_F_NESTED / NLA_F_NET_BYTEORDER. */
  readonly type: number;
  readonly data: Uint8Array;
}

/**
 * The attributes of a payload, in order. Like the kernel's nla_parse it ignores fewer than 4
 * leftover bytes at the end (a last attribute may come without its pad); a length that is too
 * short or runs past the end is an error.
 */
export function decodeAttributes(bytes: Uint8Array): Parsed<RawAttribute[]> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: RawAttribute[] = [];
  let at = 0;
  while (bytes.length - at >= NLA_HDRLEN) {
    const length = view.getUint16(at, HOST_LITTLE_ENDIAN);
    const type = view.getUint16(at + 2, HOST_LITTLE_ENDIAN) & NLA_TYPE_MASK;
    if (length < NLA_HDRLEN) return malformed(`attribute ${type} at offset ${at}: length ${length} is shorter than its header`);
    if (at + length > bytes.length) return malformed(`attribute ${type} at offset ${at}: length ${length} runs past the ${bytes.length}-byte payload`);
    out.push({ type, data: bytes.subarray(at + NLA_HDRLEN, at + length) });
    at += nlaAlign(length);
  }
  return parsed(out);
}

/** type → attribute; a repeated type keeps the last one, as nla_parse does. */
export function byType(attrs: readonly RawAttribute[]): Map<number, RawAttribute> {
  return new Map(attrs.map((a) => [a.type, a]));
}

function viewOf(a: RawAttribute | undefined, size: number): DataView | undefined {
  if (a === undefined || a.data.length < size) return undefined;
  return new DataView(a.data.buffer, a.data.byteOffset, a.data.byteLength);
}

/** Readers: undefined when the attribute is absent or too short for its type. */
export const read = {
  u8: (a: RawAttribute | undefined): number | undefined => viewOf(a, 1)?.getUint8(0),
  u16: (a: RawAttribute | undefined): number | undefined => viewOf(a, 2)?.getUint16(0, HOST_LITTLE_ENDIAN),
  be16: (a: RawAttribute | undefined): number | undefined => viewOf(a, 2)?.getUint16(0, false),
  u32: (a: RawAttribute | undefined): number | undefined => viewOf(a, 4)?.getUint32(0, HOST_LITTLE_ENDIAN),
  be32: (a: RawAttribute | undefined): number | undefined => viewOf(a, 4)?.getUint32(0, false),
  s32: (a: RawAttribute | undefined): number | undefined => viewOf(a, 4)?.getInt32(0, HOST_LITTLE_ENDIAN),
  /** A pair of host-order u32 (struct ip_vs_flags). */
  u32Pair: (a: RawAttribute | undefined): readonly [number, number] | undefined => {
    const v = viewOf(a, 8);
    return v === undefined ? undefined : [v.getUint32(0, HOST_LITTLE_ENDIAN), v.getUint32(4, HOST_LITTLE_ENDIAN)];
  },
  /** A NUL-terminated string (the text before the first NUL; all of it when there is none). */
  string: (a: RawAttribute | undefined): string | undefined => {
    if (a === undefined) return undefined;
    const end = a.data.indexOf(0);
    return new TextDecoder().decode(end < 0 ? a.data : a.data.subarray(0, end));
  },
};
