// ha_suspend: a virtual server's checkers run only while its address is on this host
// (keepalived check_api.c update_checker_activity, register_checkers_thread).
import type { Effect } from '../events/index.js';
import { log, type LvsContext } from './context.js';
import { rangeAddresses } from './service.js';
import { withChecker, type LvsState, type VirtualServerRuntime } from './state.js';

/**
 * Whether the virtual server's address is local. For a group, any address of its ranges:
 * keepalived's addr_matches returns false for every group (its range code below that is
 * unreachable), which leaves a group's ha_suspend checkers suspended for good; Vigil follows the
 * code's evident intent instead.
 */
export function isLocal(vs: VirtualServerRuntime, addresses: ReadonlySet<string>, groups: LvsState['config']['virtualServerGroups']): boolean {
  const target = vs.config.target;
  if (target.kind === 'address') return addresses.has(target.address.address);
  if (target.kind === 'fwmark') return false;
  const group = groups.find((g) => g.name === target.groupName);
  return (group?.entries ?? []).some((e) => e.kind === 'range' && rangeAddresses(e.first, e.last).some((a) => addresses.has(a)));
}

/** "Activating healthchecker …" / "Suspending healthchecker …" for each checker whose state changes. */
export function applySuspend(ctx: LvsContext, vs: VirtualServerRuntime, local: boolean): VirtualServerRuntime {
  let next: VirtualServerRuntime = { ...vs, local };
  if (!vs.config.haSuspend) return next;
  vs.realServers.forEach((rs, r) => {
    rs.checkers.forEach((c, k) => {
      if (c.enabled === local) return;
      log(ctx, `${local ? 'Activat' : 'Suspend'}ing healthchecker for service ${rs.config.label} for VS ${vs.label}`);
      next = withChecker(next, r, k, { ...c, enabled: local });
    });
  });
  return next;
}

/** The addresses now on this host (the netlink dump, then each change). */
export function lvsOnLocalAddresses(state: LvsState, addresses: ReadonlySet<string>, at: number, effects: Effect[]): LvsState {
  if (state.phase === 'stopped') return { ...state, localAddresses: addresses };
  const ctx: LvsContext = { at, settings: state.settings, effects };
  const virtualServers = state.virtualServers.map((vs) => {
    const local = isLocal(vs, addresses, state.config.virtualServerGroups);
    return local === vs.local ? vs : applySuspend(ctx, vs, local);
  });
  return { ...state, virtualServers, localAddresses: addresses };
}
