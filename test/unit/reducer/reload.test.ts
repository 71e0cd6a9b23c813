// Reload as an event (keepalived clear_diff_vrrp / vrrp_exist; reference keepalived.md §2.12).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { instanceConfig } from '../../support/cluster.js';
import { ofKind, TestNode } from '../../support/node.js';

function runningMaster(text: string): TestNode {
  const n = new TestNode(text);
  n.boot(0);
  n.runToDeadline();
  assert.equal(n.instance().state, 'master');
  return n;
}

describe('reload (reference §2.12)', () => {
  it('ReloadRequested asks for the config to be read again', () => {
    const n = new TestNode(instanceConfig({ priority: 100 }));
    n.boot(0);
    assert.deepEqual(ofKind(n.send(1, { kind: 'ReloadRequested' }), 'LoadConfig'), [{ kind: 'LoadConfig' }]);
  });

  it('a MASTER matched by VRID, family and interface stays MASTER, even renamed, and applies the VIP diff', () => {
    const n = runningMaster(instanceConfig({ priority: 100, vips: ['192.168.100.10/24', '192.168.100.11/24'] }));
    const renamed = instanceConfig({ priority: 100, vips: ['192.168.100.10/24', '192.168.100.12/24'] }).replace('VI_1', 'WEB');
    const effects = n.load(20_000_000, renamed);
    const web = n.instance('WEB');
    assert.equal(web.state, 'master');
    assert.deepEqual(ofKind(effects, 'DeleteAddress').map((e) => e.address.address), ['192.168.100.11']);
    assert.deepEqual(ofKind(effects, 'AddAddress').map((e) => e.address.address), ['192.168.100.12']);
    assert.equal(ofKind(effects, 'SendGratuitousArp').length, 10, 'new addresses: a fresh burst for every VIP');
    assert.equal(ofKind(effects, 'Transition').length, 0);
    assert.deepEqual(ofKind(effects, 'CancelTimer').map((c) => c.timer), ['vrrp:VI_1']);
    assert.deepEqual(ofKind(effects, 'ScheduleTimer').map((c) => c.timer), ['vrrp:WEB']);
  });

  it('a removed MASTER sends priority 0, releases its VIPs and reports FAULT (DELETED with notify_deleted)', () => {
    const n = runningMaster(instanceConfig({ priority: 100, extra: 'notify_deleted\nnotify /bin/n.sh' }));
    const other = instanceConfig({ priority: 100 }).replace('virtual_router_id 51', 'virtual_router_id 52');
    const effects = n.load(20_000_000, other);
    const adverts = ofKind(effects, 'SendAdvert');
    assert.equal(adverts[0]?.message[2], 0);
    assert.deepEqual(ofKind(effects, 'DeleteAddress').map((e) => e.address.address), ['192.168.100.10']);
    assert.deepEqual(ofKind(effects, 'Transition').map((t) => [t.instance, t.from, t.to]), [
      ['VI_1', 'master', 'deleted'],
      ['VI_1', 'init', 'backup'],
    ]);
    assert.deepEqual(ofKind(effects, 'RunScript').map((e) => e.argv.join(' ')).slice(0, 1), ['/bin/n.sh INSTANCE VI_1 {UNKNOWN} 100'.replace('{UNKNOWN}', 'DELETED')]);
  });

  it('a lower priority in the new config takes effect at once', () => {
    const n = runningMaster(instanceConfig({ priority: 100 }));
    n.load(20_000_000, instanceConfig({ priority: 50 }));
    assert.equal(n.instance().effectivePriority, 50);
    assert.equal(n.instance().state, 'master', 'no election until an advert says otherwise');
  });

  it('a failed reload keeps the running config', () => {
    const n = runningMaster(instanceConfig({ priority: 100 }));
    const before = n.state;
    const effects = n.send(20_000_000, { kind: 'EffectResult', effect: { kind: 'LoadConfig' }, ok: false, error: 'keepalived.conf:3: unknown keyword' });
    assert.deepEqual(n.logs(effects), ['Reload failed, keeping the running configuration: keepalived.conf:3: unknown keyword']);
    assert.equal(n.state, before);
  });

  it('an unchanged track script keeps its counter', () => {
    const text = `vrrp_script chk { script "/bin/chk"\ninterval 2\nweight 10 }\n${instanceConfig({ priority: 100, extra: 'track_script { chk }' })}`;
    const n = new TestNode(text);
    n.boot(0);
    n.send(1000, { kind: 'ScriptResult', script: 'chk', outcome: 'exited', status: 0 });
    const effects = n.load(5_000_000, text);
    assert.ok(n.logs(effects).includes('VRRP_Script(chk) considered successful on reload'));
    assert.equal(ofKind(effects, 'RunScript').length, 0);
    assert.equal(n.instance().effectivePriority, 110);
  });
});
