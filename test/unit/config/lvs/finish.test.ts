import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLvs, summary } from './parse.js';

type Expected = [string, string, number | undefined][];

const vs = (head: string, body: string): string => `virtual_server ${head} {\n${body}\n}\n`;

/** keepalived check_data.c validate_check_config: messages without a line, all exit 5 (observed 2.2.7). */
const cases: { name: string; text: string; expected: Expected }[] = [
  {
    name: 'no protocol, scheduler or method (brief example)',
    text: vs('10.0.0.1 80', 'real_server 10.0.0.2 80 {\n}'),
    expected: [
      ['error', 'Virtual server [10.0.0.1]:none:80: no protocol set - defaulting to UDP', undefined],
      ['error', "Virtual server [10.0.0.1]:udp:80: no scheduler set, setting default 'wlc'", undefined],
      ['error', 'Virtual server [10.0.0.1]:udp:80: no forwarding method set, setting default NAT', undefined],
    ],
  },
  {
    name: 'protocol on a fwmark service (samples keepalived.conf.fwmark)',
    text: vs('fwmark 1', 'protocol TCP\nlvs_sched rr\nlvs_method DR\nreal_server 10.0.0.2 {\n}'),
    expected: [['error', 'Warning: Virtual server FWM 1: protocol specified for fwmark - protocol will be ignored', undefined]],
  },
  {
    name: 'fwmark service, DR real server with a port',
    text: vs('fwmark 1', 'lvs_sched rr\nlvs_method DR\nreal_server 10.0.0.2 80 {\n}'),
    expected: [['error', 'WARNING - fwmark virtual server FWM 1, real server [10.0.0.2]:none:80 has port specified - clearing', undefined]],
  },
  {
    name: 'quorum capped to the total weight, then hysteresis below quorum',
    text: vs('10.0.0.1 80', 'protocol TCP\nlvs_sched rr\nlvs_method NAT\nquorum 5\nhysteresis 7\nreal_server 10.0.0.2 80 {\nweight 2\n}'),
    expected: [
      ['error', 'Warning - quorum 5 for [10.0.0.1]:tcp:80 exceeds total weight of real servers 2, reducing quorum to 2', undefined],
      ['error', 'Virtual server [10.0.0.1]:tcp:80: hysteresis 7 >= quorum 2; setting hysteresis to 1', undefined],
    ],
  },
  {
    name: 'ops needs UDP',
    text: vs('10.0.0.1 80', 'protocol TCP\nlvs_sched rr\nlvs_method NAT\nops\nreal_server 10.0.0.2 80 {\n}'),
    expected: [['error', 'Virtual server [10.0.0.1]:tcp:80: one packet scheduling requires UDP - resetting', undefined]],
  },
  {
    name: 'zero port needs persistence',
    text: vs('10.0.0.1', 'protocol TCP\nlvs_sched rr\nlvs_method DR\nreal_server 10.0.0.2 {\n}'),
    expected: [['error', 'Virtual server [10.0.0.1]:tcp:0: zero port only valid for persistent services - setting', undefined]],
  },
  {
    name: 'ha_suspend with a fwmark',
    text: vs('fwmark 2', 'lvs_sched rr\nlvs_method DR\nha_suspend\nreal_server 10.0.0.2 {\n}'),
    expected: [['error', 'Virtual server FWM 2: cannot use ha_suspend with fwmarks - clearing ha_suspend', undefined]],
  },
  {
    name: 'no real servers',
    text: vs('10.0.0.1 80', 'protocol TCP\nlvs_sched rr\nlvs_method NAT'),
    expected: [['error', 'Virtual server [10.0.0.1]:tcp:80 has no real servers - ignoring', undefined]],
  },
  {
    name: 'duplicate real server',
    text: vs('10.0.0.1 80', 'protocol TCP\nlvs_sched rr\nlvs_method NAT\nreal_server 10.0.0.2 80 {\n}\nreal_server 10.0.0.2 80 {\n}'),
    expected: [['error', 'VS [10.0.0.1]:tcp:80: real server [10.0.0.2]:tcp:80 is duplicated - removing second rs', undefined]],
  },
  {
    name: 'DR real server port mismatch',
    text: vs('10.0.0.1 80', 'protocol TCP\nlvs_sched rr\nlvs_method DR\nreal_server 10.0.0.2 81 {\n}'),
    expected: [['error', 'WARNING - virtual server [10.0.0.1]:tcp:80 and real server [10.0.0.2]:tcp:81 ports don\'t match - resetting', undefined]],
  },
  {
    name: 'real server of the other family (rs_end_handler), reported at the real_server line',
    text: vs('10.0.0.1 80', 'protocol TCP\nlvs_sched rr\nlvs_method NAT\nreal_server fe80::2 80 {\n}\nreal_server 10.0.0.2 80 {\n}'),
    expected: [['error', "Address family of virtual server and real server fe80::2 don't match - skipping real server.", 5]],
  },
];

