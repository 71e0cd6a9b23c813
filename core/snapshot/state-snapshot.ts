// The reducer's state without its config, canonically encoded (see README.md).
import type { KeepalivedConfig } from '../config/model.js';
import type { InstanceState, Reason } from '../events/index.js';
import { newRuntime, type InstanceRuntime, type InstanceStats, type MasterSeen, type WantState } from '../instance/runtime.js';
import { addressesOf, dispatchFor } from '../reducer/start.js';
import type { DropReason, Phase, VigilState } from '../reducer/state.js';
import { newGroup } from '../sync/group.js';
import type { ScriptInitState } from '../tracking/script.js';
import { trackersFor } from '../tracking/trackers.js';
import { trackedScripts } from '../reducer/start.js';
import type { InterfaceAddress, Link } from '../tracking/world.js';
import { SnapshotError } from './error.js';
import { lvsData, restoreLvs, type LvsData } from './lvs-snapshot.js';

/** Bump when the layout changes: a reader refuses snapshots of another version. */
export const SNAPSHOT_VERSION = 2;

interface InstanceData {
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

interface ScriptData {
  readonly name: string;
  readonly result: number;
  readonly initState: ScriptInitState;
  readonly lastStatus: number;
  readonly running: boolean;
  readonly nextRunAt: number;
}

interface SnapshotData {
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
const orUndefined = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** Reasons and other small records, with their keys in one order whatever built them. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = canonical(v);
  }
  return out;
}

function instanceData(i: InstanceRuntime): InstanceData {
  return {
    name: i.config.name,
    state: i.state,
    wantState: i.wantState,
    reason: i.reason,
    since: i.since,
    basePriority: i.basePriority,
    effectivePriority: i.effectivePriority,
    pending: i.pending,
    fault: orNull(i.fault),
    masterAdverIntervalMicros: i.masterAdverIntervalMicros,
    downTimerMicros: i.downTimerMicros,
    deadline: orNull(i.deadline),
    armedAt: orNull(i.armedAt),
    master: orNull(i.master),
    preemptUntil: orNull(i.preemptUntil),
    nextMasterReason: i.nextMasterReason,
    vipsSet: i.vipsSet,
    garpRefreshAt: orNull(i.garpRefreshAt),
    stats: i.stats,
    notifiesSent: i.notifiesSent,
    lastMailedState: i.lastMailedState,
    intervalMismatchLogged: i.intervalMismatchLogged,
    ownerAdvertSeenAt: orNull(i.ownerAdvertSeenAt),
  };
}

/** The state as canonical bytes (UTF-8 JSON, sorted keys). */
export function snapshotState(state: VigilState): Uint8Array {
  const data: SnapshotData = {
    version: SNAPSHOT_VERSION,
    phase: state.phase,
    digest: state.digest,
    delayedStartUntil: state.delayedStartUntil,
    dropped: state.dropped,
    links: [...state.world.links],
    addresses: [...state.world.addresses],
    scripts: [...state.trackers.scripts].map(([name, t]) => ({
      name,
      result: t.result,
      initState: t.initState,
      lastStatus: t.lastStatus,
      running: t.running,
      nextRunAt: t.nextRunAt,
    })),
    files: [...state.trackers.files],
    processes: [...state.trackers.processes],
    instances: state.instances.map(instanceData),
    groups: state.groups.map((g) => [g.config.name, g.state] as const),
    groupsMailed: state.groups.map((g) => g.lastMailedState),
    lvs: lvsData(state.lvs),
  };
  return new TextEncoder().encode(JSON.stringify(canonical(data)));
}

export { SnapshotError };

/**
 * The state a snapshot describes, under `config` (the config in force when it was taken: the
 * journal's last ConfigLoaded before it). Throws SnapshotError when they do not fit together.
 */
export function restoreState(bytes: Uint8Array, config: KeepalivedConfig | undefined): VigilState {
  let data: SnapshotData;
  try {
    data = JSON.parse(new TextDecoder().decode(bytes)) as SnapshotData;
  } catch (err) {
    throw new SnapshotError(`snapshot is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (data.version !== SNAPSHOT_VERSION) throw new SnapshotError(`snapshot version ${data.version}, this build reads ${SNAPSHOT_VERSION}`);
  const base = {
    phase: data.phase,
    digest: data.digest,
    delayedStartUntil: data.delayedStartUntil,
    dropped: data.dropped,
    world: { links: new Map(data.links), addresses: new Map(data.addresses) },
    lvs: restoreLvs(data.lvs, config),
  };
  if (config === undefined) {
    if (data.instances.length > 0) throw new SnapshotError('snapshot has instances but no config was loaded before it');
    return {
      ...base,
      config: undefined,
      trackers: { scripts: new Map(), files: new Map(data.files), processes: new Map(data.processes) },
      instances: [],
      groups: [],
      dispatch: new Map(),
      byName: new Map(),
      ownAddresses: new Set(),
    };
  }
  const fresh = trackersFor(config.global, trackedScripts(config), 0);
  const scripts = new Map(
    data.scripts.map((s) => {
      const t = fresh.scripts.get(s.name);
      if (t === undefined) throw new SnapshotError(`snapshot tracks vrrp_script ${s.name}, which the config does not`);
      return [s.name, { config: t.config, result: s.result, initState: s.initState, lastStatus: s.lastStatus, running: s.running, nextRunAt: s.nextRunAt }];
    }),
  );
  if (data.instances.length !== config.vrrp.instances.length) {
    throw new SnapshotError(`snapshot has ${data.instances.length} instances, the config ${config.vrrp.instances.length}`);
  }
  const instances = config.vrrp.instances.map((c, i): InstanceRuntime => {
    const d = data.instances[i];
    if (d?.name !== c.name) throw new SnapshotError(`snapshot instance ${i} is ${d?.name ?? 'missing'}, the config's ${c.name}`);
    const blank = newRuntime(c, config.global, 0);
    return {
      ...blank,
      state: d.state,
      wantState: d.wantState,
      reason: d.reason,
      since: d.since,
      basePriority: d.basePriority,
      effectivePriority: d.effectivePriority,
      pending: d.pending,
      fault: orUndefined(d.fault),
      masterAdverIntervalMicros: d.masterAdverIntervalMicros,
      downTimerMicros: d.downTimerMicros,
      deadline: orUndefined(d.deadline),
      armedAt: orUndefined(d.armedAt),
      master: orUndefined(d.master),
      preemptUntil: orUndefined(d.preemptUntil),
      nextMasterReason: d.nextMasterReason,
      vipsSet: d.vipsSet,
      garpRefreshAt: orUndefined(d.garpRefreshAt),
      stats: d.stats,
      notifiesSent: d.notifiesSent,
      lastMailedState: d.lastMailedState,
      intervalMismatchLogged: d.intervalMismatchLogged,
      ownerAdvertSeenAt: orUndefined(d.ownerAdvertSeenAt),
    };
  });
  const groupStates = new Map(data.groups.map(([name, groupState], i) => [name, { state: groupState, mailed: data.groupsMailed[i] ?? 'init' }]));
  return {
    ...base,
    config,
    trackers: { scripts, files: new Map(data.files), processes: new Map(data.processes) },
    instances,
    groups: config.vrrp.syncGroups.map((g) => ({
      ...newGroup(g),
      state: groupStates.get(g.name)?.state ?? 'init',
      lastMailedState: groupStates.get(g.name)?.mailed ?? 'init',
    })),
    dispatch: dispatchFor(config),
    byName: new Map(config.vrrp.instances.map((c, index) => [c.name, index])),
    ownAddresses: addressesOf(config),
  };
}
