// IP address text <-> bytes, pure (no node:net), for the VRRP codec and the election tie-break.
import type { AddressFamily } from './packet.js';

export const IPV4_LENGTH = 4;
export const IPV6_LENGTH = 16;

export interface ParsedAddress {
  readonly family: AddressFamily;
  readonly bytes: Uint8Array;
}

// One octet without leading zeros: glibc inet_pton (inet_pton4) rejects "01" and "00".
const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const DOTTED_QUAD = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** Dotted-quad text to 4 bytes, or undefined for anything inet_pton(AF_INET) would refuse. */
export function parseIpv4(text: string): Uint8Array | undefined {
  const m = DOTTED_QUAD.exec(text);
  if (m === null) return undefined;
  return Uint8Array.of(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]));
}

/** Groups of one side of "::" as 16-bit numbers; an IPv4 tail is allowed where `allowQuad`. */
function parseGroups(part: string, allowQuad: boolean): number[] | undefined {
  if (part === '') return [];
  const pieces = part.split(':');
  const groups: number[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] ?? '';
    if (allowQuad && i === pieces.length - 1 && piece.includes('.')) {
      // RFC 4291 §2.2 form 3: x:x:x:x:x:x:d.d.d.d
      const quad = parseIpv4(piece);
      if (quad === undefined) return undefined;
      groups.push(((quad[0] ?? 0) << 8) | (quad[1] ?? 0), ((quad[2] ?? 0) << 8) | (quad[3] ?? 0));
    } else if (HEX_GROUP.test(piece)) {
      groups.push(parseInt(piece, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}

/**
 * RFC 4291 §2.2 text to 16 bytes: full form, "::" compression (once), IPv4 tail.
 * Zone indices ("fe80::1%eth0") are refused: the codec carries addresses, not scopes.
 */
export function parseIpv6(text: string): Uint8Array | undefined {
  const gap = text.indexOf('::');
  if (gap !== text.lastIndexOf('::')) return undefined; // two "::" or ":::"
  let groups: number[];
  if (gap === -1) {
    const all = parseGroups(text, true);
    if (all?.length !== 8) return undefined;
    groups = all;
  } else {
    const head = parseGroups(text.slice(0, gap), false);
    const tail = parseGroups(text.slice(gap + 2), true);
    if (head === undefined || tail === undefined) return undefined;
    const zeros = 8 - head.length - tail.length;
    if (zeros < 1) return undefined; // "::" stands for at least one zero group
    groups = [...head, ...new Array<number>(zeros).fill(0), ...tail];
  }
  const bytes = new Uint8Array(IPV6_LENGTH);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return bytes;
}

/** Either family; a colon means IPv6. */
export function parseAddress(text: string): ParsedAddress | undefined {
  if (text.includes(':')) {
    const bytes = parseIpv6(text);
    return bytes === undefined ? undefined : { family: 'inet6', bytes };
  }
  const bytes = parseIpv4(text);
  return bytes === undefined ? undefined : { family: 'inet', bytes };
}

export function parseAddressOf(family: AddressFamily, text: string): Uint8Array | undefined {
  return family === 'inet' ? parseIpv4(text) : parseIpv6(text);
}

export function formatIpv4(bytes: Uint8Array): string {
  return `${bytes[0] ?? 0}.${bytes[1] ?? 0}.${bytes[2] ?? 0}.${bytes[3] ?? 0}`;
}

/**
 * RFC 5952 §4: lower case, no leading zeros, the longest run (first on a tie) of two or more zero
 * groups as "::"; §5: IPv4-mapped addresses end in dotted quad ("::ffff:192.0.2.1").
 */
export function formatIpv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0));
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  const words = mapped ? groups.slice(0, 6) : groups;
  let bestStart = -1;
  let bestLength = 1; // a single zero group is not compressed (RFC 5952 §4.2.2)
  for (let i = 0; i < words.length; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < words.length && words[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (ws: number[]): string => ws.map((w) => w.toString(16)).join(':');
  const tail = mapped ? formatIpv4(bytes.subarray(12, 16)) : '';
  if (bestStart === -1) {
    return mapped ? `${hex(words)}:${tail}` : hex(words);
  }
  const left = hex(words.slice(0, bestStart));
  const rightWords = words.slice(bestStart + bestLength);
  const right = mapped ? [...rightWords.map((w) => w.toString(16)), tail].join(':') : hex(rightWords);
  return `${left}::${right}`;
}

/** 4 bytes as dotted quad, 16 as RFC 5952 text. */
export function formatAddress(bytes: Uint8Array): string {
  return bytes.length === IPV4_LENGTH ? formatIpv4(bytes) : formatIpv6(bytes);
}

/** Round trip through bytes: the canonical text of an address, or undefined if it is not one. */
export function canonicalAddress(text: string): string | undefined {
  const parsed = parseAddress(text);
  return parsed === undefined ? undefined : formatAddress(parsed.bytes);
}

/**
 * Numeric comparison (network byte order), as keepalived's inet_inaddrcmp (lib/utils.c) does for
 * the MASTER's equal-priority tie-break (RFC 5798 §6.4.3: "primary IP address is greater").
 * Addresses of different lengths order by length (IPv4 first); keepalived never compares them.
 */
export function compareAddressBytes(a: Uint8Array, b: Uint8Array): -1 | 0 | 1 {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** compareAddressBytes on text; undefined if either is not an address or the families differ. */
export function compareAddresses(a: string, b: string): -1 | 0 | 1 | undefined {
  const pa = parseAddress(a);
  const pb = parseAddress(b);
  if (pa === undefined || pb?.family !== pa.family) return undefined;
  return compareAddressBytes(pa.bytes, pb.bytes);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && compareAddressBytes(a, b) === 0;
}

/** IPv4 224.0.0.0/4 (IN_MULTICAST), IPv6 ff00::/8 (IN6_IS_ADDR_MULTICAST). */
export function isMulticastBytes(bytes: Uint8Array): boolean {
  const first = bytes[0] ?? 0;
  return bytes.length === IPV4_LENGTH ? (first & 0xf0) === 0xe0 : first === 0xff;
}
