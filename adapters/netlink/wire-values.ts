// Text from effects (addresses, prefixes, scopes, tables) to the numbers and bytes rtnetlink takes.
// A value the kernel could not take rejects with EINVAL, before anything is sent.
import type { Family } from '../../core/events/index.js';
import { formatAddress, parseAddressOf } from '../../core/vrrp/address.js';
import { NetlinkError } from './errors.js';

/** AF_INET / AF_INET6 (linux/socket.h). */
export const AF_INET = 2;
export const AF_INET6 = 10;

export function familyNumber(family: Family): number {
  return family === 'inet' ? AF_INET : AF_INET6;
}

export function familyOfNumber(family: number): Family | undefined {
  if (family === AF_INET) return 'inet';
  if (family === AF_INET6) return 'inet6';
  return undefined;
}

export function invalid(message: string): NetlinkError {
  return new NetlinkError('EINVAL', message);
}

export function addressBytes(family: Family, text: string): Buffer {
  const bytes = parseAddressOf(family, text);
  if (bytes === undefined) throw invalid(`not an ${family} address: ${text}`);
  return Buffer.from(bytes);
}

/** 4 or 16 bytes from the kernel as text (RFC 5952 for IPv6, as `ip -j addr` prints it). */
export function addressText(bytes: Uint8Array): string {
  return formatAddress(bytes);
}

export interface Prefix {
  readonly bytes: Buffer;
  readonly length: number;
}

/**
 * "a.b.c.d/n", "x::/n", a bare address (host prefix), or "default" / "all" / "any" (length 0).
 * RTM_NEWROUTE and RTM_NEWRULE send no address for length 0, as iproute2 does.
 */
export function prefixOf(family: Family, text: string): Prefix {
  const max = family === 'inet' ? 32 : 128;
  if (text === 'default' || text === 'all' || text === 'any') return { bytes: Buffer.alloc(max / 8), length: 0 };
  const [address = '', length] = text.split('/');
  const n = length === undefined ? max : Number(length);
  if (!Number.isInteger(n) || n < 0 || n > max || (length !== undefined && !/^\d+$/.test(length))) {
    throw invalid(`bad prefix length in ${text}`);
  }
  return { bytes: addressBytes(family, address), length: n };
}

/** iproute2's rt_scopes names (lib/rt_names.c); keepalived's netlink_scope_a2n accepts the same. */
const SCOPES: Readonly<Record<string, number>> = { global: 0, universe: 0, site: 200, link: 253, host: 254, nowhere: 255 };

export function scopeNumber(text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : SCOPES[text];
  if (n === undefined || n > 255) throw invalid(`unknown scope ${text}`);
  return n;
}

/** The reserved table names of /etc/iproute2/rt_tables; the config parser allows only these or a number. */
const TABLES: Readonly<Record<string, number>> = { default: 253, main: 254, local: 255 };

export function tableNumber(text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : TABLES[text];
  if (n === undefined || n > 0xffffffff) throw invalid(`unknown routing table ${text}`);
  return n;
}
