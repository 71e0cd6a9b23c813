import { formatIpv6, parseIpv4, parseIpv6 } from '../../vrrp/address.js';
import type { AddressFamily, LvsProtocol, SocketAddress } from './model.js';

/**
 * Address parsing and keepalived's address texts, pure (no inet_pton):
 * inet_stosockaddr() for "IP [PORT]" and inet_sockaddrtotrio() for the
 * "[ip]:proto:port" labels keepalived puts in its messages.
 */

/** The 4 octets of a dotted quad as inet_pton reads it (core/vrrp/address.ts), or undefined. */
export function parseIPv4(text: string): number[] | undefined {
  const bytes = parseIpv4(text);
  return bytes === undefined ? undefined : Array.from(bytes);
}

/** The 8 16-bit groups of an IPv6 address (with optional embedded IPv4), or undefined. */
export function parseIPv6(text: string): number[] | undefined {
  const bytes = parseIpv6(text);
  if (bytes === undefined) return undefined;
  return Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0));
}

/** RFC 5952 text of 8 groups (what inet_ntop prints). */
export function formatIPv6(groups: readonly number[]): string {
  return formatIpv6(Uint8Array.from(groups.flatMap((g) => [g >> 8, g & 0xff])));
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
