// The journal codec (core/events): decode∘encode is the identity on every Event, Effect and Record
// the types allow, encoding is deterministic and canonical, and no bytes make a decoder throw. The
// fast path (core/events/codec.generated.ts) takes every such value and writes and reads exactly what
// the reference path (protobufjs reflection) does; on damaged bytes and forbidden values the codec
// answers as the reference does, error messages included.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import * as generated from '../../core/events/codec.generated.js';
import { descriptor } from '../../core/events/descriptor.generated.js';
import { fastCodec } from '../../core/events/fast-codec.js';
import { reflectionCodec } from '../../core/events/reflection-codec.js';
import { buildSchemaModel } from '../../core/events/schema-model.js';
import {
  decodeEffect,
  decodeEvent,
  decodeRecord,
  encodeEffect,
  encodeEvent,
  encodeRecord,
  type DecodeResult,
} from '../../core/events/index.js';
import { arbitraryEffect, arbitraryEvent, arbitraryRecord } from '../support/event-arbitraries.js';
import { damagedValue, outcome, shapeOf } from '../unit/events/codec-helpers.js';

const root = protobuf.Root.fromJSON(descriptor as unknown as protobuf.INamespace);
const reference = reflectionCodec(root, buildSchemaModel(root));
const fast = fastCodec(generated);

interface Codec<T> {
  readonly name: string;
  readonly arbitrary: fc.Arbitrary<T>;
  readonly encode: (value: T) => Uint8Array;
  readonly decode: (bytes: Uint8Array) => DecodeResult<T>;
}

function codec<T>(name: string, arbitrary: fc.Arbitrary<T>, encode: (v: T) => Uint8Array, decode: (b: Uint8Array) => DecodeResult<T>): Codec<T> {
  return { name, arbitrary, encode, decode };
}

/** Valid bytes, then damaged: truncated, a byte changed, or bytes spliced in. */
function damaged<T>(c: Codec<T>): fc.Arbitrary<Uint8Array> {
  return fc.tuple(c.arbitrary.map(c.encode), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 8 }), fc.nat(2)).map(
    ([bytes, at, byte, extra, how]) => {
      const i = bytes.length === 0 ? 0 : at % bytes.length;
      if (how === 0) return bytes.subarray(0, i);
      if (how === 1) return Uint8Array.from(bytes, (b, j) => (j === i ? byte : b));
      return Uint8Array.from([...bytes.subarray(0, i), ...extra, ...bytes.subarray(i)]);
    },
  );
}

function assertResult(result: DecodeResult<unknown>): void {
  if (result.ok) return;
  assert.equal(typeof result.error, 'string');
  assert.ok(result.error.length > 0);
}

function codecProperties<T>(c: Codec<T>): void {
  describe(`${c.name} codec`, () => {
    it('decode(encode(x)) deep-equals x', () => {
      fc.assert(fc.property(c.arbitrary, (value) => {
        const decoded = c.decode(c.encode(value));
        assert.deepStrictEqual(decoded, { ok: true, value });
      }), { numRuns: 300 });
    });

    it('encodes the same value to the same bytes, and a decoded value back to the same bytes', () => {
      fc.assert(fc.property(c.arbitrary, (value) => {
        const bytes = c.encode(value);
        assert.deepStrictEqual(c.encode(value), bytes);
        const decoded = c.decode(bytes);
        assert.ok(decoded.ok);
        assert.deepStrictEqual(c.encode(decoded.value), bytes);
      }), { numRuns: 200 });
    });

    it('never throws on arbitrary bytes', () => {
      fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        assertResult(c.decode(bytes));
      }), { numRuns: 2000 });
    });

    it('never throws on damaged valid bytes', () => {
      fc.assert(fc.property(damaged(c), (bytes) => {
        assertResult(c.decode(bytes));
      }), { numRuns: 1000 });
    });
  });
}

function fastPathProperties<T>(c: Codec<T>): void {
  const encodeFast = fast.encoder(c.name);
  const decodeFast = fast.decoder(c.name);
  describe(`${c.name}: the fast path and the reference`, () => {
    it('the fast path takes every value and writes the reference bytes', () => {
      fc.assert(fc.property(c.arbitrary, (value) => {
        assert.deepStrictEqual(encodeFast(value), reference.encode(c.name, value));
      }), { numRuns: 500 });
    });

    it('the fast path reads those bytes as the reference does, keys in the same order', () => {
      fc.assert(fc.property(c.arbitrary, (value) => {
        const bytes = reference.encode(c.name, value);
        const expected = reference.decode(c.name, bytes);
        assert.ok(expected.ok, expected.ok ? '' : expected.error);
        const actual = decodeFast(bytes);
        assert.deepStrictEqual(actual, expected.value);
        assert.equal(shapeOf(actual), shapeOf(expected.value));
      }), { numRuns: 500 });
    });

    it('decoding arbitrary or damaged bytes gives the reference result, error messages included', () => {
      const bytes = fc.oneof(fc.uint8Array({ maxLength: 200 }), damaged(c));
      fc.assert(fc.property(bytes, (b) => {
        const actual = c.decode(b);
        const expected = reference.decode(c.name, b);
        assert.deepStrictEqual(actual, expected);
        if (actual.ok && expected.ok) assert.equal(shapeOf(actual.value), shapeOf(expected.value));
      }), { numRuns: 2000 });
    });

    it('encoding a damaged value gives the reference bytes or the reference TypeError', () => {
      fc.assert(fc.property(damagedValue(c.arbitrary), (value) => {
        assert.deepStrictEqual(outcome(() => c.encode(value as T)), outcome(() => reference.encode(c.name, value)));
      }), { numRuns: 2000 });
    });
  });
}

codecProperties(codec('Event', arbitraryEvent, encodeEvent, decodeEvent));
codecProperties(codec('Effect', arbitraryEffect, encodeEffect, decodeEffect));
codecProperties(codec('Record', arbitraryRecord, encodeRecord, decodeRecord));

fastPathProperties(codec('Event', arbitraryEvent, encodeEvent, decodeEvent));
fastPathProperties(codec('Effect', arbitraryEffect, encodeEffect, decodeEffect));
fastPathProperties(codec('Record', arbitraryRecord, encodeRecord, decodeRecord));
