// The IPVS table Vigil wants, derived from the config and the servers' states alone
// (keepalived keeps it implicitly in rs->set / rs->alive / s_svr->alive; ipwrapper.c
// perform_svr_state, perform_quorum_state, update_quorum_state, ipvswrapper.c ipvs_cmd).
import type { IpvsDest, IpvsService, IpvsServiceEntry } from '../events/index.js';
import { destination, realWeight } from './service.js';
import type { LvsState, VirtualServerRuntime } from './state.js';

/** The sorry server is always given weight 1 (check_data.c alloc_ssvr: effective_weight = 1). */
const SORRY_WEIGHT = 1;

/**
 * ipwrapper.c: real servers change in the kernel "only if we have quorum or no sorry server";
 * while the sorry server stands in, the real servers are out of the pool.
 */
export function poolActive(vs: VirtualServerRuntime): boolean {
  return vs.quorumUp || vs.config.sorryServer === undefined || !vs.sorryAlive;
}

export function destKey(d: Pick<IpvsDest, 'family' | 'address' | 'port'>): string {
  return `${d.family}|${d.address}|${d.port}`;
}

function destsFor(vs: VirtualServerRuntime, service: IpvsService): IpvsDest[] {
  const dests = new Map<string, IpvsDest>();
  const active = poolActive(vs);
  for (const rs of vs.realServers) {
    const c = rs.config;
    // Alive and in the pool: its weight. Otherwise inhibit_on_failure keeps it at weight 0
    // (ipvs_cmd turns DELDEST into EDITDEST with weight 0), else it is out.
    const weight = rs.alive && active ? realWeight(rs.effectiveWeight) : c.inhibitOnFailure ? 0 : undefined;
    if (weight === undefined) continue;
    const d = destination(service.key, c.address, c.forwarding, weight, { upper: c.upperThreshold, lower: c.lowerThreshold });
    dests.set(destKey(d), d);
  }
  const sorry = vs.config.sorryServer;
  if (sorry !== undefined) {
    // sorry_server_inhibit keeps it in at weight 0 while not needed (init_service_vs); a sorry
    // server that is also a real server is that real server's entry until it is needed.
    const weight = vs.sorryAlive ? SORRY_WEIGHT : sorry.inhibit && !sorry.duplicatesRealServer ? 0 : undefined;
    if (weight !== undefined) {
      const d = destination(service.key, sorry.address, sorry.forwarding, weight, { upper: 0, lower: 0 });
      dests.set(destKey(d), d);
    }
  }
  return [...dests.values()];
}

/** One virtual server's services and their destinations, in keepalived's order. */
export function desiredForVirtualServer(vs: VirtualServerRuntime): IpvsServiceEntry[] {
  return vs.services.map((service) => ({ service, dests: destsFor(vs, service) }));
}

/** The whole table Vigil wants the kernel to hold, virtual server by virtual server. */
export function desiredTable(state: LvsState): IpvsServiceEntry[] {
  return state.virtualServers.flatMap(desiredForVirtualServer);
}
