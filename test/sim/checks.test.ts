// The checkers themselves: they must catch what they claim to (canaries), and bad scenarios are
// refused with the path of the mistake.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario, ScenarioError, simulate, textReport } from '../../replay/sim/index.js';
import { scenarioYaml } from './scenarios.js';

describe('invariant canaries', () => {
  it('a wrong expectation is a violation, and the report says how to reproduce it', () => {
    const r = simulate(scenarioYaml({ routers: [{ priority: 150 }, { priority: 100 }], expect: ['{ at: 10s, vrid: 51, master: lb2 }'] }), 9);
    assert.equal(r.violations.length, 1);
    assert.equal(r.violations[0]?.invariant, 'expectation');
    assert.match(textReport(r, 'x.yaml', false), /reproduce: vigil simulate x\.yaml --seed 9/);
  });

  it('a permanent partition is a split brain, reported, not a liveness violation', () => {
    const r = simulate(scenarioYaml({ routers: [{ priority: 150 }, { priority: 100 }], faults: ['{ kind: partition, between: [lb1, lb2], at: 10s }'] }), 1);
    assert.deepEqual(r.violations, []);
    assert.equal(r.splitBrains.length, 1);
  });

  it('nopreempt on both sides with equal priority still ends with exactly one master', () => {
    const r = simulate(scenarioYaml({ routers: [{ priority: 100, extra: 'nopreempt' }, { priority: 100, extra: 'nopreempt' }] }), 3);
    assert.deepEqual(r.violations, []);
  });

  it('a v2 advert_int mismatch is a split brain the liveness check catches (keepalived 2.2.7 too)', () => {
    const r = simulate(scenarioYaml({ routers: [{ priority: 150 }, { priority: 100, extra: 'advert_int 2' }] }), 1);
    assert.ok(r.violations.some((v) => v.invariant === 'oneMaster'));
  });

  it('an AddAddress failure leaves the VIP off the host and is reported back to the reducer', () => {
    const r = simulate(
      scenarioYaml({ routers: [{ priority: 150 }, { priority: 100 }], faults: ['{ kind: effect_failure, node: lb1, effect: AddAddress, error: EPERM, at: 0s }'] }),
      1,
    );
    const logs = (r.journals.get('lb1') ?? []).flatMap((e) => (e.body.kind === 'Log' ? [e.body.message] : []));
    assert.ok(logs.some((l) => l.includes('AddAddress 10.0.0.100/24 dev eth0 failed: EPERM')), logs.join('\n'));
  });
});

describe('scenario errors', () => {
  const cases: readonly [string, string, RegExp][] = [
    ['not yaml', 'nodes: [', /not YAML/],
    ['no nodes', 'name: x', /scenario\.nodes: expected a list of nodes/],
    ['unknown key', 'nodes: [{ name: a, address: 10.0.0.1, config: "x", colour: red }]', /scenario\.nodes\[0\]\.colour: unknown key/],
    ['missing config', 'nodes: [{ name: a, address: 10.0.0.1 }]', /needs config/],
    ['bad duration', 'duration: soon\nnodes: [{ name: a, address: 10.0.0.1, config: "x" }]', /scenario\.duration: expected a duration/],
    ['unknown fault', 'nodes: [{ name: a, address: 10.0.0.1, config: "x" }]\nfaults: [{ kind: meteor, at: 1s }]', /unknown fault 'meteor'/],
    ['unknown node', 'nodes: [{ name: a, address: 10.0.0.1, config: "x" }]\nfaults: [{ kind: crash, node: b, at: 1s }]', /faults\[0\]\.node: no node named 'b'/],
    ['duplicate names', 'nodes: [{ name: a, address: 10.0.0.1, config: "x" }, { name: a, address: 10.0.0.2, config: "x" }]', /unique/],
  ];
  for (const [name, yaml, message] of cases) {
    it(name, () => {
      assert.throws(() => parseScenario(yaml), (e: unknown) => e instanceof ScenarioError && message.test(e.message));
    });
  }
});
