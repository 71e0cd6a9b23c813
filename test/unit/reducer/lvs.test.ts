// The checker side through the real reducer: a keepalived.conf with a vrrp_instance and a
// virtual_server, driven by the events the daemon journals (ConfigLoaded, IpvsTableRead,
// TimerFired check:…, CheckResult, AddressChanged, ShutdownRequested). Reference keepalived.md
// §4.7; keepalived main.c start_keepalived, ipwrapper.c, check_api.c.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRecord, encodeRecord, type Effect, type Event, type IpvsServiceEntry, type Record as JournalRecord } from '../../../core/events/index.js';
import { lvsShutdown, type CheckerRuntime } from '../../../core/lvs/index.js';
import { reduce } from '../../../core/reducer/reduce.js';
import { lookupChecker } from '../../../core/reducer/lvs.js';
import type { VigilState } from '../../../core/reducer/state.js';
import { configForSubsystems, runningSubsystems, subsystemsFromFlags } from '../../../core/reducer/subsystems.js';
import { restoreState, snapshotState } from '../../../core/snapshot/state-snapshot.js';
import { isInput, replay } from '../../../replay/verify/replay.js';
import { instanceConfig } from '../../support/cluster.js';
import { configFrom, TEST_CONFIG_PATH } from '../../support/config.js';
import { ofKind, TestNode } from '../../support/node.js';
import { ipvs, logs, timers } from '../lvs/support.js';

const SECOND = 1_000_000;
const VS = '[192.168.100.10]:tcp:80';
const RS1 = '[10.0.0.11]:tcp:8080';
const C1 = `${VS}|[10.0.0.11]:8080|0`;
const C2 = `${VS}|[10.0.0.12]:8080|0`;

/** VI_1 (priority 150, VIP 192.168.100.10) and a virtual server on the VIP with two real servers. */
function lvsConfig(o: { readonly rs1?: string; readonly vs?: string; readonly global?: string } = {}): string {
  return `${instanceConfig({ priority: 150, ...(o.global === undefined ? {} : { global: o.global }) })}virtual_server 192.168.100.10 80 {
  delay_loop 10
  lvs_sched rr
  lvs_method NAT
  protocol TCP
  ${o.vs ?? ''}
  real_server 10.0.0.11 8080 {
    ${o.rs1 ?? ''}
    TCP_CHECK {
      warmup 0
      retry 1
      delay_before_retry 2
    }
  }
  real_server 10.0.0.12 8080 {
    TCP_CHECK {
      warmup 0
    }
  }
}
`;
}

const tableRead = (services: readonly IpvsServiceEntry[] = []): Event => ({ kind: 'IpvsTableRead', services, ok: true, error: '' });
const isIpvs = (e: Effect): boolean => e.kind.startsWith('Ipvs') || e.kind === 'ReadIpvsTable';

function checker(n: TestNode, id: string): CheckerRuntime {
  const found = lookupChecker(n.state, id);
  if (found === undefined) throw new Error(`no checker ${id}`);
  return found.checker;
}

/** The checker's timer at its armed time, then its result at the same time: the effects of both. */
function check(n: TestNode, id: string, ok: boolean): Effect[] {
  const at = checker(n, id).armedAt;
  if (at === undefined) throw new Error(`${id} is not armed`);
  const fired = n.send(at, { kind: 'TimerFired', timer: `check:${id}` });
  return [...fired, ...n.send(at, { kind: 'CheckResult', checker: id, ok, detail: ok ? '' : `TCP connection to ${RS1} timedout.` })];
}

/** Booted, the kernel's table read (empty) and both checkers passed once. */
function running(text = lvsConfig()): TestNode {
  const n = new TestNode(text);
  n.boot(0);
  n.send(1000, tableRead());
  check(n, C1, true);
  check(n, C2, true);
  return n;
}

