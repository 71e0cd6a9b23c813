// ConfigLoaded while running: keepalived's reload (vrrp_daemon.c reload_vrrp_thread,
// vrrp.c clear_diff_vrrp / vrrp_exist, restore_vrrp_state). Reference keepalived.md §2.12.
import type { IpAddress, VrrpInstance } from '../config/vrrp/model.js';
import type { ConfigLoaded, Effect } from '../events/index.js';
import { addressSpec, routeSpec, ruleSpec } from '../instance/addresses.js';
import { sendAdvert } from '../instance/advert.js';
import { instanceTimerId, log, syncTimer, type Context } from '../instance/context.js';
import { advertExpectations } from '../instance/expectations.js';
import { sendLinkUpdate } from '../instance/garp.js';
import { sendInstanceNotifies } from '../instance/notify.js';
import { newRuntime, patch, type InstanceRuntime } from '../instance/runtime.js';
import { PRIORITY_STOP } from '../instance/timing.js';
import { enter } from '../instance/transitions.js';
import { removeVirtualAddresses } from '../instance/addresses.js';
import { newGroup } from '../sync/group.js';
import { sameScript, trackersFor } from '../tracking/trackers.js';
import { contextFor } from './context.js';
import { addressesOf, dispatchFor, trackedScripts } from './start.js';
import type { VigilState } from './state.js';
import { reassessAll, runScript, scriptTimerId } from './tracking.js';

/** keepalived vrrp_exist: the same VRRP router, whatever its name. */
export function sameRouter(a: VrrpInstance, b: VrrpInstance): boolean {
  if (a.vrid !== b.vrid || a.family !== b.family || a.interface !== b.interface) return false;
  if (a.unicast !== b.unicast) return false;
  if (a.unicast) return a.srcIp === b.srcIp;
  return (a.vmac !== undefined) === (b.vmac !== undefined) && a.useVmacAddr === b.useVmacAddr;
}

const addressKey = (a: IpAddress): string => `${a.address}/${a.prefixLength}@${a.dev ?? ''}`;

/** A MASTER kept across the reload applies the address, route and rule differences, and re-GARPs. */
function applyDiff(ctx: Context, old: InstanceRuntime, next: InstanceRuntime): InstanceRuntime {
  if (next.state !== 'master' || !old.vipsSet) return next;
  const o = old.config;
  const n = next.config;
  const instance = n.name;
  const oldKeys = new Set([...o.vips, ...o.excludedVips].map(addressKey));
  const newKeys = new Set([...n.vips, ...n.excludedVips].map(addressKey));
  for (const a of [...o.vips, ...o.excludedVips]) {
    if (newKeys.has(addressKey(a))) continue;
    const spec = addressSpec(a, o);
    log(ctx, `(${instance}) ip address ${spec.address}/${spec.prefixLength} dev ${spec.interface}, no longer exist`);
    ctx.effects.push({ kind: 'DeleteAddress', instance, address: spec });
  }
  let added = false;
  for (const a of [...n.vips, ...n.excludedVips]) {
    if (oldKeys.has(addressKey(a))) continue;
    ctx.effects.push({ kind: 'AddAddress', instance, address: addressSpec(a, n) });
    added = true;
  }
  const routeKey = (r: (typeof o.routes)[number]): string => JSON.stringify(routeSpec(r));
  const ruleKey = (r: (typeof o.rules)[number]): string => JSON.stringify(ruleSpec(r));
  const newRoutes = new Set(n.routes.map(routeKey));
  const oldRoutes = new Set(o.routes.map(routeKey));
  for (const r of o.routes) if (!newRoutes.has(routeKey(r))) ctx.effects.push({ kind: 'DeleteRoute', instance, route: routeSpec(r) });
  for (const r of n.routes) if (!oldRoutes.has(routeKey(r))) ctx.effects.push({ kind: 'AddRoute', instance, route: routeSpec(r) });
  const newRules = new Set(n.rules.map(ruleKey));
  const oldRules = new Set(o.rules.map(ruleKey));
  for (const r of o.rules) if (!newRules.has(ruleKey(r))) ctx.effects.push({ kind: 'DeleteRule', instance, rule: ruleSpec(r) });
  for (const r of n.rules) if (!oldRules.has(ruleKey(r))) ctx.effects.push({ kind: 'AddRule', instance, rule: ruleSpec(r) });
  // keepalived restore_vrrp_state: new addresses (or a refresh configured) mean a fresh burst.
  if (added || n.garp.masterRefreshMicros > 0) sendLinkUpdate(ctx, next, n.garp.masterRepeat);
  return next;
}

