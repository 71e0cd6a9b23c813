// The checker side (core/lvs) inside the reducer. keepalived runs it as a process of its own
// beside VRRP; here it is one more part of the state, folded by the same journaled events, its
// effects appended to the same list after whatever VRRP emitted for the event.
import type { KeepalivedConfig } from '../config/model.js';
import type { AddressChanged, CheckResult, Effect, IpvsTableRead } from '../events/index.js';
import {
  lvsOnCheckResult,
  lvsOnLocalAddresses,
  lvsOnTableRead,
  lvsOnTimer,
  lvsReload,
  lvsShutdown,
  lvsStart,
  type CheckerRuntime,
  type LvsState,
  type RealServerRuntime,
  type VirtualServerRuntime,
} from '../lvs/index.js';
import type { World } from '../tracking/world.js';
import type { VigilState } from './state.js';

/** Every address rtnetlink reports on this host, on any interface: what ha_suspend looks for. */
export function localAddresses(world: World): Set<string> {
  const out = new Set<string>();
  for (const list of world.addresses.values()) for (const a of list) out.add(a.address);
  return out;
}

function withLvs(state: VigilState, lvs: LvsState): VigilState {
  return lvs === state.lvs ? state : { ...state, lvs };
}

/**
 * keepalived main.c start_keepalived: the checker process starts only for a config with virtual
 * servers (have_virtual_servers), so a VRRP-only config gets no LVS state and no LVS effect.
 */
export function startLvs(state: VigilState, config: KeepalivedConfig, at: number, effects: Effect[]): VigilState {
  if (config.lvs.virtualServers.length === 0) return state;
  return withLvs(state, lvsStart(config, at, effects, localAddresses(state.world)));
}

/**
 * SIGHUP (keepalived main.c propogate_signal): a running checker side reloads, even into a config
 * without virtual servers (they are all removed); one not running starts if the new config has
 * virtual servers (start_check_child).
 */
export function reloadLvs(state: VigilState, config: KeepalivedConfig, at: number, effects: Effect[]): VigilState {
  if (state.lvs === undefined) return startLvs(state, config, at, effects);
  return withLvs(state, lvsReload(state.lvs, config, at, effects));
}

export function lvsTimer(state: VigilState, timer: string, at: number, effects: Effect[]): VigilState {
  return state.lvs === undefined ? state : withLvs(state, lvsOnTimer(state.lvs, timer, at, effects));
}

export function lvsCheckResult(state: VigilState, e: CheckResult, at: number, effects: Effect[]): VigilState {
  return state.lvs === undefined ? state : withLvs(state, lvsOnCheckResult(state.lvs, e, at, effects));
}

export function lvsTableRead(state: VigilState, e: IpvsTableRead, at: number, effects: Effect[]): VigilState {
  return state.lvs === undefined ? state : withLvs(state, lvsOnTableRead(state.lvs, e, at, effects));
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/**
 * After the world took in an AddressChanged: ha_suspend sees the host's new set of addresses.
 * Address events are frequent (every VIP added or removed comes back), so the set is rebuilt only
 * when this event can have changed it: a new address, or a known one removed (it may still be on
 * another interface, hence the comparison).
 */
export function lvsAddressChanged(state: VigilState, e: AddressChanged, at: number, effects: Effect[]): VigilState {
  const lvs = state.lvs;
  if (lvs === undefined || e.present === lvs.localAddresses.has(e.address)) return state;
  const addresses = localAddresses(state.world);
  if (sameSet(addresses, lvs.localAddresses)) return state;
  return withLvs(state, lvsOnLocalAddresses(lvs, addresses, at, effects));
}

/** SIGTERM: the checkers stop and the kernel's table is cleared as lvs_flush_on_stop says. */
export function stopLvs(state: VigilState, at: number, effects: Effect[]): VigilState {
  return state.lvs === undefined ? state : withLvs(state, lvsShutdown(state.lvs, at, effects));
}

/** A checker with its real and virtual server, for the RunCheck executor to probe. */
export interface CheckerLookup {
  readonly checker: CheckerRuntime;
  readonly realServer: RealServerRuntime;
  readonly virtualServer: VirtualServerRuntime;
}

/** The checker a RunCheck or CheckResult names in this state, or undefined (reloaded away, no LVS). */
export function lookupChecker(state: VigilState, id: string): CheckerLookup | undefined {
  const ref = state.lvs?.checkers.get(id);
  if (ref === undefined) return undefined;
  const virtualServer = state.lvs?.virtualServers[ref.vs];
  const realServer = virtualServer?.realServers[ref.rs];
  const checker = realServer?.checkers[ref.checker];
  return virtualServer === undefined || realServer === undefined || checker === undefined ? undefined : { checker, realServer, virtualServer };
}
