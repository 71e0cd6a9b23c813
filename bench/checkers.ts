import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IF_A, IF_B, IPV4_A, VethLab, type LabProcess } from '../test/net/lab.js';
import { privilegeGap } from '../test/support/netns.js';
import type { BenchRow } from './table.js';

/**
 * Checkers at scale beside VRRP (issue 8 "Done means"): one `vigil run` (VRRP and checkers in one
 * process, as deployed; no journal, as in bench/daemon.ts) in a network namespace, MASTER of one
 * instance (advert_int 1), with 10,000 real servers under TCP_CHECK at delay_loop 1 against a
 * listener on loopback in the same namespace. Measured over one window, all at the same time:
 * checks/s (connections the listener accepted), the daemon's CPU (/proc/PID/stat, all threads;
 * its main thread, which runs VRRP and the reducer, apart) and RSS, and its adverts' jitter as
 * tcpdump sees them in the peer namespace.
 */

const VIGIL = new URL('../bin/vigil', import.meta.url).pathname;
const VIRTUAL_SERVERS = 100;
const REAL_SERVERS_PER_VS = 100;
const SERVERS = VIRTUAL_SERVERS * REAL_SERVERS_PER_VS;
/** Real server r of virtual server v is 127.1.v.1:FIRST_PORT+r: 10,000 distinct ip:port pairs. */
const FIRST_PORT = 20_000;
const WINDOW_SECONDS = 30;
/** Start-up (every checker's first result, the IPVS effects' outcomes) may take this long. */
const SETTLE_TIMEOUT_MS = 15_000;
const CPU_GOAL_PERCENT = 50;
const JITTER_GOAL_MS = 2;

/**
 * The real servers: one process listening on REAL_SERVERS_PER_VS ports of every local address
 * (127/8 is all local), closing each connection as it accepts it. SIGUSR1 prints the count.
 */
const LISTENER = `
const net = require('net');
let accepted = 0;
let listening = 0;
for (let p = ${FIRST_PORT}; p < ${FIRST_PORT + REAL_SERVERS_PER_VS}; p++) {
  net.createServer({ pauseOnConnect: true }, (s) => { accepted++; s.destroy(); })
    .listen({ port: p, host: '0.0.0.0', backlog: 4096 }, () => { if (++listening === ${REAL_SERVERS_PER_VS}) console.log('listening'); });
}
process.on('SIGUSR1', () => console.log('accepted ' + accepted + ' ' + process.hrtime.bigint()));
`;

