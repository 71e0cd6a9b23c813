// The generated equality (core/events/equality.generated.ts): sameEvent, sameEffect and sameRecord
// are true exactly when the codec writes the two values to the same bytes — for values the types
// allow, for a value and its decoded copy, and for a value and one decoded from its bytes with a
// byte changed (a value a field or two away).
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
  sameEffect,
  sameEvent,
  sameRecord,
  type DecodeResult,
  type Effect,
  type SendAdvert,
} from '../../core/events/index.js';
import { arbitraryEffect, arbitraryEvent, arbitraryRecord } from '../support/event-arbitraries.js';

interface Subject<T> {
  readonly name: string;
  readonly arbitrary: fc.Arbitrary<T>;
  readonly encode: (value: T) => Uint8Array;
  readonly decode: (bytes: Uint8Array) => DecodeResult<T>;
  readonly same: (a: T, b: T) => boolean;
}

const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

/** x and a value near it: decoded from x's bytes with one byte changed, when those still decode. */
function neighbours<T>(s: Subject<T>): fc.Arbitrary<[T, T]> {
  return fc.tuple(s.arbitrary, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([x, at, byte]): [T, T] => {
    const bytes = s.encode(x);
    const i = bytes.length === 0 ? 0 : at % bytes.length;
    const changed = Uint8Array.from(bytes, (b, j) => (j === i ? byte : b));
    const y = s.decode(changed);
    return [x, y.ok ? y.value : x];
  });
}

function equalityProperties<T>(s: Subject<T>): void {
  describe(`same${s.name}`, () => {
    it('a value equals itself and its decoded copy', () => {
      fc.assert(fc.property(s.arbitrary, (x) => {
        assert.ok(s.same(x, x));
        const copy = s.decode(s.encode(x));
        assert.ok(copy.ok);
        assert.ok(s.same(x, copy.value));
        assert.ok(s.same(copy.value, x));
      }), { numRuns: 300 });
    });

    it('is true exactly when the encodings are equal, for nearby values', () => {
      fc.assert(fc.property(neighbours(s), ([x, y]) => {
        assert.equal(s.same(x, y), bytesEqual(s.encode(x), s.encode(y)));
        assert.equal(s.same(y, x), s.same(x, y));
      }), { numRuns: 2000 });
    });

    it('is true exactly when the encodings are equal, for any two values', () => {
      fc.assert(fc.property(s.arbitrary, s.arbitrary, (x, y) => {
        assert.equal(s.same(x, y), bytesEqual(s.encode(x), s.encode(y)));
      }), { numRuns: 500 });
    });
  });
}

equalityProperties<Effect>({ name: 'Effect', arbitrary: arbitraryEffect, encode: encodeEffect, decode: decodeEffect, same: sameEffect });
equalityProperties({ name: 'Event', arbitrary: arbitraryEvent, encode: encodeEvent, decode: decodeEvent, same: sameEvent });
equalityProperties({ name: 'Record', arbitrary: arbitraryRecord, encode: encodeRecord, decode: decodeRecord, same: sameRecord });

describe('sameEffect, what the bytes decide', () => {
  const without: SendAdvert = {
    kind: 'SendAdvert', instance: 'VI_1', interface: 'eth0', family: 'inet', destination: '224.0.0.18', ttl: 255,
    message: new Uint8Array([0x21, 0x33, 0x96, 0x01]),
  };
  const advert: SendAdvert = { ...without, source: '10.0.0.1' };

  it('an optional field set to undefined is the field left out', () => {
    const undefinedSource = { ...without, source: undefined } as unknown as Effect;
    assert.ok(bytesEqual(encodeEffect(undefinedSource), encodeEffect(without)));
    assert.ok(sameEffect(undefinedSource, without));
    assert.ok(!sameEffect(advert, without));
  });

  it('keys the schema does not have are not compared, as they are not written', () => {
    const extra: Effect = Object.assign({ note: 'not in the schema' }, advert);
    assert.ok(bytesEqual(encodeEffect(extra), encodeEffect(advert)));
    assert.ok(sameEffect(extra, advert));
  });

  it('one byte of a message, or another kind with the same fields, differs', () => {
    assert.ok(!sameEffect(advert, { ...advert, message: new Uint8Array([0x21, 0x33, 0x96, 0x02]) }));
    assert.ok(!sameEffect({ kind: 'CancelTimer', timer: 'vrrp:VI_1' }, { kind: 'TimerFired', timer: 'vrrp:VI_1' } as unknown as Effect));
  });
});
