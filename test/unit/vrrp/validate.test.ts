// validateAdvert, rule by rule, in keepalived 2.2.7's order (reference keepalived.md §2.8,
// keepalived vrrp.c vrrp_check_packet). Each row names its source and the exact log line.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  REJECTION_RULES,
  encodeIpv4Datagram,
  encodeVrrp,
  passwordAuthData,
  receivedFromIpv4Datagram,
  receivedIpv4,
  validateAdvert,
  type AdvertExpectations,
  type AdvertRejection,
  type ReceivedAdvert,
  type VrrpStatCounter,
} from '../../../core/vrrp/index.js';
import { v2Expectations, v2Packet, v3Expectations, v3Packet } from './helpers.js';

const MCAST = '224.0.0.18';
const SRC = '10.123.0.1';
const PEER = '10.123.0.2';

interface DatagramOptions {
  readonly source?: string;
  readonly destination?: string;
  readonly ttl?: number;
  readonly protocol?: number;
  readonly totalLength?: number;
}

/** A VRRP message inside an IPv4 datagram, as the raw socket delivers it. */
function datagram(message: Uint8Array, o: DatagramOptions = {}): ReceivedAdvert {
  const bytes = encodeIpv4Datagram(
    { source: o.source ?? SRC, destination: o.destination ?? MCAST, ttl: o.ttl ?? 255, protocol: o.protocol ?? 112 },
    message,
  );
  if (o.totalLength !== undefined) new DataView(bytes.buffer).setUint16(2, o.totalLength);
  const r = receivedFromIpv4Datagram(bytes);
  assert.ok(r.ok);
  return r.advert;
}

const v2 = (o: Parameters<typeof v2Packet>[0] = {}): Uint8Array => encodeVrrp(v2Packet(o));
const v3 = (o: Parameters<typeof v3Packet>[0] = {}, destination = MCAST): Uint8Array =>
  encodeVrrp(v3Packet(o), { source: SRC, destination });
const patched = (bytes: Uint8Array, at: number, value: number): Uint8Array => {
  const copy = bytes.slice();
  copy[at] = value;
  return copy;
};

const v6ends = { source: 'fe80::1:1', destination: 'ff02::12' } as const;
const v6packet = v3Packet({ vrid: 53, addressFamily: 'inet6', addresses: ['fe80::53', '2001:db8:123::100'] });
const v6exp = v3Expectations({ expectedAddresses: ['fe80::53', '2001:db8:123::100'] });
function v6(hopLimit: number | null, message = encodeVrrp(v6packet, v6ends), destination = 'ff02::12'): ReceivedAdvert {
  return { family: 'inet6', payload: message, source: v6ends.source, destination, ttlOrHopLimit: hopLimit };
}

/** A 24-byte AH header (keepalived ipsec_ah_t) in front of a v2 AH advert. */
function withAh(nextHeader: number): ReceivedAdvert {
  const ah = new Uint8Array(24);
  ah[0] = nextHeader;
  return datagram(new Uint8Array([...ah, ...v2({ authType: 2, authData: new Uint8Array(8) })]), { protocol: 51 });
}

const noAuth = { authType: 0, authData: new Uint8Array(8) } as const;
const noAuthExp = { authType: 0, authPass: new Uint8Array(8) } as const;

interface RejectCase {
  readonly rule: string;
  readonly rx: ReceivedAdvert;
  readonly exp: AdvertExpectations;
  readonly reason: AdvertRejection;
  readonly message: string;
  readonly counters: readonly VrrpStatCounter[];
}

