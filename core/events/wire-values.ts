// Scalars between the generated TypeScript types and protobufjs: integer ranges, 64-bit integers as
// bigint (or, with [jstype = JS_NUMBER], a safe-integer number) and protobufjs's Long, bytes as plain
// Uint8Array. Encoding throws TypeError; decoding throws DecodeFailure.
import type { ScalarType, ValueModel } from './schema-model.js';

/** A value the bytes carry but the TypeScript types forbid; caught by the decoders. */
export class DecodeFailure extends Error {
  override readonly name = 'DecodeFailure';
}

/** What protobufjs's writer accepts for a 64-bit integer: the two 32-bit halves (a long.js Long, or this). */
interface LongHalves {
  readonly low: number;
  readonly high: number;
}

const int32Ranges: Partial<Record<ScalarType, readonly [number, number]>> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  sint32: [-(2 ** 31), 2 ** 31 - 1],
  sfixed32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  fixed32: [0, 2 ** 32 - 1],
};

const unsigned64: ReadonlySet<ScalarType> = new Set<ScalarType>(['uint64', 'fixed64']);
const signed64: ReadonlySet<ScalarType> = new Set<ScalarType>(['int64', 'sint64', 'sfixed64']);

// A lone UTF-16 surrogate has no UTF-8 encoding: protobufjs would write bytes that decode differently.
const loneSurrogate = /\p{Cs}/u;

function bigintInRange(value: bigint, scalar: ScalarType): boolean {
  return unsigned64.has(scalar) ? value === BigInt.asUintN(64, value) : value === BigInt.asIntN(64, value);
}

/** A TypeScript scalar → what protobufjs writes; TypeError for a value the field's type cannot carry. */
export function encodeScalar(value: unknown, scalar: ScalarType, jsNumber: boolean, where: string): unknown {
  switch (scalar) {
    case 'string':
      if (typeof value !== 'string') throw new TypeError(`${where}: expected a string`);
      if (loneSurrogate.test(value)) throw new TypeError(`${where}: a lone UTF-16 surrogate has no UTF-8 encoding`);
      return value;
    case 'bool':
      if (typeof value !== 'boolean') throw new TypeError(`${where}: expected a boolean`);
      return value;
    case 'bytes':
      if (!(value instanceof Uint8Array)) throw new TypeError(`${where}: expected a Uint8Array`);
      return value;
    case 'double':
      if (typeof value !== 'number') throw new TypeError(`${where}: expected a number`);
      return value;
    case 'float':
      if (typeof value !== 'number' || !(Object.is(Math.fround(value), value) || Number.isNaN(value))) {
        throw new TypeError(`${where}: expected a number a 32-bit float holds exactly`);
      }
      return value;
    default:
      break;
  }
  const range = int32Ranges[scalar];
  if (range !== undefined) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < range[0] || value > range[1]) {
      throw new TypeError(`${where}: expected a ${scalar} integer, got ${String(value)}`);
    }
    return value;
  }
  if (jsNumber) {
    // [jstype = JS_NUMBER]: a number, exact only as a safe integer.
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || (unsigned64.has(scalar) && value < 0)) {
      throw new TypeError(`${where}: expected a safe ${scalar} integer, got ${String(value)}`);
    }
    return value;
  }
  if (typeof value !== 'bigint' || !bigintInRange(value, scalar)) {
    throw new TypeError(`${where}: expected a ${scalar} bigint, got ${typeof value === 'bigint' ? `${value}n` : typeof value}`);
  }
  const bits = BigInt.asUintN(64, value);
  const halves: LongHalves = { low: Number(bits & 0xffffffffn) | 0, high: Number(bits >> 32n) | 0 };
  return halves;
}

/** protobufjs's Long (or number, without long.js) → bigint, as the field's signedness reads it. */
function longToBigint(raw: unknown, scalar: ScalarType, where: string): bigint {
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw)) throw new DecodeFailure(`${where}: 64-bit value read as an inexact number`);
    return BigInt(raw);
  }
  if (typeof raw !== 'object' || raw === null || !('low' in raw) || !('high' in raw)) {
    throw new DecodeFailure(`${where}: expected a 64-bit integer`);
  }
  const { low, high } = raw;
  if (typeof low !== 'number' || typeof high !== 'number') throw new DecodeFailure(`${where}: expected a 64-bit integer`);
  const bits = (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
  return signed64.has(scalar) ? BigInt.asIntN(64, bits) : bits;
}

/** What protobufjs read → the TypeScript scalar. */
export function decodeScalar(raw: unknown, scalar: ScalarType, jsNumber: boolean, where: string): unknown {
  switch (scalar) {
    case 'string':
      if (typeof raw !== 'string') throw new DecodeFailure(`${where}: expected a string`);
      return raw;
    case 'bool':
      if (typeof raw !== 'boolean') throw new DecodeFailure(`${where}: expected a boolean`);
      return raw;
    case 'bytes':
      // A copy: protobufjs hands out Buffers that share memory with the input.
      if (raw instanceof Uint8Array) return new Uint8Array(raw);
      throw new DecodeFailure(`${where}: expected bytes`);
    default:
      break;
  }
  if (unsigned64.has(scalar) || signed64.has(scalar)) {
    const value = longToBigint(raw, scalar, where);
    if (!jsNumber) return value;
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new DecodeFailure(`${where}: ${value} is not a safe integer (jstype = JS_NUMBER)`);
    }
    return Number(value);
  }
  if (typeof raw !== 'number') throw new DecodeFailure(`${where}: expected a number`);
  return raw;
}

/** The proto3 default a field that is not on the wire has. */
export function scalarDefault(scalar: ScalarType, jsNumber: boolean): unknown {
  switch (scalar) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'bytes':
      return new Uint8Array(0);
    case 'int64': case 'uint64': case 'sint64': case 'fixed64': case 'sfixed64':
      return jsNumber ? 0 : 0n;
    default:
      return 0;
  }
}

/** The protobuf wire type a value of this field is written with (packed repeated: 2). */
export function wireTypeOf(value: ValueModel): number {
  if (value.form !== 'scalar') return value.form === 'enum' ? 0 : 2;
  switch (value.scalar) {
    case 'string': case 'bytes':
      return 2;
    case 'double': case 'fixed64': case 'sfixed64':
      return 1;
    case 'float': case 'fixed32': case 'sfixed32':
      return 5;
    default:
      return 0;
  }
}
