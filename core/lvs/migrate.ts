// A virtual server that survives a reload keeps its servers' states (keepalived ipwrapper.c
// clear_diff_services, clear_diff_rs, migrate_checkers, clear_diff_s_srv; reference
// keepalived.md §4.7 "Reload").
import { destKey } from './desired.js';
import { log, type LvsContext } from './context.js';
import { rsNotifies } from './notify.js';
import { sorryLabel, updateVsNotifies } from './quorum.js';
import { performSvrState } from './server.js';
import { destination } from './service.js';
import { numFailedCheckers, withRealServer, type CheckerRuntime, type RealServerRuntime, type VirtualServerRuntime } from './state.js';

/** Whether the kernel holds the server in one of the virtual server's services (keepalived rs->set). */
export function isSet(vs: VirtualServerRuntime, rs: RealServerRuntime): boolean {
  return (vs.installed ?? []).some((entry) => {
    const key = destKey(destination(entry.service.key, rs.config.address, rs.config.forwarding, 0, { upper: 0, lower: 0 }));
    return entry.dests.some((d) => destKey(d) === key);
  });
}

/**
 * clear_service_rs (not stopping): "Removing service RS from VS" when the kernel holds it, and
 * the down notifies when it was alive. The kernel change is left to the caller's sync.
 */
export function clearRealServer(ctx: LvsContext, vs: VirtualServerRuntime, rs: RealServerRuntime): void {
  if (isSet(vs, rs)) {
    const inhibited = rs.config.inhibitOnFailure && !rs.alive ? '(inhibited) ' : '';
    log(ctx, `Removing ${inhibited}service ${rs.config.label} from VS ${vs.label}`);
  }
  if (rs.alive) rsNotifies(ctx, vs, { ...rs, alive: false });
}

/**
 * migrate_checkers: a checker found again (same position and kind) keeps its verdict and
 * counters; a down one needs a single success, an up one no more failures than it had left. If a
 * checker has failed, or the server is down and none has run, new checkers start with one
 * failure enough, alpha ones down.
 */
function migrateCheckers(previous: RealServerRuntime, fresh: RealServerRuntime): CheckerRuntime[] {
  const old = new Map(previous.checkers.map((c) => [c.id, c]));
  const checkers = fresh.checkers.map((c): CheckerRuntime => {
    const had = old.get(c.id);
    if (had?.config.kind !== c.config.kind) return { ...c, isUp: true };
    const isUp = had.hasRun ? had.isUp : true;
    const retryIt = !isUp ? c.config.retry + 1 : Math.min(had.retryIt, c.config.retry);
    return { ...had, config: c.config, isUp, retryIt };
  });
  const failed = checkers.some((c) => c.hasRun && !c.isUp);
  const anyRun = checkers.some((c) => c.hasRun);
  if (!failed && (previous.alive || anyRun)) return checkers;
  return checkers.map((c) => (c.hasRun ? c : { ...c, isUp: !c.config.alpha, retryIt: c.config.retry }));
}

/**
 * The new virtual server takes the old one's quorum, sorry server and kernel view; servers found
 * again keep being alive (a configured weight change applies unless misc_dynamic had set one);
 * servers gone are removed; a server whose checkers all pass goes in, one with a failed checker
 * goes out quietly.
 */
export function migrateVirtualServer(ctx: LvsContext, previous: VirtualServerRuntime, fresh: VirtualServerRuntime): VirtualServerRuntime {
  const oldSorry = previous.config.sorryServer;
  const newSorry = fresh.config.sorryServer;
  const sameSorry =
    oldSorry !== undefined && newSorry?.address.address === oldSorry.address.address && newSorry.address.port === oldSorry.address.port;
  let next: VirtualServerRuntime = {
    ...fresh,
    quorumUp: previous.quorumUp,
    local: previous.local,
    installed: previous.installed,
    sorryAlive: sameSorry && previous.sorryAlive,
  };
  // clear_diff_s_srv: an alive sorry server that is gone or changed goes out.
  if (previous.sorryAlive && !sameSorry) {
    log(ctx, `Removing sorry server ${sorryLabel(previous)} from VS ${previous.label}`);
    if (newSorry === undefined) log(ctx, `Adding alive servers to the pool for VS ${fresh.label}`);
  }
  // clear_diff_rs: servers no longer configured.
  const kept = new Set(fresh.realServers.map((rs) => rs.id));
  for (const rs of previous.realServers) {
    if (kept.has(rs.id)) continue;
    log(ctx, `service ${rs.config.label} no longer exist`);
    clearRealServer(ctx, previous, rs);
  }
  const byId = new Map(previous.realServers.map((rs) => [rs.id, rs]));
  const pending: number[] = [];
  fresh.realServers.forEach((rs, i) => {
    const had = byId.get(rs.id);
    if (had === undefined) return;
    const dynamic = had.effectiveWeight !== had.config.weight;
    const checkers = migrateCheckers(had, rs);
    let migrated: RealServerRuntime = { ...rs, alive: had.alive, effectiveWeight: dynamic ? had.effectiveWeight : rs.config.weight, checkers };
    const failed = numFailedCheckers(migrated);
    if (failed > 0 && migrated.alive) migrated = { ...migrated, alive: false };
    else if (failed === 0 && !migrated.alive) pending.push(i);
    next = withRealServer(next, i, migrated);
  });
  next = updateVsNotifies(ctx, next, false);
  for (const i of pending) next = performSvrState(ctx, next, i, true);
  return next;
}
