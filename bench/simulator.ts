import { readFileSync } from 'node:fs';
import { simulate } from '../replay/sim/index.js';
import { median, type BenchRow } from './table.js';

/**
 * The simulator's speed: simulated time per wall-clock time for a quiet 3-node cluster
 * (advert_int 1) and a 20-node one (advert_int 0.1), and swarm seeds per minute.
 */

function clusterYaml(nodes: number, advertInt: string, duration: string): string {
  const lines = [`name: bench-${nodes}`, `duration: ${duration}`, 'network: { latency: 1ms, jitter: 0.5ms }', 'nodes:'];
  for (let i = 1; i <= nodes; i++) {
    lines.push(
      `  - name: n${i}`,
      `    address: 10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`,
      '    config: |',
      '      vrrp_instance VI_1 {',
      '        interface eth0',
      '        virtual_router_id 51',
      `        priority ${Math.max(1, 250 - i)}`,
      `        advert_int ${advertInt}`,
      '        virtual_ipaddress { 10.1.0.100/24 }',
      '      }',
    );
  }
  return lines.join('\n');
}

function speedup(yaml: string, simulatedSeconds: number): number {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    simulate(yaml, i + 1);
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    runs.push(simulatedSeconds / wall);
  }
  return median(runs);
}

export function simulatorRows(): BenchRow[] {
  const three = speedup(clusterYaml(3, '1', '3600s'), 3600);
  const twenty = speedup(clusterYaml(20, '0.1', '300s'), 300);
  const swarm = readFileSync(new URL('../examples/simulations/swarm-three-nodes.yaml', import.meta.url), 'utf8');
  const t0 = process.hrtime.bigint();
  let seeds = 0;
  while (Number(process.hrtime.bigint() - t0) < 5e9) simulate(swarm, ++seeds);
  const perMinute = (seeds / (Number(process.hrtime.bigint() - t0) / 1e9)) * 60;
  return [
    {
      name: 'simulator: 3 nodes, advert_int 1 (simulated/wall)',
      vigil: `${Math.round(three).toLocaleString('en')}x`,
      goal: '>= 1000x',
      keepalived: '-',
      verdict: three >= 1000 ? 'met' : 'missed',
    },
    { name: 'simulator: 20 nodes, advert_int 0.1 (simulated/wall)', vigil: `${Math.round(twenty).toLocaleString('en')}x`, goal: '-', keepalived: '-', verdict: 'n/a' },
    { name: 'simulator: swarm seeds/minute (3 nodes, 90 s each)', vigil: Math.round(perMinute).toLocaleString('en'), goal: '-', keepalived: '-', verdict: 'n/a' },
  ];
}
