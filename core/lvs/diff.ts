// The fewest IPVS commands that turn one table into another. keepalived issues commands as it
// goes and lets the kernel refuse duplicates (ipvswrapper.c ipvs_talk ignores EEXIST/ENOENT);
// Vigil compares what the kernel holds with what it wants, so a table read at start-up, a reload
// and every state change all come down to one function.
import type { Effect, IpvsDest, IpvsService, IpvsServiceEntry, IpvsServiceKey } from '../events/index.js';
import { destKey } from './desired.js';
import { SVC_F_HASHED } from './service.js';

/** The kernel's identity of a service (IPVS_SVC_ATTR_AF + FWMARK, or + PROTOCOL, ADDR, PORT). */
export function serviceKey(k: IpvsServiceKey): string {
  return k.fwmark !== 0 ? `${k.family}|fwmark|${k.fwmark}` : `${k.family}|${k.protocol}|${k.address}|${k.port}`;
}

/**
 * Settings IPVS_CMD_SET_SERVICE changes. The kernel reports every service it holds as HASHED
 * (IP_VS_SVC_F_HASHED is its own bookkeeping), so that bit never makes two services differ.
 */
export function sameService(a: IpvsService, b: IpvsService): boolean {
  return (
    a.scheduler === b.scheduler &&
    (a.flags & ~SVC_F_HASHED) === (b.flags & ~SVC_F_HASHED) &&
    a.timeout === b.timeout &&
    a.netmask === b.netmask &&
    (a.peName ?? '') === (b.peName ?? '')
  );
}

/** Settings IPVS_CMD_SET_DEST changes; tunnel settings count only for TUN, the port only for gue. */
export function sameDest(a: IpvsDest, b: IpvsDest): boolean {
  if (a.forwarding !== b.forwarding || a.weight !== b.weight || a.upperThreshold !== b.upperThreshold || a.lowerThreshold !== b.lowerThreshold) {
    return false;
  }
  if (a.forwarding !== 'TUN') return true;
  if ((a.tunnelType ?? '') !== (b.tunnelType ?? '') || (a.tunnelChecksum ?? '') !== (b.tunnelChecksum ?? '')) return false;
  return a.tunnelType !== 'gue' || (a.tunnelPort ?? 0) === (b.tunnelPort ?? 0);
}

function diffDests(key: IpvsServiceKey, current: readonly IpvsDest[], desired: readonly IpvsDest[], out: Effect[]): void {
  const wanted = new Map(desired.map((d) => [destKey(d), d]));
  const held = new Map(current.map((d) => [destKey(d), d]));
  for (const d of current) if (!wanted.has(destKey(d))) out.push({ kind: 'IpvsDeleteDest', service: key, dest: d });
  for (const d of desired) {
    const had = held.get(destKey(d));
    if (had !== undefined && !sameDest(had, d)) out.push({ kind: 'IpvsUpdateDest', service: key, dest: d });
  }
  for (const d of desired) if (!held.has(destKey(d))) out.push({ kind: 'IpvsAddDest', service: key, dest: d });
}

/**
 * The minimal effects that make `current` into `desired`, in a fixed order: services that go
 * (IPVS_CMD_DEL_SERVICE takes their destinations with it, so those are not deleted one by one),
 * then, service by service in `desired`'s order, a new service before its destinations, or a
 * changed service's settings, its departing destinations, its changed ones, then its new ones
 * (room is made before anything is added: the real servers leave before the sorry server comes,
 * the sorry server is quiesced before they return, as ipwrapper.c does it).
 */
export function diffTables(current: readonly IpvsServiceEntry[], desired: readonly IpvsServiceEntry[]): Effect[] {
  const out: Effect[] = [];
  const held = new Map(current.map((e) => [serviceKey(e.service.key), e]));
  const wanted = new Set(desired.map((e) => serviceKey(e.service.key)));
  for (const e of current) if (!wanted.has(serviceKey(e.service.key))) out.push({ kind: 'IpvsDeleteService', key: e.service.key });
  for (const e of desired) {
    const had = held.get(serviceKey(e.service.key));
    if (had === undefined) {
      out.push({ kind: 'IpvsAddService', service: e.service });
      for (const d of e.dests) out.push({ kind: 'IpvsAddDest', service: e.service.key, dest: d });
      continue;
    }
    if (!sameService(had.service, e.service)) out.push({ kind: 'IpvsUpdateService', service: e.service });
    diffDests(e.service.key, had.dests, e.dests, out);
  }
  return out;
}