describe('post-parse validation (check_data.c validate_check_config)', () => {
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(summary(parseLvs(c.text).diagnostics), c.expected);
    });
  }
});

describe('virtual_server_group', () => {
  it('entries and their errors (check_data.c alloc_vsg_entry)', () => {
    const text = `virtual_server_group G1 {\n 10.0.0.1 80\n 10.0.0.10-20 80\n 10.0.0.20-10 80\n 10.0.0.0/24 80\n 10.0.0.1/24 80\n 10.0.0.0/33 80\n 10.0.1.1-10.0.1.5 80\n 10.0.1.9-10.0.1.5 80\n 1.2.3 80\n fwmark x\n fwmark 8 inet9\n fwmark 9 inet\n}\n`;
    const { model, diagnostics } = parseLvs(text);
    assert.deepEqual(summary(diagnostics), [
      ['error', 'Address range end is not greater than address range start - 10.0.0.20-10 - skipping', 4],
      ['error', 'Address mask bits not empty - 10.0.0.1/24 - skipping', 6],
      ['error', 'Invalid netmask - 10.0.0.0/33 - skipping', 7],
      ['error', 'Address range end is less than address range start - 10.0.1.9-10.0.1.5 - skipping', 9],
      ['error', 'Invalid virtual server group IP address 1.2.3 /port/80 - skipping', 10],
      ['error', "invalid number 'x'", 11],
      ['error', "(G1): fwmark 'x' must be in [0, 4294967295] - ignoring", 11],
      ['error', "(G1): fwmark '8' family inet9 unknown - ignoring", 12],
    ]);
    const entries = model.virtualServerGroups[0]?.entries.map((e) => (e.kind === 'range' ? `${e.first.address}-${e.last.address}:${e.first.port}` : `fwmark ${e.fwmark} ${e.family ?? ''}`));
    assert.deepEqual(entries, ['10.0.0.1-10.0.0.1:80', '10.0.0.10-10.0.0.20:80', '10.0.0.0-10.0.0.255:80', '10.0.1.1-10.0.1.5:80', 'fwmark 9 inet']);
  });

  it('removed groups: empty, or IPv4 + IPv6 + fwmark without family (reported at the group line)', () => {
    const { model, diagnostics } = parseLvs('virtual_server_group EMPTY {\n}\nvirtual_server_group MIX {\n 10.0.0.1 80\n fe80::1 80\n fwmark 3\n}\n');
    assert.deepEqual(summary(diagnostics), [
      ['error', 'virtual server group EMPTY has no entries - removing', 1],
      ['error', 'virtual server group MIX cannot have IPv4, IPv6 and fwmark without family - removing', 3],
    ]);
    assert.equal(model.virtualServerGroups.length, 0);
  });

  it('group services: protocol, zero port and port checks; unknown group is a log line', () => {
    const text = `virtual_server_group G1 {\n 10.0.0.1 80\n 10.0.0.10-20\n}\nvirtual_server_group F {\n fwmark 3\n}\n${vs('group G1', 'lvs_method DR\nreal_server 10.0.0.2 81 {\n}')}${vs('group F', 'protocol TCP\nlvs_method DR\nreal_server 10.0.0.2 81 {\n}')}${vs('group NOPE', 'real_server 10.0.0.2 81 {\n}')}`;
    const { model, diagnostics } = parseLvs(text);
    assert.deepEqual(summary(diagnostics), [
      ['error', 'Virtual server [G1]:0: no protocol set - defaulting to UDP', undefined],
      ['error', 'Virtual server [G1]:0: zero port only valid for persistent services - setting', undefined],
      ['error', "Virtual server [G1]:0: no scheduler set, setting default 'wlc'", undefined],
      ['error', "virtual server [G1]:0:[10.0.0.1,80] and real server [10.0.0.2]:udp:81 ports don't match", undefined],
      ['error', "virtual server [G1]:0:[10.0.0.10-10.0.0.20,0] and real server [10.0.0.2]:udp:81 ports don't match", undefined],
      ['error', 'Warning: Virtual server [F]:0: protocol specified for fwmark - protocol will be ignored', undefined],
      ['error', "Virtual server [F]:0: no scheduler set, setting default 'wlc'", undefined],
      ['error', 'WARNING - fwmark virtual server [F]:0, real server [10.0.0.2]:none:81 has port specified - port will be ignored', undefined],
      ['warning', 'Virtual server group NOPE specified but not configured - ignoring virtual server [NOPE]:0', 19],
    ]);
    assert.deepEqual(model.virtualServers.map((v) => [v.label, v.protocol, v.persistenceTimeoutSeconds]), [
      ['[G1]:0', 'UDP', 360],
      ['[F]:0', undefined, 0],
    ]);
  });
});

