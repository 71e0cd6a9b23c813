// The checker side's part of a snapshot: what core/lvs has learnt at run time (verdicts, retry
// counts, timers, quorum, the kernel's table as last made), never what the config says. Restoring
// rebuilds the records from the config (core/lvs buildVirtualServers, as start and reload do) and
// lays the saved fields on them, position by position, checking every id on the way.
import type { KeepalivedConfig } from '../config/model.js';
import type { IpvsServiceEntry } from '../events/index.js';
import {
  buildVirtualServers,
  indexCheckers,
  settingsOf,
  type CheckerRuntime,
  type LvsState,
  type RealServerRuntime,
  type VirtualServerRuntime,
} from '../lvs/index.js';
import { SnapshotError } from './error.js';

// Each record's type minus its config-derived fields: a field added to a runtime record is a
// compile error here until the snapshot carries it.
export type CheckerData = Omit<CheckerRuntime, 'config' | 'armedAt'> & { readonly armedAt: number | null };
export type RealServerData = Omit<RealServerRuntime, 'config' | 'checkers'> & { readonly checkers: readonly CheckerData[] };
export type VirtualServerData = Omit<VirtualServerRuntime, 'config' | 'label' | 'services' | 'realServers' | 'installed'> & {
  readonly realServers: readonly RealServerData[];
  readonly installed: readonly IpvsServiceEntry[] | null;
};
export type LvsData = Omit<LvsState, 'config' | 'settings' | 'virtualServers' | 'checkers' | 'localAddresses'> & {
  readonly virtualServers: readonly VirtualServerData[];
  /** Sorted: a set's insertion order is not state (ha_suspend only asks `has`). */
  readonly localAddresses: readonly string[];
};

function checkerData(c: CheckerRuntime): CheckerData {
  return {
    id: c.id,
    isUp: c.isUp,
    hasRun: c.hasRun,
    retryIt: c.retryIt,
    enabled: c.enabled,
    running: c.running,
    armedAt: c.armedAt ?? null,
    lastRanAt: c.lastRanAt,
    lastExitCode: c.lastExitCode,
    failedUrl: c.failedUrl,
    runs: c.runs,
    failures: c.failures,
    consecutiveFailures: c.consecutiveFailures,
    lastDetail: c.lastDetail,
  };
}

function virtualServerData(vs: VirtualServerRuntime): VirtualServerData {
  return {
    id: vs.id,
    quorumUp: vs.quorumUp,
    sorryAlive: vs.sorryAlive,
    local: vs.local,
    installed: vs.installed ?? null,
    realServers: vs.realServers.map((rs) => ({ id: rs.id, alive: rs.alive, effectiveWeight: rs.effectiveWeight, checkers: rs.checkers.map(checkerData) })),
  };
}

/** The LVS section of a snapshot; null when the checker side does not run. */
export function lvsData(lvs: LvsState | undefined): LvsData | null {
  if (lvs === undefined) return null;
  return {
    phase: lvs.phase,
    localAddresses: [...lvs.localAddresses].sort(),
    virtualServers: lvs.virtualServers.map(virtualServerData),
  };
}

/** `saved` laid on `built` item by item; the lists must name the same things in the same order. */
function zipById<B extends { readonly id: string }, S extends { readonly id: string }, R>(what: string, built: readonly B[], saved: readonly S[], merge: (b: B, s: S) => R): R[] {
  if (saved.length !== built.length) throw new SnapshotError(`snapshot has ${saved.length} ${what}s, the config ${built.length}`);
  return built.map((b, i) => {
    const s = saved[i];
    if (s?.id !== b.id) throw new SnapshotError(`snapshot ${what} ${i} is ${s?.id ?? 'missing'}, the config's ${b.id}`);
    return merge(b, s);
  });
}

function restoreChecker(blank: CheckerRuntime, d: CheckerData): CheckerRuntime {
  return { ...blank, ...d, armedAt: d.armedAt ?? undefined };
}

function restoreRealServer(blank: RealServerRuntime, d: RealServerData): RealServerRuntime {
  return { ...blank, alive: d.alive, effectiveWeight: d.effectiveWeight, checkers: zipById('checker', blank.checkers, d.checkers, restoreChecker) };
}

function restoreVirtualServer(blank: VirtualServerRuntime, d: VirtualServerData): VirtualServerRuntime {
  return {
    ...blank,
    quorumUp: d.quorumUp,
    sorryAlive: d.sorryAlive,
    local: d.local,
    installed: d.installed ?? undefined,
    realServers: zipById('real server', blank.realServers, d.realServers, restoreRealServer),
  };
}

/** The LVS state a snapshot section describes, under the config in force when it was taken. */
export function restoreLvs(data: LvsData | null, config: KeepalivedConfig | undefined): LvsState | undefined {
  if (data === null) return undefined;
  if (config === undefined) throw new SnapshotError('snapshot has virtual servers but no config was loaded before it');
  const virtualServers = zipById('virtual server', buildVirtualServers(config.lvs), data.virtualServers, restoreVirtualServer);
  return {
    phase: data.phase,
    config: config.lvs,
    settings: settingsOf(config),
    virtualServers,
    checkers: indexCheckers(virtualServers),
    localAddresses: new Set(data.localAddresses),
  };
}
