// A virtual server's IPVS services and a server's IPVS destination, as keepalived's
// ipvswrapper.c ipvs_set_srule / ipvs_set_drule / ipvs_cmd / ipvs_group_cmd fill them in.
import { formatIPv6, parseIPv4, parseIPv6 } from '../config/lvs/addresses.js';
import type { AddressFamily, ForwardingMethod, SchedulerFlags, SocketAddress, VirtualServer, VirtualServerGroupEntry } from '../config/lvs/model.js';
import type { IpvsDest, IpvsService, IpvsServiceKey } from '../events/index.js';

// linux/ip_vs.h IP_VS_SVC_F_*.
export const SVC_F_PERSISTENT = 0x1;
export const SVC_F_HASHED = 0x2;
export const SVC_F_ONEPACKET = 0x4;
export const SVC_F_SCHED1 = 0x8;
export const SVC_F_SCHED2 = 0x10;
export const SVC_F_SCHED3 = 0x20;

/** linux/ip_vs.h IP_VS_WEIGHT_MAX... keepalived real_weight() clamps to [0, INT32_MAX]. */
const WEIGHT_MAX = 0x7fffffff;

export function realWeight(weight: number): number {
  return weight < 0 ? 0 : weight > WEIGHT_MAX ? WEIGHT_MAX : weight;
}

/**
 * check_parser.c lvs_flags_handler: ops → ONEPACKET; flag-N, and the sh-/mh- names for the
 * same bits (IP_VS_SVC_F_SCHED_SH_FALLBACK = SCHED1, _SH_PORT = SCHED2, MH likewise).
 */
export function serviceFlags(flags: SchedulerFlags): number {
  let bits = 0;
  if (flags.onePacket) bits |= SVC_F_ONEPACKET;
  if (flags.flag1 || flags.shFallback || flags.mhFallback) bits |= SVC_F_SCHED1;
  if (flags.flag2 || flags.shPort || flags.mhPort) bits |= SVC_F_SCHED2;
  if (flags.flag3) bits |= SVC_F_SCHED3;
  return bits;
}

function defaultNetmask(family: AddressFamily): number {
  return family === 'inet6' ? 128 : 0xffffffff;
}

/** persistence_granularity as the kernel takes it: an IPv4 mask as a number (host order), an IPv6 prefix length. */
function granularityMask(text: string, family: AddressFamily): number {
  if (family === 'inet6') return Number(text);
  const octets = parseIPv4(text) ?? [255, 255, 255, 255];
  return octets.reduce((n, o) => n * 256 + o, 0);
}

/**
 * ipvs_set_srule: scheduler and flags; with persistence_timeout the PERSISTENT flag, the timeout,
 * the persistence engine and the granularity. ipvs_group_range_cmd and ipvs_group_cmd set the
 * netmask back to the default for every group entry, so a group's services never carry the
 * granularity: Vigil does the same, so `ipvsadm -L` reads as it does under keepalived.
 */
function service(vs: VirtualServer, key: IpvsServiceKey, grouped: boolean): IpvsService {
  const persistent = vs.persistenceTimeoutSeconds > 0;
  let netmask = defaultNetmask(key.family);
  if (persistent && !grouped && vs.persistenceGranularity !== undefined) netmask = granularityMask(vs.persistenceGranularity, key.family);
  return {
    key,
    scheduler: vs.scheduler,
    flags: serviceFlags(vs.flags) | (persistent ? SVC_F_PERSISTENT : 0),
    timeout: persistent ? vs.persistenceTimeoutSeconds : 0,
    netmask,
    ...(persistent && vs.persistenceEngine !== undefined ? { peName: vs.persistenceEngine } : {}),
  };
}

function addressKey(family: AddressFamily, protocol: string, address: string, port: number): IpvsServiceKey {
  return { family, protocol, address, port, fwmark: 0 };
}

function fwmarkKey(family: AddressFamily, fwmark: number): IpvsServiceKey {
  return { family, protocol: '', address: '', port: 0, fwmark };
}

/** Every address of a group range: IPv4 counts the whole address, IPv6 only its last 16 bits (ipvs_group_range_cmd). */
export function rangeAddresses(first: SocketAddress, last: SocketAddress): string[] {
  if (first.family === 'inet') {
    const toNumber = (a: string): number => (parseIPv4(a) ?? [0, 0, 0, 0]).reduce((n, o) => n * 256 + o, 0);
    const out: string[] = [];
    for (let n = toNumber(first.address), end = toNumber(last.address); n <= end; n++) {
      out.push([24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.'));
    }
    return out;
  }
  // do { add; if (last16 == end16) break; last16++ } with the 16 bits wrapping, as keepalived loops.
  const groups = parseIPv6(first.address) ?? [0, 0, 0, 0, 0, 0, 0, 0];
  const end = (parseIPv6(last.address) ?? groups)[7] ?? 0;
  const out: string[] = [];
  for (let g = groups[7] ?? 0; ; g = (g + 1) & 0xffff) {
    out.push(formatIPv6([...groups.slice(0, 7), g]));
    if (g === end) break;
  }
  return out;
}

function groupServices(vs: VirtualServer, entries: readonly VirtualServerGroupEntry[]): IpvsService[] {
  const protocol = vs.protocol ?? '';
  const out: IpvsService[] = [];
  // keepalived keeps the address ranges and the fwmarks in two lists, ranges first.
  for (const e of entries) {
    if (e.kind !== 'range') continue;
    for (const address of rangeAddresses(e.first, e.last)) out.push(service(vs, addressKey(e.first.family, protocol, address, e.first.port), true));
  }
  for (const e of entries) {
    // ipvs_group_cmd: the entry's family, else the virtual server's, else IPv4.
    if (e.kind === 'fwmark') out.push(service(vs, fwmarkKey(e.family ?? vs.family ?? 'inet', e.fwmark), true));
  }
  return out;
}

/** The kernel services one virtual server stands for, in keepalived's order. */
export function virtualServices(vs: VirtualServer, groups: ReadonlyMap<string, readonly VirtualServerGroupEntry[]>): IpvsService[] {
  switch (vs.target.kind) {
    case 'address': {
      const a = vs.target.address;
      return [service(vs, addressKey(a.family, vs.protocol ?? '', a.address, a.port), false)];
    }
    case 'fwmark':
      return [service(vs, fwmarkKey(vs.family ?? 'inet', vs.target.fwmark), false)];
    case 'group':
      return groupServices(vs, groups.get(vs.target.groupName) ?? []);
  }
}

/**
 * ipvs_set_drule + ipvs_cmd: NAT keeps the server's port; DR and TUN use the service's port
 * (0 for an fwmark service). Tunnel settings only for TUN, the port only for gue.
 */
export function destination(
  key: IpvsServiceKey,
  address: SocketAddress,
  forwarding: ForwardingMethod,
  weight: number,
  thresholds: { readonly upper: number; readonly lower: number },
): IpvsDest {
  const port = forwarding.kind === 'NAT' ? address.port : key.fwmark !== 0 ? 0 : key.port;
  const dest: IpvsDest = {
    family: address.family,
    address: address.address,
    port,
    forwarding: forwarding.kind,
    weight,
    upperThreshold: thresholds.upper,
    lowerThreshold: thresholds.lower,
  };
  if (forwarding.kind !== 'TUN') return dest;
  return {
    ...dest,
    tunnelType: forwarding.tunnelType,
    ...(forwarding.tunnelType === 'gue' ? { tunnelPort: forwarding.tunnelPort } : {}),
    tunnelChecksum: forwarding.checksum,
  };
}
