// The simulated world: nodes running the real reducer, a network, a virtual clock and a fault
// schedule; effects executed the way the daemon's adapters would, invariants checked throughout.
import { parseKeepalivedConfig } from '../../core/config/parse.js';
import { filesFromMap } from '../../core/config/lexer/files.js';
import type { Effect, Event, Reason } from '../../core/events/index.js';
import { reduce } from '../../core/reducer/reduce.js';
import { snapshotState } from '../../core/snapshot/state-snapshot.js';
import { routerKey, type Violation } from './invariants.js';
import { Monitor, type SplitBrain } from './monitor.js';
import { deliveries } from './network.js';
import { SimNode } from './node.js';
import { EventQueue } from './queue.js';
import { Random } from './random.js';
import type { Expectation, Fault, Scenario } from './scenario.js';
import { swarmFaults } from './swarm.js';
import { advertAsReceived, isMulticast } from './wire.js';

const CONFIG_PATH = '/etc/keepalived/keepalived.conf';
/** How often the settled-state invariants are checked, µs of simulated time. */
const CHECK_EVERY = 100_000;
/** A vrrp_script run takes this long. */
const SCRIPT_RUN = 10_000;
/** Local µs between two state snapshots in a node's journal. */
const SNAPSHOT_EVERY = 30_000_000;
const PERMANENT_NETWORK: ReadonlySet<Fault['kind']> = new Set(['partition', 'isolate', 'loss', 'clog']);

type Item =
  | { readonly kind: 'deliver'; readonly node: string; readonly boot: number; readonly event: Event }
  | { readonly kind: 'fault'; readonly fault: Fault; readonly phase: 'start' | 'end' }
  | { readonly kind: 'restart'; readonly node: string }
  | { readonly kind: 'check' }
  | { readonly kind: 'handover'; readonly router: string; readonly from: string; readonly since: number }
  | { readonly kind: 'expect'; readonly expectation: Expectation };

export interface TransitionLine {
  readonly at: number;
  readonly node: string;
  readonly instance: string;
  readonly group: boolean;
  readonly from: string;
  readonly to: string;
  readonly priority: number;
  readonly reason: Reason;
}

/** Who the LAN believes owns a virtual address: the last node that sent a GARP / NA for it. */
export interface ArpChange {
  readonly at: number;
  readonly address: string;
  readonly node: string;
}

export interface SimulationResult {
  readonly scenario: string;
  readonly seed: bigint;
  readonly duration: number;
  readonly transitions: readonly TransitionLine[];
  readonly violations: readonly Violation[];
  readonly splitBrains: readonly SplitBrain[];
  readonly faults: readonly Fault[];
  readonly arp: readonly ArpChange[];
  readonly eventsReduced: number;
  readonly journals: ReadonlyMap<string, SimNode['journal']>;
}

export class Simulation {
  private readonly scenario: Scenario;
  private readonly seed: bigint;
  private readonly queue = new EventQueue<Item>();
  private readonly nodes = new Map<string, SimNode>();
  private readonly network: Random;
  private readonly environment: Random;
  private readonly faults: Fault[];
  private readonly transitions: TransitionLine[] = [];
  private readonly monitor: Monitor;
  private readonly arpOwner = new Map<string, string>();
  private readonly arp: ArpChange[] = [];
  /** End of the latest disturbance: liveness is judged only well after it. */
  private quietFrom = 0;
  private activeFaults = 0;
  private readonly settleMicros: number;
  private eventsReduced = 0;
  private now = 0;

  constructor(scenario: Scenario, seed: bigint) {
    this.scenario = scenario;
    this.seed = seed;
    this.network = Random.stream(seed, 'network');
    this.environment = Random.stream(seed, 'environment');
    for (const spec of scenario.nodes) this.nodes.set(spec.name, new SimNode(spec));
    const swarm = scenario.swarm ? swarmFaults(scenario, Random.stream(seed, 'faults')) : [];
    this.faults = [...scenario.faults, ...swarm].sort((a, b) => a.at - b.at);
    this.settleMicros = this.settleTime();
    this.monitor = new Monitor([...this.nodes.values()]);
  }

