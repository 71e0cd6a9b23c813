// fast-check arbitraries for whole cluster scenarios (test/support/cluster.ts): 2-3 routers with
// random priorities, preemption settings and tracked scripts, and the disturbances that befall them
// (isolation, link loss, script failures, shutdowns, reloads); and input sequences for one node of a
// scenario driven alone. A scenario is plain data, so a failing one prints as the counterexample and
// replays exactly.
import fc from 'fast-check';
import type { VrrpInstance } from '../../core/config/vrrp/model.js';
import type { AdvertReceived, Effect, Event, ScriptOutcome } from '../../core/events/index.js';
import { encodeVrrp, VrrpAuth, type VrrpPacket } from '../../core/vrrp/index.js';
import { Cluster } from './cluster.js';
import { configFrom } from './config.js';
import { effectArbitraries, eventArbitraries } from './event-arbitraries.js';

/** Every instance tracks the node's one vrrp_script under this name. */
export const SCRIPT = 'chk';
const SECOND = 1_000_000;

export interface InstanceParams {
  readonly priority: number;
  readonly state: 'MASTER' | 'BACKUP';
  readonly nopreempt: boolean;
  readonly preemptDelaySeconds: number;
  /** track_script weight; undefined: the instance does not track the script. */
  readonly trackWeight: number | undefined;
}

export interface NodeParams {
  readonly name: string;
  readonly address: string;
  /** One entry per instance: VI_1 (VRID 51), VI_2 (VRID 52). */
  readonly instances: readonly InstanceParams[];
  readonly rise: number;
  readonly fall: number;
}

/** [from, until) in µs. */
export interface Window {
  readonly node: string;
  readonly from: number;
  readonly until: number;
}

export interface Scenario {
  readonly version: 2 | 3;
  readonly advertIntSeconds: 1 | 2;
  readonly nodes: readonly NodeParams[];
  /** With two instances: both in one vrrp_sync_group on every node. */
  readonly syncGroup: boolean;
  readonly isolations: readonly Window[];
  readonly linkDowns: readonly Window[];
  /** The node's script exits 1 on runs started in the window, 0 otherwise. */
  readonly scriptFailures: readonly Window[];
  /** At most all nodes but one. */
  readonly shutdowns: readonly { readonly node: string; readonly at: number }[];
  /** A reload with new priorities (one per instance), everything else unchanged. */
  readonly reloads: readonly { readonly node: string; readonly at: number; readonly priorities: readonly number[] }[];
}

export const instanceNames = ['VI_1', 'VI_2'] as const;
const VIPS = ['192.168.100.10/24', '192.168.100.11/24'] as const;

/** The VIP addresses of instance `index` (without the prefix length), as the driver's `held` has them. */
export function vipsOf(index: number): string[] {
  const vip = VIPS[index];
  return vip === undefined ? [] : [vip.split('/')[0] ?? ''];
}

/** Settings keepalived would reject or reset are left out, so every config parses without error. */
const instanceParams: fc.Arbitrary<InstanceParams> = fc
  .record({
    // Common values often, so that equal priorities (and the address tie-break) come up.
    priority: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(1, 100, 150, 200, 254) },
      { weight: 5, arbitrary: fc.integer({ min: 1, max: 254 }) },
      { weight: 1, arbitrary: fc.constant(255) },
    ),
    state: fc.constantFrom<'MASTER' | 'BACKUP'>('BACKUP', 'BACKUP', 'MASTER'),
    nopreempt: fc.boolean(),
    preemptDelaySeconds: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 })),
    trackWeight: fc.option(fc.oneof(fc.constantFrom(0, 50, -50), fc.integer({ min: -60, max: 60 })), { nil: undefined }),
  })
  .map((p): InstanceParams => {
    const owner = p.priority === 255;
    // keepalived: nopreempt needs BACKUP and a non-owner; preempt_delay needs BACKUP and preemption;
    // an owner drops weighted trackers.
    const nopreempt = p.nopreempt && !owner && p.state === 'BACKUP';
    const preemptDelaySeconds = nopreempt || p.state === 'MASTER' ? 0 : p.preemptDelaySeconds;
    const trackWeight = owner && p.trackWeight !== undefined ? 0 : p.trackWeight;
    return { ...p, nopreempt, preemptDelaySeconds, trackWeight };
  });

function windowArbitrary(nodes: readonly string[], maxCount: number): fc.Arbitrary<Window[]> {
  return fc.array(
    fc.record({
      node: fc.constantFrom(...nodes),
      from: fc.integer({ min: 0, max: 20 * SECOND }),
      length: fc.integer({ min: 100_000, max: 10 * SECOND }),
    }).map(({ node, from, length }) => ({ node, from, until: from + length })),
    { maxLength: maxCount },
  );
}

