// VrrpPacket -> bytes of the VRRP message (no IP header), checksum filled in.
import { parseAddressOf } from './address.js';
import { vrrpChecksum } from './checksum.js';
import {
  VRRP_AUTH_DATA_LENGTH,
  VRRP_HEADER_LENGTH,
  VRRP_V3_MAX_INTERVAL_CENTIS,
  addressLength,
  expectedMessageLength,
  type VrrpPacket,
  type VrrpV2Packet,
  type VrrpV3Packet,
} from './packet.js';

/** The IP addresses the message travels between: what the v3 pseudo-header covers. */
export interface EncodeEndpoints {
  readonly source: string;
  readonly destination: string;
  /** keepalived `v3_checksum_as_v2` (IPv4 VRRPv3 only): leave the pseudo-header out. */
  readonly v3ChecksumAsV2?: boolean;
  /**
   * keepalived `old_unicast_checksum` (vrrp.c vrrp_build_vrrp_v3, 1.3.6 and earlier): a unicast v3
   * advert checksummed as if sent to the multicast group. Pass that group here (224.0.0.18).
   */
  readonly checksumDestination?: string;
}

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new RangeError(`encodeVrrp: ${what}`);
}

const isByte = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 0xff;

/**
 * RFC 3768 §5.3 (v2) / RFC 5798 §5.2 (v3) layout, checksum per §5.3.8 / §5.2.8. v2 needs no
 * endpoints (its checksum covers the message alone); v3 needs them for the pseudo-header.
 * Throws RangeError on a packet that cannot be put on the wire (a programming error, not input).
 */
export function encodeVrrp(packet: VrrpV2Packet, endpoints?: EncodeEndpoints): Uint8Array;
export function encodeVrrp(packet: VrrpPacket, endpoints: EncodeEndpoints): Uint8Array;
export function encodeVrrp(packet: VrrpPacket, endpoints?: EncodeEndpoints): Uint8Array {
  check(isByte(packet.vrid), `vrid ${packet.vrid} is not 0..255`);
  check(isByte(packet.priority), `priority ${packet.priority} is not 0..255`);
  check(packet.addresses.length <= 0xff, `${packet.addresses.length} addresses do not fit an 8-bit count`);
  const family = packet.addressFamily;
  const message = new Uint8Array(expectedMessageLength(family, packet.version, packet.addresses.length));
  message[0] = (packet.version << 4) | packet.type;
  message[1] = packet.vrid;
  message[2] = packet.priority;
  message[3] = packet.addresses.length;
  writeVersionFields(message, packet);
  const size = addressLength(family);
  packet.addresses.forEach((text, i) => {
    const bytes = parseAddressOf(family, text);
    check(bytes !== undefined, `"${text}" is not an ${family} address`);
    message.set(bytes, VRRP_HEADER_LENGTH + i * size);
  });
  const checksum = packet.version === 2 ? v2Checksum(message) : v3Checksum(message, packet, endpoints);
  message[6] = checksum >> 8;
  message[7] = checksum & 0xff;
  return message;
}

function writeVersionFields(message: Uint8Array, packet: VrrpPacket): void {
  if (packet.version === 2) {
    check(isByte(packet.advertIntervalSeconds), `advert interval ${packet.advertIntervalSeconds}s is not 0..255`);
    check(packet.authData.length === VRRP_AUTH_DATA_LENGTH, 'authData must be 8 bytes');
    message[4] = packet.authType;
    message[5] = packet.advertIntervalSeconds;
    message.set(packet.authData, message.length - VRRP_AUTH_DATA_LENGTH); // RFC 2338 §5.3.10
    return;
  }
  const centis = packet.maxAdvertIntervalCentis;
  check(Number.isInteger(centis) && centis >= 0 && centis <= VRRP_V3_MAX_INTERVAL_CENTIS, `interval ${centis}cs is not 12-bit`);
  message[4] = centis >> 8; // RFC 5798 §5.2.7: the 4 reserved bits stay zero
  message[5] = centis & 0xff;
}

function v2Checksum(message: Uint8Array): number {
  // RFC 3768 §5.3.8: over the VRRP message alone; the v2 path never reads the endpoints.
  const none = new Uint8Array(4);
  return vrrpChecksum(message, { family: 'inet', version: 2, source: none, destination: none });
}

function v3Checksum(message: Uint8Array, packet: VrrpV3Packet, endpoints: EncodeEndpoints | undefined): number {
  check(endpoints !== undefined, 'a VRRPv3 checksum needs source and destination');
  const family = packet.addressFamily;
  const destinationText = endpoints.checksumDestination ?? endpoints.destination;
  const source = parseAddressOf(family, endpoints.source);
  const destination = parseAddressOf(family, destinationText);
  check(source !== undefined, `source "${endpoints.source}" is not an ${family} address`);
  check(destination !== undefined, `destination "${destinationText}" is not an ${family} address`);
  const v3ChecksumAsV2 = family === 'inet' && endpoints.v3ChecksumAsV2 === true;
  return vrrpChecksum(message, { family, version: 3, source, destination, v3ChecksumAsV2 });
}
