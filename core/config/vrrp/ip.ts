import { parseIpv4, parseIpv6 } from '../../vrrp/address.js';
import type { AddressFamily } from './model.js';

/**
 * IP literal checks with inet_pton's rules, through the codec's address parser
 * (core/vrrp/address.ts), plus prefix helpers for the config.
 */

export function isIpv4(text: string): boolean {
  return parseIpv4(text) !== undefined;
}

export function isIpv6(text: string): boolean {
  return parseIpv6(text) !== undefined;
}

export function familyOf(text: string): AddressFamily | undefined {
  if (isIpv4(text)) return 'inet';
  if (isIpv6(text)) return 'inet6';
  return undefined;
}

export interface Prefix {
  readonly address: string;
  readonly family: AddressFamily;
  /** undefined when no `/len` was given. */
  readonly prefixLength: number | undefined;
  /** The `/len` text when it was not a valid length for the family. */
  readonly badLength?: string;
}

/** `ADDR[/LEN]`, or undefined when ADDR is not an IP literal. */
export function parsePrefix(text: string): Prefix | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const family = familyOf(address);
  if (family === undefined) return undefined;
  if (slash < 0) return { address, family, prefixLength: undefined };
  const lenText = text.slice(slash + 1);
  const max = family === 'inet' ? 32 : 128;
  if (!/^\d+$/.test(lenText) || Number(lenText) > max) {
    return { address, family, prefixLength: undefined, badLength: lenText };
  }
  return { address, family, prefixLength: Number(lenText) };
}

export function maxPrefix(family: AddressFamily): number {
  return family === 'inet' ? 32 : 128;
}

/** fe80::/10 — keepalived IN6_IS_ADDR_LINKLOCAL. */
export function isLinkLocal6(address: string): boolean {
  return /^fe[89ab][0-9a-f]:/i.test(address);
}

/** IPv4 224.0.0.0/4 or IPv6 ff02::/16-style link-local multicast (ffX2::). */
export function isMulticast(address: string, family: AddressFamily): boolean {
  if (family === 'inet') {
    const first = Number(address.split('.')[0]);
    return first >= 224 && first <= 239;
  }
  return /^ff[0-9a-f]2:/i.test(address);
}

/** `a.b.c.d` as an unsigned 32-bit number. */
export function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

export function numberToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}
