// BACKUP and MASTER receiving adverts, and the master-down timer (RFC 3768 §6.4, RFC 5798 §6.4,
// keepalived vrrp.c vrrp_state_backup / vrrp_state_master_rx; reference keepalived.md §2.3, §2.4).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { instanceConfig } from '../../support/cluster.js';
import { ofKind, TestNode } from '../../support/node.js';

const PEER = '192.168.100.1';
const HIGHER_PEER = '192.168.100.9';

function backup(priority = 100, extra = ''): TestNode {
  const n = new TestNode(instanceConfig({ priority, extra }));
  n.boot(0);
  return n;
}

function master(priority = 100, extra = ''): TestNode {
  const n = backup(priority, extra);
  n.runToDeadline();
  assert.equal(n.instance().state, 'master');
  return n;
}

describe('BACKUP (RFC 5798 §6.4.2)', () => {
  it('Master_Down_Timer expiry → MASTER: advert first, then VIPs, GARPs, notify', () => {
    const n = backup(100, 'notify_master "/bin/m.sh arg"');
    const effects = n.runToDeadline();
    assert.deepEqual(
      n.kinds(effects).filter((k) => k !== 'Log'),
      ['SendAdvert', 'Transition', 'AddAddress', ...Array<string>(5).fill('SendGratuitousArp'), 'RunScript', 'ScheduleTimer', 'ScheduleTimer'],
    );
    assert.deepEqual(n.logs(effects), [
      '(VI_1) Entering MASTER STATE',
      '(VI_1) setting VIPs.',
      '(VI_1) Sending/queueing gratuitous ARPs on eth0 for 192.168.100.10',
    ]);
    assert.deepEqual(ofKind(effects, 'RunScript')[0]?.argv, ['/bin/m.sh', 'arg']);
    const timers = ofKind(effects, 'ScheduleTimer').map((t) => [t.timer, t.atMicros - 3_609_375]);
    assert.deepEqual(timers, [['garp:VI_1', 5_000_000], ['vrrp:VI_1', 1_000_000]]);
  });

  it('accepts an equal-priority advert: no IP tie-break in BACKUP (keepalived issue #1440)', () => {
    const n = backup(100);
    n.advert(1_000_000, { priority: 100, source: PEER });
    assert.equal(n.instance().deadline, 1_000_000 + 3_609_375);
  });

  it('a higher-priority advert re-arms Master_Down_Interval and records the master', () => {
    const n = backup(100);
    n.advert(2_000_000, { priority: 200, source: PEER });
    assert.equal(n.instance().deadline, 2_000_000 + 3_609_375);
    assert.deepEqual(n.instance().master, { address: PEER, priority: 200 });
  });

  it('a lower-priority advert is discarded and the timer keeps running (preemption)', () => {
    const n = backup(100);
    const before = n.instance().deadline;
    const effects = n.advert(1_000_000, { priority: 50, source: PEER });
    assert.deepEqual(n.logs(effects), [`(VI_1) received lower priority (50) advert from ${PEER} - discarding`]);
    assert.equal(n.instance().deadline, before);
  });

  it('nopreempt accepts lower-priority adverts, so it never takes over from a live master', () => {
    const n = backup(100, 'nopreempt');
    n.advert(3_000_000, { priority: 50, source: PEER });
    assert.equal(n.instance().deadline, 3_000_000 + 3_609_375);
  });

  it('preempt_delay: lower-priority adverts accepted until the delay ends, then discarded', () => {
    const n = backup(100, 'preempt_delay 10');
    n.advert(1_000_000, { priority: 50, source: PEER });
    assert.equal(n.instance().preemptUntil, 11_000_000);
    n.advert(10_000_000, { priority: 50, source: PEER });
    assert.equal(n.instance().deadline, 10_000_000 + 3_609_375, 'still accepted during the delay');
    const effects = n.advert(11_500_000, { priority: 50, source: PEER });
    assert.match(n.logs(effects)[0] ?? '', /discarding/);
    assert.equal(n.instance().deadline, 10_000_000 + 3_609_375, 'after the delay the timer runs out');
  });

  it('a higher or equal advert cancels a running preempt delay', () => {
    const n = backup(100, 'preempt_delay 10');
    n.advert(1_000_000, { priority: 50, source: PEER });
    n.advert(2_000_000, { priority: 150, source: PEER });
    assert.equal(n.instance().preemptUntil, undefined);
  });

  it('priority 0 → Master_Down_Timer := Skew_Time', () => {
    const n = backup(100);
    n.advert(1_000_000, { priority: 200, source: PEER });
    n.advert(1_500_000, { priority: 0, source: PEER });
    assert.equal(n.instance().deadline, 1_500_000 + 609_375);
    const effects = n.runToDeadline();
    assert.equal(n.instance().state, 'master');
    assert.deepEqual(ofKind(effects, 'Transition')[0]?.reason, { kind: 'priorityZeroAdvert', peer: PEER, priority: 0 });
  });

  it('v3: a backup adopts the master\'s advert interval (RFC 5798 §6.4.2)', () => {
    const n = new TestNode(instanceConfig({ priority: 100, extra: 'version 3' }));
    n.boot(0);
    n.advert(1_000_000, { priority: 200, source: PEER, version: 3, interval: 200 });
    const inst = n.instance();
    assert.equal(inst.masterAdverIntervalMicros, 2_000_000);
    // 3 × 2 s + (256 − 100) × 2 s / 256
    assert.equal(inst.deadline, 1_000_000 + 6_000_000 + 1_218_750);
  });

  it('v2: an interval mismatch is dropped and counted (split brain in keepalived 2.2.7 too)', () => {
    const n = backup(100);
    const effects = n.advert(1_000_000, { priority: 200, source: PEER, interval: 2 });
    assert.equal(n.instance().stats.advert_interval_err, 1);
    assert.equal(n.instance().master, undefined);
    assert.match(n.logs(effects)[0] ?? '', /advertisement interval mismatch/);
  });
});

