import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesFromDisk } from '../adapters/config/files.js';
import { parseKeepalivedConfig } from '../core/config/parse.js';
import { median, type BenchRow } from './table.js';

/**
 * Parse time of a generated keepalived.conf with 5,000 vrrp_instances and 5,000
 * real_servers: Vigil's parser in-process, and `vigil -t` against `keepalived -t`
 * as whole commands on the same file, in a network namespace that has the
 * interfaces the config names (so keepalived does not stop early on a missing one).
 */

const INSTANCES = 5000;
const REAL_SERVERS = 5000;
const INTERFACES = Math.ceil(INSTANCES / 255);

export function generateConfig(): string {
  const out: string[] = ['global_defs {', '  router_id bench', '}'];
  for (let i = 0; i < INSTANCES; i++) {
    const vrid = (i % 255) + 1;
    const dev = `eth${Math.floor(i / 255)}`;
    out.push(
      `vrrp_instance VI_${i} {`, '  state BACKUP', `  interface ${dev}`, `  virtual_router_id ${vrid}`,
      `  priority ${100 + (i % 100)}`, '  advert_int 1', '  virtual_ipaddress {',
      `    10.${20 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${i % 256}/32`, '  }', '}',
    );
  }
  const perVs = 50;
  for (let v = 0; v < REAL_SERVERS / perVs; v++) {
    out.push(`virtual_server 10.200.${v}.1 80 {`, '  delay_loop 5', '  lvs_sched wrr', '  lvs_method NAT', '  protocol TCP');
    for (let r = 0; r < perVs; r++) {
      out.push(`  real_server 10.201.${v}.${r + 1} 80 {`, '    weight 1', '    TCP_CHECK {', '      connect_timeout 3', '    }', '  }');
    }
    out.push('}');
  }
  return `${out.join('\n')}\n`;
}

function time(fn: () => void, runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

export function configParseRows(): BenchRow[] {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  const file = join(dir, 'keepalived.conf');
  writeFileSync(file, generateConfig());
  const rows: BenchRow[] = [];
  try {
    const inProcess = time(() => {
      parseKeepalivedConfig(file, { files: filesFromDisk(), configId: 'bench', hostName: 'bench' });
    }, 5);
    rows.push({
      name: `parse ${INSTANCES} vrrp_instances + ${REAL_SERVERS} real_servers (in-process)`,
      vigil: `${inProcess.toFixed(0)} ms`, goal: '-', keepalived: '-', verdict: 'n/a',
    });
    const whole = compareWholeCommands(file);
    rows.push(whole);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

function compareWholeCommands(file: string): BenchRow {
  const name = `vigil -t vs keepalived -t, same file (whole command)`;
  if (process.getuid?.() !== 0 || spawnSync('sh', ['-c', 'command -v keepalived']).status !== 0) {
    return { name, vigil: '-', goal: 'not slower', keepalived: 'skipped: needs root and keepalived', verdict: 'n/a' };
  }
  const ns = `vigil-bench-${process.pid}`;
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    for (let i = 0; i < INTERFACES; i += 2) {
      execFileSync('ip', ['-n', ns, 'link', 'add', `eth${i}`, 'type', 'veth', 'peer', 'name', `eth${i + 1}`]);
    }
    const vigilBin = new URL('../bin/vigil', import.meta.url).pathname;
    const run = (cmd: string, args: string[]): void => {
      spawnSync('ip', ['netns', 'exec', ns, cmd, ...args], { stdio: 'ignore' });
    };
    const vigil = time(() => { run(vigilBin, ['-t', '-f', file]); }, 3);
    const keepalived = time(() => { run('keepalived', ['-t', '-f', file]); }, 3);
    return {
      name, vigil: `${vigil.toFixed(0)} ms`, goal: 'not slower', keepalived: `${keepalived.toFixed(0)} ms`,
      verdict: vigil <= keepalived ? 'met' : 'missed',
    };
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
}
