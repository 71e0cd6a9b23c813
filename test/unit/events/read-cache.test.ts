// The readers' ReadCache (core/events/read-cache.ts): values read through it are the values their
// bytes hold, whatever was read before — a slot taken by different values in turn, strings that
// are not ASCII, the empty string, strings too long to be kept, signed and unsigned integers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeEffect, decodeRecord, encodeEffect, encodeRecord, type Effect, type Record as JournalRecord } from '../../../core/events/index.js';
import { ReadCache } from '../../../core/events/read-cache.js';
import { WireReader } from '../../../core/events/wire-reader.js';
import { WireWriter } from '../../../core/events/wire-writer.js';

/** The bytes of one length-delimited string field. */
function field(text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  return Uint8Array.from([body.length, ...body]);
}

function readString(cache: ReadCache, text: string): string {
  return new WireReader(field(text), cache).string();
}

function varint(value: bigint): Uint8Array {
  const w = new WireWriter();
  w.int64(value);
  return w.finish().slice();
}

describe('strings read through the cache', () => {
  it('are what their bytes hold, read in any order', () => {
    const cache = new ReadCache();
    // Same length, same first, middle and last bytes: they share a slot and take it in turn.
    const alike = ['a1b1c', 'a2b1d', 'a3b1c', 'a1b1c', 'a9b1c', 'a2b1d', 'a1b1c'];
    const others = ['', 'vrrp:VI_1', 'vrrp:VI_2', 'é', 'naïve', '日本', '\u{1F600}', 'x'.repeat(32), 'y'.repeat(33), 'eth0', '10.0.0.1'];
    for (let round = 0; round < 3; round++) {
      for (const text of [...alike, ...others, ...alike.slice().reverse()]) assert.equal(readString(cache, text), text);
    }
  });

  it('are what their bytes hold for any strings, in any order', () => {
    const cache = new ReadCache();
    fc.assert(fc.property(fc.array(fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('ab', 'ba', 'aab', 'aba')), { maxLength: 30 }), (texts) => {
      for (const text of texts) assert.equal(readString(cache, text), text);
    }), { numRuns: 500 });
  });

  it('invalid UTF-8 still misses the fast path, and the codec answers as the reference does', () => {
    const effect: Effect = { kind: 'CancelTimer', timer: 'vrrp:VI_1' };
    const bytes = encodeEffect(effect);
    assert.deepEqual(decodeEffect(bytes), { ok: true, value: effect });
    const broken = bytes.slice();
    broken[broken.length - 1] = 0xff;
    assert.equal(decodeEffect(broken).ok, false);
    assert.deepEqual(decodeEffect(bytes), { ok: true, value: effect });
  });
});

describe('64-bit integers read through the cache', () => {
  it('are what their bytes hold, signed or not, whatever was read before', () => {
    const cache = new ReadCache();
    const values = [0n, 1n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n, 1_767_225_630_414_062_000n, 16n, 17n];
    for (let round = 0; round < 2; round++) {
      for (const v of values) {
        assert.equal(new WireReader(varint(BigInt.asIntN(64, v)), cache).uint64(), BigInt.asUintN(64, v));
        assert.equal(new WireReader(varint(BigInt.asIntN(64, v)), cache).int64(), BigInt.asIntN(64, v));
      }
    }
  });

  it('records that share their times decode to the times each holds', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 40n })), { minLength: 1, maxLength: 20 }), (times) => {
      for (const [wall, step] of times) {
        const record: JournalRecord = { sequence: step + 1n, monotonicNs: step * 1000n, wallNs: wall, nodeId: 'n1', body: { kind: 'TimerFired', timer: 'vrrp:VI_1' } };
        assert.deepEqual(decodeRecord(encodeRecord(record)), { ok: true, value: record });
      }
    }), { numRuns: 300 });
  });
});