describe('MASTER receiving adverts (RFC 5798 §6.4.3, keepalived vrrp_state_master_rx)', () => {
  it('higher priority → BACKUP at once, VIPs removed, no priority-0 advert', () => {
    const n = master(100, 'notify_backup "/bin/b.sh"');
    const effects = n.advert(5_000_000, { priority: 200, source: PEER });
    assert.equal(n.instance().state, 'backup');
    assert.deepEqual(n.logs(effects), [
      `(VI_1) Master received advert from ${PEER} with higher priority 200, ours 100`,
      '(VI_1) Entering BACKUP STATE',
      '(VI_1) removing VIPs.',
    ]);
    assert.equal(ofKind(effects, 'SendAdvert').length, 0);
    assert.equal(ofKind(effects, 'DeleteAddress').length, 1);
    assert.deepEqual(ofKind(effects, 'Transition')[0]?.reason, { kind: 'higherPriorityAdvert', peer: PEER, priority: 200 });
    assert.equal(n.instance().deadline, 5_000_000 + 3_609_375);
  });

  it('equal priority from a higher address → BACKUP', () => {
    const n = master(100);
    const effects = n.advert(5_000_000, { priority: 100, source: HIGHER_PEER });
    assert.equal(n.instance().state, 'backup');
    assert.equal(n.logs(effects)[0], `(VI_1) Master received advert from ${HIGHER_PEER} with same priority 100 but higher IP address than ours`);
  });

  it('equal priority from a lower address → stays MASTER and forces a new election', () => {
    const n = master(100);
    const effects = n.advert(5_000_000, { priority: 100, source: PEER });
    assert.equal(n.instance().state, 'master');
    assert.equal(n.logs(effects)[0], `(VI_1) Received advert from ${PEER} with lower priority 100, ours 100, forcing new election`);
    assert.equal(ofKind(effects, 'SendAdvert').length, 1);
  });

  it('lower priority: advert now, garp_lower_prio bursts, notify_master_rx_lower_pri and FIFO', () => {
    const text = instanceConfig({ priority: 100, extra: 'notify_master_rx_lower_pri "/bin/l.sh"', global: 'vrrp_notify_fifo /run/v.fifo' });
    const m = new TestNode(text);
    m.boot(0);
    m.runToDeadline();
    const effects = m.advert(5_000_000, { priority: 50, source: PEER });
    assert.equal(ofKind(effects, 'SendAdvert').length, 1);
    assert.equal(ofKind(effects, 'SendGratuitousArp').length, 5, 'garp_lower_prio_repeat defaults to garp_master_repeat');
    assert.deepEqual(ofKind(effects, 'ScheduleTimer').map((t) => [t.timer, t.atMicros]), [['garp-lower:VI_1', 10_000_000]]);
    assert.equal(m.instance().deadline, 6_000_000, 'the advert timer restarts after answering');
    assert.deepEqual(ofKind(effects, 'RunScript').map((e) => e.argv), [['/bin/l.sh']]);
    assert.deepEqual(ofKind(effects, 'WriteFifo').map((e) => [e.path, e.line]), [['/run/v.fifo', 'INSTANCE "VI_1" MASTER_RX_LOWER_PRI 100\n']]);
    assert.equal(m.instance().state, 'master');
  });

  it('lower_prio_no_advert: no advert back, and the log says so', () => {
    const n = master(100, 'lower_prio_no_advert');
    const effects = n.advert(5_000_000, { priority: 50, source: PEER });
    assert.equal(ofKind(effects, 'SendAdvert').length, 0);
    assert.equal(n.logs(effects)[0], `(VI_1) Received advert from ${PEER} with lower priority 50, ours 100`);
  });

  it('higher_prio_send_advert: one advert before yielding', () => {
    const n = master(100, 'higher_prio_send_advert');
    const effects = n.advert(5_000_000, { priority: 200, source: PEER });
    assert.equal(ofKind(effects, 'SendAdvert').length, 1);
    assert.equal(n.instance().state, 'backup');
  });

  it('priority 0 from another router: answer with an advert and stay MASTER', () => {
    const n = master(100);
    const effects = n.advert(5_000_000, { priority: 0, source: PEER });
    assert.equal(ofKind(effects, 'SendAdvert').length, 1);
    assert.equal(n.instance().state, 'master');
    assert.equal(n.instance().deadline, 6_000_000, 'the advert timer restarts after sending');
  });

  it('two owners: the conflict is reported and our priority drops to 254', () => {
    const n = new TestNode(instanceConfig({ priority: 255, state: 'MASTER' }));
    n.boot(0);
    n.fireInstanceTimer();
    const effects = n.advert(2_000_000, { priority: 255, source: HIGHER_PEER });
    assert.ok(n.logs(effects).some((l) => l.includes(`CONFIGURATION ERROR: local instance and ${HIGHER_PEER} are both configured as address owner, please fix - reducing local priority`)));
    assert.equal(n.instance().state, 'backup', 'the remote owner has the higher address');
    assert.equal(n.instance().effectivePriority, 254);
  });

  it('two owners: the higher address stays MASTER at 255 and answers', () => {
    const n = new TestNode(instanceConfig({ priority: 255, state: 'MASTER' }));
    n.boot(0);
    n.fireInstanceTimer();
    const effects = n.advert(2_000_000, { priority: 255, source: PEER });
    assert.equal(n.instance().state, 'master');
    assert.equal(n.instance().effectivePriority, 255);
    assert.ok(n.logs(effects).some((l) => l.includes(`CONFIGURATION ERROR: local instance and ${PEER} are both configured as address owner, please fix`)));
    assert.equal(ofKind(effects, 'SendAdvert').length, 1, 'our advert makes the lower owner back off');
  });

  it('an owner that backed off takes 255 back once the other owner is silent', () => {
    const n = new TestNode(instanceConfig({ priority: 255, state: 'MASTER' }));
    n.boot(0);
    n.fireInstanceTimer();
    n.advert(2_000_000, { priority: 255, source: HIGHER_PEER });
    assert.equal(n.instance().state, 'backup');
    n.runToDeadline();
    assert.equal(n.instance().state, 'master', 'the other owner went silent');
    for (let i = 0; i < 4 && n.instance().effectivePriority !== 255; i++) n.fireInstanceTimer();
    assert.equal(n.instance().effectivePriority, 255);
    assert.ok(n.history.some((h) => h.effect.kind === 'Log' && h.effect.message === '(VI_1) Restoring our priority to 255'));
  });

  it('equal priority with our own address is a warning', () => {
    const n = master(100);
    const effects = n.advert(5_000_000, { priority: 100, source: '192.168.100.2' });
    assert.ok(n.logs(effects).includes('(VI_1) WARNING - equal priority advert received from remote host with our IP address.'));
  });

  it('adverts every advert_int while MASTER', () => {
    const n = master(100);
    const t0 = n.instance().armedAt ?? 0;
    const effects = n.fireInstanceTimer();
    assert.equal(ofKind(effects, 'SendAdvert').length, 1);
    assert.equal(n.instance().armedAt, t0 + 1_000_000);
  });
});

