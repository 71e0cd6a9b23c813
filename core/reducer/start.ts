// The first ConfigLoaded: instances, trackers and their first runs (keepalived vrrp_daemon.c
// start_vrrp, vrrp_scheduler.c vrrp_dispatcher_init).
import type { KeepalivedConfig } from '../config/model.js';
import type { ConfigLoaded, Effect } from '../events/index.js';
import { log } from '../instance/context.js';
import { newRuntime } from '../instance/runtime.js';
import { newGroup } from '../sync/group.js';
import { trackersFor } from '../tracking/trackers.js';
import { removeVirtualAddresses } from '../instance/addresses.js';
import { PRIORITY_OWNER } from '../instance/timing.js';
import { contextFor, updateAll } from './context.js';
import { dispatchKey, type VigilState } from './state.js';
import { reassessAll, runScript } from './tracking.js';

/** The vrrp_scripts some instance or sync group tracks. */
export function trackedScripts(config: KeepalivedConfig): Set<string> {
  const names = new Set<string>();
  for (const i of config.vrrp.instances) for (const t of i.trackers) if (t.kind === 'script') names.add(t.name);
  for (const g of config.vrrp.syncGroups) for (const t of g.trackers) if (t.kind === 'script') names.add(t.name);
  return names;
}

export function addressesOf(config: KeepalivedConfig): Set<string> {
  const out = new Set<string>();
  for (const i of config.vrrp.instances) {
    for (const a of i.vips) out.add(a.address);
    for (const a of i.excludedVips) out.add(a.address);
  }
  return out;
}

export function dispatchFor(config: KeepalivedConfig): Map<string, number> {
  const dispatch = new Map<string, number>();
  config.vrrp.instances.forEach((c, index) => {
    const key = dispatchKey(c.interface ?? '', c.family, c.vrid);
    if (!dispatch.has(key)) dispatch.set(key, index);
  });
  return dispatch;
}

export function start(state: VigilState, e: ConfigLoaded, at: number, effects: Effect[]): VigilState {
  const config = e.config;
  let next: VigilState = {
    ...state,
    phase: 'running',
    config,
    digest: e.digest,
    instances: config.vrrp.instances.map((c) => newRuntime(c, config.global, at)),
    groups: config.vrrp.syncGroups.map(newGroup),
    dispatch: dispatchFor(config),
    byName: new Map(config.vrrp.instances.map((c, index) => [c.name, index])),
    ownAddresses: addressesOf(config),
    trackers: trackersFor(config.global, trackedScripts(config), at, state.trackers),
    delayedStartUntil: at + config.global.vrrpStartupDelayMicros,
  };
  const ctx = contextFor(next, at, effects);
  if (ctx === undefined) return next;
  log(ctx, `Opening file '${e.mainFile}'.`);
  // keepalived at start: "(VI) removing VIPs." — whatever a crashed run left behind goes. Only at
  // start: on reload a new instance must not take away addresses a kept instance holds.
  next = updateAll(next, ctx, (inst) => (inst.wantState === 'master' && inst.basePriority === PRIORITY_OWNER ? inst : removeVirtualAddresses(ctx, inst, true)));
  // keepalived vrrp_init_script: every tracked script runs at once, then every interval.
  for (const name of next.trackers.scripts.keys()) next = runScript(next, ctx, name);
  return reassessAll(next, ctx);
}
