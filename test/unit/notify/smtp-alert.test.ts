// VRRP smtp_alert mails (keepalived vrrp_notify.c vrrp_smtp_notifier / vrrp_sync_smtp_notifier,
// core/smtp.c smtp_alert; reference keepalived.md §1.8, §3.4), from real keepalived.conf text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { InstanceState } from '../../../core/events/index.js';
import { MAX_BODY_BYTES, MAX_SUBJECT_BYTES, truncateUtf8 } from '../../../core/notify/mail.js';
import { vrrpAlertMail, type VrrpAlertTarget } from '../../../core/notify/smtp-alert.js';
import { configFrom } from '../../support/config.js';

const MAIL_DEFS = `  notification_email {
    ops@example.com "Pager <pager@example.com>"
  }
  notification_email_from "Keepalived <ka@example.com>"
  smtp_server 192.0.2.25 2525
  smtp_helo_name lb1.example.com
  smtp_connect_timeout 7`;

function conf(options: { global?: string; mailDefs?: string; vi1?: string; vi2?: string; group?: string } = {}): string {
  return `global_defs {
  router_id LB1
${options.mailDefs ?? MAIL_DEFS}
  ${options.global ?? ''}
}
vrrp_sync_group G1 {
  group {
    VI_1
    VI_3
  }
  ${options.group ?? 'smtp_alert'}
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority 100
  ${options.vi1 ?? 'smtp_alert'}
  virtual_ipaddress {
    10.0.0.1/24
  }
}
vrrp_instance VI_2 {
  state BACKUP
  interface eth0
  virtual_router_id 52
  priority 100
  ${options.vi2 ?? ''}
  virtual_ipaddress {
    10.0.0.2/24
  }
}
vrrp_instance VI_3 {
  state BACKUP
  interface eth0
  virtual_router_id 53
  priority 100
  virtual_ipaddress {
    10.0.0.3/24
  }
}
`;
}

const VI_1: VrrpAlertTarget = { kind: 'instance', name: 'VI_1' };
const G1: VrrpAlertTarget = { kind: 'group', name: 'G1' };

describe('vrrpAlertMail: subjects and bodies (vrrp_notify.c, smtp.c SMTP_MSG_VRRP / SMTP_MSG_VGROUP)', () => {
  const config = configFrom(conf());
  const cases: [VrrpAlertTarget, InstanceState, string, string][] = [
    [VI_1, 'master', '[LB1] VRRP Instance VI_1 - Entering MASTER state', '=> VRRP Instance is now owning VRRP VIPs <='],
    [VI_1, 'backup', '[LB1] VRRP Instance VI_1 - Entering BACKUP state', '=> VRRP Instance is no longer owning VRRP VIPs <='],
    [VI_1, 'fault', '[LB1] VRRP Instance VI_1 - Entering FAULT state', '=> VRRP Instance is no longer owning VRRP VIPs <='],
    [VI_1, 'stop', '[LB1] VRRP Instance VI_1 - Stopping', '=> VRRP Instance stopping <='],
    [G1, 'master', '[LB1] VRRP Group G1 - Entering MASTER state', '=> All VRRP group instances are now in MASTER state <='],
    [G1, 'backup', '[LB1] VRRP Group G1 - Entering BACKUP state', '=> All VRRP group instances are now in BACKUP state <='],
    [G1, 'fault', '[LB1] VRRP Group G1 - Entering FAULT state', '=> All VRRP group instances are now in FAULT state <='],
    [G1, 'stop', '[LB1] VRRP Group G1 - Stopping', '=> All VRRP group instances are now stopping <='],
  ];
  for (const [target, state, subject, body] of cases) {
    it(`${target.kind} ${target.name} → ${state}`, () => {
      const mail = vrrpAlertMail(config, target, state);
      assert.deepEqual(mail, {
        kind: 'SendMail',
        server: '192.0.2.25',
        port: 2525,
        helo: 'lb1.example.com',
        from: 'Keepalived <ka@example.com>',
        to: ['ops@example.com', 'Pager <pager@example.com>'],
        subject,
        body,
        connectTimeoutMicros: 7_000_000,
      });
    });
  }
});

