// Two network namespaces joined by a veth pair, and processes started inside them, for the raw
// socket tests. Everything is torn down by `close()`: processes killed, namespaces deleted.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Netns } from '../support/netns.js';

export const IF_A = 'vnet-a';
export const IF_B = 'vnet-b';
export const IPV4_A = '10.199.0.1';
export const IPV4_B = '10.199.0.2';
export const LINK_LOCAL_A = 'fe80::1:1';
export const LINK_LOCAL_B = 'fe80::1:2';

/** A process in a namespace with its stdout as lines. */
export class LabProcess {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  private stderrText = '';
  private waiters: (() => void)[] = [];

  constructor(child: ChildProcess) {
    this.child = child;
    if (child.stdout !== null) {
      createInterface({ input: child.stdout }).on('line', (line) => {
        this.lines.push(line);
        this.wake();
      });
    }
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrText += chunk.toString();
    });
    child.on('exit', () => {
      this.wake();
    });
  }

  get stderr(): string {
    return this.stderrText;
  }

  /** The first `count` stdout lines that pass `accept`; rejects with the output after `timeoutMs`. */
  async waitForLines(count: number, accept: (line: string) => boolean, timeoutMs: number): Promise<string[]> {
    await this.waitUntil(() => this.lines.filter(accept).length >= count, timeoutMs, `${count} matching line(s)`);
    return this.lines.filter(accept).slice(0, count);
  }

  /** Resolves when `done()` holds (checked on every line and at exit); rejects with the output after `timeoutMs`. */
  async waitUntil(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0 || this.child.exitCode !== null) {
        throw new Error(`waited for ${what}; stdout:\n${this.lines.join('\n')}\nstderr:\n${this.stderrText}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  async stop(graceMs = 2000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => { resolve(); }));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

export interface LabOptions {
  /**
   * Join a and b through a bridge in a third namespace instead of one veth pair, so one side's
   * link can go down without the other losing its carrier (as on a switch).
   */
  readonly bridged?: boolean;
}

export class VethLab {
  readonly a: Netns;
  readonly b: Netns;
  /** The switch namespace of a bridged lab. */
  readonly sw: Netns | undefined;
  private readonly processes: LabProcess[] = [];

  private constructor(a: Netns, b: Netns, sw: Netns | undefined) {
    this.a = a;
    this.b = b;
    this.sw = sw;
  }

  /**
   * Namespaces `<prefix>a/b-<pid>-<hex>`; IPv4 10.199.0.1/.2 and link-locals fe80::1:1/:2, no DAD.
   * Resolves once IPv6 can receive: until linkwatch reports the carrier (up to a second after
   * `link set up`) the ff00::/8 route is missing and multicast input counts as Ip6InNoRoutes.
   */
  static async create(prefix: string, options: LabOptions = {}): Promise<VethLab> {
    const lab = VethLab.build(prefix, options.bridged === true);
    try {
      await lab.waitForIpv6Routes(5000);
      return lab;
    } catch (error) {
      await lab.close();
      throw error;
    }
  }

  private static build(prefix: string, bridged: boolean): VethLab {
    const a = Netns.create(`${prefix}a`);
    let b: Netns | undefined;
    let sw: Netns | undefined;
    try {
      b = Netns.create(`${prefix}b`);
      if (bridged) sw = Netns.create(`${prefix}s`);
      const lab = new VethLab(a, b, sw);
      for (const ns of [a, b, ...(sw === undefined ? [] : [sw])]) {
        // No DAD, no EUI-64 link-local: the link-local we add is the only IPv6 source.
        ns.run('sysctl', ['-qw', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0', 'net.ipv6.conf.default.addr_gen_mode=1']);
      }
      if (sw === undefined) {
        a.ip('link', 'add', IF_A, 'type', 'veth', 'peer', 'name', IF_B, 'netns', b.name);
      } else {
        // No STP (ports forward at once) and no multicast snooping (VRRP groups are never joined
        // through IGMP on the bridge's terms).
        sw.ip('link', 'add', 'name', 'br0', 'type', 'bridge', 'stp_state', '0', 'mcast_snooping', '0');
        a.ip('link', 'add', 'name', IF_A, 'type', 'veth', 'peer', 'name', 'sw-a', 'netns', sw.name);
        b.ip('link', 'add', 'name', IF_B, 'type', 'veth', 'peer', 'name', 'sw-b', 'netns', sw.name);
        for (const port of ['sw-a', 'sw-b']) {
          sw.ip('link', 'set', port, 'master', 'br0');
          sw.ip('link', 'set', port, 'up');
        }
        sw.ip('link', 'set', 'br0', 'up');
      }
      a.ip('addr', 'add', `${IPV4_A}/24`, 'dev', IF_A);
      b.ip('addr', 'add', `${IPV4_B}/24`, 'dev', IF_B);
      a.ip('addr', 'add', `${LINK_LOCAL_A}/64`, 'dev', IF_A, 'nodad');
      b.ip('addr', 'add', `${LINK_LOCAL_B}/64`, 'dev', IF_B, 'nodad');
      a.ip('link', 'set', IF_A, 'up');
      b.ip('link', 'set', IF_B, 'up');
      return lab;
    } catch (error) {
      sw?.delete();
      b?.delete();
      a.delete();
      throw error;
    }
  }

  private async waitForIpv6Routes(timeoutMs: number): Promise<void> {
    const ready = (ns: Netns, ifname: string): boolean => ns.ip('-6', 'route', 'show', 'table', 'local', 'dev', ifname).includes('ff00::/8');
    const deadline = Date.now() + timeoutMs;
    while (!(ready(this.a, IF_A) && ready(this.b, IF_B))) {
      if (Date.now() > deadline) throw new Error(`no ff00::/8 route on ${IF_A}/${IF_B} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Starts `command` inside `ns` (ip netns exec execs it, so the pid is the command's). */
  start(ns: Netns, command: string, args: readonly string[]): LabProcess {
    const child = spawn('ip', ['netns', 'exec', ns.name, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const started = new LabProcess(child);
    this.processes.push(started);
    return started;
  }

  /**
   * Stops every process started so far (for afterEach: a test that fails half-way must not leave
   * its daemons answering on the next test's VRID).
   */
  async stopAll(): Promise<void> {
    const started = this.processes.splice(0);
    await Promise.all(started.map((p) => p.stop()));
  }

  /** Kills what we started, then anything still in our namespaces (keepalived's children), then deletes them. */
  async close(): Promise<void> {
    await this.stopAll();
    for (const ns of [this.a, this.b, ...(this.sw === undefined ? [] : [this.sw])]) {
      let pids: string[] = [];
      try {
        pids = execFileSync('ip', ['netns', 'pids', ns.name], { encoding: 'utf8' }).split('\n').filter((p) => p !== '');
      } catch {
        // namespace already gone
      }
      for (const pid of pids) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // exited meanwhile
        }
      }
      ns.delete();
    }
  }
}
