// The runtime state of the LVS side: one record per virtual server, real server and checker,
// plain readonly data so a snapshot can hold it (keepalived check_data.h virtual_server_t,
// real_server_t, check_api.h checker_t: only the fields decisions read).
import type { Checker, LvsConfig, RealServer, VirtualServer } from '../config/lvs/model.js';
import type { IpvsService, IpvsServiceEntry } from '../events/index.js';

/** The checkers Vigil launches on a timer and learns about through RunCheck → CheckResult. */
export type LaunchedChecker = Extract<Checker, { readonly retry: number }>;

export interface CheckerRuntime {
  readonly id: string;
  readonly config: LaunchedChecker;
  /** keepalived checker->is_up: starts true, false for alpha until a success. */
  readonly isUp: boolean;
  /** keepalived checker->has_run: a result has been folded in. */
  readonly hasRun: boolean;
  /** keepalived checker->retry_it: failures counted towards `retry`. */
  readonly retryIt: number;
  /** false while ha_suspend holds the checker (the virtual server's address is not local). */
  readonly enabled: boolean;
  /** A RunCheck is out and its CheckResult has not come back. */
  readonly running: boolean;
  /** Monotonic µs the armed `check:` timer is due; undefined = none armed. */
  readonly armedAt: number | undefined;
  /** When the last RunCheck went out (check_misc.c last_ran: MISC_CHECK re-arms from it). */
  readonly lastRanAt: number;
  /** MISC_CHECK's last exit status that changed the weight (check_misc.c last_exit_code). */
  readonly lastExitCode: number;
  /** HTTP_GET/SSL_GET: a URL failed and the checker has not passed since (check_http.c failed_url). */
  readonly failedUrl: boolean;
  // Counters for a stats dump.
  readonly runs: number;
  readonly failures: number;
  readonly consecutiveFailures: number;
  readonly lastDetail: string;
}

export interface RealServerRuntime {
  readonly id: string;
  readonly config: RealServer;
  /** keepalived rs->alive: in the pool (no checker failed). */
  readonly alive: boolean;
  /** keepalived rs->effective_weight: the configured weight, or what misc_dynamic set. */
  readonly effectiveWeight: number;
  readonly checkers: readonly CheckerRuntime[];
}

export interface VirtualServerRuntime {
  readonly id: string;
  readonly config: VirtualServer;
  /** keepalived FMT_VS. */
  readonly label: string;
  readonly quorumUp: boolean;
  /** keepalived s_svr->alive: the sorry server stands in for the real servers. */
  readonly sorryAlive: boolean;
  /** ha_suspend: the virtual server's address is on this host. */
  readonly local: boolean;
  readonly realServers: readonly RealServerRuntime[];
  /** The kernel services the virtual server stands for (a group: one per address and fwmark). */
  readonly services: readonly IpvsService[];
  /**
   * What the kernel holds for this virtual server as far as Vigil knows: what it last made the
   * kernel hold. undefined until the kernel's table has been read (or flushed).
   */
  readonly installed: readonly IpvsServiceEntry[] | undefined;
}

/** global_defs settings the LVS side reads. */
export interface LvsSettings {
  /** notify_fifo, then lvs_notify_fifo: both get the LVS lines (ipwrapper.c notify_fifo_vs/rs). */
  readonly fifos: readonly string[];
  readonly rsInitNotifies: boolean;
  readonly lvsFlush: boolean;
  readonly lvsFlushOnStop: 'none' | 'all' | 'vs';
}

/** reading: waiting for the kernel's table; running; stopped: shut down, events are ignored. */
export type LvsPhase = 'reading' | 'running' | 'stopped';

export interface CheckerRef {
  readonly vs: number;
  readonly rs: number;
  readonly checker: number;
}

export interface LvsState {
  readonly phase: LvsPhase;
  readonly config: LvsConfig;
  readonly settings: LvsSettings;
  /** In config order. */
  readonly virtualServers: readonly VirtualServerRuntime[];
  /** Checker id → where it lives. */
  readonly checkers: ReadonlyMap<string, CheckerRef>;
  /** The addresses ha_suspend last saw on this host. */
  readonly localAddresses: ReadonlySet<string>;
}

export function numFailedCheckers(rs: RealServerRuntime): number {
  let n = 0;
  for (const c of rs.checkers) if (!c.isUp) n++;
  return n;
}

export function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  const copy = list.slice();
  copy[index] = item;
  return copy;
}

export function indexCheckers(servers: readonly VirtualServerRuntime[]): Map<string, CheckerRef> {
  const index = new Map<string, CheckerRef>();
  servers.forEach((vs, v) => {
    vs.realServers.forEach((rs, r) => {
      rs.checkers.forEach((c, k) => index.set(c.id, { vs: v, rs: r, checker: k }));
    });
  });
  return index;
}

export function withRealServer(vs: VirtualServerRuntime, index: number, rs: RealServerRuntime): VirtualServerRuntime {
  return { ...vs, realServers: replaceAt(vs.realServers, index, rs) };
}

export function withChecker(vs: VirtualServerRuntime, rsIndex: number, index: number, checker: CheckerRuntime): VirtualServerRuntime {
  const rs = vs.realServers[rsIndex];
  if (rs === undefined) return vs;
  return withRealServer(vs, rsIndex, { ...rs, checkers: replaceAt(rs.checkers, index, checker) });
}

export function withVirtualServer(state: LvsState, index: number, vs: VirtualServerRuntime): LvsState {
  return { ...state, virtualServers: replaceAt(state.virtualServers, index, vs) };
}
