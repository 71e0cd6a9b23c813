// One Vigil node driven event by event, for table-driven reducer tests.
import type { Effect, Event } from '../../core/events/index.js';
import type { InstanceRuntime } from '../../core/instance/runtime.js';
import { initialState, reduce } from '../../core/reducer/reduce.js';
import type { VigilState } from '../../core/reducer/state.js';
import { encodeVrrp, VRRP_MULTICAST_IPV4, VrrpAuth, passwordAuthData } from '../../core/vrrp/index.js';
import { configFrom, TEST_CONFIG_PATH } from './config.js';

export interface AdvertOptions {
  readonly priority: number;
  readonly source: string;
  readonly vrid?: number;
  readonly addresses?: readonly string[];
  readonly version?: 2 | 3;
  /** v2: seconds; v3: centiseconds. */
  readonly interval?: number;
  readonly password?: string;
  readonly destination?: string;
  readonly ttl?: number;
  readonly interface?: string;
}

/** A VRRP advert as a peer would send it, as the receive path reports it. */
export function advertEvent(o: AdvertOptions): Event {
  const addresses = o.addresses ?? ['192.168.100.10'];
  const destination = o.destination ?? VRRP_MULTICAST_IPV4;
  const message =
    (o.version ?? 2) === 2
      ? encodeVrrp({
          version: 2,
          type: 1,
          addressFamily: 'inet',
          vrid: o.vrid ?? 51,
          priority: o.priority,
          addresses,
          authType: o.password === undefined ? VrrpAuth.none : VrrpAuth.pass,
          authData: o.password === undefined ? new Uint8Array(8) : passwordAuthData(o.password),
          advertIntervalSeconds: o.interval ?? 1,
        })
      : encodeVrrp(
          { version: 3, type: 1, addressFamily: 'inet', vrid: o.vrid ?? 51, priority: o.priority, addresses, maxAdvertIntervalCentis: o.interval ?? 100 },
          { source: o.source, destination },
        );
  return {
    kind: 'AdvertReceived',
    interface: o.interface ?? 'eth0',
    family: 'inet',
    source: o.source,
    destination,
    ttlOrHopLimit: o.ttl ?? 255,
    payload: message,
    ipHeaderLength: 20,
    ipTotalLength: 20 + message.length,
    ipProtocol: 112,
  };
}

export class TestNode {
  state: VigilState = initialState;
  readonly history: { readonly at: number; readonly effect: Effect }[] = [];
  last: readonly Effect[] = [];
  /** Load configs keepalived reports errors in but still runs. */
  allowConfigErrors = false;

  readonly configText: string;
  readonly address: string;
  readonly iface: string;

  constructor(configText: string, address = '192.168.100.2', iface = 'eth0') {
    this.configText = configText;
    this.address = address;
    this.iface = iface;
  }

  send(at: number, event: Event): readonly Effect[] {
    const step = reduce(this.state, { at, event });
    this.state = step.state;
    this.last = step.effects;
    for (const effect of step.effects) this.history.push({ at, effect });
    return step.effects;
  }

  /** The netlink dump, then the config: what the daemon reports at start. */
  boot(at = 0, linkUp = true): readonly Effect[] {
    this.send(at, { kind: 'LinkChanged', interface: this.iface, index: 2, exists: true, up: linkUp, running: linkUp });
    this.send(at, { kind: 'AddressChanged', interface: this.iface, family: 'inet', address: this.address, prefixLength: 24, present: true });
    return this.load(at, this.configText);
  }

  load(at: number, text: string): readonly Effect[] {
    return this.send(at, {
      kind: 'ConfigLoaded',
      mainFile: TEST_CONFIG_PATH,
      files: [{ path: TEST_CONFIG_PATH, text }],
      digest: 'test',
      config: configFrom(text, this.allowConfigErrors),
    });
  }

  advert(at: number, o: AdvertOptions): readonly Effect[] {
    return this.send(at, advertEvent(o));
  }

  /** Fires the instance timer at its deadline (as the timer adapter would). */
  fireInstanceTimer(name = 'VI_1'): readonly Effect[] {
    const at = this.instance(name).armedAt;
    if (at === undefined) throw new Error(`${name} has no armed timer`);
    return this.send(at, { kind: 'TimerFired', timer: `vrrp:${name}` });
  }

  /** Fires the instance timer until its deadline is reached (lazy re-arms fire early). */
  runToDeadline(name = 'VI_1'): readonly Effect[] {
    for (let i = 0; i < 100; i++) {
      const inst = this.instance(name);
      const effects = this.fireInstanceTimer(name);
      if (inst.deadline !== undefined && inst.armedAt !== undefined && inst.armedAt >= inst.deadline) return effects;
    }
    throw new Error('timer never reached its deadline');
  }

  instance(name = 'VI_1'): InstanceRuntime {
    const inst = this.state.instances.find((i) => i.config.name === name);
    if (inst === undefined) throw new Error(`no instance ${name}`);
    return inst;
  }

  logs(effects: readonly Effect[] = this.last): string[] {
    return effects.flatMap((e) => (e.kind === 'Log' ? [e.message] : []));
  }

  kinds(effects: readonly Effect[] = this.last): string[] {
    return effects.map((e) => e.kind);
  }
}

export function ofKind<K extends Effect['kind']>(effects: readonly Effect[], kind: K): Extract<Effect, { kind: K }>[] {
  return effects.filter((e): e is Extract<Effect, { kind: K }> => e.kind === kind);
}
