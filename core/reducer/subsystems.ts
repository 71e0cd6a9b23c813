// Which of keepalived's subsystems run. keepalived starts a VRRP child for a config with
// instances and a checker child for one with virtual servers (main.c start_keepalived:
// have_vrrp_instances, have_virtual_servers), and `-P` (--vrrp) / `-C` (--check) restrict it to
// one of them. The reducer follows the config: VRRP works on the instances it has, the checker
// side runs when it has virtual servers (state.lvs). A daemon started with -P or -C passes the
// config through `configForSubsystems` before it builds ConfigLoaded, so the journal holds the
// model the decisions were made with, and a replay makes them again.
import type { KeepalivedConfig } from '../config/model.js';
import type { VigilState } from './state.js';

export interface Subsystems {
  readonly vrrp: boolean;
  readonly checkers: boolean;
}

/** Neither -P nor -C: both, each as far as the config has something for it. */
export const ALL_SUBSYSTEMS: Subsystems = { vrrp: true, checkers: true };

/** keepalived -P (VRRP only), -C (checkers only), or both flags or none (everything). */
export function subsystemsFromFlags(vrrpOnly: boolean, checkOnly: boolean): Subsystems {
  return vrrpOnly === checkOnly ? ALL_SUBSYSTEMS : { vrrp: vrrpOnly, checkers: checkOnly };
}

/**
 * The config as a daemon running only `chosen` uses it: the other subsystem's part emptied, the
 * global settings kept (both sides read them). The config itself is returned when nothing is cut.
 */
export function configForSubsystems(config: KeepalivedConfig, chosen: Subsystems): KeepalivedConfig {
  if (chosen.vrrp && chosen.checkers) return config;
  const vrrp = chosen.vrrp
    ? config.vrrp
    : { instances: [], syncGroups: [], staticAddresses: [], staticRoutes: [], staticRules: [], droppedInstances: [] };
  const lvs = chosen.checkers ? config.lvs : { ...config.lvs, virtualServerGroups: [], virtualServers: [] };
  return { ...config, vrrp, lvs };
}

/** What runs now: VRRP with any instance, the checkers with an LVS state. */
export function runningSubsystems(state: VigilState): Subsystems {
  return { vrrp: state.instances.length > 0, checkers: state.lvs !== undefined };
}
