import type { AddressFamily, LvsProtocol, SocketAddress } from './model.js';

/**
 * Address parsing and keepalived's address texts, pure (no inet_pton):
 * inet_stosockaddr() for "IP [PORT]" and inet_sockaddrtotrio() for the
 * "[ip]:proto:port" labels keepalived puts in its messages.
 */

/** The 4 octets of a strict dotted quad, or undefined. */
export function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const octets: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    octets.push(value);
  }
  return octets;
}

/** The 8 16-bit groups of an IPv6 address (with optional embedded IPv4), or undefined. */
export function parseIPv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parseHalf = (half: string): number[] | undefined => {
    if (half === '') return [];
    const groups: number[] = [];
    const pieces = half.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] ?? '';
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIPv4(piece);
        if (v4 === undefined) return undefined;
        groups.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
      groups.push(parseInt(piece, 16));
    }
    return groups;
  };
  const head = parseHalf(halves[0] ?? '');
  const tail = halves.length === 2 ? parseHalf(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

/** RFC 5952 text of 8 groups (what inet_ntop prints). */
export function formatIPv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}

export interface ParsedAddress {
  readonly family: AddressFamily;
  /** 4 octets (inet) or 8 groups (inet6). */
  readonly parts: readonly number[];
  readonly text: string;
}

export function parseAddress(text: string): ParsedAddress | undefined {
  const v4 = parseIPv4(text);
  if (v4 !== undefined) return { family: 'inet', parts: v4, text: v4.join('.') };
  const v6 = parseIPv6(text);
  if (v6 !== undefined) return { family: 'inet6', parts: v6, text: formatIPv6(v6) };
  return undefined;
}

/**
 * keepalived inet_stosockaddr(ip, port): callers pass no port when the port
 * text is all zeros ("This was added v2.0.7 to support legacy configuration").
 */
export function toSocketAddress(ipText: string, portText: string | undefined): SocketAddress | undefined {
  const parsed = parseAddress(ipText);
  if (parsed === undefined) return undefined;
  const port = portText === undefined || /^0+$/.test(portText) ? 0 : parsePort(portText);
  if (port === undefined) return undefined;
  return { family: parsed.family, address: parsed.text, port };
}

/** "0"-only texts count as no port (callers treat them as absent). */
export function isZeroPort(portText: string | undefined): boolean {
  return portText === undefined || /^0+$/.test(portText);
}

function parsePort(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= 1 && value <= 65535 ? value : undefined;
}

/** keepalived inet_sockaddrtotrio(): "[10.0.0.1]:tcp:80"; protocol 0 prints "none". */
export function formatTrio(address: SocketAddress, protocol: LvsProtocol | undefined): string {
  const proto = protocol === undefined ? 'none' : protocol.toLowerCase();
  return `[${address.address}]:${proto}:${address.port}`;
}

export function withPort(address: SocketAddress, port: number): SocketAddress {
  return { family: address.family, address: address.address, port };
}
