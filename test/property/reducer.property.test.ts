// The reducer (core/reducer) against whole scenarios: arbitrary input never throws, the same input
// gives the same effects byte for byte, VIPs are held exactly while MASTER, the reducer's idea of its
// master-down timer matches the timers actually armed, and after the last disturbance the routers
// converge to one MASTER (issue 3 "Done means"; reference keepalived.md §2.3, §2.4).
// A failure prints fast-check's { seed, path } and the scenario, which replay it exactly.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { VrrpInstance } from '../../core/config/vrrp/model.js';
import { encodeEffect, type Effect, type Event } from '../../core/events/index.js';
import { initialState, reduce } from '../../core/reducer/reduce.js';
import type { VigilState } from '../../core/reducer/state.js';
import { configLoaded, type Cluster, type Delivered, type Recorded } from '../support/cluster.js';
import {
  clusterFor, configText, finalConfig, instanceNames, nodeInputs, OWN_ADDRESS, quietFrom, scenarioArbitrary, vipsOf,
  type NodeParams, type Scenario,
} from '../support/scenario-arbitraries.js';

const SECOND = 1_000_000;

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function encoded(effect: Effect): string {
  try {
    return hex(encodeEffect(effect));
  } catch (err) {
    throw new Error(`effect cannot be journaled: ${JSON.stringify(effect)}`, { cause: err });
  }
}

// --- 1. arbitrary events against a running node -------------------------------------------------

interface Driven {
  state: VigilState;
  at: number;
  readonly timers: Map<string, number>;
}

function step(d: Driven, at: number, event: Event): readonly Effect[] {
  d.at = at;
  const out = reduce(d.state, { at, event });
  d.state = out.state;
  for (const e of out.effects) {
    if (e.kind === 'ScheduleTimer') d.timers.set(e.timer, e.atMicros);
    if (e.kind === 'CancelTimer') d.timers.delete(e.timer);
  }
  return out.effects;
}

function dueTimer(d: Driven): { readonly timer: string; readonly at: number } | undefined {
  let due: { timer: string; at: number } | undefined;
  for (const [timer, at] of d.timers) if (due === undefined || at < due.at) due = { timer, at };
  return due;
}

// --- 3, 4. invariants checked after every delivered event ---------------------------------------

function checkVipsHeldExactlyWhileMaster(cluster: Cluster, d: Delivered): void {
  for (const [name, n] of cluster.nodes) {
    for (const inst of n.state.instances) {
      const master = inst.state === 'master';
      const where = `node ${name} ${inst.config.name} (${inst.state}) at ${d.at} after ${d.node}'s ${d.event.kind}`;
      assert.equal(inst.vipsSet, master, `vipsSet ${inst.vipsSet}: ${where}`);
      const index = instanceNames.findIndex((n) => n === inst.config.name);
      assert.ok(index >= 0, `no such scenario instance: ${where}`);
      for (const vip of vipsOf(index)) {
        assert.equal(n.held.has(vip), master, `VIP ${vip} held ${n.held.has(vip)}: ${where}`);
      }
    }
  }
}

function checkTimersAgree(cluster: Cluster, d: Delivered): void {
  for (const [name, n] of cluster.nodes) {
    const where = `node ${name} at ${d.at} after ${d.node}'s ${d.event.kind}`;
    for (const [timer, deadline] of n.timers) {
      if (!timer.startsWith('vrrp:')) continue;
      const inst = n.state.instances.find((i) => `vrrp:${i.config.name}` === timer);
      assert.ok(inst !== undefined, `driver holds ${timer} for no instance: ${where}`);
      assert.equal(inst.armedAt, deadline, `${timer} armed for ${deadline}, reducer says ${inst.armedAt}: ${where}`);
    }
    for (const inst of n.state.instances) {
      if (inst.armedAt === undefined) continue;
      assert.equal(n.timers.get(`vrrp:${inst.config.name}`), inst.armedAt, `${inst.config.name} thinks it is armed for ${inst.armedAt}: ${where}`);
    }
  }
}

// --- 5. convergence ------------------------------------------------------------------------------

/** keepalived effective priority with every script up (reference §2.5): base + positive weights, 1..254. */
function expectedPriority(c: VrrpInstance): number {
  if (c.priority === 255) return 255;
  const up = c.trackers.filter((t) => t.kind === 'script' && t.weight > 0 && !t.reverse).reduce((sum, t) => sum + t.weight, 0);
  return Math.min(254, Math.max(1, c.priority + up));
}

