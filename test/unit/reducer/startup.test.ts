// Leaving INIT (keepalived vrrp_scheduler.c vrrp_init_state; reference keepalived.md §2.1).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { instanceConfig } from '../../support/cluster.js';
import { ofKind, TestNode } from '../../support/node.js';

describe('start-up (reference §2.1)', () => {
  it('BACKUP (init): removes leftover VIPs, logs keepalived\'s line, arms Master_Down_Interval', () => {
    const n = new TestNode(instanceConfig({ priority: 150 }));
    const effects = n.boot(0);
    assert.deepEqual(n.logs(effects), [
      "Opening file '/etc/keepalived/keepalived.conf'.",
      '(VI_1) removing VIPs.',
      '(VI_1) Entering BACKUP STATE (init)',
    ]);
    assert.deepEqual(ofKind(effects, 'DeleteAddress').map((e) => e.address.address), ['192.168.100.10']);
    assert.deepEqual(ofKind(effects, 'ScheduleTimer'), [{ kind: 'ScheduleTimer', timer: 'vrrp:VI_1', atMicros: 3_414_062 }]);
    assert.equal(n.instance().state, 'backup');
  });

  it('an owner configured MASTER goes MASTER after 1 µs without a BACKUP notify', () => {
    const n = new TestNode(instanceConfig({ priority: 255, state: 'MASTER', extra: 'notify "/bin/n.sh"' }));
    n.boot(0);
    assert.equal(n.instance().deadline, 1);
    assert.equal(ofKind(n.history.map((h) => h.effect), 'RunScript').length, 0, 'no notify before MASTER');
    const effects = n.fireInstanceTimer();
    assert.equal(n.instance().state, 'master');
    assert.deepEqual(ofKind(effects, 'RunScript').map((e) => e.argv), [['/bin/n.sh', 'INSTANCE', 'VI_1', 'MASTER', '255']]);
  });

  it('state MASTER below 255 still starts in BACKUP and notifies BACKUP first (issues #782/#1835)', () => {
    const n = new TestNode(instanceConfig({ priority: 150, state: 'MASTER', extra: 'notify "/bin/n.sh"' }));
    const effects = n.boot(0);
    assert.equal(n.instance().state, 'backup');
    assert.deepEqual(ofKind(effects, 'RunScript').map((e) => e.argv), [['/bin/n.sh', 'INSTANCE', 'VI_1', 'BACKUP', '150']]);
  });

  it('FAULT (init) when the interface is down', () => {
    const n = new TestNode(instanceConfig({ priority: 150 }));
    const effects = n.boot(0, false);
    assert.ok(n.logs(effects).includes('(VI_1) Entering FAULT STATE (init)'));
    assert.equal(n.instance().state, 'fault');
    assert.equal(n.instance().deadline, undefined);
  });

  it('vrrp_startup_delay postpones the first master-down deadline', () => {
    const n = new TestNode(instanceConfig({ priority: 150, global: 'vrrp_startup_delay 10' }));
    n.boot(0);
    assert.equal(n.instance().deadline, 10_000_000 + 3_414_062);
  });

  it('an unweighted track script holds the instance in INIT until its first result', () => {
    const text = `vrrp_script chk { script "/bin/true" interval 2 }
${instanceConfig({ priority: 150, extra: 'track_script { chk }' })}`;
    const n = new TestNode(text);
    const effects = n.boot(0);
    assert.equal(n.instance().state, 'init');
    assert.deepEqual(ofKind(effects, 'RunScript').map((e) => [e.purpose, e.name, e.argv]), [['track', 'chk', ['/bin/true']]]);
    n.send(5000, { kind: 'ScriptResult', script: 'chk', outcome: 'exited', status: 0 });
    assert.equal(n.instance().state, 'backup');
    assert.ok(n.logs().includes('VRRP_Script(chk) succeeded'));
  });
});
