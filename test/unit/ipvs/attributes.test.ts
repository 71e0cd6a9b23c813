// The TLV codec: libnl's layout when writing (pads, NLA_F_NESTED, nest lengths), and a reader that
// returns an error for a malformed payload instead of throwing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { byType, decodeAttributes, encodeAttributes, nla, read, type RawAttribute } from '../../../adapters/ipvs/attributes.js';
import { hex, unhex } from './helpers.js';

describe('encodeAttributes (libnl-3 layout)', () => {
  it('pads a leaf to 4 bytes but leaves the pad out of nla_len', () => {
    assert.equal(hex(encodeAttributes([nla.u8(13, 1)])), '05000d0001000000');
    assert.equal(hex(encodeAttributes([nla.string(6, 'rr')])), '0700060072720000');
    assert.equal(hex(encodeAttributes([nla.string(6, '')])), '0500060000000000');
  });

  it('u16/u32 in host order, be16/be32 in network order', () => {
    assert.equal(hex(encodeAttributes([nla.u16(1, 10), nla.be16(4, 443)])), '060001000a000000060004000' + '1bb0000');
    assert.equal(hex(encodeAttributes([nla.u32(8, 300), nla.be32(9, 0xffffff00)])), '080008002c01000008000900ffffff00');
  });

  it('sets NLA_F_NESTED on a nest, whose length covers every child and its pad', () => {
    // A nest ending in an unaligned child: libnl counts the child's pad; netlink@0.3.0 did not.
    assert.equal(hex(encodeAttributes([nla.nest(2, [nla.u8(13, 1)])])), '0c000280' + '05000d0001000000');
    assert.equal(hex(encodeAttributes([nla.nest(1, [])])), '04000180');
  });

  it('nests inside nests', () => {
    const bytes = encodeAttributes([nla.nest(1, [nla.nest(10, [nla.u32(1, 7)])])]);
    assert.equal(hex(bytes), '10000180' + '0c000a80' + '0800010007000000');
  });
});

describe('decodeAttributes', () => {
  it('reads back what the encoder wrote, flags masked off the type', () => {
    const bytes = encodeAttributes([nla.u16(1, 2), nla.nest(2, [nla.string(6, 'wrr')]), nla.be16(4, 80)]);
    const top = decodeAttributes(bytes);
    assert.ok(top.ok);
    assert.deepEqual(top.value.map((a) => a.type), [1, 2, 4]);
    const map = byType(top.value);
    assert.equal(read.u16(map.get(1)), 2);
    assert.equal(read.be16(map.get(4)), 80);
    const nested = decodeAttributes(map.get(2)?.data ?? new Uint8Array());
    assert.ok(nested.ok);
    assert.equal(read.string(byType(nested.value).get(6)), 'wrr');
  });

  it('accepts a last attribute without its pad and ignores fewer than 4 leftover bytes', () => {
    const top = decodeAttributes(unhex('05000d00 01 0000 00'));
    assert.ok(top.ok);
    assert.equal(read.u8(top.value[0]), 1);
    const unpadded = decodeAttributes(unhex('05000d00 01'));
    assert.ok(unpadded.ok);
    assert.equal(unpadded.value.length, 1);
  });

  it('a length shorter than the header is an error, not a loop', () => {
    const r = decodeAttributes(unhex('02000100 00000000'));
    assert.equal(r.ok, false);
    assert.match(r.error, /shorter than its header/);
  });

  it('a length running past the payload is an error', () => {
    const r = decodeAttributes(unhex('40000100 00000000'));
    assert.equal(r.ok, false);
    assert.match(r.error, /runs past/);
  });

  it('readers answer undefined for an absent or too-short attribute', () => {
    const short: RawAttribute = { type: 1, data: unhex('01') };
    assert.equal(read.u16(short), undefined);
    assert.equal(read.u32(undefined), undefined);
    assert.equal(read.u32Pair({ type: 7, data: unhex('01000000') }), undefined);
    assert.equal(read.string({ type: 6, data: unhex('7272') }), 'rr'); // no NUL: all of it
  });

  it('never throws, whatever the bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const r = decodeAttributes(bytes);
        if (r.ok) for (const a of r.value) assert.ok(a.data.length <= bytes.length);
      }),
    );
  });
});
