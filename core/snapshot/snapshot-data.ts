// What a snapshot holds: the reducer's state without its config, as plain data (see README.md).
// Its canonical JSON (canonical-json.ts) is the snapshot; snapshot-text.ts writes the same text
// faster, and restoring (state-snapshot.ts) reads this layout back.
import type { InstanceState, Reason } from '../events/index.js';
import type { InstanceRuntime, InstanceStats, MasterSeen, WantState } from '../instance/runtime.js';
import type { DropReason, Phase, VigilState } from '../reducer/state.js';
import type { ScriptInitState } from '../tracking/script.js';
import type { Trackers } from '../tracking/trackers.js';
import type { InterfaceAddress, Link } from '../tracking/world.js';
import { lvsData, type LvsData } from './lvs-snapshot.js';

/** Bump when the layout changes: a reader refuses snapshots of another version. */
export const SNAPSHOT_VERSION = 2;

export interface InstanceData {
  readonly name: string;
  readonly state: InstanceState;
  readonly wantState: WantState;
  readonly reason: Reason;
  readonly since: number;
  readonly basePriority: number;
  readonly effectivePriority: number;
  readonly pending: boolean;
  readonly fault: Reason | null;
  readonly masterAdverIntervalMicros: number;
  readonly downTimerMicros: number;
  readonly deadline: number | null;
  readonly armedAt: number | null;
  readonly master: MasterSeen | null;
  readonly preemptUntil: number | null;
  readonly nextMasterReason: Reason;
  readonly vipsSet: boolean;
  readonly garpRefreshAt: number | null;
  readonly stats: InstanceStats;
  readonly notifiesSent: boolean;
  readonly lastMailedState: InstanceState;
  readonly intervalMismatchLogged: boolean;
  readonly ownerAdvertSeenAt: number | null;
}

export interface ScriptData {
  readonly name: string;
  readonly result: number;
  readonly initState: ScriptInitState;
  readonly lastStatus: number;
  readonly running: boolean;
  readonly nextRunAt: number;
}

export interface SnapshotData {
  readonly version: number;
  readonly phase: Phase;
  readonly digest: string;
  readonly delayedStartUntil: number;
  readonly dropped: Readonly<Record<DropReason, number>>;
  readonly links: readonly (readonly [string, Link])[];
  readonly addresses: readonly (readonly [string, readonly InterfaceAddress[]])[];
  readonly scripts: readonly ScriptData[];
  readonly files: readonly (readonly [string, number])[];
  readonly processes: readonly (readonly [string, number])[];
  readonly instances: readonly InstanceData[];
  readonly groups: readonly (readonly [string, InstanceState])[];
  /** Each group's lastMailedState, in the order of `groups`. */
  readonly groupsMailed: readonly InstanceState[];
  /** The checker side (lvs-snapshot.ts); null when it does not run. */
  readonly lvs: LvsData | null;
}

const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

// Keys in alphabetical order, the order the canonical text has them: written as they come.
export function instanceData(i: InstanceRuntime): InstanceData {
  return {
    armedAt: orNull(i.armedAt),
    basePriority: i.basePriority,
    deadline: orNull(i.deadline),
    downTimerMicros: i.downTimerMicros,
    effectivePriority: i.effectivePriority,
    fault: orNull(i.fault),
    garpRefreshAt: orNull(i.garpRefreshAt),
    intervalMismatchLogged: i.intervalMismatchLogged,
    lastMailedState: i.lastMailedState,
    master: orNull(i.master),
    masterAdverIntervalMicros: i.masterAdverIntervalMicros,
    name: i.config.name,
    nextMasterReason: i.nextMasterReason,
    notifiesSent: i.notifiesSent,
    ownerAdvertSeenAt: orNull(i.ownerAdvertSeenAt),
    pending: i.pending,
    preemptUntil: orNull(i.preemptUntil),
    reason: i.reason,
    since: i.since,
    state: i.state,
    stats: i.stats,
    vipsSet: i.vipsSet,
    wantState: i.wantState,
  };
}

/** What a snapshot holds: the state without its config. Its canonical JSON is the snapshot. */
export function snapshotData(state: VigilState): SnapshotData {
  // Keys in alphabetical order, as instanceData's.
  return {
    addresses: [...state.world.addresses],
    delayedStartUntil: state.delayedStartUntil,
    digest: state.digest,
    dropped: state.dropped,
    files: [...state.trackers.files],
    groups: state.groups.map((g) => [g.config.name, g.state] as const),
    groupsMailed: state.groups.map((g) => g.lastMailedState),
    instances: state.instances.map(instanceData),
    links: [...state.world.links],
    lvs: lvsData(state.lvs),
    phase: state.phase,
    processes: [...state.trackers.processes],
    scripts: scriptsData(state.trackers.scripts),
    version: SNAPSHOT_VERSION,
  };
}

export function scriptsData(scripts: Trackers['scripts']): ScriptData[] {
  // Keys in alphabetical order, as instanceData's.
  return [...scripts].map(([name, t]) => ({
    initState: t.initState,
    lastStatus: t.lastStatus,
    name,
    nextRunAt: t.nextRunAt,
    result: t.result,
    running: t.running,
  }));
}
