// A small deterministic driver for reducer tests: nodes on one LAN, a virtual clock, timers
// from ScheduleTimer effects, adverts delivered to every other node, VIPs applied to the node's
// interface; isolation windows, link changes, shutdowns and reloads on a schedule, and observers
// called after every event. Everything is decided by the event order; nothing reads a clock.
import type { AdvertReceived, Effect, Event, Family, SendAdvert } from '../../core/events/index.js';
import { initialState, reduce } from '../../core/reducer/reduce.js';
import { advertAsReceived, isMulticast } from '../../replay/sim/wire.js';
import type { VigilState } from '../../core/reducer/state.js';
import { configFrom, TEST_CONFIG_PATH } from './config.js';

export interface NodeSpec {
  readonly name: string;
  readonly config: string;
  /** The LAN interface and its own address. */
  readonly interface?: string;
  readonly address: string;
  readonly family?: Family;
}

/** One event the driver delivered to a node, with the effects the reducer returned for it. */
export interface Delivered {
  readonly at: number;
  readonly node: string;
  readonly event: Event;
  readonly effects: readonly Effect[];
}

export interface Recorded {
  readonly at: number;
  readonly node: string;
  readonly effect: Effect;
}

interface Queued {
  readonly at: number;
  readonly seq: number;
  readonly node: string;
  readonly event: Event;
}

interface NodeRuntime {
  readonly spec: NodeSpec;
  state: VigilState;
  /** Armed timers: id → deadline (ScheduleTimer replaces, CancelTimer removes). */
  readonly timers: Map<string, number>;
  /** Addresses the node's effects have put on its interfaces. */
  readonly held: Set<string>;
  /** Cut off from the LAN: sends nothing, hears nothing. */
  isolated: boolean;
}

/** vrrp_script name → exit status of the next run (default 0). */
export type ScriptOutcomes = (node: string, script: string, at: number) => number;

export interface ClusterOptions {
  /** One-way LAN delay, µs. */
  readonly latencyMicros?: number;
  /** Delay between RunScript and its ScriptResult, µs. */
  readonly scriptMicros?: number;
  readonly scripts?: ScriptOutcomes;
}

export class Cluster {
  readonly nodes = new Map<string, NodeRuntime>();
  readonly recorded: Recorded[] = [];
  private readonly queue: Queued[] = [];
  private seq = 0;
  now = 0;
  private readonly latency: number;
  private readonly scriptDelay: number;
  private readonly scripts: ScriptOutcomes;
  private readonly observers: ((d: Delivered) => void)[] = [];
  /** Per node, [from, until) µs windows in which it is cut off from the LAN (see isolateBetween). */
  private readonly isolations = new Map<string, (readonly [number, number])[]>();
  private reloads = 0;

  constructor(specs: readonly NodeSpec[], options: ClusterOptions = {}) {
    this.latency = options.latencyMicros ?? 100;
    this.scriptDelay = options.scriptMicros ?? 1000;
    this.scripts = options.scripts ?? (() => 0);
    for (const spec of specs) {
      this.nodes.set(spec.name, { spec, state: initialState, timers: new Map(), held: new Set(), isolated: false });
    }
  }

  /** Links and addresses first (the daemon's netlink dump), then the config. */
  start(at = 0): this {
    for (const n of this.nodes.values()) {
      const iface = n.spec.interface ?? 'eth0';
      const family = n.spec.family ?? 'inet';
      this.push(at, n.spec.name, { kind: 'LinkChanged', interface: iface, index: 2, exists: true, up: true, running: true });
      this.push(at, n.spec.name, { kind: 'AddressChanged', interface: iface, family, address: n.spec.address, prefixLength: 24, present: true });
      this.push(at, n.spec.name, configLoaded(n.spec.config, `digest-${n.spec.name}`));
    }
    return this;
  }

  /** Calls `listener` after every event a node reduced, once its effects have been executed. */
  observe(listener: (d: Delivered) => void): this {
    this.observers.push(listener);
    return this;
  }

  /** Cuts `node` off from the LAN from `from` until just before `until` (µs): sends nothing, hears nothing. */
  isolateBetween(node: string, from: number, until: number): this {
    const windows = this.isolations.get(node) ?? [];
    windows.push([from, until]);
    this.isolations.set(node, windows);
    return this;
  }

  /** The node's LAN interface goes down (IFF_UP and IFF_RUNNING cleared) or comes back. */
  setLink(at: number, node: string, up: boolean): void {
    const n = this.node(node);
    this.push(at, node, { kind: 'LinkChanged', interface: n.spec.interface ?? 'eth0', index: 2, exists: true, up, running: up });
  }

  /** SIGTERM: the node stops for good (its state ignores every later event). */
  shutdown(at: number, node: string): void {
    this.push(at, node, { kind: 'ShutdownRequested', signal: 'SIGTERM' });
  }

  /** SIGHUP with a new keepalived.conf: the ConfigLoaded the daemon's reload produces. */
  reload(at: number, node: string, config: string): void {
    this.push(at, node, configLoaded(config, `digest-${node}-reload-${++this.reloads}`));
  }

