import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeIpv4Datagram,
  decodeVrrp,
  encodeVrrp,
  passwordAuthData,
  readVrrpHeader,
  vrrpChecksumValid,
  parseIpv4,
  type DecodeFailureReason,
} from '../../../core/vrrp/index.js';
import { hex, unhex, v2Packet, v3Packet } from './helpers.js';

const ends = { source: '10.123.0.1', destination: '224.0.0.18' } as const;

describe('encodeVrrp layout', () => {
  it('RFC 3768 §5.1: v2 header, addresses, then 8 auth bytes', () => {
    const bytes = encodeVrrp(v2Packet({ authType: 0, authData: new Uint8Array(8), addresses: ['1.2.3.4'] }));
    assert.equal(hex(bytes.subarray(0, 6)), '213396010001');
    assert.equal(hex(bytes.subarray(8)), '01020304' + '0000000000000000');
  });

  it('RFC 5798 §5.2.7: v3 interval is 12 bits, reserved bits zero', () => {
    const bytes = encodeVrrp(v3Packet({ maxAdvertIntervalCentis: 4095 }), ends);
    assert.equal(hex(bytes.subarray(4, 6)), '0fff');
  });

  it('v3 checksum covers the IPv4 pseudo-header (RFC 5798 §5.2.8), so it depends on the destination', () => {
    const a = encodeVrrp(v3Packet(), ends);
    const b = encodeVrrp(v3Packet(), { ...ends, destination: '10.123.0.2' });
    assert.notEqual(hex(a.subarray(6, 8)), hex(b.subarray(6, 8)));
  });

  it('v3ChecksumAsV2 leaves the pseudo-header out (keepalived v3_checksum_as_v2)', () => {
    const bytes = encodeVrrp(v3Packet(), { ...ends, v3ChecksumAsV2: true });
    const none = new Uint8Array(4);
    assert.ok(vrrpChecksumValid(bytes, { family: 'inet', version: 2, source: none, destination: none }));
  });

  it('checksumDestination gives the old unicast checksum (keepalived old_unicast_checksum)', () => {
    const old = encodeVrrp(v3Packet(), { source: '10.123.0.1', destination: '10.123.0.2', checksumDestination: '224.0.0.18' });
    assert.equal(hex(old), hex(encodeVrrp(v3Packet(), ends)));
  });

  it('passwordAuthData NUL-pads and truncates to 8 bytes (keepalived "Truncating auth_pass")', () => {
    assert.equal(hex(passwordAuthData('ab')), '6162000000000000');
    assert.equal(hex(passwordAuthData('123456789')), '3132333435363738');
  });

  const bad: readonly [string, () => Uint8Array][] = [
    ['vrid 256', () => encodeVrrp(v2Packet({ vrid: 256 }))],
    ['priority -1', () => encodeVrrp(v2Packet({ priority: -1 }))],
    ['v2 interval 256', () => encodeVrrp(v2Packet({ advertIntervalSeconds: 256 }))],
    ['v3 interval 4096', () => encodeVrrp(v3Packet({ maxAdvertIntervalCentis: 4096 }), ends)],
    ['7-byte authData', () => encodeVrrp(v2Packet({ authData: new Uint8Array(7) }))],
    ['IPv6 text in an IPv4 packet', () => encodeVrrp(v2Packet({ addresses: ['fe80::1'] }))],
    ['256 addresses', () => encodeVrrp(v2Packet({ addresses: new Array<string>(256).fill('1.1.1.1') }))],
    ['a v3 source that is not an address', () => encodeVrrp(v3Packet(), { source: 'x', destination: '224.0.0.18' })],
  ];
  for (const [what, run] of bad) {
    it(`throws RangeError for ${what}`, () => {
      assert.throws(run, RangeError);
    });
  }
});

describe('decodeVrrp failures (never throws)', () => {
  const v2 = encodeVrrp(v2Packet());
  const cases: readonly [string, Uint8Array, 'inet' | 'inet6', DecodeFailureReason, string][] = [
    ['7 bytes', v2.subarray(0, 7), 'inet', 'truncated', 'IPv4 VRRP packet too short - 7 bytes'],
    ['empty IPv6', new Uint8Array(), 'inet6', 'truncated', 'IPv6 VRRP packet too short - 0 bytes'],
    ['version 1', unhex('1133960201010000'), 'inet', 'version', 'VRRP version 1 is not supported over IPv4'],
    ['v2 over IPv6', unhex('2133960001010000'), 'inet6', 'version', 'VRRP version 2 is not supported over IPv6'],
    ['type 2', unhex('3233960000640000'), 'inet', 'type', 'Invalid packet type. 2 and expect 1'],
    ['one byte long', new Uint8Array([...v2, 0]), 'inet', 'length', 'vrrp packet too long, length 25 and expect 24'],
    ['one byte short', v2.subarray(0, 23), 'inet', 'length', 'vrrp packet too short, length 23 and expect 24'],
    ['auth type 3', unhex('2133960003010000' + '0000000000000000'), 'inet', 'authType', 'Invalid auth type: 3'],
  ];
  for (const [what, bytes, family, reason, message] of cases) {
    it(`${what}: ${reason}`, () => {
      const r = decodeVrrp(bytes, family);
      assert.deepEqual(r, { ok: false, reason, message });
    });
  }

  it('v3 reserved bits are ignored on receipt (RFC 5798 §5.2.7)', () => {
    const bytes = encodeVrrp(v3Packet({ addresses: [] }), ends);
    bytes[4] = (bytes[4] ?? 0) | 0xf0;
    const r = decodeVrrp(bytes, 'inet');
    assert.ok(r.ok);
    assert.equal(r.packet.version === 3 && r.packet.maxAdvertIntervalCentis, 100);
    assert.equal(readVrrpHeader(bytes)?.reserved, 0xf);
  });

  it('returns the received checksum without judging it', () => {
    const bytes = encodeVrrp(v2Packet());
    bytes[6] = 0;
    bytes[7] = 0;
    const r = decodeVrrp(bytes, 'inet');
    assert.ok(r.ok);
    assert.equal(r.checksum, 0);
  });
});

describe('decodeIpv4Datagram', () => {
  it('refuses fewer than 20 bytes with keepalived vrrp_get_header words', () => {
    assert.deepEqual(decodeIpv4Datagram(new Uint8Array(19)), {
      ok: false,
      reason: 'truncated',
      message: 'IPv4 VRRP packet too short - 19 bytes',
    });
  });

  it('refuses a non-IPv4 version nibble and an IHL below 5 or past the end', () => {
    const d = unhex('45c0002400010000ff70d01a0a7b0001e0000012');
    assert.equal(decodeIpv4Datagram(Uint8Array.of(0x65, ...d.subarray(1))).ok, false);
    assert.equal(decodeIpv4Datagram(Uint8Array.of(0x44, ...d.subarray(1))).ok, false);
    assert.equal(decodeIpv4Datagram(Uint8Array.of(0x4f, ...d.subarray(1))).ok, false);
  });

  it('skips IP options (IHL > 5) and keeps Total Length as sent', () => {
    const header = unhex('46c0002800010000ff7000000a7b0001e0000012' + '01010100');
    const payload = encodeVrrp(v2Packet({ addresses: [] }));
    const r = decodeIpv4Datagram(new Uint8Array([...header, ...payload]));
    assert.ok(r.ok);
    assert.equal(r.datagram.headerLength, 24);
    assert.equal(r.datagram.totalLength, 40);
    assert.equal(hex(r.datagram.payload), hex(payload));
    assert.deepEqual(parseIpv4(r.datagram.source), parseIpv4('10.123.0.1'));
  });
});
