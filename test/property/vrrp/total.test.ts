// Whatever arrives off the wire, decode and validate answer with data, never an exception.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  REJECTION_RULES,
  decodeIpv4Datagram,
  decodeVrrp,
  encodeIpv4Datagram,
  encodeVrrp,
  parseAddress,
  readVrrpHeader,
  receivedFromIpv4Datagram,
  validateAdvert,
  type AdvertExpectations,
  type ReceivedAdvert,
} from '../../../core/vrrp/index.js';

const anyBytes = fc.uint8Array({ maxLength: 600 });

/** Bytes that look like VRRP often enough to reach the later checks. */
const vrrpish = fc
  .record({
    first: fc.constantFrom(0x21, 0x31, 0x22, 0x11, 0x41),
    vrid: fc.constantFrom(51, 52, 0, 255),
    count: fc.integer({ min: 0, max: 4 }),
    tail: fc.uint8Array({ maxLength: 80 }),
  })
  .map(({ first, vrid, count, tail }) => Uint8Array.of(first, vrid, 100, count, ...tail));

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.ipV4(), fc.ipV6(), fc.constantFrom('224.0.0.18', 'ff02::12'));

const expectations: fc.Arbitrary<AdvertExpectations> = fc
  .record({
    instanceName: fc.string({ maxLength: 10 }),
    version: fc.constantFrom(2 as const, 3 as const),
    vrid: fc.option(fc.integer({ min: -1, max: 256 }), { nil: undefined }),
    authType: fc.constantFrom(0 as const, 1 as const, 2 as const),
    authPass: fc.uint8Array({ maxLength: 10 }),
    advertIntervalCentis: fc.integer({ min: -5, max: 5000 }),
    unicast: fc.boolean(),
    expectedAddresses: fc.array(text, { maxLength: 5 }),
    checkAddresses: fc.option(fc.boolean(), { nil: undefined }),
    addressMismatch: fc.constantFrom('reject' as const, 'log' as const),
    v3ChecksumAsV2: fc.boolean(),
    oldUnicastChecksum: fc.constantFrom('none' as const, 'never' as const, 'config' as const, 'auto' as const),
    multicastGroup: fc.option(text, { nil: undefined }),
    checkUnicastSource: fc.boolean(),
    unicastPeers: fc.array(
      fc.record({ address: text, minTtl: fc.integer({ min: -1, max: 256 }), maxTtl: fc.integer({ min: -1, max: 256 }) }),
      { maxLength: 3 },
    ),
  })
  .map((e) => {
    const { vrid, checkAddresses, multicastGroup, ...rest } = e;
    return {
      ...rest,
      ...(vrid === undefined ? {} : { vrid }),
      ...(checkAddresses === undefined ? {} : { checkAddresses }),
      ...(multicastGroup === undefined ? {} : { multicastGroup }),
    };
  });

const ipv6Received: fc.Arbitrary<ReceivedAdvert> = fc.record({
  family: fc.constant('inet6' as const),
  payload: fc.oneof(anyBytes, vrrpish),
  source: text,
  destination: text,
  ttlOrHopLimit: fc.option(fc.integer({ min: -1, max: 300 }), { nil: null }),
});

const ipv4Received: fc.Arbitrary<ReceivedAdvert> = fc.record({
  family: fc.constant('inet' as const),
  payload: fc.oneof(anyBytes, vrrpish),
  source: text,
  destination: text,
  ttlOrHopLimit: fc.option(fc.integer({ min: -1, max: 300 }), { nil: null }),
  headerLength: fc.integer({ min: 0, max: 80 }),
  totalLength: fc.integer({ min: 0, max: 0xffff }),
  protocol: fc.constantFrom(112, 51, 6),
});

/** A datagram around VRRP-ish bytes, mostly well-formed IPv4 so the VRRP checks are reached. */
const datagram = fc
  .record({ message: fc.oneof(vrrpish, anyBytes), ttl: fc.constantFrom(255, 254, 1), protocol: fc.constantFrom(112, 51) })
  .map(({ message, ttl, protocol }) => encodeIpv4Datagram({ source: '10.0.0.1', destination: '224.0.0.18', ttl, protocol }, message));

function checkShape(result: ReturnType<typeof validateAdvert>): void {
  if (result.ok) {
    // An accepted packet is well-formed enough to send again.
    const ends = result.packet.addressFamily === 'inet'
      ? { source: '10.0.0.1', destination: '224.0.0.18' }
      : { source: 'fe80::1', destination: 'ff02::12' };
    assert.ok(encodeVrrp(result.packet, ends).length >= 8);
  } else {
    assert.ok(result.reason in REJECTION_RULES);
    assert.equal(typeof result.message, 'string');
  }
}

describe('decoders and validateAdvert are total (property)', () => {
  it('decodeVrrp, readVrrpHeader and decodeIpv4Datagram never throw', () => {
    fc.assert(
      fc.property(fc.oneof(anyBytes, vrrpish), (bytes) => {
        for (const family of ['inet', 'inet6'] as const) decodeVrrp(bytes, family);
        readVrrpHeader(bytes);
        decodeIpv4Datagram(bytes);
        receivedFromIpv4Datagram(bytes);
      }),
      { numRuns: 5000 },
    );
  });

  it('validateAdvert never throws on arbitrary received adverts and expectations', () => {
    fc.assert(
      fc.property(fc.oneof(ipv4Received, ipv6Received), expectations, (rx, exp) => {
        checkShape(validateAdvert(rx, exp));
      }),
      { numRuns: 5000 },
    );
  });

  it('validateAdvert never throws on arbitrary datagrams from the raw socket', () => {
    fc.assert(
      fc.property(fc.oneof(datagram, anyBytes), expectations, (bytes, exp) => {
        const rx = receivedFromIpv4Datagram(bytes);
        if (rx.ok) checkShape(validateAdvert(rx.advert, exp));
      }),
      { numRuns: 5000 },
    );
  });

  it('address parsing never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit: 'binary' }), (s) => {
        parseAddress(s);
      }),
      { numRuns: 5000 },
    );
  });
});