  run(): SimulationResult {
    for (const node of this.nodes.values()) this.bootNode(node, 0);
    for (const f of this.faults) {
      this.queue.push(f.at, { kind: 'fault', fault: f, phase: 'start' });
      if (f.duration !== undefined) this.queue.push(f.at + f.duration, { kind: 'fault', fault: f, phase: 'end' });
    }
    for (const e of this.scenario.expect) this.queue.push(e.at, { kind: 'expect', expectation: e });
    for (let t = CHECK_EVERY; t <= this.scenario.duration; t += CHECK_EVERY) this.queue.push(t, { kind: 'check' });
    for (;;) {
      const at = this.queue.peekTime();
      if (at === undefined || at > this.scenario.duration) break;
      const next = this.queue.pop();
      if (next === undefined) break;
      this.now = next.at;
      this.handle(next.item);
    }
    this.monitor.close(this.scenario.duration);
    return {
      scenario: this.scenario.name,
      seed: this.seed,
      duration: this.scenario.duration,
      transitions: this.transitions,
      violations: this.monitor.violations,
      splitBrains: this.monitor.splitBrains,
      faults: this.faults,
      arp: this.arp,
      eventsReduced: this.eventsReduced,
      journals: new Map([...this.nodes].map(([name, n]) => [name, n.journal])),
    };
  }

  /** Quiet long enough for liveness to be judged. With loss on every path it never is. */
  private settled(): boolean {
    if (this.scenario.network.loss > 0) return false;
    return this.activeFaults === 0 && this.now - this.quietFrom >= this.settleMicros;
  }

  private node(name: string): SimNode {
    const n = this.nodes.get(name);
    if (n === undefined) throw new Error(`no node ${name}`);
    return n;
  }

  /** Master_Down_Interval with the lowest priority, plus preempt_delay and a few adverts. */
  private settleTime(): number {
    let worst = 0;
    for (const spec of this.scenario.nodes) {
      const config = parse(spec.config);
      for (const i of config?.vrrp.instances ?? []) {
        const adv = i.advertIntervalMicros;
        worst = Math.max(worst, (i.downTimerAdverts + 3) * adv + 1_000_000 + i.preemptDelayMicros);
      }
    }
    const net = this.scenario.network;
    return worst + 4 * (net.latency + net.jitter);
  }

  private deliver(node: SimNode, at: number, event: Event): void {
    this.queue.push(at, { kind: 'deliver', node: node.spec.name, boot: node.boot, event });
  }

  /** The daemon's start: the netlink dump, then the config, then the trackers' first reports. */
  private bootNode(node: SimNode, at: number): void {
    node.down = false;
    const iface = node.spec.interface;
    this.deliver(node, at, { kind: 'DaemonStarted', vigilVersion: 'simulated', pid: node.boot + 1 });
    this.deliver(node, at, { kind: 'LinkChanged', interface: iface, index: 2, exists: true, up: !node.linksDown.has(iface), running: !node.linksDown.has(iface) });
    this.deliver(node, at, { kind: 'AddressChanged', interface: iface, family: 'inet', address: node.spec.address, prefixLength: 24, present: true });
    const config = parse(node.configText);
    if (config === undefined) return;
    node.config = config;
    this.deliver(node, at, configLoaded(node.configText));
    for (const f of config.global.trackFiles) this.deliver(node, at, { kind: 'TrackFileChanged', file: f.name, value: 0 });
    for (const p of config.global.trackProcesses) this.deliver(node, at, { kind: 'ProcessCountChanged', process: p.name, count: p.quorum });
  }

  private handle(item: Item): void {
    switch (item.kind) {
      case 'deliver':
        this.onDeliver(item.node, item.boot, item.event);
        return;
      case 'fault':
        this.onFault(item.fault, item.phase);
        return;
      case 'restart': {
        const node = this.node(item.node);
        // A node coming back is a disturbance: liveness is judged once it has settled too.
        this.quietFrom = Math.max(this.quietFrom, this.now);
        if (!node.stopped) this.bootNode(node, this.now);
        return;
      }
      case 'check':
        if (this.settled()) this.monitor.settled(this.now);
        return;
      case 'expect':
        this.monitor.expectation(item.expectation, this.now);
        return;
      case 'handover':
        this.monitor.handover(item.router, item.from, item.since, this.now);
        return;
    }
  }

