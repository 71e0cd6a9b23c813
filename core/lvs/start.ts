// Start-up (keepalived check_daemon.c start_check, ipwrapper.c init_services / init_service_vs /
// init_service_rs, check_api.c register_checkers_thread).
import type { KeepalivedConfig } from '../config/model.js';
import type { Effect } from '../events/index.js';
import { buildVirtualServers } from './build.js';
import { log, settingsOf, type LvsContext } from './context.js';
import { rsNotifies } from './notify.js';
import { updateQuorumState } from './quorum.js';
import { indexCheckers, numFailedCheckers, withRealServer, type LvsState, type VirtualServerRuntime } from './state.js';
import { isLocal } from './suspend.js';
import { syncKernel } from './sync.js';
import { launchChecker } from './timers.js';

/**
 * init_service_vs: servers with no failed checker go in alive (alpha ones stay out, at weight 0
 * with inhibit_on_failure), then the quorum is weighed with `init` (which also puts a needed
 * sorry server in).
 */
export function initVirtualServer(ctx: LvsContext, vs: VirtualServerRuntime): VirtualServerRuntime {
  let next = vs;
  vs.realServers.forEach((rs, i) => {
    if (rs.alive || numFailedCheckers(rs) > 0) return;
    next = withRealServer(next, i, { ...rs, alive: true });
  });
  next = syncKernel(ctx, next);
  if (ctx.settings.rsInitNotifies) {
    next.realServers.forEach((rs, i) => {
      if (rs.alive && !vs.realServers[i]?.alive) rsNotifies(ctx, next, rs);
    });
  }
  return updateQuorumState(ctx, next, true);
}

/** register_checkers_thread: "Activating healthchecker …" ("Deactivating" while ha_suspend holds it) and the first timer. */
export function launchCheckers(ctx: LvsContext, vs: VirtualServerRuntime, runningKept = false): VirtualServerRuntime {
  return {
    ...vs,
    realServers: vs.realServers.map((rs) => ({
      ...rs,
      checkers: rs.checkers.map((c) => {
        log(ctx, `${c.enabled ? 'A' : 'Dea'}ctivating healthchecker for service ${rs.config.label} for VS ${vs.label}`);
        // A check still running when the config is reloaded re-arms when its result comes.
        return runningKept && c.running ? c : launchChecker(ctx, c);
      }),
    })),
  };
}

/** Checkers of an ha_suspend virtual server start disabled unless its address is already local. */
export function applyInitialSuspend(vs: VirtualServerRuntime, local: boolean): VirtualServerRuntime {
  if (!vs.config.haSuspend) return { ...vs, local };
  return {
    ...vs,
    local,
    realServers: vs.realServers.map((rs) => ({ ...rs, checkers: rs.checkers.map((c) => ({ ...c, enabled: local })) })),
  };
}

/**
 * The LVS side's first state. With lvs_flush the kernel's table is flushed and known empty;
 * otherwise it is read first (ReadIpvsTable) and IPVS effects wait for IpvsTableRead, while
 * checkers, logs and notifies go ahead.
 */
export function lvsStart(config: KeepalivedConfig, at: number, effects: Effect[], localAddresses: ReadonlySet<string> = new Set()): LvsState {
  const settings = settingsOf(config);
  const ctx: LvsContext = { at, settings, effects };
  const flush = settings.lvsFlush;
  effects.push(flush ? { kind: 'IpvsFlush' } : { kind: 'ReadIpvsTable' });
  const virtualServers = buildVirtualServers(config.lvs).map((built) => {
    let vs: VirtualServerRuntime = flush ? { ...built, installed: [] } : built;
    vs = initVirtualServer(ctx, vs);
    vs = applyInitialSuspend(vs, isLocal(vs, localAddresses, config.lvs.virtualServerGroups));
    return vs;
  });
  const launched = virtualServers.map((vs) => launchCheckers(ctx, vs));
  return {
    phase: flush ? 'running' : 'reading',
    config: config.lvs,
    settings,
    virtualServers: launched,
    checkers: indexCheckers(launched),
    localAddresses,
  };
}
