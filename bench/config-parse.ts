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
 * bin/vigil runs the compiled dist/ when there is one (`npm run bench` builds it first).
 */

const INSTANCES = 5000;
const REAL_SERVERS = 5000;
const INTERFACES = Math.ceil(INSTANCES / 255);
/** Median of this many runs of each command. */
const WHOLE_COMMAND_RUNS = 7;

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

/** Milliseconds `fn` takes, once. */
function timeOnce(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function samples(fn: () => void, runs: number): number[] {
  return Array.from({ length: runs }, () => timeOnce(fn));
}

export function configParseRows(): BenchRow[] {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  const file = join(dir, 'keepalived.conf');
  writeFileSync(file, generateConfig());
  const rows: BenchRow[] = [];
  try {
    const inProcess = samples(() => {
      parseKeepalivedConfig(file, { files: filesFromDisk(), configId: 'bench', hostName: 'bench' });
    }, 5);
    // The first run is what a command pays (code not yet optimised, heap still small); the median is warm.
    rows.push({
      name: `parse ${INSTANCES} vrrp_instances + ${REAL_SERVERS} real_servers (in-process)`,
      vigil: `${median(inProcess).toFixed(0)} ms (first run ${(inProcess[0] ?? 0).toFixed(0)} ms)`,
      goal: '-', keepalived: '-', verdict: 'n/a',
    });
    const whole = compareWholeCommands(file);
    rows.push(whole);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

function compareWholeCommands(file: string): BenchRow {
  const name = `vigil -t vs keepalived -t, same file (whole command, median of ${WHOLE_COMMAND_RUNS})`;
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
    const run = (cmd: string, args: string[]): number | null =>
      spawnSync('ip', ['netns', 'exec', ns, cmd, ...args], { stdio: 'ignore' }).status;
    const vigilTimes: number[] = [];
    const keepalivedTimes: number[] = [];
    const exits = new Set<string>();
    // Interleaved, so that both commands run under the same load on the machine.
    for (let i = 0; i < WHOLE_COMMAND_RUNS; i++) {
      vigilTimes.push(timeOnce(() => { exits.add(`vigil ${String(run(vigilBin, ['-t', '-f', file]))}`); }));
      keepalivedTimes.push(timeOnce(() => { exits.add(`keepalived ${String(run('keepalived', ['-t', '-f', file]))}`); }));
    }
    const vigil = median(vigilTimes);
    const keepalived = median(keepalivedTimes);
    // A command that fails fast is not fast: both must finish as keepalived does, every time.
    const agreed = exits.size === 2 && exits.has('keepalived 0') && exits.has('vigil 0');
    return {
      name,
      vigil: agreed ? `${vigil.toFixed(0)} ms` : `${vigil.toFixed(0)} ms, but exit codes ${[...exits].join(', ')}`,
      goal: 'not slower',
      keepalived: `${keepalived.toFixed(0)} ms`,
      verdict: agreed && vigil <= keepalived ? 'met' : 'missed',
    };
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
}
