import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IF_A, IF_B, IPV4_A, IPV4_B, VethLab, type LabProcess } from '../test/net/lab.js';
import type { Netns } from '../test/support/netns.js';
import { privilegeGap } from '../test/support/netns.js';
import { median, type BenchRow } from './table.js';

/**
 * The daemon on the wire (issue 6 "Done means"), Vigil and keepalived 2.2.7 measured the same way
 * in the same run, two network namespaces joined by a veth pair, tcpdump in the backup's:
 * - takeover: the master is SIGKILLed; from its last advert to the backup's first advert and
 *   first gratuitous ARP, minus the backup's Master_Down_Interval (what the protocol must wait);
 * - advert jitter: how far the master's advert intervals stray from advert_int;
 * - RSS and CPU of the whole daemon (every process in its namespace) at idle, with 1 and with 100
 *   instances.
 */

const VIGIL = new URL('../bin/vigil', import.meta.url).pathname;
const VIP = '10.199.0.100';
const TAKEOVERS = 3;
const JITTER_SECONDS = 30;
const IDLE_SECONDS = 10;
/** keepalived vrrp.h: 3 × advert_int + skew, skew = (256 − priority) × advert_int / 256; priority 100. */
const MASTER_DOWN_MS = 3000 + ((256 - 100) * 1000) / 256;
const JITTER_GOAL_MS = 2;

type Daemon = 'vigil' | 'keepalived';

function instances(iface: string, priority: number, count: number): string {
  const out = ['global_defs {', '  router_id bench', '}'];
  for (let i = 0; i < count; i++) {
    out.push(
      `vrrp_instance VI_${i + 1} {`, '  state BACKUP', `  interface ${iface}`, `  virtual_router_id ${i + 1}`,
      `  priority ${priority}`, '  advert_int 1', '  virtual_ipaddress {', `    10.199.${1 + Math.floor(i / 200)}.${(i % 200) + 1}/24`, '  }', '}',
    );
  }
  return `${out.join('\n')}\n`;
}

function pairConfig(iface: string, priority: number): string {
  return instances(iface, priority, 1).replace('10.199.1.1/24', `${VIP}/24`);
}

class DaemonLab {
  private started = 0;
  private readonly lab: VethLab;
  private readonly dir: string;

  constructor(lab: VethLab, dir: string) {
    this.lab = lab;
    this.dir = dir;
  }

  start(daemon: Daemon, ns: Netns, config: string): LabProcess {
    const n = ++this.started;
    const file = join(this.dir, `${daemon}-${n}.conf`);
    writeFileSync(file, config);
    if (daemon === 'vigil') return this.lab.start(ns, VIGIL, ['run', '-f', file]);
    return this.lab.start(ns, 'keepalived', ['-n', '-l', '-P', '-f', file, '-p', join(this.dir, `k${n}.pid`), '-r', join(this.dir, `k${n}-vrrp.pid`)]);
  }
}

/** Vigil logs on stdout, keepalived -l on stderr. */
const said = (p: LabProcess, suffix: string): number => [...p.lines, ...p.stderr.split('\n')].filter((l) => l.endsWith(suffix)).length;

interface WireEvent {
  readonly at: number;
  readonly kind: 'advert' | 'garp';
  readonly from: string;
}

