// The postmortem reads rejections back from the log lines validateAdvert writes: every line it
// produces for a peer's misconfiguration must be recognised, with the right kind.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeIpv4Datagram,
  encodeVrrp,
  passwordAuthData,
  receivedFromIpv4Datagram,
  validateAdvert,
  type AdvertExpectations,
  type ReceivedAdvert,
} from '../../core/vrrp/index.js';
import { classifyRejection, type RejectionKind } from '../../replay/postmortem/rejections.js';
import { v2Expectations, v2Packet, v3Expectations, v3Packet } from '../unit/vrrp/helpers.js';

function datagram(message: Uint8Array, ttl = 255): ReceivedAdvert {
  const r = receivedFromIpv4Datagram(encodeIpv4Datagram({ source: '10.123.0.1', destination: '224.0.0.18', ttl, protocol: 112 }, message));
  assert.ok(r.ok);
  return r.advert;
}

interface Case {
  readonly name: string;
  readonly rx: ReceivedAdvert;
  readonly exp: AdvertExpectations;
  readonly kind: RejectionKind;
  readonly rejects: boolean;
}

const v2 = (o: Parameters<typeof v2Packet>[0] = {}): ReceivedAdvert => datagram(encodeVrrp(v2Packet(o)));

const cases: readonly Case[] = [
  { name: 'wrong password', rx: v2({ authData: passwordAuthData('other') }), exp: v2Expectations(), kind: 'authMismatch', rejects: true },
  { name: 'auth type mismatch', rx: v2({ authType: 0, authData: new Uint8Array(8) }), exp: v2Expectations(), kind: 'authMismatch', rejects: true },
  { name: 'AH expected, none present', rx: v2(), exp: v2Expectations({ authType: 2 }), kind: 'authMismatch', rejects: true },
  { name: 'v2 advert_int mismatch', rx: v2({ advertIntervalSeconds: 2 }), exp: v2Expectations(), kind: 'advertIntervalMismatch', rejects: true },
  { name: 'VIP count mismatch', rx: v2({ addresses: ['10.123.0.100'] }), exp: v2Expectations(), kind: 'addressListMismatch', rejects: true },
  { name: 'TTL', rx: datagram(encodeVrrp(v2Packet()), 254), exp: v2Expectations(), kind: 'ttl', rejects: true },
  { name: 'version', rx: v2(), exp: v3Expectations(), kind: 'versionMismatch', rejects: true },
  {
    name: 'checksum',
    rx: datagram(encodeVrrp(v3Packet(), { source: '10.123.0.1', destination: '224.0.0.19' })),
    exp: v3Expectations(),
    kind: 'checksum',
    rejects: true,
  },
];

describe('rejections read back from the log', () => {
  for (const c of cases) {
    it(c.name, () => {
      const v = validateAdvert(c.rx, c.exp);
      assert.ok(!v.ok, 'the advert is rejected');
      assert.deepEqual(classifyRejection(v.message), { kind: c.kind, rejects: c.rejects, message: v.message });
    });
  }

  it('a different VIP list is a warning: logged, the advert still used (RFC 9568 §7.1, as the reducer checks)', () => {
    const v = validateAdvert(v2({ addresses: ['10.123.0.100', '10.123.0.102'] }), v2Expectations({ addressMismatch: 'log' }));
    assert.ok(v.ok);
    const [warning] = v.warnings;
    assert.ok(warning !== undefined);
    assert.deepEqual(classifyRejection(warning.message), { kind: 'addressListMismatch', rejects: false, message: warning.message });
  });

  it('a VRRPv3 interval difference is no rejection, nor are the state machine’s own lines', () => {
    const v = validateAdvert(datagram(encodeVrrp(v3Packet({ maxAdvertIntervalCentis: 200 }), { source: '10.123.0.1', destination: '224.0.0.18' })), v3Expectations());
    assert.ok(v.ok);
    for (const w of v.warnings) assert.equal(classifyRejection(w.message), undefined, w.message);
    assert.equal(classifyRejection('(VI_1) received lower priority (90) advert from 10.0.0.1 - discarding'), undefined);
  });
});
