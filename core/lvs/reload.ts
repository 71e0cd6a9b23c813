// A reload (SIGHUP): keepalived check_daemon.c reload_check_thread → clear_diff_services,
// check_new_rs_state, init_services, register_checkers_thread. Unchanged services and servers
// keep their state (no flap), removed ones go, new ones come as at start-up; every checker is
// launched again.
import type { KeepalivedConfig } from '../config/model.js';
import type { Effect } from '../events/index.js';
import { buildVirtualServers } from './build.js';
import { log, settingsOf, type LvsContext } from './context.js';
import { checkerTimerId } from './ids.js';
import { clearRealServer, migrateVirtualServer } from './migrate.js';
import { updateVsNotifies } from './quorum.js';
import { applyInitialSuspend, initVirtualServer, launchCheckers } from './start.js';
import { indexCheckers, type LvsState, type VirtualServerRuntime } from './state.js';
import { isLocal } from './suspend.js';
import { syncKernel } from './sync.js';

/** clear_service_vs (not stopping): its servers' removals and notifies, the quorum, then its services. */
function removeVirtualServer(ctx: LvsContext, vs: VirtualServerRuntime): void {
  const target = vs.config.target;
  log(ctx, target.kind === 'group' ? `Removing Virtual Server Group [${target.groupName}]` : `Removing Virtual Server ${vs.label}`);
  if (ctx.settings.lvsFlushOnStop === 'none') for (const rs of vs.realServers) clearRealServer(ctx, vs, rs);
  const down = { ...vs, sorryAlive: false, realServers: vs.realServers.map((rs) => ({ ...rs, alive: false })) };
  updateVsNotifies(ctx, down, false);
  syncKernel(ctx, { ...down, services: [] });
}

export function lvsReload(old: LvsState, config: KeepalivedConfig, at: number, effects: Effect[]): LvsState {
  if (old.phase === 'stopped') return old;
  const settings = settingsOf(config);
  const ctx: LvsContext = { at, settings, effects };
  const built = buildVirtualServers(config.lvs);
  const wanted = new Set(built.map((vs) => vs.id));
  const previous = new Map(old.virtualServers.map((vs) => [vs.id, vs]));
  for (const vs of old.virtualServers) if (!wanted.has(vs.id)) removeVirtualServer(ctx, vs);

  // A virtual server new to the kernel: nothing of it is there, once the table is known.
  const fresh = old.phase === 'reading' ? undefined : [];
  const virtualServers = built.map((vs) => {
    const had = previous.get(vs.id);
    let next = had === undefined ? { ...vs, installed: fresh } : migrateVirtualServer(ctx, had, vs);
    next = initVirtualServer(ctx, syncKernel(ctx, next));
    const local = isLocal(next, old.localAddresses, config.lvs.virtualServerGroups);
    return applyInitialSuspend(next, local);
  });

  const checkers = indexCheckers(virtualServers);
  for (const vs of old.virtualServers) {
    for (const rs of vs.realServers) {
      for (const c of rs.checkers) if (c.armedAt !== undefined && !checkers.has(c.id)) effects.push({ kind: 'CancelTimer', timer: checkerTimerId(c.id) });
    }
  }
  const launched = virtualServers.map((vs) => launchCheckers(ctx, vs, true));
  return { phase: old.phase, config: config.lvs, settings, virtualServers: launched, checkers, localAddresses: old.localAddresses };
}
