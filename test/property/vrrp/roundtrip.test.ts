// encode∘decode is the identity on valid packets, and an instance configured to match accepts them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isIPv4, isIPv6 } from 'node:net';
import fc from 'fast-check';
import {
  VRRP_MULTICAST_IPV4,
  VRRP_MULTICAST_IPV6,
  decodeVrrp,
  encodeVrrp,
  formatAddress,
  formatIpv6,
  parseAddressOf,
  parseIpv4,
  parseIpv6,
  receivedIpv4,
  validateAdvert,
  vrrpChecksumValid,
  type AddressFamily,
  type ReceivedAdvert,
  type VrrpAuthType,
  type VrrpPacket,
} from '../../../core/vrrp/index.js';

const byte = fc.integer({ min: 0, max: 255 });
const address = (family: AddressFamily): fc.Arbitrary<string> =>
  fc.uint8Array({ minLength: family === 'inet' ? 4 : 16, maxLength: family === 'inet' ? 4 : 16 }).map(formatAddress);
const addresses = (family: AddressFamily): fc.Arbitrary<string[]> => fc.array(address(family), { maxLength: 20 });

const v2Packet: fc.Arbitrary<VrrpPacket> = fc.record({
  version: fc.constant(2 as const),
  type: fc.constant(1 as const),
  vrid: byte,
  priority: byte,
  addressFamily: fc.constant('inet' as const),
  addresses: addresses('inet'),
  authType: fc.constantFrom<VrrpAuthType>(0, 1, 2),
  authData: fc.uint8Array({ minLength: 8, maxLength: 8 }),
  advertIntervalSeconds: byte,
}).map((p) => ({ ...p })); // fc.record builds null-prototype objects; deepStrictEqual compares prototypes

const v3Packet: fc.Arbitrary<VrrpPacket> = fc.constantFrom<AddressFamily>('inet', 'inet6').chain((family) =>
  fc.record({
    version: fc.constant(3 as const),
    type: fc.constant(1 as const),
    vrid: byte,
    priority: byte,
    addressFamily: fc.constant(family),
    addresses: addresses(family),
    maxAdvertIntervalCentis: fc.integer({ min: 0, max: 4095 }),
  }).map((p) => ({ ...p })),
);

const withEndpoints = fc.oneof(v2Packet, v3Packet).chain((packet) =>
  fc.record({
    packet: fc.constant(packet),
    source: address(packet.addressFamily),
    destination: fc.oneof(
      fc.constant(packet.addressFamily === 'inet' ? VRRP_MULTICAST_IPV4 : VRRP_MULTICAST_IPV6),
      address(packet.addressFamily),
    ),
  }),
);

function receivedOf(message: Uint8Array, family: AddressFamily, source: string, destination: string): ReceivedAdvert {
  return family === 'inet'
    ? receivedIpv4(message, source, destination, 255)
    : { family, payload: message, source, destination, ttlOrHopLimit: 255 };
}

describe('VRRP codec round trip (property)', () => {
  it('decodeVrrp(encodeVrrp(p)) = p, with a valid checksum', () => {
    fc.assert(
      fc.property(withEndpoints, ({ packet, source, destination }) => {
        const bytes = encodeVrrp(packet, { source, destination });
        const decoded = decodeVrrp(bytes, packet.addressFamily);
        assert.ok(decoded.ok);
        assert.deepEqual(decoded.packet, packet);
        const family = packet.addressFamily;
        const scope = {
          family,
          version: packet.version,
          source: parseAddressOf(family, source) ?? new Uint8Array(),
          destination: parseAddressOf(family, destination) ?? new Uint8Array(),
        };
        assert.ok(vrrpChecksumValid(bytes, scope));
      }),
      { numRuns: 1000 },
    );
  });

  it('an instance configured like the sender accepts the advert unchanged', () => {
    fc.assert(
      fc.property(withEndpoints, ({ packet, source, destination }) => {
        const family = packet.addressFamily;
        const multicast = destination === VRRP_MULTICAST_IPV4 || destination === VRRP_MULTICAST_IPV6;
        // A random unicast destination may still be a multicast address.
        const dst = parseAddressOf(family, destination) ?? new Uint8Array();
        const unicast = !multicast && !(family === 'inet' ? ((dst[0] ?? 0) & 0xf0) === 0xe0 : dst[0] === 0xff);
        const result = validateAdvert(receivedOf(encodeVrrp(packet, { source, destination }), family, source, destination), {
          instanceName: 'VI_1',
          version: packet.version,
          vrid: packet.vrid,
          authType: packet.version === 2 ? packet.authType : 0,
          authPass: packet.version === 2 ? packet.authData : new Uint8Array(8),
          advertIntervalCentis: packet.version === 2 ? packet.advertIntervalSeconds * 100 : packet.maxAdvertIntervalCentis,
          unicast,
          expectedAddresses: packet.addresses,
        });
        if (packet.version === 2 && packet.authType === 2) {
          assert.ok(!result.ok); // AH is declared without an AH header: keepalived refuses it too
          assert.equal(result.reason, 'ahPresence');
          return;
        }
        assert.ok(result.ok, result.ok ? '' : result.message);
        assert.deepEqual(result.packet, packet);
        assert.deepEqual(result.warnings, []);
      }),
      { numRuns: 1000 },
    );
  });

  it('any single-byte change to a valid multicast v2 advert is rejected', () => {
    fc.assert(
      fc.property(v2Packet, address('inet'), fc.nat(), fc.integer({ min: 1, max: 255 }), (packet, source, at, delta) => {
        if (packet.version !== 2 || packet.authType === 2) return;
        const bytes = encodeVrrp(packet);
        const i = at % bytes.length;
        bytes[i] = ((bytes[i] ?? 0) + delta) & 0xff;
        const result = validateAdvert(receivedIpv4(bytes, source, VRRP_MULTICAST_IPV4, 255), {
          instanceName: 'VI_1',
          version: 2,
          authType: packet.authType,
          authPass: packet.authData,
          advertIntervalCentis: packet.advertIntervalSeconds * 100,
          unicast: false,
          expectedAddresses: packet.addresses,
        });
        assert.equal(result.ok, false);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('address text (property, against node:net and the WHATWG URL serializer)', () => {
  it('every RFC 4291 form fast-check produces parses, and formats back to the same bytes', () => {
    fc.assert(
      fc.property(fc.ipV6(), (text) => {
        const bytes = parseIpv6(text);
        assert.ok(bytes, text);
        assert.deepEqual(parseIpv6(formatIpv6(bytes)), bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('formatIpv6 matches the URL serializer (same RFC 5952 rules) outside ::ffff:0:0/96', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const mapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
        if (mapped) return;
        const text = formatIpv6(bytes);
        const groups = Array.from({ length: 8 }, (_, i) => (((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0)).toString(16));
        assert.equal(text, new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1));
      }),
      { numRuns: 2000 },
    );
  });

  it('parseIpv6 / parseIpv4 accept exactly what node:net accepts (strings over the address alphabet)', () => {
    const alphabet = fc.constantFrom(...'0123456789abcdefABCDEF:.'.split(''));
    const text = fc.oneof(fc.string({ unit: alphabet, maxLength: 45 }), fc.ipV6(), fc.ipV4());
    fc.assert(
      fc.property(text, (s) => {
        assert.equal(parseIpv6(s) !== undefined, isIPv6(s), `IPv6 ${JSON.stringify(s)}`);
        assert.equal(parseIpv4(s) !== undefined, isIPv4(s), `IPv4 ${JSON.stringify(s)}`);
      }),
      { numRuns: 5000 },
    );
  });
});