/** tcpdump -tt -e lines: adverts by source address, gratuitous ARPs for the VIP by source MAC. */
function parseWire(lines: readonly string[]): WireEvent[] {
  const out: WireEvent[] = [];
  for (const line of lines) {
    const advert = /^(\d+\.\d+) .*: (\S+) > 224\.0\.0\.18: VRRPv2, Advertisement/.exec(line);
    if (advert !== null) out.push({ at: Number(advert[1]) * 1000, kind: 'advert', from: advert[2] ?? '' });
    const garp = /^(\d+\.\d+) (\S+) > ff:ff:ff:ff:ff:ff.*Request who-has (\S+) .*tell (\S+),/.exec(line);
    if (garp !== null && garp[3] === VIP && garp[4] === VIP) out.push({ at: Number(garp[1]) * 1000, kind: 'garp', from: garp[2] ?? '' });
  }
  return out;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

interface WireFigures {
  readonly advertMs: number[];
  readonly garpMs: number[];
  readonly jitterMs: number[];
}

/** Jitter while A is master, then TAKEOVERS rounds of: A killed, B takes over, A back and preempting. */
async function wireFigures(daemon: Daemon, lab: VethLab, dir: string): Promise<WireFigures> {
  const d = new DaemonLab(lab, dir);
  const wire = lab.start(lab.b, 'tcpdump', ['-tt', '-n', '-l', '-e', '-i', IF_B, 'vrrp or arp']);
  const macB = /link\/ether ([0-9a-f:]{17})/.exec(lab.b.ip('link', 'show', IF_B))?.[1] ?? '?';
  try {
    await wire.waitUntil(() => wire.stderr.includes('listening on'), 5000, 'tcpdump');
    const b = d.start(daemon, lab.b, pairConfig(IF_B, 100));
    let a = d.start(daemon, lab.a, pairConfig(IF_A, 150));
    await a.waitUntil(() => said(a, '(VI_1) Entering MASTER STATE') === 1, 15_000, `${daemon} a MASTER`);
    const from = Date.now();
    await sleep(JITTER_SECONDS * 1000 + 500);
    const seen = parseWire(wire.lines).filter((e) => e.kind === 'advert' && e.from === IPV4_A);
    const during = seen.filter((e) => e.at >= from);
    const jitterMs = during.slice(1).map((e, i) => Math.abs(e.at - (during[i]?.at ?? e.at) - 1000));

    const advertMs: number[] = [];
    const garpMs: number[] = [];
    for (let round = 0; round < TAKEOVERS; round++) {
      const mastersB = said(b, '(VI_1) Entering MASTER STATE');
      const mark = wire.lines.length;
      crash(lab.a);
      await b.waitUntil(() => said(b, '(VI_1) Entering MASTER STATE') > mastersB, 10_000, `${daemon} b takes over`);
      await sleep(300); // the GARP burst and tcpdump's output
      const before = parseWire(wire.lines.slice(0, mark)).filter((e) => e.kind === 'advert' && e.from === IPV4_A).at(-1);
      const after = parseWire(wire.lines.slice(mark));
      const firstAdvert = after.find((e) => e.kind === 'advert' && e.from === IPV4_B);
      const firstGarp = after.find((e) => e.kind === 'garp' && e.from === macB);
      if (before === undefined || firstAdvert === undefined || firstGarp === undefined) throw new Error(`${daemon}: takeover not seen on the wire`);
      advertMs.push(firstAdvert.at - before.at - MASTER_DOWN_MS);
      garpMs.push(firstGarp.at - before.at - MASTER_DOWN_MS);
      await a.stop();
      a = d.start(daemon, lab.a, pairConfig(IF_A, 150));
      await a.waitUntil(() => said(a, '(VI_1) Entering MASTER STATE') === 1, 15_000, `${daemon} a preempts`);
      await sleep(1500);
    }
    await a.stop();
    await b.stop();
    return { advertMs, garpMs, jitterMs };
  } finally {
    await wire.stop();
  }
}

/**
 * SIGKILL every process in the namespace at once: a crash of the whole daemon. keepalived's
 * parent alone would take its VRRP child down with SIGTERM (a graceful priority-0 hand-over).
 */
function crash(ns: Netns): void {
  for (const pid of execFileSync('ip', ['netns', 'pids', ns.name], { encoding: 'utf8' }).split('\n').filter((p) => p !== '')) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
}

/** Sum of utime + stime (clock ticks) and of VmRSS (KiB) over the namespace's processes. */
function usage(ns: Netns): { ticks: number; rssKiB: number } {
  const pids = execFileSync('ip', ['netns', 'pids', ns.name], { encoding: 'utf8' }).split('\n').filter((p) => p !== '');
  let ticks = 0;
  let rssKiB = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      rssKiB += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return { ticks, rssKiB };
}

/** CPU share of one core and RSS (MiB) of a lone daemon running `count` MASTER instances. */
async function idleFigures(daemon: Daemon, count: number, lab: VethLab, dir: string): Promise<{ cpuPercent: number; rssMiB: number }> {
  const d = new DaemonLab(lab, dir);
  const p = d.start(daemon, lab.a, instances(IF_A, 150, count));
  try {
    await p.waitUntil(() => said(p, `(VI_${count}) Entering MASTER STATE`) === 1, 20_000, `${daemon} ${count} instances MASTER`);
    await sleep(2000);
    const start = usage(lab.a);
    const t0 = process.hrtime.bigint();
    await sleep(IDLE_SECONDS * 1000);
    const end = usage(lab.a);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return { cpuPercent: ((end.ticks - start.ticks) / ticksPerSecond / seconds) * 100, rssMiB: end.rssKiB / 1024 };
  } finally {
    await p.stop();
  }
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const ms = (v: number): string => `${v.toFixed(1)} ms`;

export async function daemonRows(): Promise<BenchRow[]> {
  const gap = privilegeGap(['ip', 'tcpdump', 'keepalived']);
  if (gap !== undefined) {
    return [{ name: 'daemon on the wire (takeover, jitter, idle)', vigil: '-', goal: '-', keepalived: `skipped: ${gap}`, verdict: 'n/a' }];
  }
  const lab = await VethLab.create('bd');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-daemon-'));
  try {
    const wire = { vigil: await wireFigures('vigil', lab, dir), keepalived: await wireFigures('keepalived', lab, dir) };
    const rows: BenchRow[] = [];
    const compare = (name: string, pick: (w: WireFigures) => number[]): void => {
      const v = median(pick(wire.vigil));
      const k = median(pick(wire.keepalived));
      rows.push({ name, vigil: ms(v), goal: 'not slower than keepalived (+10 ms)', keepalived: ms(k), verdict: v <= k + 10 ? 'met' : 'missed' });
    };
    compare(`takeover: last advert → first advert, minus Master_Down_Interval (median of ${TAKEOVERS})`, (w) => w.advertMs);
    compare(`takeover: last advert → first GARP, minus Master_Down_Interval (median of ${TAKEOVERS})`, (w) => w.garpMs);
    const jitter = (w: WireFigures): string =>
      `p50 ${ms(percentile(w.jitterMs, 50))} / p99 ${ms(percentile(w.jitterMs, 99))} / max ${ms(Math.max(...w.jitterMs))}`;
    rows.push({
      name: `advert interval jitter, |interval − 1 s| (${wire.vigil.jitterMs.length} intervals)`,
      vigil: jitter(wire.vigil), goal: `p99 < ${JITTER_GOAL_MS} ms`, keepalived: jitter(wire.keepalived),
      verdict: percentile(wire.vigil.jitterMs, 99) < JITTER_GOAL_MS ? 'met' : 'missed',
    });
    for (const count of [1, 100]) {
      const v = await idleFigures('vigil', count, lab, dir);
      const k = await idleFigures('keepalived', count, lab, dir);
      rows.push({ name: `idle CPU, ${count} MASTER instance(s), ${IDLE_SECONDS} s`, vigil: `${v.cpuPercent.toFixed(2)} %`, goal: '-', keepalived: `${k.cpuPercent.toFixed(2)} %`, verdict: 'n/a' });
      rows.push({ name: `idle RSS, ${count} MASTER instance(s)`, vigil: `${v.rssMiB.toFixed(1)} MiB`, goal: '-', keepalived: `${k.rssMiB.toFixed(1)} MiB`, verdict: 'n/a' });
    }
    return rows;
  } finally {
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
