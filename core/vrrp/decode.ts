// Bytes -> VrrpPacket. Never throws: every malformed input is a typed failure.
import { formatAddress } from './address.js';
import {
  VRRP_AUTH_DATA_LENGTH,
  VRRP_HEADER_LENGTH,
  VRRP_TYPE_ADVERTISEMENT,
  addressLength,
  expectedMessageLength,
  type AddressFamily,
  type VrrpAuthType,
  type VrrpPacket,
} from './packet.js';

/** The fixed header exactly as received, before any check (RFC 5798 §5.1 figure, keepalived vrrphdr_t). */
export interface VrrpWireHeader {
  readonly versionNibble: number;
  readonly typeNibble: number;
  readonly vrid: number;
  readonly priority: number;
  readonly count: number;
  /** Byte 4: the v2 auth type (RFC 3768 §5.3.6). */
  readonly authType: number;
  /** Byte 5: the v2 interval in seconds (RFC 3768 §5.3.7). */
  readonly advertIntervalSeconds: number;
  /** Bytes 4..5 & 0x0fff: the v3 interval in centiseconds (RFC 5798 §5.2.7). */
  readonly maxAdvertIntervalCentis: number;
  /** Bytes 4..5 >> 12: v3 "rsvd", sent as zero and ignored on receipt (RFC 5798 §5.2.7). */
  readonly reserved: number;
  readonly checksum: number;
}

/** The header, or undefined when fewer than 8 bytes arrived. */
export function readVrrpHeader(bytes: Uint8Array): VrrpWireHeader | undefined {
  if (bytes.length < VRRP_HEADER_LENGTH) return undefined;
  const b = (i: number): number => bytes[i] ?? 0;
  const word = (b(4) << 8) | b(5);
  return {
    versionNibble: b(0) >> 4,
    typeNibble: b(0) & 0x0f,
    vrid: b(1),
    priority: b(2),
    count: b(3),
    authType: b(4),
    advertIntervalSeconds: b(5),
    maxAdvertIntervalCentis: word & 0x0fff,
    reserved: word >> 12,
    checksum: (b(6) << 8) | b(7),
  };
}

/** The addresses after the header, as text; the caller has checked the length. */
export function readAddresses(message: Uint8Array, family: AddressFamily, count: number): string[] {
  const size = addressLength(family);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const start = VRRP_HEADER_LENGTH + i * size;
    out.push(formatAddress(message.subarray(start, start + size)));
  }
  return out;
}

export type DecodeFailureReason = 'truncated' | 'version' | 'type' | 'length' | 'authType';

export type DecodeResult =
  | { readonly ok: true; readonly packet: VrrpPacket; readonly checksum: number }
  | { readonly ok: false; readonly reason: DecodeFailureReason; readonly message: string };

const familyName = (family: AddressFamily): string => (family === 'inet' ? 'IPv4' : 'IPv6');

/**
 * Strict decode of one VRRP message (no IP header): version 2 (IPv4 only) or 3, type 1, the exact
 * length its count implies (RFC 5798 §7.1 "MUST verify that the received packet contains the
 * complete VRRP packet"), a known v2 auth type. The checksum is returned, not verified: that
 * needs the IP addresses (see vrrpChecksumValid) and validateAdvert does it in keepalived's order.
 */
export function decodeVrrp(message: Uint8Array, family: AddressFamily): DecodeResult {
  const h = readVrrpHeader(message);
  if (h === undefined) {
    // keepalived vrrp.c vrrp_get_header
    return fail('truncated', `${familyName(family)} VRRP packet too short - ${message.length} bytes`);
  }
  if (h.versionNibble !== 3 && !(h.versionNibble === 2 && family === 'inet')) {
    return fail('version', `VRRP version ${h.versionNibble} is not supported over ${familyName(family)}`);
  }
  if (h.typeNibble !== VRRP_TYPE_ADVERTISEMENT) {
    return fail('type', `Invalid packet type. ${h.typeNibble} and expect ${VRRP_TYPE_ADVERTISEMENT}`);
  }
  const expected = expectedMessageLength(family, h.versionNibble, h.count);
  if (message.length !== expected) {
    const which = message.length > expected ? 'long' : 'short';
    return fail('length', `vrrp packet too ${which}, length ${message.length} and expect ${expected}`);
  }
  const addresses = readAddresses(message, family, h.count);
  const common = { type: VRRP_TYPE_ADVERTISEMENT, vrid: h.vrid, priority: h.priority, addresses } as const;
  if (h.versionNibble === 3) {
    const packet = { ...common, version: 3, addressFamily: family, maxAdvertIntervalCentis: h.maxAdvertIntervalCentis } as const;
    return { ok: true, packet, checksum: h.checksum };
  }
  if (!isAuthType(h.authType)) return fail('authType', `Invalid auth type: ${h.authType}`);
  const packet = {
    ...common,
    version: 2,
    addressFamily: 'inet',
    authType: h.authType,
    authData: message.slice(message.length - VRRP_AUTH_DATA_LENGTH),
    advertIntervalSeconds: h.advertIntervalSeconds,
  } as const;
  return { ok: true, packet, checksum: h.checksum };
}

export function isAuthType(n: number): n is VrrpAuthType {
  return n === 0 || n === 1 || n === 2;
}

function fail(reason: DecodeFailureReason, message: string): DecodeResult {
  return { ok: false, reason, message };
}