function config(): string {
  const out = [
    'global_defs {', '  router_id bench-checkers', '}',
    'vrrp_instance VI_1 {', '  state MASTER', `  interface ${IF_A}`, '  virtual_router_id 51', '  priority 150', '  advert_int 1',
    '  virtual_ipaddress {', '    10.199.0.100/24', '  }', '}',
  ];
  for (let v = 0; v < VIRTUAL_SERVERS; v++) {
    out.push(`virtual_server 10.201.0.${v + 1} 80 {`, '  delay_loop 1', '  lb_algo rr', '  lb_kind NAT', '  protocol TCP');
    for (let r = 0; r < REAL_SERVERS_PER_VS; r++) {
      // log_all_failures: every failed attempt is a line, counted below.
      out.push(`  real_server 127.1.${v}.1 ${FIRST_PORT + r} {`, '    TCP_CHECK {', '      log_all_failures', '    }', '  }');
    }
    out.push('}');
  }
  return `${out.join('\n')}\n`;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** utime + stime in clock ticks, from a /proc/…/stat file. */
function ticks(statFile: string): number {
  const stat = readFileSync(statFile, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

interface Usage {
  readonly process: number;
  readonly mainThread: number;
}

const usage = (pid: number): Usage => ({ process: ticks(`/proc/${pid}/stat`), mainThread: ticks(`/proc/${pid}/task/${pid}/stat`) });

/** The listener's count of accepted connections, asked for with SIGUSR1, and when (monotonic ns). */
async function accepted(listener: LabProcess): Promise<{ count: number; atNs: bigint }> {
  const before = listener.lines.length;
  const answer = (): string | undefined => listener.lines.slice(before).find((l) => l.startsWith('accepted '));
  listener.child.kill('SIGUSR1');
  await listener.waitUntil(() => answer() !== undefined, 5000, 'the accept count');
  const [, count, at] = (answer() ?? '').split(' ');
  return { count: Number(count), atNs: BigInt(at ?? '0') };
}

/** tcpdump -tt: the times (ms) of the adverts `from` sent. */
function advertTimes(lines: readonly string[], from: string): number[] {
  const out: number[] = [];
  for (const line of lines) {
    const m = /^(\d+\.\d+) IP (\S+) > 224\.0\.0\.18: VRRPv2, Advertisement/.exec(line);
    if (m !== null && m[2] === from) out.push(Number(m[1]) * 1000);
  }
  return out;
}

/** Nearest rank: below 1/(1 − p) samples, a high percentile is the maximum. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const count = (p: LabProcess, pattern: RegExp): number => p.lines.filter((l) => pattern.test(l)).length;
const SUCCESS = / TCP connection to \S+ success\.$/;
const FAILURE = / TCP connection to \S+ (failed|timedout)\.$/;
const IPVS_FAILURE = / Ipvs\w+ failed: /;

interface Figures {
  readonly checksPerSecond: number;
  readonly cpuPercent: number;
  readonly mainThreadPercent: number;
  readonly rssMiB: number;
  readonly jitterMs: number[];
  readonly openFileLimit: string;
  readonly up: number;
  readonly failedChecks: number;
  readonly ipvsFailures: number;
}

async function measure(lab: VethLab, dir: string): Promise<Figures> {
  const file = join(dir, 'checkers.conf');
  writeFileSync(file, config());
  const wire = lab.start(lab.b, 'tcpdump', ['-tt', '-n', '-l', '-i', IF_B, 'vrrp']);
  const listener = lab.start(lab.a, process.execPath, ['-e', LISTENER]);
  await wire.waitUntil(() => wire.stderr.includes('listening on'), 5000, 'tcpdump');
  await listener.waitUntil(() => listener.lines.includes('listening'), 5000, 'the listener');
  const vigil = lab.start(lab.a, VIGIL, ['run', '-f', file]);
  const pid = vigil.child.pid ?? 0;
  await vigil.waitUntil(() => vigil.lines.some((l) => l.endsWith('(VI_1) Entering MASTER STATE')), 20_000, 'VI_1 MASTER');
  // Every server's first check in, and without IPVS every add's failure logged: the window
  // measures the steady state, not the start-up. A server still down by then shows in the row.
  const ipvsExpected = hasIpvs(lab) ? 0 : SERVERS + VIRTUAL_SERVERS;
  const settled = (): boolean => count(vigil, SUCCESS) >= SERVERS && count(vigil, IPVS_FAILURE) >= ipvsExpected;
  await vigil.waitUntil(settled, SETTLE_TIMEOUT_MS, 'start-up').catch(() => undefined);
  await sleep(1000);

  const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  const failuresBefore = count(vigil, FAILURE);
  const start = usage(pid);
  const first = await accepted(listener);
  const from = Date.now();
  await sleep(WINDOW_SECONDS * 1000);
  const end = usage(pid);
  const last = await accepted(listener);
  const seconds = Number(last.atNs - first.atNs) / 1e9;
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  const openFileLimit = /^Max open files\s+(\S+)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'))?.[1] ?? '?';
  if (vigil.child.exitCode !== null) throw new Error(`vigil exited (${vigil.child.exitCode}):\n${vigil.stderr}`);
  await vigil.stop();
  await listener.stop();
  await wire.stop();
  const adverts = advertTimes(wire.lines, IPV4_A).filter((t) => t >= from && t <= from + WINDOW_SECONDS * 1000);
  const percent = (t: number): number => (t / ticksPerSecond / seconds) * 100;
  return {
    checksPerSecond: (last.count - first.count) / seconds,
    cpuPercent: percent(end.process - start.process),
    mainThreadPercent: percent(end.mainThread - start.mainThread),
    rssMiB: rssKiB / 1024,
    jitterMs: adverts.slice(1).map((t, i) => Math.abs(t - (adverts[i] ?? t) - 1000)),
    openFileLimit,
    up: count(vigil, SUCCESS),
    failedChecks: count(vigil, FAILURE) - failuresBefore,
    ipvsFailures: count(vigil, IPVS_FAILURE),
  };
}

/** Whether the namespace's kernel has IPVS (ip_vs loaded or built in). */
function hasIpvs(lab: VethLab): boolean {
  return lab.a.run('cat', ['/proc/net/ip_vs']).status === 0;
}

const ms = (v: number): string => `${v.toFixed(2)} ms`;

/** What the nearest rank makes of a small sample. */
function fewSamples(n: number): string {
  if (n < 100) return ': p99 and p99.9 are the max';
  return n < 1000 ? ': p99.9 is the max' : '';
}

export async function checkerRows(): Promise<BenchRow[]> {
  const name = `${SERVERS.toLocaleString('en-US')} TCP_CHECKs (delay_loop 1, loopback) + 1 VRRP MASTER, ${WINDOW_SECONDS} s`;
  const gap = privilegeGap(['ip', 'tcpdump']);
  if (gap !== undefined) return [{ name, vigil: '-', goal: '-', keepalived: `skipped: ${gap}`, verdict: 'n/a' }];
  const lab = await VethLab.create('bk');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-checkers-'));
  try {
    const ipvs = hasIpvs(lab);
    const f = await measure(lab, dir);
    const j = f.jitterMs;
    // keepalived 2.2.7's checker process exits when it cannot open IPVS ("IPVS: Can't initialize ipvs").
    const keepalived = ipvs ? 'not run' : 'cannot run: no IPVS';
    const ipvsNote = ipvs ? 'IPVS in the namespace' : `no IPVS in this kernel: ${f.ipvsFailures} IPVS effects failed, logged, daemon ran on`;
    return [
      {
        name: `${name}: checks/s (${f.up} servers up, ${f.failedChecks} failed checks; ${ipvsNote}; RLIMIT_NOFILE ${f.openFileLimit})`,
        vigil: f.checksPerSecond.toFixed(0), goal: '-', keepalived, verdict: 'n/a',
      },
      {
        name: `${name}: CPU, all threads (main thread: VRRP + reducer)`,
        vigil: `${f.cpuPercent.toFixed(1)} % (${f.mainThreadPercent.toFixed(1)} %)`, goal: `<= ${CPU_GOAL_PERCENT} % of a core`, keepalived,
        verdict: f.cpuPercent <= CPU_GOAL_PERCENT ? 'met' : 'missed',
      },
      { name: `${name}: RSS`, vigil: `${f.rssMiB.toFixed(1)} MiB`, goal: '-', keepalived, verdict: 'n/a' },
      {
        name: `${name}: advert jitter, |interval − 1 s| (${j.length} intervals${fewSamples(j.length)})`,
        vigil: `p50 ${ms(percentile(j, 50))} / p99 ${ms(percentile(j, 99))} / p99.9 ${ms(percentile(j, 99.9))} / max ${ms(Math.max(...j))}`,
        goal: `p99.9 < ${JITTER_GOAL_MS} ms`, keepalived, verdict: percentile(j, 99.9) < JITTER_GOAL_MS ? 'met' : 'missed',
      },
    ];
  } finally {
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
