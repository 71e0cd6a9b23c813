// Timers as effects: one per instance, lazily re-armed, stale fires ignored.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { instanceConfig } from '../../support/cluster.js';
import { ofKind, TestNode } from '../../support/node.js';

describe('instance timer', () => {
  it('a BACKUP accepting adverts emits no timer effects; the timer re-arms when it fires early', () => {
    const n = new TestNode(instanceConfig({ priority: 100 }));
    n.boot(0);
    const first = n.instance().armedAt;
    const effects = n.advert(1_000_000, { priority: 200, source: '192.168.100.1' });
    assert.deepEqual(effects, []);
    assert.equal(n.instance().armedAt, first);
    const fired = n.send(first ?? 0, { kind: 'TimerFired', timer: 'vrrp:VI_1' });
    assert.deepEqual(ofKind(fired, 'ScheduleTimer'), [{ kind: 'ScheduleTimer', timer: 'vrrp:VI_1', atMicros: 1_000_000 + 3_609_375 }]);
    assert.equal(n.instance().state, 'backup');
  });

  it('an earlier deadline replaces the armed timer (priority 0 → skew time)', () => {
    const n = new TestNode(instanceConfig({ priority: 100 }));
    n.boot(0);
    const effects = n.advert(1_000_000, { priority: 0, source: '192.168.100.1' });
    assert.deepEqual(ofKind(effects, 'ScheduleTimer'), [{ kind: 'ScheduleTimer', timer: 'vrrp:VI_1', atMicros: 1_609_375 }]);
  });

  it('a fire before the armed time (an adapter waking early) arms the timer again, and changes nothing else', () => {
    const n = new TestNode(instanceConfig({ priority: 100 }));
    n.boot(0);
    n.advert(1_000_000, { priority: 0, source: '192.168.100.1' });
    const state = n.instance().state;
    assert.deepEqual(n.send(1_000_001, { kind: 'TimerFired', timer: 'vrrp:VI_1' }), [
      { kind: 'ScheduleTimer', timer: 'vrrp:VI_1', atMicros: 1_609_375 },
    ]);
    assert.equal(n.instance().state, state);
    assert.equal(n.instance().armedAt, 1_609_375);
  });

  it('a vrrp_script timer firing early is armed again for the run now due', () => {
    const n = new TestNode(`vrrp_script chk {\n  script /bin/true\n  interval 2\n}\n${instanceConfig({ priority: 100, extra: 'track_script { chk }' })}`);
    n.boot(0);
    assert.deepEqual(n.send(1_999_000, { kind: 'TimerFired', timer: 'script:chk' }), [
      { kind: 'ScheduleTimer', timer: 'script:chk', atMicros: 2_000_000 },
    ]);
  });

  it('a MASTER fired a little late counts its next advert from the deadline, not from the late wake-up', () => {
    const n = new TestNode(instanceConfig({ priority: 100 }));
    n.boot(0);
    const down = n.instance().armedAt ?? 0;
    n.send(down, { kind: 'TimerFired', timer: 'vrrp:VI_1' });
    assert.equal(n.instance().state, 'master');
    const due = n.instance().deadline ?? 0;
    assert.equal(due, down + 1_000_000);
    // 1.7 ms late (Node's timers): the advert after it is still due on the 1 s grid.
    const late = n.send(due + 1_700, { kind: 'TimerFired', timer: 'vrrp:VI_1' });
    assert.equal(ofKind(late, 'SendAdvert').length, 1);
    assert.deepEqual(ofKind(late, 'ScheduleTimer'), [{ kind: 'ScheduleTimer', timer: 'vrrp:VI_1', atMicros: due + 1_000_000 }]);
    // Paused for 5 s: the grid is lost, the next advert is one interval after the wake-up.
    const paused = n.send(due + 1_000_000 + 5_000_000, { kind: 'TimerFired', timer: 'vrrp:VI_1' });
    assert.deepEqual(ofKind(paused, 'ScheduleTimer'), [{ kind: 'ScheduleTimer', timer: 'vrrp:VI_1', atMicros: due + 7_000_000 }]);
  });

  it('a fire for an unknown timer changes nothing', () => {
    const n = new TestNode(instanceConfig({ priority: 100 }));
    n.boot(0);
    const before = n.state;
    assert.deepEqual(n.send(1_700_000, { kind: 'TimerFired', timer: 'vrrp:NOPE' }), []);
    assert.deepEqual(n.send(1_700_000, { kind: 'TimerFired', timer: 'garbage' }), []);
    assert.equal(n.state, before);
  });

  it('the second GARP burst comes garp_master_delay after MASTER, only while MASTER', () => {
    const n = new TestNode(instanceConfig({ priority: 100 }));
    n.boot(0);
    n.runToDeadline();
    const at = (n.instance().since) + 5_000_000;
    assert.equal(ofKind(n.send(at, { kind: 'TimerFired', timer: 'garp:VI_1' }), 'SendGratuitousArp').length, 5);
    n.advert(at + 1, { priority: 200, source: '192.168.100.1' });
    assert.equal(ofKind(n.send(at + 2, { kind: 'TimerFired', timer: 'garp:VI_1' }), 'SendGratuitousArp').length, 0);
  });

  it('garp_master_refresh re-sends GARPs with the adverts once due', () => {
    const n = new TestNode(instanceConfig({ priority: 100, extra: 'garp_master_refresh 3\ngarp_master_refresh_repeat 2' }));
    n.boot(0);
    n.runToDeadline();
    let garps = 0;
    for (let i = 0; i < 4; i++) garps += ofKind(n.fireInstanceTimer(), 'SendGratuitousArp').length;
    assert.equal(garps, 2, 'one refresh of 2 GARPs within 4 s');
  });
});

describe('releasing addresses that would not go', () => {
  it('a failed DeleteAddress of a non-MASTER is retried every second until MASTER again', () => {
    const n = new TestNode(instanceConfig({ priority: 100 }));
    n.boot(0);
    n.runToDeadline();
    const left = n.advert(6_000_000, { priority: 200, source: '192.168.100.1' });
    const failed = ofKind(left, 'DeleteAddress')[0];
    assert.ok(failed !== undefined);
    const effects = n.send(6_000_001, { kind: 'EffectResult', effect: failed, ok: false, error: 'EPERM' });
    assert.deepEqual(ofKind(effects, 'ScheduleTimer'), [{ kind: 'ScheduleTimer', timer: 'release:VI_1', atMicros: 7_000_001 }]);
    const retry = n.send(7_000_001, { kind: 'TimerFired', timer: 'release:VI_1' });
    assert.deepEqual(ofKind(retry, 'DeleteAddress').map((e) => e.address.address), ['192.168.100.10']);
  });
});