/**
 * Time from the last disturbance to the settled election: a Master_Down_Interval (3 × advert_int +
 * skew < 1 s) and a second's margin. A preempt_delay D starts at the first lower advert, which may
 * come only once a master has emerged (one down interval); then D, the next advert, and the
 * preempting backup's own down interval (reference §2.4).
 */
function convergenceWindow(s: Scenario, configs: readonly VrrpInstance[]): number {
  const interval = s.advertIntSeconds * SECOND;
  const downInterval = 3 * interval + SECOND;
  const delay = Math.max(0, ...configs.map((c) => c.preemptDelayMicros));
  return delay === 0 ? downInterval + SECOND : 2 * downInterval + delay + interval + SECOND;
}

interface Candidate {
  readonly node: NodeParams;
  readonly config: VrrpInstance;
  readonly expected: number;
}

function checkOneRightfulMaster(cluster: Cluster, s: Scenario, live: readonly NodeParams[], index: number, when: string): void {
  const name = instanceNames[index] ?? '';
  const candidates: Candidate[] = live.map((node) => {
    const config = finalConfig(s, node)[index];
    if (config === undefined) throw new Error(`node ${node.name} has no ${name}`);
    return { node, config, expected: expectedPriority(config) };
  });
  const runtime = (c: Candidate) => cluster.node(c.node.name).state.instances[index];
  const picture = candidates.map((c) => `${c.node.name}:${runtime(c)?.state}/${runtime(c)?.effectivePriority} (expected ${c.expected}${c.config.nopreempt ? ', nopreempt' : ''})`).join(', ');
  const masters = candidates.filter((c) => runtime(c)?.state === 'master');
  assert.equal(masters.length, 1, `${name} ${when}: ${masters.length} masters: ${picture}`);
  // Two address owners (ever, shut down or not) are a configuration error: one backs off to 254
  // (reference §2.3), and who does depends on timing.
  if (s.nodes.filter((n) => n.instances[index]?.priority === 255).length > 1) return;
  for (const c of candidates) assert.equal(runtime(c)?.effectivePriority, c.expected, `${name} ${when}: effective priority of ${c.node.name}: ${picture}`);
  const [master] = masters;
  if (master === undefined) return;
  // A BACKUP that may preempt takes over from any lower master; an equal one never does (§2.3).
  const usurper = candidates.find((c) => c.expected > master.expected && !c.config.nopreempt);
  assert.equal(usurper, undefined, `${name} ${when}: ${master.node.name} is MASTER but ${usurper?.node.name} would preempt it: ${picture}`);
}

// --- the properties ------------------------------------------------------------------------------

function transcript(recorded: readonly Recorded[]): string[] {
  return recorded.map((r) => `${r.at} ${r.node} ${encoded(r.effect)}`);
}

function run(s: Scenario, until: number, observe?: (cluster: Cluster, d: Delivered) => void): Cluster {
  const cluster = clusterFor(s);
  if (observe !== undefined) cluster.observe((d) => { observe(cluster, d); });
  return cluster.runUntil(until);
}

const endOf = (s: Scenario): number => quietFrom(s) + 15 * SECOND;

/** Checked when the election should have settled after the last disturbance, and 10 s later. */
function checkConvergence(s: Scenario): void {
  const live = s.nodes.filter((n) => !s.shutdowns.some((d) => d.node === n.name));
  const settled = quietFrom(s) + convergenceWindow(s, live.flatMap((n) => finalConfig(s, n)));
  const cluster = run(s, settled);
  const count = s.nodes[0]?.instances.length ?? 0;
  for (let i = 0; i < count; i++) checkOneRightfulMaster(cluster, s, live, i, `at ${settled} (quiet from ${quietFrom(s)})`);
  cluster.runUntil(settled + 10 * SECOND);
  for (let i = 0; i < count; i++) checkOneRightfulMaster(cluster, s, live, i, `10 s later (${settled + 10 * SECOND})`);
  if (s.syncGroup) {
    // reference §2.6: a group is MASTER as a whole, so every VRID's master is the same router.
    const holders = live.filter((n) => cluster.node(n.name).state.instances.some((i) => i.state === 'master')).map((n) => n.name);
    assert.equal(holders.length, 1, `sync group masters on ${holders.join(', ')}`);
  }
  // Settled means settled: no instance changes state any more (a flapping pair would).
  const later = cluster.recorded.filter((r) => r.at > settled && r.effect.kind === 'Transition');
  assert.deepStrictEqual(later, [], `transitions after the election settled at ${settled}`);
}

