// The VRRP checksum: RFC 1071 Internet checksum, with or without a pseudo-header.
import { IPPROTO_VRRP, type AddressFamily, type VrrpVersion } from './packet.js';

/**
 * RFC 1071 §4.1: one's complement of the one's complement sum of 16-bit big-endian words, over the
 * concatenation of `chunks` (an odd byte is padded with zero on the right, as keepalived's in_csum).
 * Returns 0 when run over a message whose checksum field is already correct.
 */
export function internetChecksum(chunks: readonly Uint8Array[]): number {
  let sum = 0;
  let high = true; // is the next byte the high half of a word?
  for (const chunk of chunks) {
    for (const byte of chunk) {
      sum += high ? byte << 8 : byte;
      high = !high;
      if (sum > 0xffffff) sum = (sum & 0xffff) + (sum >>> 16); // end-around carry, stays < 2^25
    }
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/**
 * keepalived include/vrrp.h ipv4_phdr_t, the RFC 768-style IPv4 pseudo-header that RFC 5798 §5.2.8
 * asks for over IPv4: source, destination, zero, protocol 112, 16-bit VRRP length.
 */
export function ipv4PseudoHeader(source: Uint8Array, destination: Uint8Array, length: number): Uint8Array {
  const h = new Uint8Array(12);
  h.set(source.subarray(0, 4), 0);
  h.set(destination.subarray(0, 4), 4);
  h[9] = IPPROTO_VRRP;
  h[10] = (length >> 8) & 0xff;
  h[11] = length & 0xff;
  return h;
}

/**
 * RFC 8200 §8.1 (RFC 2460 §8.1, cited by RFC 5798 §5.2.8): source, destination, 32-bit
 * upper-layer length, three zero bytes, next header 112. The kernel computes the same with
 * IPV6_CHECKSUM = 6 on the socket (keepalived if_setsockopt_ipv6_checksum).
 */
export function ipv6PseudoHeader(source: Uint8Array, destination: Uint8Array, length: number): Uint8Array {
  const h = new Uint8Array(40);
  h.set(source.subarray(0, 16), 0);
  h.set(destination.subarray(0, 16), 16);
  new DataView(h.buffer).setUint32(32, length >>> 0);
  h[39] = IPPROTO_VRRP;
  return h;
}

/** What the checksum of one message covers besides the message itself. */
export interface ChecksumScope {
  readonly family: AddressFamily;
  readonly version: VrrpVersion;
  /** Source and destination as bytes (4 or 16); unused for v2 and for v3 "as v2". */
  readonly source: Uint8Array;
  readonly destination: Uint8Array;
  /**
   * keepalived `v3_checksum_as_v2` (after 2.2.7; RFC 9568 §5.2.8 reading): IPv4 VRRPv3 checksum
   * over the message alone. Never applies to IPv6, whose checksum the kernel owns.
   */
  readonly v3ChecksumAsV2?: boolean;
}

/** The words summed in front of the message, per RFC 3768 §5.3.8 / RFC 5798 §5.2.8. */
function pseudoHeader(scope: ChecksumScope, length: number): Uint8Array | undefined {
  if (scope.family === 'inet6') return ipv6PseudoHeader(scope.source, scope.destination, length);
  if (scope.version === 2 || scope.v3ChecksumAsV2 === true) return undefined; // RFC 3768 §5.3.8
  return ipv4PseudoHeader(scope.source, scope.destination, length);
}

/** The checksum over `message` (whose checksum field, bytes 6..7, must hold zero when sending). */
export function vrrpChecksum(message: Uint8Array, scope: ChecksumScope): number {
  const prefix = pseudoHeader(scope, message.length);
  return internetChecksum(prefix === undefined ? [message] : [prefix, message]);
}

/** True when the checksum field of a received message is right for `scope`. */
export function vrrpChecksumValid(message: Uint8Array, scope: ChecksumScope): boolean {
  return vrrpChecksum(message, scope) === 0;
}
