// Scenario builders for the simulator tests: two or three routers with small keepalived.confs.

export interface RouterOptions {
  readonly priority: number;
  readonly state?: 'MASTER' | 'BACKUP';
  readonly extra?: string;
  readonly before?: string;
}

export function routerConfig(o: RouterOptions): string {
  return `${o.before ?? ''}
vrrp_instance VI_1 {
  state ${o.state ?? 'BACKUP'}
  interface eth0
  virtual_router_id 51
  priority ${o.priority}
  advert_int 1
  ${o.extra ?? ''}
  virtual_ipaddress { 10.0.0.100/24 }
}
`;
}

function indent(text: string, spaces: number): string {
  return text
    .split('\n')
    .map((l) => ' '.repeat(spaces) + l)
    .join('\n');
}

/** A scenario YAML with nodes lb1 (10.0.0.1), lb2 (10.0.0.2), ... in order. */
export function scenarioYaml(o: {
  readonly routers: readonly RouterOptions[];
  readonly duration?: string;
  readonly faults?: readonly string[];
  readonly expect?: readonly string[];
  readonly extra?: string;
}): string {
  const nodes = o.routers.map((r, i) => `  - name: lb${i + 1}\n    address: 10.0.0.${i + 1}\n    config: |\n${indent(routerConfig(r), 6)}`);
  return [
    'name: test',
    `duration: ${o.duration ?? '60s'}`,
    'network: { latency: 1ms, jitter: 0.5ms }',
    o.extra ?? '',
    'nodes:',
    ...nodes,
    'faults:',
    ...(o.faults ?? []).map((f) => `  - ${f}`),
    'expect:',
    ...(o.expect ?? []).map((e) => `  - ${e}`),
  ].join('\n');
}
