// A real server going in and out of the pool (keepalived ipwrapper.c update_svr_checker_state,
// set_checker_state, perform_svr_state, update_svr_wgt).
import { log, type LvsContext } from './context.js';
import { rsNotifies } from './notify.js';
import { updateQuorumState } from './quorum.js';
import { realWeight } from './service.js';
import { numFailedCheckers, withChecker, withRealServer, type VirtualServerRuntime } from './state.js';
import { syncKernel } from './sync.js';

/**
 * perform_svr_state: "Adding service RS to VS" / "Removing service RS from VS" (with
 * inhibit_on_failure "Enabling/Disabling service RS of VS"), the kernel change (only while the
 * pool is active), the server's notifies, then the quorum.
 */
export function performSvrState(ctx: LvsContext, vs: VirtualServerRuntime, rsIndex: number, alive: boolean): VirtualServerRuntime {
  const rs = vs.realServers[rsIndex];
  if (rs === undefined || rs.alive === alive) return vs;
  const inhibit = rs.config.inhibitOnFailure;
  const verb = alive ? (inhibit ? 'Enabl' : 'Add') : inhibit ? 'Disabl' : 'Remov';
  const preposition = inhibit ? 'of' : alive ? 'to' : 'from';
  log(ctx, `${verb}ing service ${rs.config.label} ${preposition} VS ${vs.label}`);
  const next = syncKernel(ctx, withRealServer(vs, rsIndex, { ...rs, alive }));
  const updated = next.realServers[rsIndex];
  if (updated !== undefined) rsNotifies(ctx, next, updated);
  return updateQuorumState(ctx, next, false);
}

/**
 * update_svr_checker_state: a checker's verdict. A real server is alive only while none of its
 * checkers has failed: the first checker to fail takes it out, the last to recover puts it back.
 * A first verdict equal to the starting state only notifies (alpha, or a failure).
 */
export function updateSvrCheckerState(
  ctx: LvsContext,
  vs: VirtualServerRuntime,
  rsIndex: number,
  index: number,
  alive: boolean,
): VirtualServerRuntime {
  const rs = vs.realServers[rsIndex];
  const checker = rs?.checkers[index];
  if (rs === undefined || checker === undefined) return vs;
  if (checker.isUp === alive) {
    if (checker.hasRun) return vs;
    if (checker.config.alpha || !alive) rsNotifies(ctx, vs, rs);
    return withChecker(vs, rsIndex, index, { ...checker, hasRun: true });
  }
  const failed = numFailedCheckers(rs);
  let next = vs;
  if (alive ? failed <= 1 : failed === 0) next = performSvrState(ctx, vs, rsIndex, alive);
  // set_checker_state.
  return withChecker(next, rsIndex, index, { ...checker, hasRun: true, isUp: alive });
}

/**
 * update_svr_wgt: a new effective weight (misc_dynamic). The kernel hears of it only while the
 * server is in the pool; the quorum is weighed again.
 */
export function updateSvrWeight(ctx: LvsContext, vs: VirtualServerRuntime, rsIndex: number, weight: number): VirtualServerRuntime {
  const rs = vs.realServers[rsIndex];
  if (rs === undefined) return vs;
  const oldWeight = realWeight(rs.effectiveWeight);
  const newWeight = realWeight(weight);
  let next = withRealServer(vs, rsIndex, { ...rs, effectiveWeight: weight });
  if (newWeight === oldWeight) return next;
  log(ctx, `Changing weight from ${oldWeight} to ${newWeight} for ${rs.alive ? '' : 'in'}active service ${rs.config.label} of VS ${vs.label}`);
  next = syncKernel(ctx, next);
  return updateQuorumState(ctx, next, false);
}
