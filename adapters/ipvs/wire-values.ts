// The words of IpvsService / IpvsDest (schema/common.proto) and the numbers the kernel takes, both
// ways. Writing, a value the kernel could not take throws EINVAL before anything is sent; reading,
// an unknown number is undefined and the reply parser says which attribute it was.
import type { Family } from '../../core/events/index.js';
import { formatAddress, parseAddressOf } from '../../core/vrrp/address.js';
import { AF_INET, AF_INET6, IP_VS_CONN_F_FWD_MASK, NF_INET_ADDR_LENGTH } from './constants.js';
import { invalid } from './errors.js';

function lookup<K extends string>(table: Readonly<Record<K, number>>, word: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(table, word) ? table[word as K] : undefined;
}

function reverse(table: Readonly<Record<string, number>>, value: number): string | undefined {
  return Object.keys(table).find((k) => table[k] === value);
}

const FAMILIES: Readonly<Record<Family, number>> = { inet: AF_INET, inet6: AF_INET6 };

/** IPPROTO_* (netinet/in.h). */
const PROTOCOLS = { TCP: 6, UDP: 17, SCTP: 132 } as const;

/**
 * IP_VS_CONN_F_* forwarding methods (ip_vs.h). LOCALNODE and BYPASS are never configured, but a
 * kernel table may hold them, so they read back under their own names.
 */
const FORWARDING = { NAT: 0, LOCAL: 1, TUN: 2, DR: 3, BYPASS: 4 } as const;
const CONFIGURABLE_FORWARDING = new Set(['NAT', 'DR', 'TUN']);

/** IP_VS_CONN_F_TUNNEL_TYPE_* (ip_vs.h, kernel 5.2+). */
const TUNNEL_TYPES = { ipip: 0, gue: 1, gre: 2 } as const;

/** IP_VS_TUNNEL_ENCAP_FLAG_* (ip_vs.h, kernel 5.3+): NOCSUM is no bit at all. */
const TUNNEL_CHECKSUMS = { nocsum: 0, csum: 1, remcsum: 2 } as const;

export function familyNumber(family: string): number {
  const n = lookup(FAMILIES, family);
  if (n === undefined) throw invalid(`IPVS: unknown address family ${JSON.stringify(family)}`);
  return n;
}

export function familyOfNumber(n: number): Family | undefined {
  return reverse(FAMILIES, n) as Family | undefined;
}

export function protocolNumber(protocol: string): number {
  const n = lookup(PROTOCOLS, protocol);
  if (n === undefined) throw invalid(`IPVS: unknown protocol ${JSON.stringify(protocol)} (TCP, UDP or SCTP)`);
  return n;
}

export function protocolOfNumber(n: number): string | undefined {
  return reverse(PROTOCOLS, n);
}

export function forwardingNumber(forwarding: string): number {
  const n = CONFIGURABLE_FORWARDING.has(forwarding) ? lookup(FORWARDING, forwarding) : undefined;
  if (n === undefined) throw invalid(`IPVS: unknown forwarding method ${JSON.stringify(forwarding)} (NAT, DR or TUN)`);
  return n;
}

export function forwardingOfNumber(n: number): string | undefined {
  return reverse(FORWARDING, n & IP_VS_CONN_F_FWD_MASK);
}

export function tunnelTypeNumber(type: string): number {
  const n = lookup(TUNNEL_TYPES, type);
  if (n === undefined) throw invalid(`IPVS: unknown tunnel type ${JSON.stringify(type)} (ipip, gue or gre)`);
  return n;
}

export function tunnelTypeOfNumber(n: number): string | undefined {
  return reverse(TUNNEL_TYPES, n);
}

export function tunnelChecksumNumber(checksum: string): number {
  const n = lookup(TUNNEL_CHECKSUMS, checksum);
  if (n === undefined) throw invalid(`IPVS: unknown tunnel checksum ${JSON.stringify(checksum)} (nocsum, csum or remcsum)`);
  return n;
}

/** TUN_FLAGS is a bit set; keepalived sets at most one bit, and REMCSUM is the one that says more. */
export function tunnelChecksumOfFlags(flags: number): string {
  if (flags & TUNNEL_CHECKSUMS.remcsum) return 'remcsum';
  if (flags & TUNNEL_CHECKSUMS.csum) return 'csum';
  return 'nocsum';
}

/** union nf_inet_addr: 16 bytes; an IPv4 address in the first 4, the rest zero. */
export function inetAddress(family: string, text: string): Uint8Array {
  const bytes = family === 'inet' || family === 'inet6' ? parseAddressOf(family, text) : undefined;
  if (bytes === undefined) throw invalid(`IPVS: not an ${family} address: ${JSON.stringify(text)}`);
  const out = new Uint8Array(NF_INET_ADDR_LENGTH);
  out.set(bytes);
  return out;
}

/** An address attribute as text: the first 4 bytes for IPv4, all 16 for IPv6. */
export function inetAddressText(family: Family, data: Uint8Array): string | undefined {
  const length = family === 'inet' ? 4 : 16;
  return data.length < length ? undefined : formatAddress(data.subarray(0, length));
}

export function checkRange(what: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw invalid(`IPVS: ${what} ${value} is out of range ${min}..${max}`);
  return value;
}

export const U16_MAX = 0xffff;
export const U32_MAX = 0xffffffff;
export const S32_MIN = -0x80000000;
export const S32_MAX = 0x7fffffff;
