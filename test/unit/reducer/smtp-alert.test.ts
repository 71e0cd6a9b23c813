// smtp_alert through the reducer: a SendMail effect per mailed transition, after the notify
// scripts and FIFO line (keepalived vrrp_smtp_notifier comes last), never twice for one state.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { instanceConfig } from '../../support/cluster.js';
import { ofKind, TestNode } from '../../support/node.js';

const GLOBAL = 'smtp_server 192.0.2.25 2525\n  notification_email {\n    ops@example.com\n  }\n  notification_email_from vigil@lb-1\n  smtp_helo_name lb-1';

describe('smtp_alert', () => {
  it('mails BACKUP at start, MASTER on takeover, FAULT on link down, and STOP at shutdown', () => {
    const n = new TestNode(instanceConfig({ priority: 100, global: `${GLOBAL}\n  notify_fifo /run/vigil-test.fifo`, extra: 'smtp_alert' }));
    const boot = n.boot(0);
    const subjects = (effects: readonly { kind: string }[]): string[] => ofKind(effects as never, 'SendMail').map((m) => m.subject);
    assert.deepEqual(subjects(boot), ['[test] VRRP Instance VI_1 - Entering BACKUP state']);
    const [mail] = ofKind(boot, 'SendMail');
    assert.deepEqual(mail && { server: mail.server, port: mail.port, helo: mail.helo, from: mail.from, to: mail.to, body: mail.body }, {
      server: '192.0.2.25', port: 2525, helo: 'lb-1', from: 'vigil@lb-1', to: ['ops@example.com'], body: '=> VRRP Instance is no longer owning VRRP VIPs <=',
    });
    const takeover = n.send(n.instance().armedAt ?? 0, { kind: 'TimerFired', timer: 'vrrp:VI_1' });
    assert.deepEqual(subjects(takeover), ['[test] VRRP Instance VI_1 - Entering MASTER state']);
    const fifo = takeover.findIndex((e) => e.kind === 'WriteFifo');
    assert.ok(fifo >= 0 && takeover.findIndex((e) => e.kind === 'SendMail') > fifo, 'the mail comes after the FIFO line');
    const down = n.send(5_000_000, { kind: 'LinkChanged', interface: 'eth0', index: 2, exists: true, up: false, running: false });
    assert.deepEqual(subjects(down), ['[test] VRRP Instance VI_1 - Entering FAULT state']);
    const stop = n.send(6_000_000, { kind: 'ShutdownRequested', signal: 'SIGTERM' });
    assert.deepEqual(subjects(stop), ['[test] VRRP Instance VI_1 - Stopping']);
  });

  it('no_email_faults: FAULT is not mailed, and BACKUP after it is not mailed again', () => {
    const n = new TestNode(instanceConfig({ priority: 100, global: `${GLOBAL}\n  no_email_faults`, extra: 'smtp_alert' }));
    assert.equal(ofKind(n.boot(0), 'SendMail').length, 1);
    assert.deepEqual(ofKind(n.send(1_000_000, { kind: 'LinkChanged', interface: 'eth0', index: 2, exists: true, up: false, running: false }), 'SendMail'), []);
    assert.equal(n.instance().state, 'fault');
    assert.deepEqual(ofKind(n.send(2_000_000, { kind: 'LinkChanged', interface: 'eth0', index: 2, exists: true, up: true, running: true }), 'SendMail'), []);
    assert.equal(n.instance().state, 'backup');
  });

  it('without smtp_alert, or without a server, no mail', () => {
    assert.deepEqual(ofKind(new TestNode(instanceConfig({ priority: 100, global: GLOBAL })).boot(0), 'SendMail'), []);
    assert.deepEqual(ofKind(new TestNode(instanceConfig({ priority: 100, extra: 'smtp_alert' })).boot(0), 'SendMail'), []);
  });
});