describe('LVS in the reducer: start-up', () => {
  it('the first ConfigLoaded reads the kernel table after VRRP has started; nothing is programmed before the answer', () => {
    const n = new TestNode(lvsConfig());
    const effects = n.boot(0);
    const read = effects.findIndex((e) => e.kind === 'ReadIpvsTable');
    assert.ok(read > 0, 'ReadIpvsTable goes out');
    assert.ok(effects.slice(0, read).some((e) => e.kind === 'ScheduleTimer' && e.timer === 'vrrp:VI_1'), 'VRRP first');
    assert.deepEqual(ipvs(effects), [], 'no IPVS command before the table is known');
    assert.deepEqual(
      logs(effects.slice(read)),
      [
        `Gained quorum 1+0=1 <= 2 for VS ${VS}`,
        `Activating healthchecker for service ${RS1} for VS ${VS}`,
        `Activating healthchecker for service [10.0.0.12]:tcp:8080 for VS ${VS}`,
      ],
    );
    assert.deepEqual(timers(effects.slice(read)), [`check:${C1}@${SECOND}`, `check:${C2}@${SECOND}`], 'BOOTSTRAP_DELAY, warmup 0');
    assert.equal(n.state.lvs?.phase, 'reading');
  });

  it('an empty table read adds the service and both real servers', () => {
    const n = new TestNode(lvsConfig());
    n.boot(0);
    const effects = n.send(1000, tableRead());
    assert.deepEqual(ipvs(effects), [
      'add-service TCP 192.168.100.10:80',
      'add-dest TCP 192.168.100.10:80 10.0.0.11:8080 w1',
      'add-dest TCP 192.168.100.10:80 10.0.0.12:8080 w1',
    ]);
    assert.equal(n.state.lvs?.phase, 'running');
    assert.deepEqual(ipvs(n.send(2000, tableRead(n.state.lvs.virtualServers[0]?.installed ?? []))), [], 'a table that matches needs nothing');
  });

  it('lvs_flush flushes instead of reading, and programs at once', () => {
    const n = new TestNode(lvsConfig({ global: 'lvs_flush' }));
    const effects = n.boot(0);
    assert.ok(!effects.some((e) => e.kind === 'ReadIpvsTable'));
    assert.deepEqual(ipvs(effects), ['flush', 'add-service TCP 192.168.100.10:80', 'add-dest TCP 192.168.100.10:80 10.0.0.11:8080 w1', 'add-dest TCP 192.168.100.10:80 10.0.0.12:8080 w1']);
  });

  it('a VRRP-only config has no LVS state and emits no LVS effect', () => {
    const n = new TestNode(instanceConfig({ priority: 150 }));
    const effects = n.boot(0);
    assert.equal(n.state.lvs, undefined);
    assert.deepEqual(effects.filter(isIpvs), []);
    assert.deepEqual(n.send(SECOND, { kind: 'TimerFired', timer: `check:${C1}` }), []);
    assert.deepEqual(n.send(SECOND, { kind: 'CheckResult', checker: C1, ok: true, detail: '' }), []);
    assert.deepEqual(n.send(SECOND, tableRead()), []);
    const stop = n.send(2 * SECOND, { kind: 'ShutdownRequested', signal: 'SIGTERM' });
    assert.deepEqual(stop.filter(isIpvs), []);
  });
});

