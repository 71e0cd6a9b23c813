// vrrp_sync_group (keepalived vrrp_sync.c; reference keepalived.md §2.6).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster } from '../../support/cluster.js';
import { ofKind, TestNode } from '../../support/node.js';

function groupConfig(priority: number, extra = ''): string {
  const instance = (name: string, vrid: number, vip: string): string => `vrrp_instance ${name} {
  state BACKUP
  interface eth0
  virtual_router_id ${vrid}
  priority ${priority}
  advert_int 1
  virtual_ipaddress { ${vip}/24 }
}
`;
  return `vrrp_script chk {
  script /bin/chk
  interval 1
}
vrrp_sync_group G {
  group { VI_1 VI_2 }
  notify "/bin/g.sh"
  ${extra}
}
${instance('VI_1', 51, '192.168.100.10')}${instance('VI_2', 52, '192.168.100.20')}`;
}

function groupState(n: TestNode): string | undefined {
  return n.state.groups[0]?.state;
}

describe('sync groups (reference §2.6)', () => {
  it('the group enters BACKUP with its members and notifies GROUP G BACKUP 0', () => {
    const n = new TestNode(groupConfig(100));
    const effects = n.boot(0);
    assert.deepEqual(ofKind(effects, 'RunScript').map((e) => e.argv.join(' ')), ['/bin/g.sh GROUP G BACKUP 0']);
    assert.equal(groupState(n), 'backup');
  });

  it('a member whose timer runs out waits until the other wants MASTER too, then both go', () => {
    const n = new TestNode(groupConfig(100));
    n.boot(0);
    // VI_2 keeps hearing a master; VI_1 does not.
    n.advert(3_000_000, { priority: 200, source: '192.168.100.1', vrid: 52, addresses: ['192.168.100.20'] });
    n.runToDeadline('VI_1');
    assert.equal(n.instance('VI_1').state, 'backup', 'held: VI_2 does not want MASTER');
    assert.equal(n.instance('VI_1').wantState, 'master');
    const before = n.history.length;
    n.runToDeadline('VI_2');
    const fired = n.history.slice(before).map((h) => h.effect);
    assert.equal(n.instance('VI_2').state, 'master');
    assert.equal(n.instance('VI_1').state, 'master', 'synced to MASTER with VI_2');
    assert.ok(n.logs(fired).includes('VRRP_Group(G) Syncing instances to MASTER state'));
    assert.equal(groupState(n), 'master');
  });

  it('one member yielding to a higher priority takes the other to BACKUP', () => {
    const c = new Cluster([{ name: 'a', address: '192.168.100.2', config: groupConfig(100) }]).start(0);
    c.runUntil(20_000_000);
    assert.equal(c.state('a', 'VI_1'), 'master');
    assert.equal(c.state('a', 'VI_2'), 'master');
    const n = c.node('a');
    const step = new TestNode(groupConfig(100));
    step.state = n.state;
    const effects = step.advert(21_000_000, { priority: 200, source: '192.168.100.9', vrid: 51 });
    assert.equal(step.instance('VI_1').state, 'backup');
    assert.equal(step.instance('VI_2').state, 'backup');
    assert.ok(step.logs(effects).includes('VRRP_Group(G) Syncing instances to BACKUP state'));
    assert.equal(ofKind(effects, 'DeleteAddress').length, 2);
  });

  it('a group tracker failing puts every member in FAULT; recovery brings them back to BACKUP', () => {
    const n = new TestNode(groupConfig(100, 'track_script { chk }'));
    n.boot(0);
    n.send(1000, { kind: 'ScriptResult', script: 'chk', outcome: 'exited', status: 0 });
    assert.equal(n.instance('VI_1').state, 'backup');
    const effects = n.send(2000, { kind: 'ScriptResult', script: 'chk', outcome: 'exited', status: 1 });
    assert.equal(n.instance('VI_1').state, 'fault');
    assert.equal(n.instance('VI_2').state, 'fault');
    assert.equal(groupState(n), 'fault');
    assert.ok(n.logs(effects).includes('VRRP_Group(G) Syncing instances to FAULT state'));
    assert.deepEqual(ofKind(effects, 'WriteFifo'), []);
    n.send(3000, { kind: 'ScriptResult', script: 'chk', outcome: 'exited', status: 0 });
    assert.equal(n.instance('VI_1').state, 'backup');
    assert.equal(n.instance('VI_2').state, 'backup');
    assert.equal(groupState(n), 'backup');
  });

  it('one member\'s interface down faults the whole group', () => {
    const text = groupConfig(100).replace('interface eth0\n  virtual_router_id 52', 'interface eth1\n  virtual_router_id 52');
    const n = new TestNode(text);
    n.boot(0);
    assert.equal(n.instance('VI_1').state, 'fault', 'eth1 does not exist');
    assert.deepEqual(n.instance('VI_1').reason, { kind: 'syncGroup', subject: 'G' });
    n.send(1000, { kind: 'LinkChanged', interface: 'eth1', index: 3, exists: true, up: true, running: true });
    assert.equal(n.instance('VI_1').state, 'backup');
    assert.equal(n.instance('VI_2').state, 'backup');
  });

  it('shutdown notifies STOP for the group after its members', () => {
    const n = new TestNode(groupConfig(100));
    n.boot(0);
    const effects = n.send(1_000_000, { kind: 'ShutdownRequested', signal: 'SIGTERM' });
    assert.deepEqual(ofKind(effects, 'RunScript').map((e) => e.argv.join(' ')), ['/bin/g.sh GROUP G STOP 0']);
    assert.deepEqual(ofKind(effects, 'Transition').map((t) => [t.instance, t.group, t.to]), [
      ['VI_1', false, 'stop'],
      ['VI_2', false, 'stop'],
      ['G', true, 'stop'],
    ]);
  });
});