export function scenarioArbitrary(options: { readonly maxNodes?: number; readonly instances?: 1 | 2 } = {}): fc.Arbitrary<Scenario> {
  const maxNodes = options.maxNodes ?? 3;
  return fc
    .record({
      nodeCount: fc.integer({ min: 2, max: maxNodes }),
      instanceCount: options.instances === undefined ? fc.constantFrom(1, 2) : fc.constant(options.instances),
      version: fc.constantFrom<2 | 3>(2, 3),
      advertIntSeconds: fc.constantFrom<1 | 2>(1, 2),
      syncGroup: fc.boolean(),
    })
    .chain(({ nodeCount, instanceCount, version, advertIntSeconds, syncGroup }) => {
      const names = Array.from({ length: nodeCount }, (_, i) => String.fromCharCode(97 + i));
      const node = (name: string, i: number): fc.Arbitrary<NodeParams> =>
        fc.record({
          instances: fc.array(instanceParams, { minLength: instanceCount, maxLength: instanceCount }),
          rise: fc.integer({ min: 1, max: 3 }),
          fall: fc.integer({ min: 1, max: 3 }),
        }).map((p) => ({ name, address: `192.168.100.${i + 1}`, ...p }));
      const priority = fc.oneof(fc.constantFrom(100, 150, 200), fc.integer({ min: 1, max: 254 }));
      const priorities = fc.array(priority, { minLength: instanceCount, maxLength: instanceCount });
      return fc.record({
        version: fc.constant(version),
        advertIntSeconds: fc.constant(advertIntSeconds),
        syncGroup: fc.constant(syncGroup && instanceCount === 2),
        nodes: fc.tuple(...names.map(node)),
        isolations: windowArbitrary(names, 3),
        linkDowns: windowArbitrary(names, 2),
        scriptFailures: windowArbitrary(names, 3),
        shutdowns: fc.uniqueArray(
          fc.record({ node: fc.constantFrom(...names), at: fc.integer({ min: 0, max: 25 * SECOND }) }),
          { maxLength: nodeCount - 1, selector: (s) => s.node },
        ),
        reloads: fc.array(
          fc.record({ node: fc.constantFrom(...names), at: fc.integer({ min: 0, max: 25 * SECOND }), priorities }),
          { maxLength: 2 },
        ),
      }).map(sameMembers);
    });
}

/**
 * In a sync group, every member of a node gets the node's first instance's settings. Members that
 * prefer different routers keep every group in BACKUP and the routers time out together for ever,
 * in keepalived as here (reference §2.6): a misconfiguration, not a scenario with an answer.
 */
function sameMembers(s: Scenario): Scenario {
  if (!s.syncGroup) return s;
  const same = <T>(list: readonly T[]): T[] => list.map(() => list[0] as T);
  return {
    ...s,
    nodes: s.nodes.map((n) => ({ ...n, instances: same(n.instances) })),
    reloads: s.reloads.map((r) => ({ ...r, priorities: same(r.priorities) })),
  };
}

/** The node's keepalived.conf; `priorities` replaces the instances' priorities (a reload). */
export function configText(s: Scenario, node: NodeParams, priorities?: readonly number[]): string {
  const out = ['global_defs {', `  router_id node_${node.name}`, s.version === 3 ? '  vrrp_version 3' : '', '}'];
  out.push(`vrrp_script ${SCRIPT} {`, '  script "/bin/true"', '  interval 1', `  rise ${node.rise}`, `  fall ${node.fall}`, '}');
  // keepalived refuses a sync group mixing owners and non-owners, and drops members' weighted
  // trackers, both with an error: a group's members get neither.
  if (s.syncGroup) out.push('vrrp_sync_group G {', '  group {', ...node.instances.map((_, i) => `    ${instanceNames[i] ?? ''}`), '  }', '}');
  node.instances.forEach((p, i) => {
    const configured = priorities?.[i] ?? p.priority;
    const priority = s.syncGroup ? Math.min(254, configured) : configured;
    const trackWeight = s.syncGroup && p.trackWeight !== undefined ? 0 : p.trackWeight;
    out.push(
      `vrrp_instance ${instanceNames[i] ?? ''} {`, `  state ${p.state}`, '  interface eth0', `  virtual_router_id ${51 + i}`,
      `  priority ${priority}`, `  advert_int ${s.advertIntSeconds}`,
    );
    // keepalived resets nopreempt, preempt_delay and weighted trackers of an owner, with an error;
    // a reload that lowers an owner's priority brings them back.
    const owner = priority === 255;
    if (p.nopreempt && !owner) out.push('  nopreempt');
    if (p.preemptDelaySeconds > 0 && !owner) out.push(`  preempt_delay ${p.preemptDelaySeconds}`);
    if (trackWeight !== undefined && !(owner && trackWeight !== 0)) {
      out.push('  track_script {', `    ${SCRIPT} weight ${trackWeight}`, '  }');
    }
    out.push('  virtual_ipaddress {', `    ${VIPS[i] ?? ''}`, '  }', '}');
  });
  return `${out.join('\n')}\n`;
}