describe('LVS in the reducer: checkers', () => {
  it('a check timer sends RunCheck and nothing else', () => {
    const n = new TestNode(lvsConfig());
    n.boot(0);
    n.send(1000, tableRead());
    const effects = n.send(SECOND, { kind: 'TimerFired', timer: `check:${C1}` });
    assert.deepEqual(effects, [{ kind: 'RunCheck', checker: C1 }]);
    assert.equal(checker(n, C1).running, true);
  });

  it('a check timer nobody armed, or of a checker the config does not have, is ignored', () => {
    const n = new TestNode(lvsConfig());
    n.boot(0);
    const before = n.state;
    assert.deepEqual(n.send(SECOND / 2, { kind: 'TimerFired', timer: `check:${VS}|[10.0.0.99]:8080|0` }), []);
    assert.equal(n.state, before);
    check(n, C1, true);
    const armed = checker(n, C1).armedAt ?? 0;
    assert.deepEqual(n.send(armed - 1, { kind: 'TimerFired', timer: `check:${C1}` }), [{ kind: 'ScheduleTimer', timer: `check:${C1}`, atMicros: armed }], 'early: armed again');
  });

  it('failures past retry take the server out with keepalived\'s lines; a success brings it back', () => {
    const n = running();
    const first = check(n, C1, false);
    assert.deepEqual(ipvs(first), [], 'retry 1: the first failure is retried');
    assert.deepEqual(timers(first).at(-1), `check:${C1}@${11 * SECOND + 2 * SECOND}`, 'after delay_before_retry');
    const down = check(n, C1, false);
    assert.deepEqual(logs(down), [`TCP_CHECK on service ${RS1} failed after 1 retries.`, `Removing service ${RS1} from VS ${VS}`]);
    assert.deepEqual(ipvs(down), ['del-dest TCP 192.168.100.10:80 10.0.0.11:8080']);
    assert.deepEqual(ofKind(down, 'IpvsDeleteDest')[0]?.dest, { family: 'inet', address: '10.0.0.11', port: 8080, forwarding: 'NAT', weight: 1, upperThreshold: 0, lowerThreshold: 0 });
    const up = check(n, C1, true);
    assert.deepEqual(logs(up), [`TCP connection to ${RS1} success.`, `Adding service ${RS1} to VS ${VS}`]);
    assert.deepEqual(ipvs(up), ['add-dest TCP 192.168.100.10:80 10.0.0.11:8080 w1']);
  });

  it('inhibit_on_failure keeps a failed server at weight 0', () => {
    const n = running(lvsConfig({ rs1: 'inhibit_on_failure' }));
    check(n, C1, false);
    const down = check(n, C1, false);
    assert.deepEqual(logs(down), [`TCP_CHECK on service ${RS1} failed after 1 retries.`, `Disabling service ${RS1} of VS ${VS}`]);
    assert.deepEqual(ipvs(down), ['update-dest TCP 192.168.100.10:80 10.0.0.11:8080 w0']);
    assert.deepEqual(ipvs(check(n, C1, true)), ['update-dest TCP 192.168.100.10:80 10.0.0.11:8080 w1']);
  });

  it('verdicts before the table is read change no kernel; the read then programs what they decided', () => {
    const n = new TestNode(lvsConfig());
    n.boot(0);
    const down = check(n, C1, false);
    assert.deepEqual(logs(down), [`TCP_CHECK on service ${RS1} failed.`, `Removing service ${RS1} from VS ${VS}`]);
    assert.deepEqual(ipvs(down), []);
    assert.deepEqual(ipvs(n.send(SECOND + 10, tableRead())), ['add-service TCP 192.168.100.10:80', 'add-dest TCP 192.168.100.10:80 10.0.0.12:8080 w1']);
  });
});

describe('LVS in the reducer: reload and shutdown', () => {
  it('a reload with the same config changes nothing in the kernel and relaunches the checkers', () => {
    const n = running();
    check(n, C1, false);
    check(n, C1, false);
    const effects = n.load(30 * SECOND, lvsConfig());
    assert.deepEqual(effects.filter(isIpvs), []);
    assert.deepEqual(timers(effects).filter((t) => t.startsWith('check:')), [`check:${C1}@${31 * SECOND}`, `check:${C2}@${31 * SECOND}`]);
    assert.equal(n.state.lvs?.virtualServers[0]?.realServers[0]?.alive, false, 'the failed server stays out');
  });

  it('a reload that adds a virtual_server to a VRRP-only config starts the checker side', () => {
    const n = new TestNode(instanceConfig({ priority: 150 }));
    n.boot(0);
    const effects = n.load(5 * SECOND, lvsConfig());
    assert.ok(effects.some((e) => e.kind === 'ReadIpvsTable'));
    assert.equal(n.state.lvs?.virtualServers.length, 1);
  });

  it('a reload without the virtual_server removes its service', () => {
    const n = running();
    const effects = n.load(30 * SECOND, instanceConfig({ priority: 150 }));
    assert.deepEqual(ipvs(effects), ['del-service TCP 192.168.100.10:80']);
    assert.deepEqual(timers(effects).filter((t) => t.includes('check:')), [`cancel check:${C1}`, `cancel check:${C2}`]);
    assert.deepEqual(n.state.lvs?.virtualServers, []);
  });

  it('SIGTERM: VRRP stops, then lvsShutdown\'s effects, then Exit', () => {
    const n = running();
    n.runToDeadline();
    assert.equal(n.instance().state, 'master');
    const at = 20 * SECOND;
    const lvs = n.state.lvs;
    assert.ok(lvs !== undefined);
    const expected: Effect[] = [];
    lvsShutdown(lvs, at, expected);
    const effects = n.send(at, { kind: 'ShutdownRequested', signal: 'SIGTERM' });
    assert.deepEqual(effects.slice(-expected.length - 1), [...expected, { kind: 'Exit', code: 0 }]);
    assert.deepEqual(n.logs(effects).slice(0, 2), ['Stopping (SIGTERM)', '(VI_1) sent 0 priority'], 'VRRP first');
    assert.deepEqual(ipvs(expected), ['del-dest TCP 192.168.100.10:80 10.0.0.11:8080', 'del-dest TCP 192.168.100.10:80 10.0.0.12:8080', 'del-service TCP 192.168.100.10:80']);
    assert.ok(logs(expected).includes(`Shutting down service ${RS1} from VS ${VS}`));
    assert.equal(n.state.lvs?.phase, 'stopped');
  });
});

