// SIGTERM (RFC 5798 §6.4.3 "Shutdown", keepalived vrrp_daemon.c; reference keepalived.md §2.1).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { instanceConfig } from '../../support/cluster.js';
import { ofKind, TestNode } from '../../support/node.js';

describe('shutdown', () => {
  it('a MASTER sends priority 0, removes its VIPs, enters STOP and exits', () => {
    const n = new TestNode(instanceConfig({ priority: 150 }));
    n.boot(0);
    n.runToDeadline();
    const effects = n.send(10_000_000, { kind: 'ShutdownRequested', signal: 'SIGTERM' });
    const adverts = ofKind(effects, 'SendAdvert');
    assert.equal(adverts.length, 1);
    assert.equal(adverts[0]?.message[2], 0);
    assert.deepEqual(n.logs(effects), ['Stopping (SIGTERM)', '(VI_1) sent 0 priority', '(VI_1) removing VIPs.']);
    assert.equal(ofKind(effects, 'DeleteAddress').length, 1);
    assert.equal(n.instance().state, 'stop');
    assert.deepEqual(ofKind(effects, 'CancelTimer').map((c) => c.timer), ['vrrp:VI_1']);
    assert.deepEqual(effects.at(-1), { kind: 'Exit', code: 0 });
    assert.equal(n.instance().stats.pri_zero_sent, 1);
  });

  it('a BACKUP sends nothing and removes nothing', () => {
    const n = new TestNode(instanceConfig({ priority: 150 }));
    n.boot(0);
    const effects = n.send(1_000_000, { kind: 'ShutdownRequested', signal: 'SIGTERM' });
    assert.equal(ofKind(effects, 'SendAdvert').length, 0);
    assert.equal(ofKind(effects, 'DeleteAddress').length, 0);
  });

  it('after shutdown every event is ignored', () => {
    const n = new TestNode(instanceConfig({ priority: 150 }));
    n.boot(0);
    n.send(1_000_000, { kind: 'ShutdownRequested', signal: 'SIGTERM' });
    const state = n.state;
    assert.deepEqual(n.send(5_000_000, { kind: 'TimerFired', timer: 'vrrp:VI_1' }), []);
    assert.equal(n.state, state);
  });
});
