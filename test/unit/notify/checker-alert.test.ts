// LVS smtp_alert mails (keepalived check_*.c and ipwrapper.c smtp_alert calls, core/smtp.c
// SMTP_MSG_RS / SMTP_MSG_RS_SHUT / SMTP_MSG_VS; reference keepalived.md §3.4, §4.7), from real
// keepalived.conf text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KeepalivedConfig } from '../../../core/config/model.js';
import { checkerAlertBody, checkerAlertMail, type CheckerAlert, type CheckerOutcome } from '../../../core/notify/checker-alert.js';
import { configFrom } from '../../support/config.js';

function conf(options: { global?: string; vs?: string; rs2?: string } = {}): string {
  return `global_defs {
  router_id LB1
  notification_email {
    ops@example.com
  }
  notification_email_from ka@example.com
  smtp_server 192.0.2.25
  ${options.global ?? ''}
}
virtual_server 10.0.0.100 80 {
  lb_algo rr
  lb_kind NAT
  protocol TCP
  quorum 2
  hysteresis 1
  ${options.vs ?? 'omega\n  smtp_alert'}
  real_server 10.0.0.2 80 {
    weight 1
    TCP_CHECK {
      connect_timeout 3
    }
  }
  real_server 10.0.0.3 80 {
    weight 1
    ${options.rs2 ?? 'smtp_alert no'}
    TCP_CHECK {
      connect_timeout 3
    }
  }
}
`;
}

function servers(config: KeepalivedConfig) {
  const vs = config.lvs.virtualServers[0];
  const [rs1, rs2] = vs?.realServers ?? [];
  if (vs === undefined || rs1 === undefined || rs2 === undefined) throw new Error('fixture lost its servers');
  return { vs, rs1, rs2 };
}

describe('checkerAlertBody: each checker\'s words (keepalived 2.2 check_*.c)', () => {
  const cases: [CheckerOutcome, string][] = [
    [{ checker: 'HTTP_GET', up: true }, '=> CHECK succeed on service <='],
    [{ checker: 'HTTP_GET', up: false }, '=> CHECK failed on service : HTTP request failed <='],
    [{ checker: 'SSL_GET', up: false }, '=> CHECK failed on service : HTTP request failed <='],
    [{ checker: 'TCP_CHECK', up: true }, '=> TCP CHECK succeed on service <='],
    [{ checker: 'TCP_CHECK', up: false }, '=> TCP CHECK failed on service <='],
    [{ checker: 'UDP_CHECK', up: true }, '=> UDP CHECK succeed on service <='],
    [{ checker: 'UDP_CHECK', up: false }, '=> UDP CHECK failed on service <='],
    [{ checker: 'PING_CHECK', up: true }, '=> ICMP CHECK succeed on service <='],
    [{ checker: 'PING_CHECK', up: false }, '=> ICMP CHECK failed on service <='],
    [{ checker: 'DNS_CHECK', up: true }, '=> DNS_CHECK: succeed on service <='],
    [{ checker: 'DNS_CHECK', up: false }, '=> DNS_CHECK: failed on service <='],
    [{ checker: 'SMTP_CHECK', up: true }, '=> CHECK succeed on service <='],
    [{ checker: 'SMTP_CHECK', up: false }, '=> CHECK failed on service <='],
    [{ checker: 'SMTP_CHECK', up: false, reason: 'Read timeout from server [10.0.0.2]:tcp:25' }, '=> CHECK failed on service : Read timeout from server [10.0.0.2]:tcp:25 <='],
    [{ checker: 'MISC_CHECK', result: 'succeeded' }, '=> MISC CHECK succeeded on service <='],
    [{ checker: 'MISC_CHECK', result: 'failed' }, '=> MISC CHECK failed on service <='],
    [{ checker: 'MISC_CHECK', result: 'timed out' }, '=> MISC CHECK timed out on service <='],
    [{ checker: 'BFD_CHECK', bfd: 'bfd1', up: true }, '=> BFD CHECK bfd1 succeeded on service <='],
    [{ checker: 'BFD_CHECK', bfd: 'bfd1', up: false }, '=> BFD CHECK bfd1 failed on service <='],
    // char message[80]: 79 bytes at most.
    [{ checker: 'BFD_CHECK', bfd: 'b'.repeat(70), up: true }, `=> BFD CHECK ${'b'.repeat(70)} suc`.slice(0, 79)],
  ];
  for (const [outcome, body] of cases) {
    it(`${outcome.checker} ${JSON.stringify(outcome).slice(0, 60)}`, () => {
      assert.equal(checkerAlertBody(outcome), body);
    });
  }
});