describe('vrrpAlertMail: which transitions mail', () => {
  const cases: [title: string, text: string, target: VrrpAlertTarget, state: InstanceState, lastMailed: InstanceState | undefined, mails: boolean][] = [
    ['first BACKUP after start-up (last_email_state starts as INIT)', conf(), VI_1, 'backup', undefined, true],
    ['INIT is never mailed', conf(), VI_1, 'init', undefined, false],
    ['DELETED is never mailed', conf(), VI_1, 'deleted', 'master', false],
    ['same state as the last mail: none (last_email_state)', conf(), VI_1, 'master', 'master', false],
    ['a different state than the last mail', conf(), VI_1, 'backup', 'master', true],
    ['FAULT without no_email_faults', conf(), VI_1, 'fault', 'backup', true],
    ['FAULT with no_email_faults', conf({ global: 'no_email_faults' }), VI_1, 'fault', 'backup', false],
    ['group FAULT with no_email_faults', conf({ global: 'no_email_faults' }), G1, 'fault', 'master', false],
    ['no_email_faults leaves MASTER alone', conf({ global: 'no_email_faults' }), VI_1, 'master', 'backup', true],
    ['instance without smtp_alert (and no global default)', conf(), { kind: 'instance', name: 'VI_2' }, 'master', undefined, false],
    ['instance smtp_alert from global smtp_alert', conf({ global: 'smtp_alert' }), { kind: 'instance', name: 'VI_2' }, 'master', undefined, true],
    ['smtp_alert_vrrp wins over smtp_alert', conf({ global: 'smtp_alert\n  smtp_alert_vrrp false' }), { kind: 'instance', name: 'VI_2' }, 'master', undefined, false],
    ['instance smtp_alert false wins over the globals', conf({ global: 'smtp_alert_vrrp', vi1: 'smtp_alert false' }), VI_1, 'master', undefined, false],
    ['group without smtp_alert', conf({ group: '' }), G1, 'master', undefined, false],
    ['unknown instance', conf(), { kind: 'instance', name: 'VI_9' }, 'master', undefined, false],
    ['unknown group', conf(), { kind: 'group', name: 'G9' }, 'master', undefined, false],
    ['no smtp_server: smtp_alert() returns early', conf({ mailDefs: '  notification_email {\n    ops@example.com\n  }' }), VI_1, 'master', undefined, false],
    ['no notification_email: smtp_alert() returns early', conf({ mailDefs: '  smtp_server 192.0.2.25' }), VI_1, 'master', undefined, false],
  ];
  for (const [title, text, target, state, lastMailed, mails] of cases) {
    it(title, () => {
      const mail = vrrpAlertMail(configFrom(text), target, state, lastMailed);
      assert.equal(mail !== undefined, mails, JSON.stringify(mail));
    });
  }

  it('global defaults: port 25, helo and from from the host name, 30 s connect timeout', () => {
    const config = configFrom(conf({ mailDefs: '  notification_email {\n    ops@example.com\n  }\n  smtp_server mail.example.com' }));
    const mail = vrrpAlertMail(config, VI_1, 'master');
    assert.deepEqual(
      mail && [mail.server, mail.port, mail.helo, mail.from, mail.to, mail.connectTimeoutMicros],
      ['mail.example.com', 25, 'test', 'keepalived@test', ['ops@example.com'], 30_000_000],
    );
  });

  it('router_id defaults to the host name in the subject', () => {
    const text = conf().replace('  router_id LB1\n', '');
    assert.equal(vrrpAlertMail(configFrom(text), VI_1, 'master')?.subject, '[test] VRRP Instance VI_1 - Entering MASTER state');
  });
});

describe('keepalived buffer sizes (smtp.h MAX_HEADERS_LENGTH 256, MAX_BODY_LENGTH 512)', () => {
  it('a subject longer than 255 bytes is cut to 255', () => {
    const name = `VI_${'x'.repeat(300)}`;
    const text = conf().replace(/VI_1/g, name);
    const subject = vrrpAlertMail(configFrom(text), { kind: 'instance', name }, 'master')?.subject ?? '';
    assert.equal(subject.length, MAX_SUBJECT_BYTES);
    assert.ok(subject.startsWith(`[LB1] VRRP Instance VI_xxx`));
  });

  const cuts: [text: string, max: number, expected: string][] = [
    ['abc', 3, 'abc'],
    ['abcd', 3, 'abc'],
    ['aé', 2, 'a'], // é is 2 bytes: never split
    ['aé', 3, 'aé'],
    ['a€b', 3, 'a'], // € is 3 bytes
    ['a😀', 4, 'a'], // 4 bytes, a surrogate pair in JS
    ['a😀', 5, 'a😀'],
    ['x'.repeat(600), MAX_BODY_BYTES, 'x'.repeat(511)],
  ];
  for (const [text, max, expected] of cuts) {
    it(`truncateUtf8(${JSON.stringify(text.slice(0, 8))}…, ${max})`, () => {
      assert.equal(truncateUtf8(text, max), expected);
    });
  }
});