describe('a virtual address deleted by someone else (reference §2.1)', () => {
  it('MASTER leaves with priority 0 and takes over again after Skew_Time', () => {
    const n = master(100);
    const effects = n.send(6_000_000, { kind: 'AddressChanged', interface: 'eth0', family: 'inet', address: '192.168.100.10', prefixLength: 24, present: false });
    assert.equal(n.instance().state, 'backup');
    assert.equal(ofKind(effects, 'SendAdvert')[0]?.message[2], 0);
    assert.equal(n.instance().deadline, 6_000_000 + 609_375);
    const again = n.runToDeadline();
    assert.equal(n.instance().state, 'master');
    assert.equal(ofKind(again, 'AddAddress').length, 1, 'the address is put back');
  });

  it('no_track addresses and other addresses are left alone', () => {
    const n = master(100);
    n.send(6_000_000, { kind: 'AddressChanged', interface: 'eth0', family: 'inet', address: '192.168.100.77', prefixLength: 24, present: false });
    assert.equal(n.instance().state, 'master');
  });
});

describe('owner_ignore_adverts and unicast without peers', () => {
  it('an owner with owner_ignore_adverts drops every advert and stays MASTER', () => {
    const n = new TestNode(instanceConfig({ priority: 255, state: 'MASTER', extra: 'owner_ignore_adverts' }));
    n.boot(0);
    n.fireInstanceTimer();
    n.advert(2_000_000, { priority: 255, source: HIGHER_PEER });
    assert.equal(n.instance().state, 'master');
    assert.equal(n.instance().stats.advert_rcvd, 0);
  });

  it('unicast_fault_no_peer with an empty unicast_peer block is a FAULT', () => {
    const n = new TestNode(instanceConfig({ priority: 100, extra: 'unicast_peer {\n}\nunicast_fault_no_peer' }));
    n.allowConfigErrors = true;
    n.boot(0);
    assert.equal(n.instance().state, 'fault');
    assert.deepEqual(n.instance().reason, { kind: 'noUnicastPeer' });
  });
});