function inWindow(windows: readonly Window[], node: string, at: number): boolean {
  return windows.some((w) => w.node === node && w.from <= at && at < w.until);
}

/** A Cluster with every disturbance of `s` queued; call `.runUntil()` to play it. */
export function clusterFor(s: Scenario): Cluster {
  const cluster = new Cluster(
    s.nodes.map((n) => ({ name: n.name, config: configText(s, n), address: n.address })),
    { scripts: (node, _script, at) => (inWindow(s.scriptFailures, node, at) ? 1 : 0) },
  );
  cluster.start(0);
  for (const w of s.isolations) cluster.isolateBetween(w.node, w.from, w.until);
  for (const w of s.linkDowns) {
    cluster.setLink(w.from, w.node, false);
    cluster.setLink(w.until, w.node, true);
  }
  for (const d of s.shutdowns) cluster.shutdown(d.at, d.node);
  for (const r of s.reloads) {
    const node = s.nodes.find((n) => n.name === r.node);
    if (node !== undefined) cluster.reload(r.at, r.node, configText(s, node, r.priorities));
  }
  return cluster;
}

/** The node's config as it stands at the end (after its last reload). */
export function finalConfig(s: Scenario, node: NodeParams): readonly VrrpInstance[] {
  const last = s.reloads.filter((r) => r.node === node.name).sort((a, b) => a.at - b.at).at(-1);
  return configFrom(configText(s, node, last?.priorities)).vrrp.instances;
}

/**
 * When the last disturbance is over: every window closed, every shutdown and reload done, and a
 * recovered script's rise successes counted (one run a second, plus one for the phase).
 */
export function quietFrom(s: Scenario): number {
  const ends = [
    ...s.isolations.map((w) => w.until),
    ...s.linkDowns.map((w) => w.until),
    ...s.scriptFailures.map((w) => w.until + (Math.max(...s.nodes.map((n) => n.rise)) + 1) * SECOND),
    ...s.shutdowns.map((d) => d.at),
    ...s.reloads.map((r) => r.at),
  ];
  return Math.max(0, ...ends);
}

// --- inputs to one running node -------------------------------------------------------------------

/** The node that property tests drive alone has the first node's address. */
export const OWN_ADDRESS = '192.168.100.1';
const PEERS = ['192.168.100.2', '192.168.100.3', '10.9.9.9'];

/**
 * One input for a node driven alone. 'due': its earliest armed timer fires; 'reload': ConfigLoaded
 * with the scenario's second node's config; 'rename': the same with every instance renamed (VI_ → VX_).
 */
export type NodeInput = Event | 'due' | 'reload' | 'rename';

export interface NodeStep {
  /** µs after the previous input. */
  readonly advance: number;
  readonly input: NodeInput;
}

function advertEvent(advert: { version: 2 | 3; vrid: number; priority: number; addresses: string[]; interval: number; source: string; destination: string }): AdvertReceived {
  const { version, vrid, priority, addresses, interval, source, destination } = advert;
  const packet: VrrpPacket = version === 2
    ? { version, type: 1, addressFamily: 'inet', vrid, priority, addresses, authType: VrrpAuth.none, authData: new Uint8Array(8), advertIntervalSeconds: interval }
    : { version, type: 1, addressFamily: 'inet', vrid, priority, addresses, maxAdvertIntervalCentis: interval * 100 };
  const payload = encodeVrrp(packet, { source, destination });
  return {
    kind: 'AdvertReceived', interface: 'eth0', family: 'inet', source, destination, ttlOrHopLimit: 255, payload,
    ipHeaderLength: 20, ipTotalLength: 20 + payload.length, ipProtocol: 112,
  };
}