describe('LVS in the reducer: ha_suspend follows the host\'s addresses', () => {
  const vip = (present: boolean): Event => ({ kind: 'AddressChanged', interface: 'eth0', family: 'inet', address: '192.168.100.10', prefixLength: 24, present });

  it('checkers run only while the virtual server\'s address is local', () => {
    const n = new TestNode(lvsConfig({ vs: 'ha_suspend' }));
    const start = n.boot(0);
    assert.ok(logs(start).includes(`Deactivating healthchecker for service ${RS1} for VS ${VS}`));
    n.send(1000, tableRead());
    const idle = n.send(SECOND, { kind: 'TimerFired', timer: `check:${C1}` });
    assert.deepEqual(idle, [{ kind: 'ScheduleTimer', timer: `check:${C1}`, atMicros: 11 * SECOND }], 'suspended: no RunCheck');
    const up = n.send(2 * SECOND, vip(true));
    assert.deepEqual(logs(up), [`Activating healthchecker for service ${RS1} for VS ${VS}`, `Activating healthchecker for service [10.0.0.12]:tcp:8080 for VS ${VS}`]);
    assert.deepEqual(n.send(3 * SECOND, vip(true)), [], 'the same address again changes nothing');
    assert.deepEqual(n.send(11 * SECOND, { kind: 'TimerFired', timer: `check:${C1}` }), [{ kind: 'RunCheck', checker: C1 }]);
    const down = n.send(12 * SECOND, vip(false));
    assert.deepEqual(logs(down).filter((l) => l.includes('healthchecker')), [`Suspending healthchecker for service ${RS1} for VS ${VS}`, `Suspending healthchecker for service [10.0.0.12]:tcp:8080 for VS ${VS}`]);
  });

  it('an address already on the host at start leaves the checkers active', () => {
    const n = new TestNode(lvsConfig({ vs: 'ha_suspend' }));
    n.send(0, vip(true));
    const start = n.boot(0);
    assert.ok(logs(start).includes(`Activating healthchecker for service ${RS1} for VS ${VS}`));
    assert.equal(checker(n, C1).enabled, true);
  });
});

describe('LVS in the reducer: -P and -C', () => {
  const load = (text: string, vrrpOnly: boolean, checkOnly: boolean): TestNode => {
    const n = new TestNode(text);
    n.send(0, { kind: 'LinkChanged', interface: 'eth0', index: 2, exists: true, up: true, running: true });
    const config = configForSubsystems(configFrom(text), subsystemsFromFlags(vrrpOnly, checkOnly));
    n.send(0, { kind: 'ConfigLoaded', mainFile: TEST_CONFIG_PATH, files: [{ path: TEST_CONFIG_PATH, text }], digest: 'test', config });
    return n;
  };

  it('-P runs VRRP alone', () => {
    const n = load(lvsConfig(), true, false);
    assert.deepEqual(runningSubsystems(n.state), { vrrp: true, checkers: false });
    assert.deepEqual(n.history.map((h) => h.effect).filter(isIpvs), []);
  });

  it('-C runs the checkers alone: no VRRP timer, no advert', () => {
    const n = load(lvsConfig(), false, true);
    assert.deepEqual(runningSubsystems(n.state), { vrrp: false, checkers: true });
    const effects = n.history.map((h) => h.effect);
    assert.ok(effects.some((e) => e.kind === 'ReadIpvsTable'));
    assert.ok(!effects.some((e) => e.kind === 'ScheduleTimer' && e.timer.startsWith('vrrp:')));
  });

  it('both flags, or none, run everything', () => {
    assert.deepEqual(runningSubsystems(load(lvsConfig(), true, true).state), { vrrp: true, checkers: true });
    assert.deepEqual(runningSubsystems(load(lvsConfig(), false, false).state), { vrrp: true, checkers: true });
  });
});