describe('checkerAlertMail: subjects, bodies and gates', () => {
  const base = configFrom(conf());
  const { vs, rs1, rs2 } = servers(base);
  const tcpDown: CheckerOutcome = { checker: 'TCP_CHECK', up: false };
  const tcpUp: CheckerOutcome = { checker: 'TCP_CHECK', up: true };

  const mails: [title: string, config: KeepalivedConfig, alert: CheckerAlert, subject: string, body: string][] = [
    ['real server goes DOWN', base, { kind: 'realServer', virtualServer: vs, realServer: rs1, outcome: tcpDown, wasAlive: true, alive: false },
      '[LB1] Realserver [10.0.0.2]:tcp:80 of virtual server [10.0.0.100]:tcp:80 - DOWN', '=> TCP CHECK failed on service <='],
    ['real server comes UP', base, { kind: 'realServer', virtualServer: vs, realServer: rs1, outcome: tcpUp, wasAlive: false, alive: true },
      '[LB1] Realserver [10.0.0.2]:tcp:80 of virtual server [10.0.0.100]:tcp:80 - UP', '=> TCP CHECK succeed on service <='],
    ['a checker up while another keeps the server down: subject from rs->alive', base,
      { kind: 'realServer', virtualServer: vs, realServer: rs1, outcome: tcpUp, wasAlive: false, alive: false },
      '[LB1] Realserver [10.0.0.2]:tcp:80 of virtual server [10.0.0.100]:tcp:80 - DOWN', '=> TCP CHECK succeed on service <='],
    ['real server removed on reload', base, { kind: 'realServerRemoved', virtualServer: vs, realServer: rs1, stopping: false },
      '[LB1] Realserver [10.0.0.2]:tcp:80 of virtual server [10.0.0.100]:tcp:80 - DOWN', '=> Removing <='],
    ['real server shut down (omega)', base, { kind: 'realServerRemoved', virtualServer: vs, realServer: rs1, stopping: true },
      '[LB1] Realserver [10.0.0.2]:tcp:80 of virtual server [10.0.0.100]:tcp:80 - DOWN', '=> Shutting down <='],
    ['quorum gained', base, { kind: 'quorum', virtualServer: vs, up: true, init: false, threshold: 3, weightSum: 3 },
      '[LB1] Virtualserver [10.0.0.100]:tcp:80 - UP', '=> Gained quorum 2+1=3 <= 3 <='],
    ['quorum lost ("+" in the mail, unlike the log line)', base, { kind: 'quorum', virtualServer: vs, up: false, init: false, threshold: 1, weightSum: 0 },
      '[LB1] Virtualserver [10.0.0.100]:tcp:80 - DOWN', '=> Lost quorum 2+1=1 <= 0 <='],
    ['starting with quorum up', base, { kind: 'quorum', virtualServer: vs, up: true, init: true, threshold: 3, weightSum: 4 },
      '[LB1] Virtualserver [10.0.0.100]:tcp:80 - UP', '=> Starting with quorum up 2+1=3 <= 4 <='],
    ['starting with quorum down', base, { kind: 'quorum', virtualServer: vs, up: false, init: true, threshold: 3, weightSum: 0 },
      '[LB1] Virtualserver [10.0.0.100]:tcp:80 - DOWN', '=> Starting with quorum down 2+1=3 <= 0 <='],
    ['virtual server shutting down (omega)', base, { kind: 'quorumStopping', virtualServer: vs },
      '[LB1] Virtualserver [10.0.0.100]:tcp:80 - DOWN', '=> Shutting down <='],
  ];
  for (const [title, config, alert, subject, body] of mails) {
    it(title, () => {
      const mail = checkerAlertMail(config, alert);
      assert.deepEqual(mail && [mail.subject, mail.body, mail.to, mail.server, mail.port], [subject, body, ['ops@example.com'], '192.0.2.25', 25]);
    });
  }

  const noCheckerEmails = configFrom(conf({ global: 'no_checker_emails' }));
  const quiet = servers(noCheckerEmails);
  const noOmega = configFrom(conf({ vs: 'smtp_alert' }));
  const plain = servers(noOmega);
  const vsAlertOff = configFrom(conf({ vs: 'omega' }));
  const off = servers(vsAlertOff);
  const noServer = configFrom(conf().replace('  smtp_server 192.0.2.25\n', ''));
  const gates: [title: string, config: KeepalivedConfig, alert: CheckerAlert, mails: boolean][] = [
    ['real server with smtp_alert off', base, { kind: 'realServer', virtualServer: vs, realServer: rs2, outcome: tcpDown, wasAlive: true, alive: false }, false],
    ['no_checker_emails: the server changed, mailed', noCheckerEmails,
      { kind: 'realServer', virtualServer: quiet.vs, realServer: quiet.rs1, outcome: tcpDown, wasAlive: true, alive: false }, true],
    ['no_checker_emails: a checker changed but the server did not, not mailed', noCheckerEmails,
      { kind: 'realServer', virtualServer: quiet.vs, realServer: quiet.rs1, outcome: tcpDown, wasAlive: false, alive: false }, false],
    ['without no_checker_emails a checker change alone is mailed', base,
      { kind: 'realServer', virtualServer: vs, realServer: rs1, outcome: tcpDown, wasAlive: false, alive: false }, true],
    ['removed real server with smtp_alert off', base, { kind: 'realServerRemoved', virtualServer: vs, realServer: rs2, stopping: false }, false],
    ['shut-down real server without omega', noOmega, { kind: 'realServerRemoved', virtualServer: plain.vs, realServer: plain.rs1, stopping: true }, false],
    ['removed (reload) real server without omega is still mailed', noOmega,
      { kind: 'realServerRemoved', virtualServer: plain.vs, realServer: plain.rs1, stopping: false }, true],
    ['quorum with the virtual server\'s smtp_alert off', vsAlertOff, { kind: 'quorum', virtualServer: off.vs, up: true, init: false, threshold: 3, weightSum: 3 }, false],
    ['shutting down without omega', noOmega, { kind: 'quorumStopping', virtualServer: plain.vs }, false],
    ['no smtp_server', noServer, { kind: 'quorum', virtualServer: servers(noServer).vs, up: true, init: false, threshold: 3, weightSum: 3 }, false],
  ];
  for (const [title, config, alert, mails] of gates) {
    it(title, () => {
      const mail = checkerAlertMail(config, alert);
      assert.equal(mail !== undefined, mails, JSON.stringify(mail));
    });
  }

  it('smtp_alert_checker turns virtual servers\' alerts on (real servers default on already)', () => {
    const config = configFrom(conf({ global: 'smtp_alert_checker', vs: 'omega', rs2: '' }));
    const s = servers(config);
    assert.equal(checkerAlertMail(config, { kind: 'quorum', virtualServer: s.vs, up: true, init: false, threshold: 3, weightSum: 3 })?.body, '=> Gained quorum 2+1=3 <= 3 <=');
    assert.equal(checkerAlertMail(config, { kind: 'realServer', virtualServer: s.vs, realServer: s.rs2, outcome: tcpUp, wasAlive: false, alive: true })?.body, '=> TCP CHECK succeed on service <=');
  });
});
