// The VRRP advertisement as data: RFC 3768 §5 (version 2) and RFC 5798 §5 (version 3).

export type AddressFamily = 'inet' | 'inet6';
export type VrrpVersion = 2 | 3;

/** IANA protocol / IPv6 next header number of VRRP (RFC 3768 §5.2.4, RFC 5798 §5.1.1.4). */
export const IPPROTO_VRRP = 112;
/** IPsec AH (RFC 2402): keepalived's v2 "auth_type AH" puts an AH header before VRRP. */
export const IPPROTO_AH = 51;
/** RFC 5798 §5.1.1.3 / §5.1.2.3: TTL / hop limit of every advert, checked on receipt. */
export const VRRP_TTL = 255;
/** RFC 5798 §5.1.1.2 and §5.1.2.2 (keepalived global vrrp_mcast_group4/6 defaults). */
export const VRRP_MULTICAST_IPV4 = '224.0.0.18';
export const VRRP_MULTICAST_IPV6 = 'ff02::12';

/** RFC 3768 §5.3.2 / RFC 5798 §5.2.2: the only type defined. */
export const VRRP_TYPE_ADVERTISEMENT = 1;
/** Fixed part of the header, before the addresses (RFC 5798 §5.1 figure). */
export const VRRP_HEADER_LENGTH = 8;
/** RFC 3768 §5.3.10 / RFC 2338 §5.3.10: v2 carries 8 authentication bytes after the addresses. */
export const VRRP_AUTH_DATA_LENGTH = 8;
/** keepalived include/vrrp.h ipsec_ah_t: next header, length, reserved, SPI, sequence, 96-bit ICV. */
export const IPSEC_AH_LENGTH = 24;
/** RFC 5798 §5.2.7: 12-bit interval in centiseconds. */
export const VRRP_V3_MAX_INTERVAL_CENTIS = 0x0fff;

/**
 * RFC 2338 §5.3.6 auth types, kept by keepalived for v2: 0 none, 1 simple text password ("PASS"),
 * 2 IPsec AH. RFC 3768 §5.3.6 removed 1 and 2 from the standard; keepalived still speaks them.
 */
export const VrrpAuth = { none: 0, pass: 1, ah: 2 } as const;
export type VrrpAuthType = (typeof VrrpAuth)[keyof typeof VrrpAuth];

interface VrrpPacketBase {
  readonly type: typeof VRRP_TYPE_ADVERTISEMENT;
  /** 1..255 (RFC 5798 §5.2.3); the codec carries 0 too, the config layer refuses it. */
  readonly vrid: number;
  /** 0 = master stopping, 255 = address owner (RFC 5798 §5.2.4). */
  readonly priority: number;
  /** Dotted IPv4 or RFC 5952 IPv6 text, in packet order; 0..255 of them (8-bit count). */
  readonly addresses: readonly string[];
}

/** RFC 3768: IPv4 only, integer seconds, authentication fields. */
export interface VrrpV2Packet extends VrrpPacketBase {
  readonly version: 2;
  readonly addressFamily: 'inet';
  readonly authType: VrrpAuthType;
  /** Exactly 8 bytes: the PASS password NUL-padded, zero otherwise (RFC 2338 §5.3.10). */
  readonly authData: Uint8Array;
  /** 8-bit, seconds (RFC 3768 §5.3.7). */
  readonly advertIntervalSeconds: number;
}

/** RFC 5798: IPv4 or IPv6, no authentication, centisecond interval. */
export interface VrrpV3Packet extends VrrpPacketBase {
  readonly version: 3;
  readonly addressFamily: AddressFamily;
  /** 12-bit, centiseconds (RFC 5798 §5.2.7); the 4 reserved bits are sent as zero. */
  readonly maxAdvertIntervalCentis: number;
}

export type VrrpPacket = VrrpV2Packet | VrrpV3Packet;

/** Bytes per address in the packet. */
export function addressLength(family: AddressFamily): number {
  return family === 'inet' ? 4 : 16;
}

/**
 * Length of a VRRP message as keepalived computes it from the header (vrrp.c expected_vrrp_pkt_len):
 * header + addresses, + 8 auth bytes for a version-2 header over IPv4. `versionNibble` is the
 * version as received, so a v3 instance still measures a v2 packet by v2 rules.
 */
export function expectedMessageLength(family: AddressFamily, versionNibble: number, count: number): number {
  const auth = family === 'inet' && versionNibble === 2 ? VRRP_AUTH_DATA_LENGTH : 0;
  return VRRP_HEADER_LENGTH + count * addressLength(family) + auth;
}

/** The PASS password as keepalived stores it: at most 8 bytes, NUL-padded (vrrp_parser.c). */
export function passwordAuthData(password: string): Uint8Array {
  const data = new Uint8Array(VRRP_AUTH_DATA_LENGTH);
  data.set(new TextEncoder().encode(password).subarray(0, VRRP_AUTH_DATA_LENGTH));
  return data;
}