/** A run through start, table read, checks, MASTER, failures, a reload, BACKUP and SIGTERM. */
function scenario(): { inputs: { at: number; event: Event }[]; states: VigilState[]; effects: (readonly Effect[])[] } {
  const n = new TestNode(lvsConfig({ vs: 'ha_suspend', rs1: 'inhibit_on_failure' }));
  const inputs: { at: number; event: Event }[] = [];
  const states: VigilState[] = [];
  const effects: (readonly Effect[])[] = [];
  const send = n.send.bind(n);
  n.send = (at: number, event: Event): readonly Effect[] => {
    const out = send(at, event);
    inputs.push({ at, event });
    states.push(n.state);
    effects.push(out);
    return out;
  };
  n.boot(0);
  n.send(1000, tableRead());
  n.send(SECOND, { kind: 'TimerFired', timer: `check:${C1}` });
  n.runToDeadline();
  n.send(4 * SECOND, { kind: 'AddressChanged', interface: 'eth0', family: 'inet', address: '192.168.100.10', prefixLength: 24, present: true });
  check(n, C1, true);
  check(n, C2, true);
  n.send(11 * SECOND + 10, { kind: 'TimerFired', timer: `check:${C1}` });
  n.load(12 * SECOND, lvsConfig({ vs: 'ha_suspend', rs1: 'inhibit_on_failure' }));
  n.send(12 * SECOND + 50, { kind: 'CheckResult', checker: C1, ok: false, detail: '' });
  check(n, C1, false);
  check(n, C1, false);
  n.advert(30 * SECOND, { priority: 200, source: '192.168.100.3' });
  n.send(30 * SECOND, { kind: 'AddressChanged', interface: 'eth0', family: 'inet', address: '192.168.100.10', prefixLength: 24, present: false });
  check(n, C2, false);
  n.send(50 * SECOND, { kind: 'ShutdownRequested', signal: 'SIGTERM' });
  return { inputs, states, effects };
}