describe('reducer properties', () => {
  it('arbitrary events to a running node never throw, and every effect can be journaled', () => {
    const scenarioAndInputs = scenarioArbitrary({ maxNodes: 2 }).chain((s) => fc.tuple(fc.constant(s), nodeInputs(s)));
    fc.assert(fc.property(scenarioAndInputs, ([s, steps]) => {
      const [first, second] = s.nodes as [NodeParams, NodeParams];
      const reloaded = configText(s, { ...second, name: first.name });
      const d: Driven = { state: initialState, at: 0, timers: new Map() };
      const boot: Event[] = [
        { kind: 'LinkChanged', interface: 'eth0', index: 2, exists: true, up: true, running: true },
        { kind: 'AddressChanged', interface: 'eth0', family: 'inet', address: OWN_ADDRESS, prefixLength: 24, present: true },
        configLoaded(configText(s, first), 'digest-1'),
      ];
      for (const e of boot) for (const effect of step(d, 0, e)) encoded(effect);
      for (const { advance, input } of steps) {
        let at = d.at + advance;
        let event: Event;
        if (input === 'due') {
          const due = dueTimer(d);
          if (due === undefined) continue;
          d.timers.delete(due.timer);
          at = Math.max(d.at, due.at);
          event = { kind: 'TimerFired', timer: due.timer };
        } else if (input === 'reload' || input === 'rename') {
          event = configLoaded(input === 'reload' ? reloaded : reloaded.replaceAll('VI_', 'VX_'), `digest-${input}`);
        } else {
          event = input;
        }
        for (const effect of step(d, at, event)) encoded(effect);
      }
    }), { numRuns: 300, includeErrorInReport: true });
  });

  it('the same scenario gives the same effects, byte for byte, and each node replays alone to them', () => {
    fc.assert(fc.property(scenarioArbitrary(), (s) => {
      const inputs = new Map<string, { at: number; event: Event }[]>();
      const first = run(s, endOf(s), (_c, d) => {
        const list = inputs.get(d.node) ?? [];
        list.push({ at: d.at, event: d.event });
        inputs.set(d.node, list);
      });
      const again = run(s, endOf(s));
      const expected = transcript(first.recorded);
      assert.deepStrictEqual(transcript(again.recorded), expected);
      for (const [node, events] of inputs) {
        let state = initialState;
        const replayed: Recorded[] = [];
        for (const { at, event } of events) {
          const out = reduce(state, { at, event });
          state = out.state;
          for (const effect of out.effects) replayed.push({ at, node, effect });
        }
        assert.deepStrictEqual(transcript(replayed), transcript(first.recorded.filter((r) => r.node === node)), `node ${node} replayed alone`);
      }
    }), { numRuns: 60, includeErrorInReport: true });
  });

  it('VIPs are held exactly while MASTER, after every event', () => {
    fc.assert(fc.property(scenarioArbitrary(), (s) => {
      run(s, endOf(s), checkVipsHeldExactlyWhileMaster);
    }), { numRuns: 250, includeErrorInReport: true });
  });

  it('the driver holds at most one master-down timer per instance, the one the reducer armed', () => {
    fc.assert(fc.property(scenarioArbitrary(), (s) => {
      run(s, endOf(s), checkTimersAgree);
    }), { numRuns: 250, includeErrorInReport: true });
  });

  it('after the last disturbance, one MASTER per VRID, the one keepalived would elect', () => {
    fc.assert(fc.property(scenarioArbitrary(), checkConvergence), { numRuns: 300, includeErrorInReport: true });
  });

  it('two address owners leave one MASTER within the window (a counterexample the convergence property found)', () => {
    const owner = { priority: 255, state: 'BACKUP', nopreempt: false, preemptDelaySeconds: 0, trackWeight: undefined } as const;
    const node = (name: string, address: string): NodeParams => ({ name, address, instances: [owner], rise: 1, fall: 1 });
    // Both owners back off to 254 at once and leave no MASTER for a whole Master_Down_Interval;
    // keepalived backs off only the side with the lower address (reference §2.3).
    checkConvergence({
      version: 2, advertIntSeconds: 1, syncGroup: false, nodes: [node('a', '192.168.100.1'), node('b', '192.168.100.2')],
      isolations: [], linkDowns: [], scriptFailures: [], shutdowns: [], reloads: [],
    });
  });
});
