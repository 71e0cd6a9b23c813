import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLvs, summary, vsWith } from './parse.js';

type Expected = [string, string, number | undefined][];

/**
 * virtual_server keywords (keepalived check_parser.c), each message as
 * keepalived 2.2.7 prints it for `keepalived -t` (observed); all exit 5.
 */
const cases: { name: string; lines: string; expected: Expected }[] = [
  { name: 'lvs_sched: unknown scheduler', lines: 'lvs_sched xx', expected: [['error', "Invalid lvs_scheduler 'xx' - ignoring", 5]] },
  { name: 'lb_algo/lb_kind: silent aliases in 2.2.7', lines: 'lb_algo twos\nlb_kind DR', expected: [] },
  { name: 'hashed without sh', lines: 'hashed', expected: [['error', 'hashed only applies to sh scheduler - ignoring', 5]] },
  { name: 'sh-port without sh', lines: 'sh-port', expected: [['error', 'sh-port only applies to sh scheduler - ignoring', 5]] },
  { name: 'mh-port under sh is silently ignored', lines: 'lvs_sched sh\nmh-port\nsh-port', expected: [] },
  {
    name: 'persistence_timeout range [1, 31 days]',
    lines: 'persistence_timeout 0\npersistence_timeout abc\npersistence_timeout 2678401',
    expected: [
      ['error', "number '0' outside range [1, 2678400]", 5],
      ['error', 'persistence_timeout invalid', 5],
      ['error', "invalid number 'abc'", 6],
      ['error', 'persistence_timeout invalid', 6],
      ['error', "number '2678401' outside range [1, 2678400]", 7],
      ['error', 'persistence_timeout invalid', 7],
    ],
  },
  {
    name: 'lvs_method TUN options',
    lines: 'lvs_method TUN type gue\nlvs_method TUN type gue port 0\nlvs_method TUN type ipip csum\nlvs_method TUN type gre remcsum\nlvs_method TUN foo\nlvs_method TUN type\nlvs_method XX',
    expected: [
      ['error', 'gue tunnels require port, otherwise cannot have port.', 5],
      ['error', "number '0' outside range [1, 65535]", 6],
      ['error', 'Invalid gue tunnel port 0 for virtual server.', 6],
      ['error', 'ipip tunnels do not support checksum option.', 7],
      ['error', 'gre tunnels do not support remote checksum option.', 8],
      ['error', 'Invalid tunnel option foo for virtual server.', 9],
      ['error', 'Missing tunnel type for virtual server.', 10],
      ['error', 'PARSER : unknown [XX] routing method for virtual server.', 11],
    ],
  },
  {
    name: 'ip_family',
    lines: 'ip_family inet7\nip_family inet6',
    expected: [
      ['error', 'unknown address family inet7', 5],
      ['error', 'Virtual server specified family inet6 conflicts with server family', 6],
    ],
  },
  {
    name: 'retry must be >= 1 at virtual server level',
    lines: 'retry 0\nretry x\nretry 4294967296',
    expected: [
      ['error', "number '0' outside range [1, 4294967295]", 5],
      ['error', 'retry value invalid - 0', 5],
      ['error', "invalid number 'x'", 6],
      ['error', 'retry value invalid - x', 6],
      ['error', "number '4294967296' outside unsigned integer range", 7],
      ['error', 'retry value invalid - 4294967296', 7],
    ],
  },
  {
    name: 'timers (read_timer) and the 2.2.7 silent invalid warmup/delay_before_retry',
    lines: 'delay_loop 0\nconnect_timeout x\nwarmup x\ndelay_before_retry x\ndelay_loop -1\nconnect_timeout 5000\nwarmup -1',
    expected: [
      ['error', "number '0' outside range [0.000001, 18446744073709.551614]", 5],
      ['error', "virtual server delay loop '0' invalid - ignoring", 5],
      ['error', "invalid number 'x'", 6],
      ['error', 'virtual server connect_timeout x invalid - ignoring', 6],
      ['error', "invalid number 'x'", 7],
      ['error', "invalid number 'x'", 8],
      ['error', "negative number '-1'", 9],
      ['error', "virtual server delay loop '-1' invalid - ignoring", 9],
      ['error', "number '5000' outside range [0.000001, 4294.967295]", 10],
      ['error', 'virtual server connect_timeout 5000 invalid - ignoring', 10],
      ['error', "negative number '-1'", 11],
      ['error', "virtual server warmup '-1' invalid - ignoring", 11],
    ],
  },
  {
    name: 'weight, quorum, hysteresis ranges',
    lines: 'weight 0\nquorum 0\nhysteresis x\nquorum 1.5',
    expected: [
      ['error', "number '0' outside range [1, 2147483647]", 5],
      ['error', 'Virtual server weight 0 is outside range 1-2147483647', 5],
      ['error', "number '0' outside range [1, 4294967295]", 6],
      ['error', 'Quorum 0 must be in [1, 4294967295]. Setting to 1.', 6],
      ['error', "invalid number 'x'", 7],
      ['error', 'Hysteresis x must be in [0, 4294967295] - ignoring', 7],
      ['error', "invalid number '1.5'", 8],
      ['error', 'Quorum 1.5 must be in [1, 4294967295]. Setting to 1.', 8],
    ],
  },
  {
    name: 'virtualhost, smtp_alert, protocol',
    lines: 'virtualhost\nsmtp_alert maybe\nprotocol ICMP',
    expected: [
      ['error', 'virtual server virtualhost missing', 5],
      ['error', 'Invalid virtual_server smtp_alert parameter maybe', 6],
      ['error', 'Unknown protocol ICMP - ignoring', 7],
    ],
  },
  {
    name: 'sorry server keywords',
    lines: 'sorry_server_inhibit\nsorry_server_lvs_method DR\nsorry_server 1.2.3.400 80',
    expected: [
      ['error', 'Ignoring sorry_server inhibit used before or without sorry_server', 5],
      ['error', 'sorry_server forwarding used without sorry_server', 6],
      ['error', 'Invalid sorry server IP address 1.2.3.400 - skipping', 7],
    ],
  },
  {
    name: 'quorum_up twice (vsgname is NULL outside groups)',
    lines: 'quorum_up "/bin/echo up"\nquorum_up "/bin/echo again"',
    expected: [['error', '((null)) quorum_up script already specified - ignoring /bin/echo again', 6]],
  },
  { name: 'unknown keyword', lines: 'lb_method NAT', expected: [['error', "Unknown keyword 'lb_method'", 5]] },
  { name: 'snmp_name is parsed but SNMP is not implemented', lines: 'snmp_name web', expected: [['notImplemented', 'snmp_name (SNMP)', 5]] },
];

