// Runtime records for a config, as keepalived's checker process has them after
// validate_check_config (check_data.c) and before init_services: checkers up, alpha ones down
// with their server out, one failure enough at first.
import type { LvsConfig, RealServer, VirtualServer, VirtualServerGroupEntry } from '../config/lvs/model.js';
import { checkerId, realServerId, virtualServerId, virtualServerLabels } from './ids.js';
import { virtualServices } from './service.js';
import type { CheckerRuntime, LaunchedChecker, RealServerRuntime, VirtualServerRuntime } from './state.js';

/** FILE_CHECK and BFD_CHECK are not launched on a timer: they follow track files and BFD sessions. */
function isLaunched(c: RealServer['checkers'][number]): c is LaunchedChecker {
  return 'retry' in c;
}

/** check_data.c: alpha checkers start failed; every checker's retry_it starts at retry ("one failure is enough initially"). */
export function newChecker(id: string, config: LaunchedChecker): CheckerRuntime {
  return {
    id,
    config,
    isUp: !config.alpha,
    hasRun: false,
    retryIt: config.retry,
    enabled: true,
    running: false,
    armedAt: undefined,
    lastRanAt: 0,
    lastExitCode: 0,
    failedUrl: false,
    runs: 0,
    failures: 0,
    consecutiveFailures: 0,
    lastDetail: '',
  };
}

function newRealServer(vsId: string, config: RealServer): RealServerRuntime {
  const id = realServerId(config);
  const checkers: CheckerRuntime[] = [];
  config.checkers.forEach((c, i) => {
    if (isLaunched(c)) checkers.push(newChecker(checkerId(vsId, id, i), c));
  });
  return { id, config, alive: false, effectiveWeight: config.weight, checkers };
}

/**
 * check_data.c alloc_vs: quorum_state_up starts true, then set_quorum_states weighs the (not yet
 * alive) servers against quorum + hysteresis, so it is down unless that is 0.
 */
function newVirtualServer(config: VirtualServer, label: string, groups: ReadonlyMap<string, readonly VirtualServerGroupEntry[]>): VirtualServerRuntime {
  const id = virtualServerId(config);
  return {
    id,
    config,
    label,
    quorumUp: config.quorum + config.hysteresis <= 0,
    sorryAlive: false,
    local: false,
    realServers: config.realServers.map((rs) => newRealServer(id, rs)),
    services: virtualServices(config, groups),
    installed: undefined,
  };
}

export function buildVirtualServers(config: LvsConfig): VirtualServerRuntime[] {
  const groups = new Map<string, readonly VirtualServerGroupEntry[]>();
  // The first group of a name, as keepalived's search finds it.
  for (const g of config.virtualServerGroups) if (!groups.has(g.name)) groups.set(g.name, g.entries);
  const labels = virtualServerLabels(config.virtualServers);
  return config.virtualServers.map((vs, i) => newVirtualServer(vs, labels[i] ?? vs.label, groups));
}
