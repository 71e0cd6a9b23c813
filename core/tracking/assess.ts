// What the trackers make of one instance: held in INIT, in FAULT (and why), or its effective
// priority (keepalived vrrp_track.c; reference keepalived.md §2.5).
import type { TrackProcess } from '../config/global/model.js';
import type { TrackerRef, VrrpInstance } from '../config/vrrp/model.js';
import type { Reason } from '../events/index.js';
import { PRIORITY_OWNER } from '../instance/timing.js';
import { trackerVerdict, type Trackers } from './trackers.js';
import type { World } from './world.js';

export interface Assessment {
  /** An unweighted tracker has not reported yet (keepalived num_script_init): stay in INIT. */
  readonly pending: boolean;
  /** The first reason the instance must be in FAULT, if any. */
  readonly fault: Reason | undefined;
  /** keepalived effective_priority: base + contributions, clamped to 1..254; an owner stays 255. */
  readonly effectivePriority: number;
}

export interface AssessInputs {
  readonly trackers: Trackers;
  readonly world: World;
  readonly processes: readonly TrackProcess[];
}

export function assessInstance(
  instance: VrrpInstance,
  basePriority: number,
  groupTrackers: readonly TrackerRef[],
  inputs: AssessInputs,
): Assessment {
  let pending = false;
  let fault: Reason | undefined;
  let total = basePriority;
  const own = instance.interface;
  if (own !== undefined) {
    const link = inputs.world.links.get(own);
    // keepalived: an instance whose interface does not exist cannot run; dont_track_primary
    // only ignores the interface going down.
    if (link === undefined || (!link.up && !instance.dontTrackPrimary)) {
      fault = { kind: 'interfaceDown', subject: own };
    }
  }
  // keepalived unicast_fault_no_peer: "Cannot use unicast without any peers - going to fault state".
  if (instance.unicastWithoutPeers && instance.unicastFaultNoPeer) fault = { kind: 'noUnicastPeer' };
  for (const ref of [...instance.trackers, ...groupTrackers]) {
    const effect = trackerEffect(ref, inputs);
    if (effect === 'pending') pending = true;
    else if (effect === 'fault') fault ??= { kind: 'trackerFailed', subject: trackerSubject(ref) };
    else total += effect;
  }
  const effectivePriority = basePriority === PRIORITY_OWNER ? PRIORITY_OWNER : Math.min(254, Math.max(1, total));
  return { pending, fault, effectivePriority };
}

/** `script chk_x`, `interface eth1`, ... as the Reason subject. */
export function trackerSubject(ref: TrackerRef): string {
  return `${ref.kind} ${ref.name}`;
}

/** One tracker's share: a priority change, a fault, or nothing known yet. */
function trackerEffect(ref: TrackerRef, inputs: AssessInputs): number | 'fault' | 'pending' {
  const multiplier = ref.reverse ? -1 : 1;
  if (ref.kind === 'file') {
    const value = inputs.trackers.files.get(ref.name);
    if (value === undefined) return ref.weight === 0 ? 'pending' : 0;
    // keepalived track_file: weight 0 means any non-zero value is a fault (reverse: zero is).
    if (ref.weight === 0) return (value !== 0) !== ref.reverse ? 'fault' : 0;
    const contribution = value * ref.weight * multiplier;
    return contribution <= -254 ? 'fault' : contribution;
  }
  const verdict = trackerVerdict(ref, inputs.trackers, inputs.world, inputs.processes);
  if (verdict === 'pending') return ref.weight === 0 ? 'pending' : 0;
  const up = verdict === 'up';
  if (ref.weight === 0) return up === ref.reverse ? 'fault' : 0;
  // keepalived: a positive weight adds when up, a negative one subtracts when down; reverse
  // swaps the sign of the effect.
  if (ref.weight > 0) return up ? ref.weight * multiplier : 0;
  return up ? 0 : ref.weight * multiplier;
}
