// A model of the kernel's IPVS table: IPVS effects applied to a table the way the kernel applies
// the commands (an existing service or destination is not added twice, a missing one is not
// changed). For tests and the simulator; pure.
import type { Effect, IpvsDest, IpvsServiceEntry } from '../events/index.js';
import { destKey } from './desired.js';
import { serviceKey } from './diff.js';
import { SVC_F_HASHED } from './service.js';

export function applyIpvsEffects(table: readonly IpvsServiceEntry[], effects: readonly Effect[]): IpvsServiceEntry[] {
  let out = table.slice();
  const find = (key: string): number => out.findIndex((e) => serviceKey(e.service.key) === key);
  for (const e of effects) {
    switch (e.kind) {
      case 'IpvsFlush':
        out = [];
        break;
      case 'IpvsAddService':
        if (find(serviceKey(e.service.key)) < 0) out.push({ service: e.service, dests: [] });
        break;
      case 'IpvsUpdateService': {
        const i = find(serviceKey(e.service.key));
        const entry = out[i];
        if (entry !== undefined) out[i] = { service: e.service, dests: entry.dests };
        break;
      }
      case 'IpvsDeleteService':
        out = out.filter((s) => serviceKey(s.service.key) !== serviceKey(e.key));
        break;
      case 'IpvsAddDest':
      case 'IpvsUpdateDest':
      case 'IpvsDeleteDest': {
        const i = find(serviceKey(e.service));
        const entry = out[i];
        if (entry === undefined) break;
        const k = destKey(e.dest);
        const has = entry.dests.some((d) => destKey(d) === k);
        let dests = entry.dests;
        if (e.kind === 'IpvsAddDest' && !has) dests = [...dests, e.dest];
        else if (e.kind === 'IpvsUpdateDest' && has) dests = dests.map((d) => (destKey(d) === k ? e.dest : d));
        else if (e.kind === 'IpvsDeleteDest') dests = dests.filter((d) => destKey(d) !== k);
        out[i] = { service: entry.service, dests };
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** A destination without the settings the kernel ignores: tunnel settings outside TUN, a port outside gue. */
function canonicalDest(d: IpvsDest): IpvsDest {
  const base: IpvsDest = {
    family: d.family, address: d.address, port: d.port, forwarding: d.forwarding,
    weight: d.weight, upperThreshold: d.upperThreshold, lowerThreshold: d.lowerThreshold,
  };
  if (d.forwarding !== 'TUN') return base;
  return {
    ...base,
    ...(d.tunnelType === undefined ? {} : { tunnelType: d.tunnelType }),
    ...(d.tunnelType === 'gue' && d.tunnelPort !== undefined ? { tunnelPort: d.tunnelPort } : {}),
    ...(d.tunnelChecksum === undefined ? {} : { tunnelChecksum: d.tunnelChecksum }),
  };
}

/**
 * The table in a canonical form, for comparing tables: services and destinations sorted by key,
 * the kernel's HASHED flag and the settings sameDest ignores left out.
 */
export function canonicalTable(table: readonly IpvsServiceEntry[]): IpvsServiceEntry[] {
  const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return table
    .map((e) => ({
      service: { ...e.service, flags: e.service.flags & ~SVC_F_HASHED },
      dests: e.dests.map(canonicalDest).sort((a, b) => byKey(destKey(a), destKey(b))),
    }))
    .sort((a, b) => byKey(serviceKey(a.service.key), serviceKey(b.service.key)));
}
