// The journal codec (core/events): decode∘encode is the identity on every Event, Effect and Record
// the types allow, encoding is deterministic and canonical, and no bytes make a decoder throw.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
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

codecProperties(codec('Event', arbitraryEvent, encodeEvent, decodeEvent));
codecProperties(codec('Effect', arbitraryEffect, encodeEffect, decodeEffect));
codecProperties(codec('Record', arbitraryRecord, encodeRecord, decodeRecord));