describe('virtual_server keywords (keepalived check_parser.c, observed 2.2.7)', () => {
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(summary(parseLvs(vsWith(c.lines)).diagnostics), c.expected);
    });
  }
});

describe('virtual_server header (check_data.c alloc_vs)', () => {
  const headers: [string, string, Expected][] = [
    ['fwmark beyond UINT32', 'fwmark 5000000000', [
      ['error', "number '5000000000' outside unsigned integer range", 1],
      ['error', "virtual server fwmark '5000000000' must be in [0, 4294967295] - ignoring", 1],
    ]],
    ['bad address with port', '1.2.3 80', [['error', 'Invalid virtual server IP address/port 1.2.3/80 - skipping', 1]]],
    ['bad address without port', '1.2.3', [['error', 'Invalid virtual server IP address 1.2.3 - skipping', 1]]],
  ];
  for (const [name, head, expected] of headers) {
    it(name, () => {
      const { model, diagnostics } = parseLvs(`virtual_server ${head} {\n real_server 10.0.0.2 80 {\n }\n}\n`);
      assert.deepEqual(summary(diagnostics), expected);
      assert.equal(model.virtualServers.length, 0);
    });
  }
});

describe('SSL block (check_parser.c handle_ssl_file)', () => {
  it('reports missing values, replacements and a second block', () => {
    const { model, diagnostics } = parseLvs('SSL {\n password\n ca /x\n ca /y\n}\nSSL {\n key /k\n}\n');
    assert.deepEqual(summary(diagnostics), [
      ['error', 'SSL password missing', 2],
      ['error', 'SSL cafile already specified - replacing', 4],
      ['error', 'SSL context already specified - replacing', 6],
    ]);
    assert.deepEqual(model.ssl, { loc: { file: 'keepalived.conf', line: 6 }, keyFile: '/k' });
  });
});