  private onDeliver(name: string, boot: number, event: Event): void {
    const node = this.node(name);
    if (node.down || node.stopped || boot !== node.boot) return;
    // A replaced or cancelled timer does not fire (the timer adapter's contract).
    if (event.kind === 'TimerFired' && node.timers.get(event.timer) !== this.now) return;
    if (this.now < node.pausedUntil) {
      // A paused process: everything waits, timers fire late, packets queue.
      if (event.kind === 'TimerFired') node.timers.set(event.timer, node.pausedUntil);
      this.deliver(node, node.pausedUntil, event);
      return;
    }
    if (event.kind === 'TimerFired') node.timers.delete(event.timer);
    const local = node.localTime(this.now);
    node.journal.push({ at: local, body: event });
    const step = reduce(node.state, { at: local, event });
    this.eventsReduced++;
    node.state = step.state;
    for (const effect of step.effects) {
      node.journal.push({ at: local, body: effect });
      this.execute(node, effect);
    }
    // As the daemon does: a snapshot of the state every so often, for replay to check and start from.
    if (local - node.lastSnapshotAt >= SNAPSHOT_EVERY) {
      node.lastSnapshotAt = local;
      node.journal.push({ at: local, body: { kind: 'StateSnapshot', afterSequence: BigInt(node.journal.length), state: snapshotState(node.state) } });
    }
    this.monitor.afterEvent(node, this.now, this.releaseBlocked(node));
  }

  /**
   * The environment stops this node releasing addresses (DeleteAddress failing), or did until
   * just now: the daemon retries every second, so a VIP left behind is the fault's doing.
   */
  private releaseBlocked(node: SimNode): boolean {
    const grace = 1_500_000;
    return this.faults.some(
      (f) => f.kind === 'effectFailure' && f.node === node.spec.name && f.effect === 'DeleteAddress' && f.at <= this.now &&
        (f.duration === undefined || this.now < f.at + f.duration + grace),
    );
  }

  private failure(node: SimNode, effect: Effect): string | undefined {
    for (const f of this.faults) {
      if (f.kind !== 'effectFailure' || f.node !== node.spec.name || f.effect !== effect.kind) continue;
      if (f.at <= this.now && (f.duration === undefined || this.now < f.at + f.duration)) return f.error;
    }
    return undefined;
  }

  private execute(node: SimNode, effect: Effect): void {
    const error = this.failure(node, effect);
    if (error !== undefined) {
      this.deliver(node, this.now, { kind: 'EffectResult', effect, ok: false, error });
      return;
    }
    switch (effect.kind) {
      case 'ScheduleTimer': {
        const at = Math.max(this.now, node.globalTime(effect.atMicros));
        node.timers.set(effect.timer, at);
        this.deliver(node, at, { kind: 'TimerFired', timer: effect.timer });
        return;
      }
      case 'CancelTimer':
        node.timers.delete(effect.timer);
        return;
      case 'SendAdvert':
        this.send(node, effect);
        return;
      case 'AddAddress':
      case 'DeleteAddress': {
        const present = effect.kind === 'AddAddress';
        const a = effect.address;
        if (present === node.held.has(a.address)) return;
        if (present) node.held.add(a.address);
        else node.held.delete(a.address);
        // rtnetlink reports our own change back, as the kernel does.
        this.deliver(node, this.now, { kind: 'AddressChanged', interface: a.interface, family: a.family, address: a.address, prefixLength: a.prefixLength, present });
        return;
      }
      case 'RunScript':
        if (effect.purpose === 'track') {
          this.deliver(node, this.now + SCRIPT_RUN, { kind: 'ScriptResult', script: effect.name, outcome: 'exited', status: this.scriptStatus(node, effect.name) });
        }
        return;
      case 'SendGratuitousArp':
      case 'SendUnsolicitedNa':
        // The switch and the neighbours learn the sender as the address's owner.
        if (!linkIsDown(node, effect.interface) && this.arpOwner.get(effect.address) !== node.spec.name) {
          this.arpOwner.set(effect.address, node.spec.name);
          this.arp.push({ at: this.now, address: effect.address, node: node.spec.name });
        }
        return;
      case 'LoadConfig':
        this.deliver(node, this.now, configLoaded(node.configText));
        return;
      case 'Transition':
        // Once settled nothing should change: no flapping, and nopreempt keeps its MASTER.
        if (this.settled()) {
          this.monitor.unsettled(this.now, `${node.spec.name} ${effect.instance} ${effect.from} -> ${effect.to} (${effect.reason.kind}) after the network was quiet`);
        }
        this.transitions.push({
          at: this.now,
          node: node.spec.name,
          instance: effect.instance,
          group: effect.group,
          from: effect.from,
          to: effect.to,
          priority: effect.priority,
          reason: effect.reason,
        });
        return;
      case 'Exit':
        node.stopped = true;
        node.timers.clear();
        return;
      default:
        return;
    }
  }

