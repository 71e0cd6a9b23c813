// Stopping (keepalived ipwrapper.c clear_services, clear_service_vs, clear_service_rs;
// global_defs lvs_flush_on_stop). Without lvs_flush_on_stop each real server is taken out
// ("Shutting down service …"), then its virtual service; with `lvs_flush_on_stop VS` only the
// virtual services go (their real servers with them); with `lvs_flush_on_stop` the whole table
// is flushed. omega runs the down notifies on the way out.
import type { Effect, IpvsServiceEntry } from '../events/index.js';
import { destKey } from './desired.js';
import { log, type LvsContext } from './context.js';
import { checkerTimerId } from './ids.js';
import { rsNotifies } from './notify.js';
import { updateVsNotifies } from './quorum.js';
import { destination } from './service.js';
import { withRealServer, type LvsState, type VirtualServerRuntime } from './state.js';

function deleteDest(ctx: LvsContext, installed: readonly IpvsServiceEntry[], address: Parameters<typeof destination>[1], forwarding: Parameters<typeof destination>[2]): void {
  for (const entry of installed) {
    const key = destKey(destination(entry.service.key, address, forwarding, 0, { upper: 0, lower: 0 }));
    const held = entry.dests.find((d) => destKey(d) === key);
    if (held !== undefined) ctx.effects.push({ kind: 'IpvsDeleteDest', service: entry.service.key, dest: held });
  }
}

/** clear_service_vs with lvs_flush_on_stop unset: the sorry server, each real server, then the service. */
function clearOneByOne(ctx: LvsContext, vs: VirtualServerRuntime): VirtualServerRuntime {
  const installed = vs.installed ?? [];
  const sorry = vs.config.sorryServer;
  if (sorry !== undefined && !sorry.duplicatesRealServer) deleteDest(ctx, installed, sorry.address, sorry.forwarding);
  let next: VirtualServerRuntime = { ...vs, sorryAlive: false };
  vs.realServers.forEach((rs, i) => {
    const inhibited = rs.config.inhibitOnFailure && !rs.alive ? '(inhibited) ' : '';
    log(ctx, `Shutting down ${inhibited}service ${rs.config.label} from VS ${vs.label}`);
    deleteDest(ctx, installed, rs.config.address, rs.config.forwarding);
    if (!rs.alive) return;
    const down = { ...rs, alive: false };
    next = withRealServer(next, i, down);
    if (vs.config.omega) rsNotifies(ctx, next, down, true);
  });
  next = updateVsNotifies(ctx, next, true);
  for (const entry of installed) ctx.effects.push({ kind: 'IpvsDeleteService', key: entry.service.key });
  return { ...next, installed: [] };
}

/** clear_service_vs with `lvs_flush_on_stop VS`: the quorum notifies, then the services. */
function clearServices(ctx: LvsContext, vs: VirtualServerRuntime): VirtualServerRuntime {
  const next = updateVsNotifies(ctx, { ...vs, sorryAlive: false }, true);
  for (const entry of vs.installed ?? []) ctx.effects.push({ kind: 'IpvsDeleteService', key: entry.service.key });
  return { ...next, installed: [] };
}

export function lvsShutdown(state: LvsState, at: number, effects: Effect[]): LvsState {
  if (state.phase === 'stopped') return state;
  const ctx: LvsContext = { at, settings: state.settings, effects };
  for (const vs of state.virtualServers) {
    for (const rs of vs.realServers) {
      for (const c of rs.checkers) if (c.armedAt !== undefined) effects.push({ kind: 'CancelTimer', timer: checkerTimerId(c.id) });
    }
  }
  let virtualServers: VirtualServerRuntime[];
  switch (state.settings.lvsFlushOnStop) {
    case 'all':
      effects.push({ kind: 'IpvsFlush' });
      virtualServers = state.virtualServers.map((vs) => ({ ...updateVsNotifies(ctx, vs, true), installed: [] }));
      break;
    case 'vs':
      virtualServers = state.virtualServers.map((vs) => clearServices(ctx, vs));
      break;
    case 'none':
      virtualServers = state.virtualServers.map((vs) => clearOneByOne(ctx, vs));
      break;
  }
  const stopped = virtualServers.map((vs) => ({
    ...vs,
    realServers: vs.realServers.map((rs) => ({ ...rs, checkers: rs.checkers.map((c) => ({ ...c, armedAt: undefined })) })),
  }));
  return { ...state, phase: 'stopped', virtualServers: stopped };
}
