// The kernel's table as ReadIpvsTable dumped it: Vigil's services are made to match, everything
// else in the kernel is left alone. keepalived never reads the table: it adds its services and
// lets the kernel refuse what exists (ipvswrapper.c ipvs_talk ignores EEXIST), so a service left
// with other settings or other real servers stays that way; Vigil corrects them instead.
import type { Effect, IpvsServiceEntry, IpvsTableRead } from '../events/index.js';
import { log, type LvsContext } from './context.js';
import { serviceKey } from './diff.js';
import type { LvsState, VirtualServerRuntime } from './state.js';
import { syncKernel } from './sync.js';

function heldFor(vs: VirtualServerRuntime, kernel: ReadonlyMap<string, IpvsServiceEntry>): IpvsServiceEntry[] {
  const out: IpvsServiceEntry[] = [];
  for (const s of vs.services) {
    const held = kernel.get(serviceKey(s.key));
    if (held !== undefined) out.push(held);
  }
  return out;
}

/** Reconciles every virtual server with the kernel (at start-up, and whenever a table read comes back). */
export function lvsOnTableRead(state: LvsState, e: IpvsTableRead, at: number, effects: Effect[]): LvsState {
  if (state.phase === 'stopped') return state;
  const ctx: LvsContext = { at, settings: state.settings, effects };
  if (!e.ok) log(ctx, `IPVS: cannot read the kernel table (${e.error}) - adding every service`, 'warning');
  const kernel = new Map<string, IpvsServiceEntry>();
  if (e.ok) for (const entry of e.services) kernel.set(serviceKey(entry.service.key), entry);
  const virtualServers = state.virtualServers.map((vs) => syncKernel(ctx, { ...vs, installed: heldFor(vs, kernel) }));
  return { ...state, phase: 'running', virtualServers };
}