/** Adverts a peer of scenario `s` would send (any priority, 0 included), and odd or damaged ones. */
function advertArbitrary(s: Scenario): fc.Arbitrary<Event> {
  const priority = fc.oneof(fc.constantFrom(0, 1, 100, 150, 254, 255), fc.integer({ min: 0, max: 255 }));
  const valid = fc.record({ index: fc.constantFrom(0, 1), priority, source: fc.constantFrom(...PEERS, OWN_ADDRESS) }).map(({ index, priority: p, source }) =>
    advertEvent({ version: s.version, vrid: 51 + index, priority: p, addresses: vipsOf(index), interval: s.advertIntSeconds, source, destination: '224.0.0.18' }),
  );
  const odd = fc.record({
    version: fc.constantFrom<2 | 3>(2, 3),
    vrid: fc.oneof(fc.constantFrom(51, 52), fc.integer({ min: 0, max: 255 })),
    priority,
    addresses: fc.subarray(['192.168.100.10', '192.168.100.11', '10.1.2.3']),
    interval: fc.integer({ min: 0, max: 3 }),
    source: fc.constantFrom(OWN_ADDRESS, ...PEERS),
    destination: fc.constantFrom('224.0.0.18', OWN_ADDRESS, '224.0.0.19'),
    ttl: fc.integer({ min: 0, max: 255 }),
    iface: fc.constantFrom('eth0', 'eth1'),
    damage: fc.option(fc.record({ index: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { nil: undefined }),
  }).map(({ ttl, iface, damage, ...advert }): Event => {
    const e = advertEvent(advert);
    const payload = e.payload.slice();
    if (damage !== undefined) payload[damage.index % payload.length] = damage.value;
    return { ...e, interface: iface, ttlOrHopLimit: ttl, payload };
  });
  return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: odd });
}

const timerIds = ['vrrp:VI_1', 'vrrp:VI_2', 'garp:VI_1', 'garp-lower:VI_1', `script:${SCRIPT}`, 'vrrp:', 'script:', 'garp:nope', 'bogus'];

/** Events aimed at the node's own names, addresses and timers, so that they reach the rules. */
function targetedEvent(s: Scenario): fc.Arbitrary<Event> {
  return fc.oneof(
    { weight: 8, arbitrary: advertArbitrary(s) },
    { weight: 2, arbitrary: fc.constantFrom(...timerIds).map((timer): Event => ({ kind: 'TimerFired', timer })) },
    { weight: 2, arbitrary: fc.record({ iface: fc.constantFrom('eth0', 'eth1'), exists: fc.boolean(), up: fc.boolean(), running: fc.boolean() })
      .map(({ iface, exists, up, running }): Event => ({ kind: 'LinkChanged', interface: iface, index: 2, exists, up, running })) },
    { weight: 2, arbitrary: fc.record({ address: fc.constantFrom(OWN_ADDRESS, '192.168.100.10', '192.168.100.9'), present: fc.boolean() })
      .map(({ address, present }): Event => ({ kind: 'AddressChanged', interface: 'eth0', family: 'inet', address, prefixLength: 24, present })) },
    { weight: 3, arbitrary: fc.record({ outcome: fc.constantFrom<ScriptOutcome>('exited', 'exited', 'signalled', 'timedOut', 'failedToStart'), status: fc.constantFrom(0, 0, 1, 9) })
      .map(({ outcome, status }): Event => ({ kind: 'ScriptResult', script: SCRIPT, outcome, status })) },
    { weight: 2, arbitrary: fc.record({
      effect: fc.oneof(fc.constant<Effect>({ kind: 'LoadConfig' }), effectArbitraries.AddAddress, effectArbitraries.SendAdvert, effectArbitraries.RunScript),
      ok: fc.boolean(),
      error: fc.constantFrom('EEXIST', 'EPERM', 'ENODEV', "keepalived.conf:3: unknown keyword 'x'"),
    }).map(({ effect, ok, error }): Event => ({ kind: 'EffectResult', effect, ok, error })) },
    { weight: 1, arbitrary: eventArbitraries.ConfigLoaded },
    { weight: 1, arbitrary: fc.constant<Event>({ kind: 'ShutdownRequested', signal: 'SIGTERM' }) },
    { weight: 1, arbitrary: fc.constant<Event>({ kind: 'ReloadRequested' }) },
  );
}

/** Up to 150 inputs: targeted events, timers firing when due, reloads, and any Event at all. */
export function nodeInputs(s: Scenario): fc.Arbitrary<NodeStep[]> {
  const input = fc.oneof(
    { weight: 10, arbitrary: targetedEvent(s) },
    { weight: 8, arbitrary: fc.constant<NodeInput>('due') },
    { weight: 2, arbitrary: fc.oneof(...Object.values(eventArbitraries) as fc.Arbitrary<NodeInput>[]) },
    { weight: 1, arbitrary: fc.constantFrom<NodeInput>('reload', 'rename') },
  );
  const advance = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 * SECOND }));
  return fc.array(fc.record({ advance, input }), { maxLength: 150, size: 'max' });
}
