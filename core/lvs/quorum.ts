// Quorum and the sorry server (keepalived ipwrapper.c weigh_live_realservers,
// update_quorum_state, update_vs_notifies, perform_quorum_state; reference keepalived.md §4.7).
import { formatTrio } from '../config/lvs/addresses.js';
import { log, type LvsContext } from './context.js';
import { vsNotifies } from './notify.js';
import { realWeight } from './service.js';
import type { VirtualServerRuntime } from './state.js';
import { syncKernel } from './sync.js';

/** The sum of the weights of the alive real servers. */
export function weighLiveRealServers(vs: VirtualServerRuntime): number {
  let sum = 0;
  for (const rs of vs.realServers) if (rs.alive) sum += realWeight(rs.effectiveWeight);
  return sum;
}

export function sorryLabel(vs: VirtualServerRuntime): string {
  const sorry = vs.config.sorryServer;
  return sorry === undefined ? '' : formatTrio(sorry.address, vs.config.protocol);
}

/**
 * update_quorum_state: quorum is gained at `quorum + hysteresis` and lost below
 * `quorum - hysteresis` (or at weight 0). Gaining takes the sorry server out and the alive real
 * servers back in; losing does the reverse. `init` (start-up and reload) also puts a needed
 * sorry server in while the quorum is already down.
 */
export function updateQuorumState(ctx: LvsContext, vs: VirtualServerRuntime, init: boolean): VirtualServerRuntime {
  const { quorum, hysteresis, sorryServer } = vs.config;
  const weight = weighLiveRealServers(vs);
  const threshold = quorum + (vs.quorumUp ? -1 : 1) * hysteresis;
  if (!vs.quorumUp && weight >= threshold) {
    let next: VirtualServerRuntime = { ...vs, quorumUp: true };
    log(ctx, `Gained quorum ${quorum}+${hysteresis}=${threshold} <= ${weight} for VS ${vs.label}`);
    if (sorryServer !== undefined && vs.sorryAlive) {
      log(ctx, `${sorryServer.inhibit ? 'Disabling' : 'Removing'} sorry server ${sorryLabel(vs)} from VS ${vs.label}`);
      log(ctx, `Adding alive servers to the pool for VS ${vs.label}`);
      next = syncKernel(ctx, { ...next, sorryAlive: false });
    }
    vsNotifies(ctx, next);
    return next;
  }
  const lost = vs.quorumUp && (weight === 0 || weight < threshold);
  if (lost || (init && !vs.quorumUp && sorryServer !== undefined && !vs.sorryAlive)) {
    let next: VirtualServerRuntime = { ...vs, quorumUp: false };
    log(ctx, `${init ? 'Starting with quorum down' : 'Lost quorum'} ${quorum}-${hysteresis}=${threshold} > ${weight} for VS ${vs.label}`);
    if (sorryServer !== undefined && !vs.sorryAlive) {
      log(ctx, `${sorryServer.inhibit ? 'Enabling' : 'Adding'} sorry server ${sorryLabel(vs)} to VS ${vs.label}`);
      log(ctx, `Removing alive servers from the pool for VS ${vs.label}`);
      next = syncKernel(ctx, { ...next, sorryAlive: true });
    }
    vsNotifies(ctx, next);
    return next;
  }
  return vs;
}

/**
 * update_vs_notifies: after real servers were taken away (reload) or at shutdown, the quorum
 * only goes down here, with no sorry server ("the regression is intended").
 */
export function updateVsNotifies(ctx: LvsContext, vs: VirtualServerRuntime, stopping: boolean): VirtualServerRuntime {
  const threshold = vs.config.quorum - vs.config.hysteresis;
  const weight = weighLiveRealServers(vs);
  if (!stopping && !(vs.quorumUp && (weight === 0 || weight < threshold))) return vs;
  const next = { ...vs, quorumUp: false };
  vsNotifies(ctx, next, stopping);
  return next;
}
