// What a stats dump shows of the LVS side (keepalived check_data.c dump_vs / dump_rs fields that
// change at run time, plus Vigil's checker counters).
import { weighLiveRealServers } from './quorum.js';
import { realWeight } from './service.js';
import type { LvsState } from './state.js';

export interface CheckerStats {
  readonly id: string;
  readonly kind: string;
  readonly up: boolean;
  readonly hasRun: boolean;
  readonly enabled: boolean;
  readonly retryIt: number;
  readonly runs: number;
  readonly failures: number;
  readonly consecutiveFailures: number;
  readonly lastDetail: string;
}

export interface RealServerStats {
  readonly label: string;
  readonly alive: boolean;
  readonly weight: number;
  readonly effectiveWeight: number;
  readonly failedCheckers: number;
  readonly checkers: readonly CheckerStats[];
}

export interface VirtualServerStats {
  readonly label: string;
  readonly quorumUp: boolean;
  readonly sorryServerActive: boolean;
  readonly liveWeight: number;
  readonly realServers: readonly RealServerStats[];
}

export function lvsStats(state: LvsState): VirtualServerStats[] {
  return state.virtualServers.map((vs) => ({
    label: vs.label,
    quorumUp: vs.quorumUp,
    sorryServerActive: vs.sorryAlive,
    liveWeight: weighLiveRealServers(vs),
    realServers: vs.realServers.map((rs) => ({
      label: rs.config.label,
      alive: rs.alive,
      weight: rs.config.weight,
      effectiveWeight: realWeight(rs.effectiveWeight),
      failedCheckers: rs.checkers.filter((c) => !c.isUp).length,
      checkers: rs.checkers.map((c) => ({
        id: c.id,
        kind: c.config.kind,
        up: c.isUp,
        hasRun: c.hasRun,
        enabled: c.enabled,
        retryIt: c.retryIt,
        runs: c.runs,
        failures: c.failures,
        consecutiveFailures: c.consecutiveFailures,
        lastDetail: c.lastDetail,
      })),
    })),
  }));
}
