// Everything the reducer knows: the config in force, the world as reported, the trackers and
// every instance's runtime state.
import type { KeepalivedConfig } from '../config/model.js';
import type { InstanceRuntime } from '../instance/runtime.js';
import type { LvsState } from '../lvs/index.js';
import type { GroupRuntime } from '../sync/group.js';
import { noTrackers, type Trackers } from '../tracking/trackers.js';
import { emptyWorld, type World } from '../tracking/world.js';

/** truncated: no whole VRRP header; unknownVrid: no instance for its interface, family and VRID. */
export type DropReason = 'truncated' | 'unknownVrid';

/** waiting: no config yet; running; stopped: shut down, every later event is ignored. */
export type Phase = 'waiting' | 'running' | 'stopped';

export interface VigilState {
  readonly phase: Phase;
  readonly config: KeepalivedConfig | undefined;
  readonly digest: string;
  readonly world: World;
  readonly trackers: Trackers;
  /** In config order. */
  readonly instances: readonly InstanceRuntime[];
  /** vrrp_sync_groups, in config order. */
  readonly groups: readonly GroupRuntime[];
  /** `interface|family|vrid` → index in instances: who receives an advert (keepalived sock rb_vrid). */
  readonly dispatch: ReadonlyMap<string, number>;
  /** Instance name → index in instances. */
  readonly byName: ReadonlyMap<string, number>;
  /** Adverts dropped before any instance saw them (keepalived counts none of these). */
  readonly dropped: Readonly<Record<DropReason, number>>;
  readonly ownAddresses: ReadonlySet<string>;
  /** keepalived vrrp_delayed_start_time (vrrp_startup_delay), monotonic µs. */
  readonly delayedStartUntil: number;
  /**
   * The checker side (core/lvs): undefined while it does not run, as keepalived starts its
   * checker process only for a config with virtual servers (main.c start_keepalived).
   */
  readonly lvs: LvsState | undefined;
}

export const initialState: VigilState = {
  phase: 'waiting',
  config: undefined,
  digest: '',
  world: emptyWorld,
  trackers: noTrackers,
  instances: [],
  groups: [],
  dispatch: new Map(),
  byName: new Map(),
  dropped: { truncated: 0, unknownVrid: 0 },
  ownAddresses: new Set(),
  delayedStartUntil: 0,
  lvs: undefined,
};

export function dispatchKey(iface: string, family: string, vrid: number): string {
  return `${iface}|${family}|${vrid}`;
}

/** `state` with new instances; written out because a spread of this object is slow (see patch). */
export function withInstances(state: VigilState, instances: readonly InstanceRuntime[]): VigilState {
  return {
    phase: state.phase,
    config: state.config,
    digest: state.digest,
    world: state.world,
    trackers: state.trackers,
    instances,
    groups: state.groups,
    dispatch: state.dispatch,
    byName: state.byName,
    dropped: state.dropped,
    ownAddresses: state.ownAddresses,
    delayedStartUntil: state.delayedStartUntil,
    lvs: state.lvs,
  };
}
