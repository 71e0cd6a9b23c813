import type { AddressFamily } from './model.js';

/**
 * IP literal checks with inet_pton's rules (no node:net in core/): dotted quads
 * without leading zeros, RFC 4291 text forms for IPv6 (one `::`, optional
 * trailing dotted quad).
 */

export function isIpv4(text: string): boolean {
  const parts = text.split('.');
  if (parts.length !== 4) return false;
  return parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

export function isIpv6(text: string): boolean {
  if (text.length === 0 || text.includes(':::')) return false;
  let groups = text;
  let extra = 0;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIpv4(tail)) return false;
    groups = text.slice(0, lastColon + 1) + '0';
    extra = 1; // the dotted quad fills two groups, '0' stands for one
  }
  const halves = groups.split('::');
  if (halves.length > 2) return false;
  const count = (s: string): number | undefined => {
    if (s === '') return 0;
    const hextets = s.split(':');
    return hextets.every((h) => /^[0-9a-fA-F]{1,4}$/.test(h)) ? hextets.length : undefined;
  };
  const counts = halves.map(count);
  if (counts.some((c) => c === undefined)) return false;
  const total = counts.reduce<number>((a, c) => a + (c ?? 0), 0) + extra;
  return halves.length === 2 ? total <= 7 : total === 8;
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
