// The counters keepalived keeps per instance and Vigil folds away: num_config_faults,
// num_script_if_fault, num_script_init and total_priority (include/vrrp.h; printed by 2.2.7
// dump_vrrp). Vigil keeps only the outcome (pending, fault, clamped effective priority), so each
// tracker is put through core's own assessInstance alone: the rules stay in core/tracking/assess.ts.
import type { TrackerRef, VrrpInstance } from '../../core/config/vrrp/model.js';
import type { InstanceRuntime } from '../../core/instance/runtime.js';
import type { VigilState } from '../../core/reducer/state.js';
import { assessInstance, type AssessInputs } from '../../core/tracking/assess.js';

export interface TrackingCounts {
  readonly configFaults: number;
  readonly interfaceAndScriptFaults: number;
  readonly scriptsInit: number;
  /** Base priority plus every tracker's weight, before the 1..254 clamp. */
  readonly totalPriority: number;
}

/** Group-level trackers apply to every member (core/reducer/tracking.ts groupTrackers). */
export function groupTrackersOf(state: VigilState, config: VrrpInstance): readonly TrackerRef[] {
  if (config.syncGroup === undefined) return [];
  return state.config?.vrrp.syncGroups.find((g) => g.name === config.syncGroup)?.trackers ?? [];
}

export function trackingCounts(state: VigilState, inst: InstanceRuntime): TrackingCounts {
  const config = inst.config;
  const inputs: AssessInputs = {
    trackers: state.trackers,
    world: state.world,
    processes: state.config?.global.trackProcesses ?? [],
  };
  // keepalived: unicast_fault_no_peer is a config fault, and also counted with the others.
  const noPeer = config.unicastWithoutPeers && config.unicastFaultNoPeer ? 1 : 0;
  const own = assessInstance({ ...config, trackers: [], unicastWithoutPeers: false }, inst.basePriority, [], inputs);
  let faults = noPeer + (own.fault === undefined ? 0 : 1);
  let init = 0;
  let total = inst.basePriority;
  const alone = withoutInterface(config);
  for (const ref of [...config.trackers, ...groupTrackersOf(state, config)]) {
    const solo = { ...alone, trackers: [ref] };
    const low = assessInstance(solo, 1, [], inputs);
    if (low.fault !== undefined) faults++;
    else if (low.pending) init++;
    else total += contribution(low.effectivePriority, () => assessInstance(solo, 254, [], inputs).effectivePriority);
  }
  return { configFaults: noPeer, interfaceAndScriptFaults: faults, scriptsInit: init, totalPriority: total };
}

/**
 * One tracker's weight from its assessment alone: from base 1 a positive share shows as
 * 1 + w, from base 254 a negative one as 254 + w (weights are within ±253).
 */
function contribution(fromLow: number, fromHigh: () => number): number {
  if (fromLow > 1) return fromLow - 1;
  return fromHigh() - 254;
}

function withoutInterface(config: VrrpInstance): VrrpInstance {
  const copy: Partial<Record<keyof VrrpInstance, unknown>> = { ...config, unicastWithoutPeers: false };
  delete copy.interface;
  return copy as VrrpInstance;
}