const reject: readonly RejectCase[] = [
  { rule: 'keepalived vrrp_get_header: header must have arrived', rx: datagram(v2().subarray(0, 4)), exp: v2Expectations(),
    reason: 'truncated', message: 'IPv4 VRRP packet too short - 24 bytes', counters: [] },
  { rule: 'keepalived vrrp_get_header (IPv6)', rx: v6(255, new Uint8Array(5)), exp: v6exp,
    reason: 'truncated', message: 'IPv6 VRRP packet too short - 5 bytes', counters: [] },
  { rule: 'keepalived vrrp_dispatcher_read: unknown VRID', rx: datagram(v2()), exp: v2Expectations({ vrid: 52, interfaceName: 'eth0' }),
    reason: 'unknownVrid', message: 'Unknown VRID(51) received on interface(eth0). ignoring...', counters: [] },
  { rule: 'keepalived vrrp_dispatcher_read: IPv6 multicast on a unicast instance', rx: v6(255), exp: { ...v6exp, unicast: true },
    reason: 'castDiscarded', message: '(VI_1) discarding multicast packet on unicast instance', counters: [] },
  { rule: 'Vigil: endpoints must be addresses', rx: { ...datagram(v2()), source: 'bogus' }, exp: v2Expectations(),
    reason: 'endpoint', message: '(VI_1) invalid inet source/destination bogus -> 224.0.0.18', counters: [] },
  { rule: '§2.8.1 AH expected, none present', rx: datagram(v2()), exp: v2Expectations({ authType: 2 }),
    reason: 'ahPresence', message: '(VI_1) No AH header but auth type is AH', counters: ['authtype_mismatch'] },
  { rule: '§2.8.1 AH present, not expected', rx: withAh(112), exp: v2Expectations(),
    reason: 'ahPresence', message: '(VI_1) Received AH header but auth type not AH', counters: ['authtype_mismatch'] },
  { rule: 'RFC 3768 §7.1 complete packet (§2.8.2): too long', rx: datagram(new Uint8Array([...v2(), 0])), exp: v2Expectations(),
    reason: 'length', message: '(VI_1) vrrp packet too long, length 45 and expect 44', counters: ['packet_len_err'] },
  { rule: 'RFC 3768 §7.1 complete packet (§2.8.2): too short', rx: datagram(v2().subarray(0, 20)), exp: v2Expectations(),
    reason: 'length', message: '(VI_1) vrrp packet too short, length 40 and expect 44', counters: ['packet_len_err'] },
  { rule: 'RFC 5798 §7.1 complete packet, IPv6 (§2.8.2)', rx: v6(255, encodeVrrp(v6packet, v6ends).subarray(0, 30)), exp: v6exp,
    reason: 'length', message: '(VI_1) vrrp packet too short, length 30 and expect 40', counters: ['packet_len_err'] },
  { rule: 'RFC 3768 §7.1 TTL 255 (§2.8.3)', rx: datagram(v2(), { ttl: 254 }), exp: v2Expectations(),
    reason: 'ttl', message: '(VI_1) invalid TTL/HL. Received 254 and expect 255', counters: ['ip_ttl_err'] },
  { rule: 'RFC 5798 §7.1 hop limit 255 (§2.8.3)', rx: v6(64), exp: v6exp,
    reason: 'ttl', message: '(VI_1) invalid TTL/HL. Received 64 and expect 255', counters: ['ip_ttl_err'] },
  { rule: '§2.8 order: TTL is checked before version', rx: datagram(v2(), { ttl: 1 }), exp: v3Expectations(),
    reason: 'ttl', message: '(VI_1) invalid TTL/HL. Received 1 and expect 255', counters: ['ip_ttl_err'] },
  { rule: 'RFC 3768 §7.1 version (§2.8.4)', rx: datagram(v2()), exp: v3Expectations(),
    reason: 'version', message: '(VI_1) wrong version. Received 2 and expect 3', counters: [] },
  { rule: 'RFC 5798 §7.1 version (§2.8.4)', rx: datagram(v3()), exp: v2Expectations(),
    reason: 'version', message: '(VI_1) wrong version. Received 3 and expect 2', counters: [] },
  { rule: 'RFC 2338 §7.1 unknown auth type (§2.8.6)', rx: datagram(patched(v2(), 4, 3)), exp: v2Expectations(),
    reason: 'authType', message: '(VI_1) Invalid auth type: 3', counters: ['invalid_authtype'] },
  { rule: 'RFC 2338 §7.1 auth type mismatch (§2.8.6)', rx: datagram(v2({ authType: 0, authData: new Uint8Array(8) })), exp: v2Expectations(),
    reason: 'authMismatch', message: '(VI_1) received a 0 auth, expecting 1!', counters: ['authtype_mismatch'] },
  { rule: 'RFC 2338 §5.3.6.2 password (§2.8.6)', rx: datagram(v2({ authData: passwordAuthData('wrong') })), exp: v2Expectations(),
    reason: 'authPassword', message: '(VI_1) received an invalid passwd!', counters: ['auth_failure'] },
  { rule: 'keepalived: AH for another protocol is dropped silently', rx: withAh(6), exp: v2Expectations({ authType: 2 }),
    reason: 'ahNextHeader', message: '', counters: [] },
  { rule: 'Vigil: AH ICV is not verified, so AH adverts are refused', rx: withAh(112), exp: v2Expectations({ authType: 2 }),
    reason: 'ahUnsupported', message: '(VI_1) IPSEC-AH authentication is not supported by Vigil - packet rejected', counters: ['auth_failure'] },
  { rule: 'RFC 3768 §7.1 v2 interval must match: dropped (§2.8.7)', rx: datagram(v2({ advertIntervalSeconds: 2 })), exp: v2Expectations(),
    reason: 'advertInterval', message: "(VI_1) advertisement interval mismatch mine=1 sec rcv'd=2 sec", counters: ['advert_interval_err'] },
  { rule: 'RFC 3768 §5.3.2 type 1 only (§2.8.8)', rx: datagram(patched(v2(), 0, 0x22)), exp: v2Expectations(),
    reason: 'type', message: '(VI_1) Invalid packet type. 2 and expect 1', counters: ['invalid_type_rcvd'] },
  { rule: 'keepalived <= 2.3.2: VIP count must match', rx: datagram(v2({ addresses: ['10.123.0.100'] })), exp: v2Expectations(),
    reason: 'addressCount', message: '(VI_1) received an unexpected ip number count 1, expected 2!', counters: ['addr_list_err'] },
  { rule: 'keepalived ip_tot_len (§2.8.9)', rx: datagram(v2(noAuth), { totalLength: 60 }), exp: v2Expectations(noAuthExp),
    reason: 'totalLength', message: '(VI_1) ip_tot_len mismatch against received length. 60 and received 44', counters: ['packet_len_err'] },
  { rule: 'keepalived 2.2.7 reads PASS at ip + tot_len - 8, before checking tot_len', rx: datagram(v2(), { totalLength: 60 }),
    exp: v2Expectations(), reason: 'authPassword', message: '(VI_1) received an invalid passwd!', counters: ['auth_failure'] },
  { rule: 'RFC 3768 §5.3.8 v2 checksum (§2.8.11)', rx: datagram(patched(v2(), 7, 0)), exp: v2Expectations(),
    reason: 'checksum', message: '(VI_1) Invalid VRRPv2 checksum', counters: [] },
  { rule: 'RFC 5798 §5.2.8 v3 checksum with pseudo-header (§2.8.11)', rx: datagram(v3({}, '224.0.0.19')), exp: v3Expectations(),
    reason: 'checksum', message: '(VI_1) Invalid VRRPv3 checksum', counters: [] },
  { rule: 'RFC 5798 §5.2.8 v3 checksum, v3_checksum_as_v2 peer', rx: datagram(encodeVrrp(v3Packet(), { source: SRC, destination: MCAST, v3ChecksumAsV2: true })),
    exp: v3Expectations(), reason: 'checksum', message: '(VI_1) Invalid VRRPv3 checksum', counters: [] },
  { rule: 'keepalived old_unicast_checksum never: no fallback', rx: datagram(v3({}, MCAST), { destination: PEER }),
    exp: v3Expectations({ unicast: true, oldUnicastChecksum: 'never' }), reason: 'checksum', message: '(VI_1) Invalid VRRPv3 checksum', counters: [] },
  { rule: 'RFC 5798 §5.2.8 IPv6 checksum (kernel in keepalived)', rx: v6(255, patched(encodeVrrp(v6packet, v6ends), 6, 0)), exp: v6exp,
    reason: 'checksum', message: '(VI_1) Invalid VRRPv3 checksum', counters: [] },
  { rule: 'keepalived: multicast instance, unicast packet (§2.8.12)', rx: datagram(v2(), { destination: PEER }), exp: v2Expectations(),
    reason: 'castMismatch', message: '(VI_1) Expected multicast packet but received unicast packet', counters: ['addr_list_err'] },
  { rule: 'keepalived: unicast instance, multicast packet (§2.8.12)', rx: datagram(v2()), exp: v2Expectations({ unicast: true }),
    reason: 'castMismatch', message: '(VI_1) Expected unicast packet but received multicast packet', counters: ['addr_list_err'] },
  { rule: 'RFC 3768 §7.1 MAY verify addresses; 2.2.7 rejects (§2.8.14)', rx: datagram(v2({ addresses: ['10.123.0.100', '10.123.0.102'] })),
    exp: v2Expectations(), reason: 'addressList',
    message: '(VI_1) ip address associated with VRID 51 not present in MASTER advert: 10.123.0.101', counters: ['advert_rcvd', 'addr_list_err'] },
  { rule: 'keepalived check_unicast_src (§2.8.15)', rx: datagram(v2(), { destination: PEER }),
    exp: v2Expectations({ unicast: true, checkUnicastSource: true, unicastPeers: [{ address: '10.123.0.9' }] }),
    reason: 'unicastSource', message: '(VI_1) unicast source address 10.123.0.1 not a unicast peer', counters: ['advert_rcvd'] },
  { rule: 'keepalived unicast_peer min_ttl/max_ttl (§2.8.15)', rx: datagram(v2(), { destination: PEER, ttl: 64 }),
    exp: v2Expectations({ unicast: true, checkUnicastSource: true, unicastPeers: [{ address: SRC, minTtl: 250, maxTtl: 255 }] }),
    reason: 'ttlRange', message: '(VI_1) TTL/HL 64 not in range 250 - 255', counters: ['advert_rcvd', 'ip_ttl_err'] },
];