/** An instance the new config no longer has: priority 0 if MASTER, addresses gone, DELETED or FAULT. */
function removeInstance(ctx: Context, inst: InstanceRuntime): void {
  let next = inst;
  if (next.state === 'master') next = sendAdvert(ctx, next, PRIORITY_STOP);
  next = removeVirtualAddresses(ctx, next, false);
  const to = next.config.notifyDeleted ? 'deleted' : 'fault';
  next = enter(ctx, next, to, { kind: 'reload' });
  sendInstanceNotifies(ctx, next);
  if (next.armedAt !== undefined) ctx.effects.push({ kind: 'CancelTimer', timer: instanceTimerId(next.config.name) });
}

export function reload(state: VigilState, e: ConfigLoaded, at: number, effects: Effect[]): VigilState {
  const config = e.config;
  const oldCtx = contextFor(state, at, effects);
  if (oldCtx === undefined) return state;
  log(oldCtx, `Reloading configuration '${e.mainFile}' (digest ${e.digest})`);
  const unmatched = new Set(state.instances);
  let next: VigilState = {
    ...state,
    config,
    digest: e.digest,
    dispatch: dispatchFor(config),
    byName: new Map(config.vrrp.instances.map((c, index) => [c.name, index])),
    ownAddresses: addressesOf(config),
    trackers: trackersFor(config.global, trackedScripts(config), at, state.trackers),
    // keepalived state_same_at_reload: a group of the same name keeps its state.
    groups: config.vrrp.syncGroups.map((g) => {
      const old = state.groups.find((o) => o.config.name === g.name);
      return old === undefined ? newGroup(g) : { config: g, state: old.state, lastMailedState: old.lastMailedState };
    }),
  };
  const ctx = contextFor(next, at, effects);
  if (ctx === undefined) return next;
  const instances = config.vrrp.instances.map((c) => {
    const old = [...unmatched].find((i) => sameRouter(i.config, c));
    if (old === undefined) return newRuntime(c, config.global, at);
    unmatched.delete(old);
    let kept: InstanceRuntime = patch(old, { config: c, basePriority: c.priority, expectations: advertExpectations(c, config.global), lastAccepted: undefined, advertCache: undefined });
    if (old.config.name !== c.name && old.armedAt !== undefined) {
      effects.push({ kind: 'CancelTimer', timer: instanceTimerId(old.config.name) });
      kept = patch(kept, { armedAt: undefined });
    }
    kept = applyDiff(ctx, old, kept);
    return syncTimer(ctx, kept);
  });
  for (const old of unmatched) removeInstance(oldCtx, old);
  next = { ...next, instances };
  for (const name of state.trackers.scripts.keys()) {
    if (!next.trackers.scripts.has(name)) effects.push({ kind: 'CancelTimer', timer: scriptTimerId(name) });
  }
  for (const [name, t] of next.trackers.scripts) {
    const before = state.trackers.scripts.get(name);
    if (before === undefined || !sameScript(before.config, t.config)) next = runScript(next, ctx, name);
    else if (t.initState === 'done' && t.result >= t.config.rise) log(ctx, `VRRP_Script(${name}) considered successful on reload`);
  }
  return reassessAll(next, ctx);
}
