// The reducer's state without its config, canonically encoded (see README.md): to bytes, checked
// against bytes, and back.
import type { KeepalivedConfig } from '../config/model.js';
import { newRuntime, type InstanceRuntime } from '../instance/runtime.js';
import { addressesOf, dispatchFor } from '../reducer/start.js';
import type { VigilState } from '../reducer/state.js';
import { newGroup } from '../sync/group.js';
import { trackersFor } from '../tracking/trackers.js';
import { trackedScripts } from '../reducer/start.js';
import { SnapshotError } from './error.js';
import { restoreLvs } from './lvs-snapshot.js';
import { SNAPSHOT_VERSION, type SnapshotData } from './snapshot-data.js';
import { snapshotText, type SnapshotMemo } from './snapshot-text.js';

export { SNAPSHOT_VERSION, snapshotData } from './snapshot-data.js';
export { SnapshotMemo, snapshotText } from './snapshot-text.js';

const orUndefined = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** The state as canonical bytes (UTF-8 JSON, sorted keys). */
export function snapshotState(state: VigilState): Uint8Array {
  return new TextEncoder().encode(snapshotText(state));
}

// fatal: bytes that are not UTF-8 match no text; ignoreBOM: a leading U+FEFF is kept, not dropped.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Whether `bytes` are the snapshot of `state`: snapshotState(state) equals `bytes`. The bytes are
 * read as text instead, which costs less than encoding the text: strict UTF-8 reads each byte
 * string as at most one text, and the JSON text holds no lone surrogate to be encoded lossily.
 * `memo`: see snapshotText.
 */
export function matchesSnapshot(state: VigilState, bytes: Uint8Array, memo?: SnapshotMemo): boolean {
  let recorded: string;
  try {
    recorded = strictUtf8.decode(bytes);
  } catch {
    return false;
  }
  return recorded === snapshotText(state, memo);
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