describe('LVS in the reducer: snapshots (the determinism contract)', () => {
  it('the scenario exercises every part of the LVS state', () => {
    const { states, effects } = scenario();
    const all = effects.flat();
    for (const kind of ['ReadIpvsTable', 'IpvsAddService', 'IpvsAddDest', 'IpvsUpdateDest', 'IpvsDeleteService', 'RunCheck', 'Exit'] as const) {
      assert.ok(all.some((e) => e.kind === kind), kind);
    }
    assert.ok(states.some((s) => s.lvs?.virtualServers[0]?.local === true));
    assert.ok(states.some((s) => s.lvs?.virtualServers[0]?.realServers[0]?.checkers[0]?.running === true));
    assert.ok(states.some((s) => s.instances[0]?.state === 'master'));
  });

  it('restored at any point, the state is equal and the same next events give the same effects', () => {
    const { inputs, states, effects } = scenario();
    states.forEach((original, i) => {
      const bytes = snapshotState(original);
      const restored = restoreState(bytes, original.config);
      assert.deepEqual(restored.lvs, original.lvs, `#${i}: the LVS state restored exactly`);
      assert.deepEqual(snapshotState(restored), bytes, `#${i}: the snapshot of the restored state`);
      let s = restored;
      inputs.slice(i + 1).forEach((input, k) => {
        const step = reduce(s, input);
        assert.deepEqual(step.effects, effects[i + 1 + k], `restored after #${i}, event #${i + 1 + k} (${input.event.kind})`);
        s = step.state;
      });
      assert.deepEqual(snapshotState(s), snapshotState(states.at(-1) ?? original), `restored after #${i}: the same final state`);
    });
  });

  it('a VRRP-only state snapshots no LVS section, and a snapshot that does not fit the config is refused', () => {
    const vrrpOnly = new TestNode(instanceConfig({ priority: 150 }));
    vrrpOnly.boot(0);
    assert.match(new TextDecoder().decode(snapshotState(vrrpOnly.state)), /"lvs":null/);
    const { states } = scenario();
    const withLvs = states[5];
    assert.ok(withLvs?.lvs !== undefined);
    const other = configFrom(lvsConfig().replace('real_server 10.0.0.12 8080', 'real_server 10.0.0.13 8080'));
    assert.throws(() => restoreState(snapshotState(withLvs), other), /snapshot real server 1 is \[10\.0\.0\.12\]:8080, the config's \[10\.0\.0\.13\]:8080/);
  });
});

describe('LVS in the reducer: a journal replays exactly', () => {
  /** The scenario as the daemon journals it (a snapshot every 4th event), through the record codec. */
  function journal(): JournalRecord[] {
    const { inputs, states, effects } = scenario();
    const bodies: JournalRecord['body'][] = [];
    inputs.forEach((input, i) => {
      bodies.push(input.event, ...(effects[i] ?? []));
      const state = states[i];
      if (i % 4 === 3 && state !== undefined) bodies.push({ kind: 'StateSnapshot', afterSequence: BigInt(bodies.length), state: snapshotState(state) });
    });
    const at = (i: number): number => {
      let n = -1;
      for (let k = 0; k <= i; k++) if (isInput(bodies[k] ?? { kind: 'Exit', code: 0 })) n++;
      return inputs[n]?.at ?? 0;
    };
    return bodies.map((body, i) => {
      const record = { sequence: BigInt(i + 1), monotonicNs: BigInt(at(i)) * 1000n, wallNs: 0n, nodeId: 'lb1', body };
      const decoded = decodeRecord(encodeRecord(record));
      if (!decoded.ok) throw new Error(decoded.error);
      return decoded.value;
    });
  }

  it('every effect and every snapshot of an LVS run replays identical', () => {
    const records = journal();
    const r = replay(records);
    assert.equal(r.divergence, undefined, JSON.stringify(r.divergence, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
    assert.ok(r.snapshots >= 4);
    assert.ok(records.some((x) => x.body.kind === 'IpvsTableRead'));
    assert.equal(r.events + r.effects + r.snapshots, records.length);
  });

  it('a replay can start from a snapshot taken mid-run', () => {
    const records = journal();
    const snapshots = records.filter((x) => x.body.kind === 'StateSnapshot');
    const from = (snapshots[2]?.sequence ?? 0n) + 1n;
    const r = replay(records, { from });
    assert.equal(r.divergence, undefined);
    assert.ok(r.effects > 0);
  });
});

describe('LVS in the reducer: the RunCheck executor\'s lookup', () => {
  it('finds a checker with its servers, and nothing for an unknown id or without LVS', () => {
    const n = running();
    const found = lookupChecker(n.state, C1);
    assert.equal(found?.checker.config.kind, 'TCP_CHECK');
    assert.equal(found.realServer.config.address.address, '10.0.0.11');
    assert.equal(found.virtualServer.label, VS);
    assert.equal(lookupChecker(n.state, `${VS}|[10.0.0.99]:8080|0`), undefined);
    const plain = new TestNode(instanceConfig({ priority: 150 }));
    plain.boot(0);
    assert.equal(lookupChecker(plain.state, C1), undefined);
  });

  it('a result for a checker reloaded away is dropped', () => {
    const n = running();
    n.send(11 * SECOND, { kind: 'TimerFired', timer: `check:${C1}` });
    n.load(12 * SECOND, instanceConfig({ priority: 150 }));
    const before = n.state;
    assert.deepEqual(n.send(13 * SECOND, { kind: 'CheckResult', checker: C1, ok: false, detail: '' }), []);
    assert.equal(n.state, before);
  });
});
