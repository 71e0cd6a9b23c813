// What the generated codec (codec.generated.ts) checks before it writes a value: the same checks as
// wire-values.ts's encodeScalar, or narrower. A value that fails one makes the fast path miss
// (FastPathMiss); the codec then encodes through the reference path (reflection-codec.ts), which throws
// the TypeError that names the field, or encodes the value if it was only unusual.

/** The fast path does not take this value or these bytes; the reference path decides. */
export class FastPathMiss extends Error {
  override readonly name = 'FastPathMiss';
}

export function miss(): never {
  throw new FastPathMiss();
}

export type Fields = Readonly<Record<string, unknown>>;

const MAX_UINT64 = 2n ** 64n - 1n;
const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;

/** A message value: an object, not an array (to-protobuf.ts asObject). */
export function obj(value: unknown): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) miss();
  return value as Fields;
}

export function list(value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) miss();
  return value;
}

export function str(value: unknown): string {
  if (typeof value !== 'string') miss();
  return value;
}

export function bool(value: unknown): boolean {
  if (typeof value !== 'boolean') miss();
  return value;
}

export function bytes(value: unknown): Uint8Array {
  if (!(value instanceof Uint8Array)) miss();
  return value;
}

/** protobufjs leaves empty bytes of a field without presence off the wire. */
export function isEmptyBytes(value: unknown): boolean {
  return value instanceof Uint8Array && value.length === 0;
}

export function double(value: unknown): number {
  if (typeof value !== 'number') miss();
  return value;
}

/** A number a 32-bit float holds exactly (or NaN). */
export function float(value: unknown): number {
  if (typeof value !== 'number' || !(Object.is(Math.fround(value), value) || Number.isNaN(value))) miss();
  return value;
}

/** An integer in [-2^31, 2^31 - 1] (int32, sint32, sfixed32). */
export function int32(value: unknown): number {
  if (typeof value !== 'number' || (value | 0) !== value) miss();
  return value;
}

/** An integer in [0, 2^32 - 1] (uint32, fixed32). */
export function uint32(value: unknown): number {
  if (typeof value !== 'number' || value >>> 0 !== value) miss();
  return value;
}

/** [jstype = JS_NUMBER] on a signed 64-bit field: a safe integer. */
export function safeInt(value: unknown): number {
  if (!Number.isSafeInteger(value)) miss();
  return value as number;
}

/** [jstype = JS_NUMBER] on an unsigned 64-bit field: a non-negative safe integer. */
export function safeUint(value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) miss();
  return value as number;
}

export function int64(value: unknown): bigint {
  if (typeof value !== 'bigint' || value < MIN_INT64 || value > MAX_INT64) miss();
  return value;
}

export function uint64(value: unknown): bigint {
  if (typeof value !== 'bigint' || value < 0n || value > MAX_UINT64) miss();
  return value;
}