  push(at: number, node: string, event: Event): void {
    this.queue.push({ at, seq: this.seq++, node, event });
  }

  isolate(node: string, isolated = true): void {
    this.node(node).isolated = isolated;
  }

  node(name: string): NodeRuntime {
    const n = this.nodes.get(name);
    if (n === undefined) throw new Error(`no node ${name}`);
    return n;
  }

  /** Processes every event due up to and including `until`, in (time, arrival) order. */
  runUntil(until: number): this {
    for (;;) {
      let best = -1;
      for (let i = 0; i < this.queue.length; i++) {
        const q = this.queue[i];
        const b = this.queue[best];
        if (q !== undefined && q.at <= until && (b === undefined || q.at < b.at || (q.at === b.at && q.seq < b.seq))) best = i;
      }
      if (best < 0) break;
      const [q] = this.queue.splice(best, 1);
      if (q !== undefined) this.deliver(q);
    }
    this.now = until;
    return this;
  }

  private deliver(q: Queued): void {
    const n = this.node(q.node);
    if (q.event.kind === 'TimerFired') {
      // A replaced or cancelled timer never fires (the daemon's timer adapter does the same).
      if (n.timers.get(q.event.timer) !== q.at) return;
      n.timers.delete(q.event.timer);
    }
    this.now = q.at;
    const step = reduce(n.state, { at: q.at, event: q.event });
    n.state = step.state;
    for (const effect of step.effects) {
      this.recorded.push({ at: q.at, node: q.node, effect });
      this.execute(n, q.at, effect);
    }
    for (const listener of this.observers) listener({ at: q.at, node: q.node, event: q.event, effects: step.effects });
  }

  private cutOff(n: NodeRuntime, at: number): boolean {
    return n.isolated || (this.isolations.get(n.spec.name) ?? []).some(([from, until]) => from <= at && at < until);
  }

  private execute(n: NodeRuntime, at: number, effect: Effect): void {
    const name = n.spec.name;
    switch (effect.kind) {
      case 'ScheduleTimer':
        n.timers.set(effect.timer, effect.atMicros);
        this.push(effect.atMicros, name, { kind: 'TimerFired', timer: effect.timer });
        return;
      case 'CancelTimer':
        n.timers.delete(effect.timer);
        return;
      case 'AddAddress':
        n.held.add(effect.address.address);
        return;
      case 'DeleteAddress':
        n.held.delete(effect.address.address);
        return;
      case 'SendAdvert':
        if (this.cutOff(n, at)) return;
        for (const other of this.nodes.values()) {
          if (other === n || this.cutOff(other, at)) continue;
          const unicastTo = effect.destination;
          if (!isMulticast(unicastTo) && unicastTo !== other.spec.address) continue;
          this.push(at + this.latency, other.spec.name, advertReceived(effect, n.spec, other.spec));
        }
        return;
      case 'RunScript':
        if (effect.purpose !== 'track') return;
        this.push(at + this.scriptDelay, name, {
          kind: 'ScriptResult',
          script: effect.name,
          outcome: 'exited',
          status: this.scripts(name, effect.name, at),
        });
        return;
      default:
        return;
    }
  }

  state(node: string, instance = 'VI_1'): string | undefined {
    return this.node(node).state.instances.find((i) => i.config.name === instance)?.state;
  }

  effectsOf(node: string, kind?: Effect['kind']): Recorded[] {
    return this.recorded.filter((r) => r.node === node && (kind === undefined || r.effect.kind === kind));
  }

  logs(node: string): string[] {
    return this.effectsOf(node, 'Log').map((r) => (r.effect.kind === 'Log' ? r.effect.message : ''));
  }
}

/** The ConfigLoaded the daemon would journal for `text` as its main file. */
export function configLoaded(text: string, digest: string): Event {
  return { kind: 'ConfigLoaded', mainFile: TEST_CONFIG_PATH, files: [{ path: TEST_CONFIG_PATH, text }], digest, config: configFrom(text) };
}

/** `advert` as `receiver`'s raw socket reports it (IPv4: a 20-byte header without options). */
export function advertReceived(advert: SendAdvert, sender: NodeSpec, receiver: NodeSpec): AdvertReceived {
  return advertAsReceived(advert, sender.address, receiver.interface ?? 'eth0');
}

/** A two-router keepalived.conf for one instance; `extra` lines go inside the instance block. */
export function instanceConfig(options: {
  readonly priority: number;
  readonly state?: 'MASTER' | 'BACKUP';
  readonly advertInt?: number;
  readonly extra?: string;
  readonly global?: string;
  readonly vips?: readonly string[];
}): string {
  const vips = options.vips ?? ['192.168.100.10/24'];
  return `global_defs {
  router_id test
  ${options.global ?? ''}
}
vrrp_instance VI_1 {
  state ${options.state ?? 'BACKUP'}
  interface eth0
  virtual_router_id 51
  priority ${options.priority}
  advert_int ${options.advertInt ?? 1}
  ${options.extra ?? ''}
  virtual_ipaddress {
    ${vips.join('\n    ')}
  }
}
`;
}
