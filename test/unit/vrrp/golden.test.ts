// Real adverts from Debian's keepalived 2.2.7 (test/fixtures/vrrp, captured by capture.sh):
// the decoder must read them, the encoder must reproduce them byte for byte (checksum included),
// and an instance configured like keepalived's peer must accept them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeIpv4Datagram,
  decodeVrrp,
  encodeIpv4Datagram,
  encodeVrrp,
  receivedFromIpv4Datagram,
  validateAdvert,
  type AdvertExpectations,
  type ReceivedAdvert,
  type VrrpPacket,
} from '../../../core/vrrp/index.js';
import { hex, loadFixture, unhex, v2Expectations, v2Packet, v3Expectations, v3Packet, type GoldenPacket } from './helpers.js';

interface GoldenCase {
  readonly fixture: string;
  /** What keepalived's config says it sends: the advert, then the priority-0 advert on SIGTERM. */
  readonly packets: readonly [VrrpPacket, VrrpPacket];
  readonly expectations: AdvertExpectations;
}

const v3v6: VrrpPacket = v3Packet({
  vrid: 53,
  priority: 100,
  addressFamily: 'inet6',
  addresses: ['fe80::53', '2001:db8:123::100', '2001:db8:123::101'],
});
const v3uni: VrrpPacket = v3Packet({ vrid: 54, priority: 120, addresses: ['10.123.0.140'], maxAdvertIntervalCentis: 50 });

const cases: readonly GoldenCase[] = [
  {
    fixture: 'v2-pass-ipv4',
    packets: [v2Packet(), v2Packet({ priority: 0 })],
    expectations: v2Expectations({ vrid: 51 }),
  },
  {
    fixture: 'v3-ipv4',
    packets: [v3Packet(), v3Packet({ priority: 0 })],
    expectations: v3Expectations({ vrid: 52 }),
  },
  {
    fixture: 'v3-ipv4-unicast',
    packets: [v3uni, { ...v3uni, priority: 0 }],
    expectations: v3Expectations({
      vrid: 54,
      advertIntervalCentis: 50,
      unicast: true,
      expectedAddresses: ['10.123.0.140'],
      checkUnicastSource: true,
      unicastPeers: [{ address: '10.123.0.1' }],
    }),
  },
  {
    fixture: 'v3-ipv6',
    packets: [v3v6, { ...v3v6, priority: 0 }],
    expectations: v3Expectations({ vrid: 53, expectedAddresses: ['fe80::53', '2001:db8:123::100', '2001:db8:123::101'] }),
  },
];

function received(p: GoldenPacket): ReceivedAdvert {
  if (p.ipDatagram !== undefined) {
    const r = receivedFromIpv4Datagram(unhex(p.ipDatagram));
    assert.ok(r.ok, 'captured datagram decodes');
    return r.advert;
  }
  return { family: 'inet6', payload: unhex(p.payload), source: p.source, destination: p.destination, ttlOrHopLimit: p.ttlOrHopLimit };
}

describe('golden packets from keepalived 2.2.7', () => {
  for (const c of cases) {
    describe(c.fixture, () => {
      const fixture = loadFixture(c.fixture);

      it('holds an advert and a priority-0 advert', () => {
        assert.equal(fixture.packets.length, 2);
      });

      fixture.packets.forEach((golden, i) => {
        const want = c.packets[i === 0 ? 0 : 1];

        it(`packet ${i}: decodeVrrp reads what keepalived was configured to send`, () => {
          const decoded = decodeVrrp(unhex(golden.payload), golden.family);
          assert.ok(decoded.ok, decoded.ok ? '' : decoded.message);
          assert.deepEqual(decoded.packet, want);
        });

        it(`packet ${i}: encodeVrrp reproduces the bytes, checksum included (RFC 3768 §5.3.8 / RFC 5798 §5.2.8)`, () => {
          const bytes = encodeVrrp(want, { source: golden.source, destination: golden.destination });
          assert.equal(hex(bytes), golden.payload);
        });

        it(`packet ${i}: validateAdvert accepts it (keepalived vrrp_check_packet)`, () => {
          const result = validateAdvert(received(golden), c.expectations);
          assert.ok(result.ok, result.ok ? '' : result.message);
          assert.deepEqual(result.packet, want);
          assert.deepEqual(result.warnings, []);
          assert.deepEqual(result.counters, want.priority === 0 ? ['advert_rcvd', 'pri_zero_rcvd'] : ['advert_rcvd']);
        });

        if (golden.ipDatagram !== undefined) {
          const datagram = golden.ipDatagram;
          it(`packet ${i}: decodeIpv4Datagram reads the IP header the raw socket delivers`, () => {
            const d = decodeIpv4Datagram(unhex(datagram));
            assert.ok(d.ok);
            assert.equal(d.datagram.ttl, 255);
            assert.equal(d.datagram.protocol, 112);
            assert.equal(d.datagram.headerLength, 20);
            assert.equal(d.datagram.totalLength, datagram.length / 2);
            assert.equal(d.datagram.source, golden.source);
            assert.equal(d.datagram.destination, golden.destination);
            assert.equal(hex(d.datagram.payload), golden.payload);
          });

          it(`packet ${i}: encodeIpv4Datagram rebuilds keepalived's IP header (vrrp_build_ip4)`, () => {
            const bytes = unhex(datagram);
            const id = ((bytes[4] ?? 0) << 8) | (bytes[5] ?? 0);
            const built = encodeIpv4Datagram({ source: golden.source, destination: golden.destination, id }, unhex(golden.payload));
            assert.equal(hex(built), datagram);
          });
        }
      });
    });
  }
});