  private scriptStatus(node: SimNode, script: string): number {
    for (const f of this.faults) {
      if (f.kind !== 'script' || f.node !== node.spec.name || f.script !== script) continue;
      if (f.at <= this.now && (f.duration === undefined || this.now < f.at + f.duration)) return f.status;
    }
    return node.spec.scripts[script] ?? 0;
  }

  private send(from: SimNode, advert: Extract<Effect, { kind: 'SendAdvert' }>): void {
    if (from.linksDown.has(advert.interface)) return;
    const multicast = isMulticast(advert.destination);
    for (const to of this.nodes.values()) {
      if (to === from || to.down || to.stopped) continue;
      if (!multicast && advert.destination !== to.spec.address) continue;
      if (to.linksDown.has(to.spec.interface)) continue;
      for (const d of deliveries(this.scenario.network, this.faults, this.network, from.spec.name, to.spec.name, this.now)) {
        this.deliver(to, d.at, advertAsReceived(advert, from.spec.address, to.spec.interface));
      }
    }
  }

  private onFault(f: Fault, phase: 'start' | 'end'): void {
    // A windowed fault is active until it ends; a permanent network fault never ends.
    const permanentNetwork = f.duration === undefined && PERMANENT_NETWORK.has(f.kind);
    if (f.duration !== undefined || permanentNetwork) this.activeFaults += phase === 'start' ? 1 : -1;
    this.quietFrom = Math.max(this.quietFrom, this.now);
    const node = 'node' in f ? this.node(f.node) : undefined;
    switch (f.kind) {
      case 'crash':
        if (node === undefined || phase === 'end') return;
        node.crash();
        this.monitor.trackMasters(this.now);
        if (f.restartAfter !== undefined) this.queue.push(this.now + f.restartAfter, { kind: 'restart', node: f.node });
        return;
      case 'pause':
        if (node !== undefined && phase === 'start') node.pausedUntil = this.now + (f.duration ?? 0);
        return;
      case 'link':
        if (node === undefined) return;
        if (phase === 'start') node.linksDown.add(f.interface);
        else node.linksDown.delete(f.interface);
        this.deliver(node, this.now, { kind: 'LinkChanged', interface: f.interface, index: 2, exists: true, up: phase === 'end', running: phase === 'end' });
        return;
      case 'trackFile':
        if (node !== undefined) this.deliver(node, this.now, { kind: 'TrackFileChanged', file: f.file, value: phase === 'start' ? f.value : 0 });
        return;
      case 'reload':
        if (node === undefined || phase === 'end') return;
        node.configText = f.config;
        this.deliver(node, this.now, { kind: 'ReloadRequested' });
        return;
      case 'shutdown':
        if (node === undefined || phase === 'end') return;
        this.deliver(node, this.now, { kind: 'ShutdownRequested', signal: 'SIGTERM' });
        this.expectHandover(node);
        return;
      default:
        // Network conditions, script results and effect failures are read where they apply.
        return;
    }
  }

  /**
   * RFC 5798 §6.4.2: a priority-0 advert makes a backup take over after Skew_Time. When the network
   * is quiet, check that someone did, for every router the stopping node was MASTER of.
   */
  private expectHandover(node: SimNode): void {
    if (this.activeFaults > 0 || this.scenario.network.loss > 0) return;
    const net = this.scenario.network;
    for (const inst of node.state.instances) {
      if (inst.state !== 'master') continue;
      const skew = inst.config.version === 2 ? 1_000_000 : inst.config.advertIntervalMicros;
      const bound = skew + 2 * (net.latency + net.jitter) + 10_000;
      this.queue.push(this.now + bound, { kind: 'handover', router: routerKey(inst), from: node.spec.name, since: this.now });
    }
  }

}

function parse(text: string): ReturnType<typeof parseKeepalivedConfig>['config'] | undefined {
  return parseKeepalivedConfig(CONFIG_PATH, { files: filesFromMap(new Map([[CONFIG_PATH, text]])), configId: 'sim', hostName: 'sim' }).config;
}

function configLoaded(text: string): Event {
  const config = parse(text);
  if (config === undefined) throw new Error('unparsable config');
  return { kind: 'ConfigLoaded', mainFile: CONFIG_PATH, files: [{ path: CONFIG_PATH, text }], digest: digestOf(text), config };
}

/** FNV-1a 32 of the config text: enough to tell configs apart in a simulation journal. */
function digestOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function linkIsDown(node: SimNode, iface: string): boolean {
  return node.linksDown.has(iface);
}
