// The simulator on the seed guide's stories (issue 4): each run on the real reducer, checked by
// the simulator's invariants and the scenario's expectations.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { simulate, textReport } from '../../replay/sim/index.js';
import { scenarioYaml } from './scenarios.js';

function run(yaml: string, seed = 1): ReturnType<typeof simulate> {
  const result = simulate(yaml, seed);
  assert.deepEqual(result.violations, [], textReport(result, 'test.yaml', false));
  return result;
}

function masterAt(result: ReturnType<typeof simulate>, node: string): number | undefined {
  return result.transitions.find((t) => t.node === node && t.to === 'master')?.at;
}

describe('simulated stories (issue 4)', () => {
  it('the master dies: the backup takes over within Master_Down_Interval; it comes back and preempts', () => {
    const r = run(
      scenarioYaml({
        routers: [{ priority: 150 }, { priority: 100 }],
        faults: ['{ kind: crash, node: lb1, at: 10s, restart_after: 10s }'],
        expect: ['{ at: 9s, vrid: 51, master: lb1 }', '{ at: 15s, vrid: 51, master: lb2 }', '{ at: 30s, vrid: 51, master: lb1 }'],
      }),
    );
    const takeover = r.transitions.find((t) => t.node === 'lb2' && t.to === 'master');
    assert.ok(takeover !== undefined && takeover.at - 10_000_000 <= 3_609_375 + 1_000_000, 'lb2 within one master-down interval of the last advert');
  });

  it('with nopreempt the returning master stays BACKUP', () => {
    run(
      scenarioYaml({
        routers: [{ priority: 150, extra: 'nopreempt' }, { priority: 100 }],
        faults: ['{ kind: crash, node: lb1, at: 10s, restart_after: 10s }'],
        expect: ['{ at: 15s, vrid: 51, master: lb2 }', '{ at: 40s, vrid: 51, master: lb2 }'],
      }),
    );
  });

  it('a track_script failure moves the VIP', () => {
    const before = `vrrp_script chk_app {
  script "/usr/local/bin/chk_app"
  interval 1
  weight -60
}`;
    const r = run(
      scenarioYaml({
        routers: [{ priority: 150, before, extra: 'track_script { chk_app }' }, { priority: 100 }],
        faults: ['{ kind: script, node: lb1, script: chk_app, status: 1, at: 10s, duration: 15s }'],
        expect: ['{ at: 9s, vrid: 51, master: lb1 }', '{ at: 20s, vrid: 51, master: lb2 }', '{ at: 40s, vrid: 51, master: lb1 }'],
      }),
    );
    assert.ok((masterAt(r, 'lb2') ?? 0) > 10_000_000);
  });

  it('a gateway-ping script prevents split brain under a partition', () => {
    const before = `vrrp_script chk_gateway {
  script "/bin/ping -c1 -W1 10.0.0.254"
  interval 1
  fall 1
}`;
    const routers = [
      { priority: 150, before, extra: 'track_script { chk_gateway }' },
      { priority: 100, before, extra: 'track_script { chk_gateway }' },
    ];
    // lb2 is cut off from lb1 and from the gateway: its ping fails, so it goes to FAULT, not MASTER.
    const guarded = run(
      scenarioYaml({
        routers,
        faults: [
          '{ kind: partition, between: [lb1, lb2], at: 10s, duration: 10s }',
          '{ kind: script, node: lb2, script: chk_gateway, status: 1, at: 10s, duration: 10s }',
        ],
      }),
    );
    assert.deepEqual(guarded.splitBrains, []);
    assert.ok(guarded.transitions.some((t) => t.node === 'lb2' && t.to === 'fault'));
    // Without the script the same partition is a split brain (reported, not a violation).
    const bare = run(scenarioYaml({ routers: [{ priority: 150 }, { priority: 100 }], faults: ['{ kind: partition, between: [lb1, lb2], at: 10s, duration: 10s }'] }));
    assert.equal(bare.splitBrains.length, 1);
    assert.deepEqual(bare.splitBrains[0]?.nodes, ['lb1', 'lb2']);
  });

  it('sync groups move together', () => {
    const group = (priority: number): string => `vrrp_sync_group G {
  group { VI_1 VI_2 }
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority ${priority}
  advert_int 1
  virtual_ipaddress { 10.0.0.100/24 }
}
vrrp_instance VI_2 {
  state BACKUP
  interface eth0
  virtual_router_id 52
  priority ${priority}
  advert_int 1
  virtual_ipaddress { 10.0.0.200/24 }
}`;
    const yaml = `name: sync
duration: 40s
nodes:
  - name: lb1
    address: 10.0.0.1
    config: |
${group(150).split('\n').map((l) => `      ${l}`).join('\n')}
  - name: lb2
    address: 10.0.0.2
    config: |
${group(100).split('\n').map((l) => `      ${l}`).join('\n')}
faults:
  - { kind: link, node: lb1, at: 10s, duration: 10s }
expect:
  - { at: 9s, vrid: 51, master: lb1 }
  - { at: 9s, vrid: 52, master: lb1 }
  - { at: 15s, vrid: 51, master: lb2 }
  - { at: 15s, vrid: 52, master: lb2 }
  - { at: 35s, vrid: 52, master: lb1 }
`;
    run(yaml);
  });

  it('a master stopped with SIGTERM hands over within skew time', () => {
    const r = run(
      scenarioYaml({
        routers: [{ priority: 150 }, { priority: 100 }],
        faults: ['{ kind: shutdown, node: lb1, at: 10s }'],
        expect: ['{ at: 11s, vrid: 51, master: lb2 }'],
      }),
    );
    const takeover = masterAt(r, 'lb2') ?? 0;
    assert.ok(takeover - 10_000_000 < 700_000, `took ${takeover - 10_000_000} µs`);
  });
});