describe('validateAdvert rejections', () => {
  for (const c of reject) {
    it(`${c.rule} -> ${c.reason}`, () => {
      const r = validateAdvert(c.rx, c.exp);
      assert.equal(r.ok, false);
      assert.ok(!r.ok);
      assert.equal(r.reason, c.reason);
      assert.equal(r.message, c.message);
      assert.deepEqual(r.counters, c.counters);
      assert.equal(r.kind, REJECTION_RULES[c.reason].kind);
    });
  }

  it('every rejection reason has a row above', () => {
    const covered = new Set(reject.map((c) => c.reason));
    assert.deepEqual(Object.keys(REJECTION_RULES).filter((r) => !covered.has(r as AdvertRejection)), []);
  });

  it('keepalived KO vs DROP: the v2 interval mismatch and unknown VRID are drops', () => {
    assert.equal(REJECTION_RULES.advertInterval.kind, 'dropped');
    assert.equal(REJECTION_RULES.unknownVrid.kind, 'dropped');
    assert.equal(REJECTION_RULES.checksum.kind, 'invalid');
  });
});

describe('validateAdvert acceptances', () => {
  it('a plain v2 PASS advert', () => {
    const r = validateAdvert(datagram(v2()), v2Expectations({ vrid: 51 }));
    assert.ok(r.ok);
    assert.deepEqual(r.counters, ['advert_rcvd']);
    assert.deepEqual(r.packet, v2Packet());
  });

  it('priority 0 counts pri_zero_rcvd (§2.8.16)', () => {
    const r = validateAdvert(datagram(v2({ priority: 0 })), v2Expectations());
    assert.ok(r.ok);
    assert.deepEqual(r.counters, ['advert_rcvd', 'pri_zero_rcvd']);
  });

  it('RFC 9568 / keepalived >= 2.3.3: address mismatch only logged when addressMismatch = log', () => {
    const r = validateAdvert(datagram(v2({ addresses: ['10.123.0.102'] })), v2Expectations({ addressMismatch: 'log' }));
    assert.ok(r.ok);
    assert.deepEqual(r.warnings.map((w) => w.message), [
      '(VI_1) expected 2 VIPs but received 1',
      '(VI_1) ip address associated with VRID 51 not present in MASTER advert: 10.123.0.100',
      '(VI_1) ip address associated with VRID 51 not present in MASTER advert: 10.123.0.101',
    ]);
  });

  it('skip_check_adv_addr from the same master: addresses (and unicast source) not checked', () => {
    const exp = v2Expectations({ checkAddresses: false, unicast: true, checkUnicastSource: true, unicastPeers: [] });
    const r = validateAdvert(datagram(v2({ addresses: [] }), { destination: PEER }), exp);
    assert.ok(r.ok);
  });

  it('RFC 5798 §6.4.2 / §2.8.10: a v3 interval mismatch is accepted with a warning', () => {
    const r = validateAdvert(datagram(v3({ maxAdvertIntervalCentis: 200 })), v3Expectations());
    assert.ok(r.ok);
    assert.deepEqual(r.warnings, [{ kind: 'advertInterval', message: "(VI_1) advertisement interval mismatch mine=100 centi-sec rcv'd=200 centi-sec" }]);
  });

  it('§2.10: unicast skips the TTL 255 check', () => {
    const r = validateAdvert(datagram(v3({}, PEER), { destination: PEER, ttl: 64 }), v3Expectations({ unicast: true }));
    assert.ok(r.ok);
  });

  it('§2.8.11: unicast v3 with the old (multicast) checksum is accepted once and switches mode', () => {
    const r = validateAdvert(datagram(v3({}, MCAST), { destination: PEER }), v3Expectations({ unicast: true }));
    assert.ok(r.ok);
    assert.deepEqual(r.warnings, [{ kind: 'oldUnicastChecksum', message: '(VI_1) Setting unicast VRRPv3 checksum to old version' }]);
    const again = validateAdvert(datagram(v3({}, MCAST), { destination: PEER }), v3Expectations({ unicast: true, oldUnicastChecksum: 'auto' }));
    assert.ok(again.ok);
    assert.deepEqual(again.warnings, []);
  });

  it('keepalived v3_checksum_as_v2: message-only checksum accepted', () => {
    const message = encodeVrrp(v3Packet(), { source: SRC, destination: MCAST, v3ChecksumAsV2: true });
    assert.ok(validateAdvert(datagram(message), v3Expectations({ v3ChecksumAsV2: true })).ok);
  });

  it('IPv6 without a known hop limit (rx_ttl_hop_limit = -1) skips the check', () => {
    assert.ok(validateAdvert(v6(null), v6exp).ok);
  });

  it('receivedIpv4 gives the simulator a well-formed IPv4 view without a header', () => {
    assert.ok(validateAdvert(receivedIpv4(v2(), SRC, MCAST, 255), v2Expectations()).ok);
  });
});
