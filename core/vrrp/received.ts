// What the receive path knows about one advert, before validation.
import { decodeIpv4Datagram, IPV4_MIN_HEADER_LENGTH, type Ipv4DecodeResult } from './ipv4.js';
import { IPPROTO_VRRP } from './packet.js';

interface ReceivedBase {
  readonly source: string;
  readonly destination: string;
  /**
   * IPv4 TTL (from the header) or IPv6 hop limit (IPV6_RECVHOPLIMIT ancillary data); null when the
   * receiver could not learn it, as keepalived's rx_ttl_hop_limit = -1: TTL checks are skipped.
   */
  readonly ttlOrHopLimit: number | null;
}

/** IPv4: the raw socket gave the IP header; these are its facts keepalived checks. */
export interface ReceivedIpv4Advert extends ReceivedBase {
  readonly family: 'inet';
  /** Everything after the IP header: VRRP message, or AH header + VRRP message. */
  readonly payload: Uint8Array;
  readonly headerLength: number;
  /** The header's Total Length field. */
  readonly totalLength: number;
  /** 112, or 51 when an IPsec AH header precedes VRRP. */
  readonly protocol: number;
}

/** IPv6: the socket gives the VRRP message only; addresses and hop limit come as ancillary data. */
export interface ReceivedIpv6Advert extends ReceivedBase {
  readonly family: 'inet6';
  readonly payload: Uint8Array;
}

export type ReceivedAdvert = ReceivedIpv4Advert | ReceivedIpv6Advert;

/** A received IPv4 datagram as a ReceivedAdvert; never throws. */
export function receivedFromIpv4Datagram(
  bytes: Uint8Array,
): { readonly ok: true; readonly advert: ReceivedIpv4Advert } | Extract<Ipv4DecodeResult, { ok: false }> {
  const decoded = decodeIpv4Datagram(bytes);
  if (!decoded.ok) return decoded;
  const d = decoded.datagram;
  return {
    ok: true,
    advert: {
      family: 'inet',
      source: d.source,
      destination: d.destination,
      ttlOrHopLimit: d.ttl,
      payload: d.payload,
      headerLength: d.headerLength,
      totalLength: d.totalLength,
      protocol: d.protocol,
    },
  };
}

/**
 * An IPv4 advert as if it had arrived in a plain 20-byte-header datagram with the right Total
 * Length: for the simulator and tests, which pass VRRP messages without IP headers.
 */
export function receivedIpv4(
  message: Uint8Array,
  source: string,
  destination: string,
  ttl: number | null,
): ReceivedIpv4Advert {
  return {
    family: 'inet',
    source,
    destination,
    ttlOrHopLimit: ttl,
    payload: message,
    headerLength: IPV4_MIN_HEADER_LENGTH,
    totalLength: IPV4_MIN_HEADER_LENGTH + message.length,
    protocol: IPPROTO_VRRP,
  };
}
