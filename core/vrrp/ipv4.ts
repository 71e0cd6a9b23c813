// The IPv4 header around a received advert: an IPv4 raw socket hands over the whole datagram
// (ecosystem.md §3: "IPv4 receive includes the IP header"); keepalived reads TTL and destination
// from it (vrrp_scheduler.c vrrp_dispatcher_read) and checks tot_len (vrrp.c vrrp_check_packet).
import { formatIpv4, parseIpv4 } from './address.js';
import { internetChecksum } from './checksum.js';
import { IPPROTO_VRRP, VRRP_TTL } from './packet.js';

export const IPV4_MIN_HEADER_LENGTH = 20;

export interface Ipv4Datagram {
  /** IHL × 4 (RFC 791 §3.1). */
  readonly headerLength: number;
  /** The header's Total Length field, not checked against what arrived (validateAdvert does). */
  readonly totalLength: number;
  readonly ttl: number;
  readonly protocol: number;
  readonly source: string;
  readonly destination: string;
  /** Everything after the header, as received (Total Length not applied). */
  readonly payload: Uint8Array;
  /** Bytes received, header included (keepalived's buflen). */
  readonly receivedLength: number;
}

export type Ipv4DecodeFailureReason = 'truncated' | 'ipVersion' | 'headerLength';

export type Ipv4DecodeResult =
  | { readonly ok: true; readonly datagram: Ipv4Datagram }
  | { readonly ok: false; readonly reason: Ipv4DecodeFailureReason; readonly message: string };

/** RFC 791 §3.1 header fields; never throws. */
export function decodeIpv4Datagram(bytes: Uint8Array): Ipv4DecodeResult {
  if (bytes.length < IPV4_MIN_HEADER_LENGTH) {
    // keepalived vrrp.c vrrp_get_header
    return { ok: false, reason: 'truncated', message: `IPv4 VRRP packet too short - ${bytes.length} bytes` };
  }
  const b = (i: number): number => bytes[i] ?? 0;
  const version = b(0) >> 4;
  if (version !== 4) {
    return { ok: false, reason: 'ipVersion', message: `IP version ${version} in an IPv4 datagram` };
  }
  const headerLength = (b(0) & 0x0f) * 4;
  if (headerLength < IPV4_MIN_HEADER_LENGTH || headerLength > bytes.length) {
    return { ok: false, reason: 'headerLength', message: `IPv4 header length ${headerLength} in ${bytes.length} bytes` };
  }
  return {
    ok: true,
    datagram: {
      headerLength,
      totalLength: (b(2) << 8) | b(3),
      ttl: b(8),
      protocol: b(9),
      source: formatIpv4(bytes.subarray(12, 16)),
      destination: formatIpv4(bytes.subarray(16, 20)),
      payload: bytes.subarray(headerLength),
      receivedLength: bytes.length,
    },
  };
}

export interface Ipv4HeaderFields {
  readonly source: string;
  readonly destination: string;
  /** Default 255 (RFC 5798 §5.1.1.3). */
  readonly ttl?: number;
  /** Default 112. */
  readonly protocol?: number;
  /** Identification; keepalived counts up from 1 per instance (vrrp.c vrrp_update_pkt). */
  readonly id?: number;
  /** keepalived vrrp_build_ip4: 0xc0, "internet network control". */
  readonly tos?: number;
}

/**
 * The datagram keepalived sends with IP_HDRINCL (vrrp.c vrrp_build_ip4): IHL 5, no options, no
 * fragmentation flags, header checksum per RFC 791 (the kernel would fill it in; we do, so the
 * bytes match a capture). Throws RangeError on addresses that are not IPv4 (a programming error).
 */
export function encodeIpv4Datagram(fields: Ipv4HeaderFields, payload: Uint8Array): Uint8Array {
  const source = parseIpv4(fields.source);
  const destination = parseIpv4(fields.destination);
  if (source === undefined || destination === undefined) {
    throw new RangeError(`encodeIpv4Datagram: ${fields.source} -> ${fields.destination} is not IPv4`);
  }
  const total = IPV4_MIN_HEADER_LENGTH + payload.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out[0] = 0x45;
  out[1] = fields.tos ?? 0xc0;
  view.setUint16(2, total);
  view.setUint16(4, (fields.id ?? 0) & 0xffff);
  out[8] = fields.ttl ?? VRRP_TTL;
  out[9] = fields.protocol ?? IPPROTO_VRRP;
  out.set(source, 12);
  out.set(destination, 16);
  view.setUint16(10, internetChecksum([out.subarray(0, IPV4_MIN_HEADER_LENGTH)]));
  out.set(payload, IPV4_MIN_HEADER_LENGTH);
  return out;
}