describe('the VS → RS → checker cascade (check_data.c, check_api.c)', () => {
  const text = vs(
    '10.0.0.1 80',
    'protocol TCP\nlvs_sched rr\nlvs_method DR\ndelay_loop 10\nconnect_timeout 2.5\nretry 4\nweight 3\ninhibit_on_failure\nalpha\n' +
      'real_server 10.0.0.2 {\ndelay_before_retry 7\nTCP_CHECK {\n}\nHTTP_GET {\nretry 9\nwarmup 0\nurl {\npath /\n}\n}\n}\n' +
      'real_server 10.0.0.3 80 {\nweight 0\nalpha off\nDNS_CHECK {\n}\nMISC_CHECK {\nmisc_path /bin/true\nmisc_timeout 3\n}\n}',
  );

  it('real servers take weight, alpha, inhibit and port from the virtual server', () => {
    const { model, diagnostics } = parseLvs(text);
    assert.deepEqual(diagnostics, []);
    const v = model.virtualServers[0];
    assert.deepEqual(
      v?.realServers.map((r) => [r.label, r.weight, r.alpha, r.inhibitOnFailure, r.forwarding.kind, r.smtpAlert]),
      [
        ['[10.0.0.2]:tcp:80', 3, true, true, 'DR', true],
        ['[10.0.0.3]:tcp:80', 0, false, true, 'DR', true],
      ],
    );
    assert.deepEqual([v.quorum, v.hysteresis, v.smtpAlert, v.delayLoopMicros], [1, 0, false, 10_000_000]);
  });

  it('checkers take retry, timers and timeout from the real server, then their type defaults', () => {
    const { model } = parseLvs(text);
    const timings = model.virtualServers[0]?.realServers.flatMap((r) =>
      r.checkers.map((c) => ('retry' in c ? [c.kind, c.retry, c.delayLoopMicros, c.delayBeforeRetryMicros, c.warmupMicros, c.alpha] : [c.kind])),
    );
    assert.deepEqual(timings, [
      ['TCP_CHECK', 4, 10_000_000, 7_000_000, 10_000_000, true],
      ['HTTP_GET', 9, 10_000_000, 7_000_000, 0, true],
      ['DNS_CHECK', 4, 10_000_000, 10_000_000, 10_000_000, false],
      ['MISC_CHECK', 4, 10_000_000, 1_000_000, 10_000_000, false],
    ]);
    const tcp = model.virtualServers[0]?.realServers[0]?.checkers[0];
    assert.ok(tcp !== undefined && 'connection' in tcp);
    assert.deepEqual([tcp.connection.destination, tcp.connection.connectTimeoutMicros], [{ family: 'inet', address: '10.0.0.2', port: 80 }, 2_500_000]);
  });

  it('type defaults without any virtual/real server setting: retry 1 (DNS 3, MISC 0), delay_before_retry 1 s (HTTP 3 s, DNS = delay_loop)', () => {
    const { model } = parseLvs(vs('10.0.0.1 80', 'protocol TCP\nlvs_sched rr\nlvs_method NAT\nreal_server 10.0.0.2 80 {\nTCP_CHECK {\n}\nSSL_GET {\nurl {\npath /\n}\n}\nDNS_CHECK {\n}\nMISC_CHECK {\nmisc_path /bin/true\n}\n}'));
    const timings = model.virtualServers[0]?.realServers[0]?.checkers.map((c) => ('retry' in c ? [c.kind, c.retry, c.delayBeforeRetryMicros, c.warmupMicros] : [c.kind]));
    assert.deepEqual(timings, [
      ['TCP_CHECK', 1, 1_000_000, 60_000_000],
      ['SSL_GET', 1, 3_000_000, 60_000_000],
      ['DNS_CHECK', 3, 60_000_000, 60_000_000],
      ['MISC_CHECK', 0, 1_000_000, 60_000_000],
    ]);
  });

  it('global smtp_alert_checker and checker_log_all_failures', () => {
    const { model } = parseLvs(vs('10.0.0.1 80', 'protocol TCP\nlvs_sched rr\nlvs_method NAT\nreal_server 10.0.0.2 80 {\nTCP_CHECK {\n}\n}'), {
      globals: { smtpAlert: true, smtpAlertChecker: false, checkerLogAllFailures: true },
    });
    const v = model.virtualServers[0];
    assert.deepEqual([v?.smtpAlert, v?.realServers[0]?.smtpAlert, v?.realServers[0]?.checkers[0]?.logAllFailures], [false, false, true]);
  });
});
