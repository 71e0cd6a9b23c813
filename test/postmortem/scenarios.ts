// Simulated incidents for the postmortem tests: small clusters whose split brains have a known cause.
import { journalRecords, simulate, type SimulationResult } from '../../replay/sim/index.js';
import type { Record as JournalRecord } from '../../core/events/index.js';

export interface RouterSpec {
  readonly priority: number;
  readonly advertInt?: number;
  readonly authPass?: string;
  /** Text before the vrrp_instance (vrrp_script blocks). */
  readonly before?: string;
  /** Lines inside the vrrp_instance. */
  readonly extra?: string;
  /** Node clock settings (scenario syntax: "250s"). */
  readonly clockOffset?: string;
}

function config(r: RouterSpec): string {
  const auth = r.authPass === undefined ? '' : `authentication {\n    auth_type PASS\n    auth_pass ${r.authPass}\n  }`;
  return `${r.before ?? ''}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority ${r.priority}
  advert_int ${r.advertInt ?? 1}
  ${auth}
  ${r.extra ?? ''}
  virtual_ipaddress { 10.0.0.100/24 }
}
`;
}

const indent = (text: string): string =>
  text
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');

/** Nodes lb1 (10.0.0.1), lb2 (10.0.0.2), ... on a 1 ms ± 0.5 ms LAN. */
export function incident(routers: readonly RouterSpec[], faults: readonly string[], duration = '30s'): string {
  const nodes = routers.map(
    (r, i) => `  - name: lb${i + 1}\n    address: 10.0.0.${i + 1}\n    clock_offset: ${r.clockOffset ?? '0s'}\n    config: |\n${indent(config(r))}`,
  );
  return ['name: incident', `duration: ${duration}`, 'network: { latency: 1ms, jitter: 0.5ms }', 'nodes:', ...nodes, 'faults:', ...faults.map((f) => `  - ${f}`)].join('\n');
}

export const CHECK_APP = `vrrp_script chk_app {
  script "/usr/local/bin/chk_app"
  interval 1
  weight -60
}`;

export interface Run {
  readonly result: SimulationResult;
  readonly journals: Map<string, JournalRecord[]>;
}

export function run(yaml: string, seed: number): Run {
  const result = simulate(yaml, seed);
  return { result, journals: new Map([...result.journals].map(([node, entries]) => [node, journalRecords(node, entries)])) };
}
