import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLvs, summary, vsWith } from './parse.js';

type Expected = [string, string, number | undefined][];

/** Real server keywords then checker blocks; rsLines start at line 6. Messages observed on keepalived 2.2.7 -t. */
const cases: { name: string; rs: string; expected: Expected; options?: Parameters<typeof parseLvs>[1] }[] = [
  {
    name: 'real_server keywords (check_parser.c)',
    rs: 'weight -1\nuthreshold x\ninhibit_on_failure maybe\nnotify_up /bin/true\nnotify_up /bin/false\nretry 0\nconnect_timeout 0\nlb_kind DR',
    expected: [
      ['error', "negative number '-1'", 6],
      ['error', 'Real server weight -1 is outside range 0-2147483647', 6],
      ['error', "invalid number 'x'", 7],
      ['error', "Invalid real_server uthreshold 'x' - ignoring", 7],
      ['error', 'Invalid inhibit_on_failure parameter maybe', 8],
      ['error', '((null)) notify_up script already specified - ignoring /bin/false', 10],
      ['error', "number '0' outside range [1, 4294967295]", 11],
      ['error', 'retry value invalid - 0', 11],
      ['error', "number '0' outside range [0.000001, 4294.967295]", 12],
      ['error', 'real server connect_timeout 0 invalid - ignoring', 12],
      ['error', "Unknown keyword 'lb_kind'", 13],
    ],
  },
  {
    name: 'TCP_CHECK: nb_get_retry is unknown there in 2.2.7; connect_timeout abc',
    rs: 'TCP_CHECK {\nnb_get_retry 3\nconnect_timeout abc\n}',
    expected: [
      ['error', "Unknown keyword 'nb_get_retry'", 7],
      ['error', "invalid number 'abc'", 8],
      ['error', 'connect_timeout abc invalid - ignoring', 8],
    ],
  },
  {
    name: 'common checker keywords (check_api.c)',
    rs: 'TCP_CHECK {\nconnect_port 0\nbind_port x\nconnect_ip 1.2.3\nbindto fe80::1\nconnect_ip 10.0.0.9\nbind_if aaaaaaaaaaaaaaaaaaaaaaaaaa\nfwmark -1\nretry -1\nwarmup x\ndelay_loop 0\nalpha maybe\nlog_all_failures maybe\n}',
    expected: [
      ['error', "number '0' outside range [1, 65535]", 7],
      ['error', "Invalid checker connect_port '0'", 7],
      ['error', "invalid number 'x'", 8],
      ['error', "Invalid checker bind_port 'x'", 8],
      ['error', 'Invalid connect_ip address 1.2.3 - ignoring', 9],
      ['error', 'connect_ip address 10.0.0.9 does not match address family of bindto - skipping', 11],
      ['error', 'Interface name aaaaaaaaaaaaaaaaaaaaaaaaaa is too long - ignoring', 12],
      ['error', "negative number '-1'", 13],
      ['error', "Invalid fwmark connection value '-1'", 13],
      ['error', "negative number '-1'", 14],
      ['error', "Invalid retry connection value '-1'", 14],
      ['error', "invalid number 'x'", 15],
      ['error', "number '0' outside range [0.000001, 18446744073709.551614]", 16],
      ['error', "delay_loop '0' is invalid - ignoring", 16],
      ['error', 'Invalid alpha parameter maybe', 17],
      ['error', 'Invalid log_all_failures parameter maybe', 18],
    ],
  },
  {
    name: 'HTTP_GET (check_http.c)',
    rs: 'HTTP_GET {\nnb_get_retry x\nhttp_protocol 2.0\nurl {\npath /\ndigest 123\ndigest 0123456789abcdef0123456789abcdeg\nstatus_code 99 200-299 300-250 abc\n}\nurl {\nstatus_code 200\n}\nvirtualhost\nenable_sni maybe\n}',
    expected: [
      ['error', "nb_get_retry is deprecated - please use 'retry'", 7],
      ['error', "invalid number 'x'", 7],
      ['error', "Invalid nb_get_retry value 'x'", 7],
      ['error', 'Invalid http_protocol version 2.0', 8],
      ['error', "digest '123' character length should be 32 rather than 3", 11],
      ['error', "Unable to interpret hex digit in '0123456789abcdef0123456789abcdeg' at offset 30/31", 12],
      ['error', "Invalid HTTP_GET status code '99'", 13],
      ['error', "Invalid HTTP_GET status code '300-250'", 13],
      ['error', "Invalid HTTP_GET status code 'abc'", 13],
      ['error', 'HTTP/SSL_GET checker url has no path - ignoring', 15],
      ['error', 'HTTP_GET virtualhost name missing', 18],
      ['error', 'Invalid enable_sni parameter maybe', 19],
    ],
  },
  {
    name: 'HTTP_GET without url; link-local destination without bind_if',
    rs: 'SSL_GET {\n}\nHTTP_GET {\nurl {\npath /\n}\nconnect_ip fe80::1\n}',
    expected: [
      ['error', 'HTTP/SSL_GET checker has no urls specified - ignoring', 6],
      ['error', 'Checker link local address fe80::1 requires a bind_if', 8],
    ],
  },
  {
    name: 'regex options without regex are a log line only (rc 0)',
    rs: 'HTTP_GET {\nurl {\npath /\nregex_min_offset 3\n}\n}',
    expected: [['warning', 'regex parameters specified without regex', 7]],
  },
  {
    name: 'SMTP_CHECK helo_name and the deprecated host block',
    rs: 'SMTP_CHECK {\nhelo_name\nhost {\nconnect_ip 10.0.0.5\n}\n}',
    expected: [
      ['error', 'SMTP_CHECK helo name missing', 7],
      ['warning', 'The SMTP_CHECK host block is deprecated. Please define additional checkers.', 8],
    ],
  },
  {
    name: 'DNS_CHECK (check_dns.c)',
    rs: 'DNS_CHECK {\ntype XX\ntype mx\nname a..b\nname .x\nname ok.\nname again\n}',
    expected: [
      ['error', 'Unknown DNS check type XX - ignoring', 7],
      ['error', "DNS_CHECK name 'a..b' has empty label - ignoring", 9],
      ['error', "DNS_CHECK name '.x' has empty label - ignoring", 10],
      ['error', 'DNS_CHECK name already specified - ignoring', 12],
    ],
  },
  {
    name: 'UDP_CHECK (check_udp.c)',
    rs: 'UDP_CHECK {\npayload\npayload zz\nrequire_reply 0a0bXX\nmin_reply_length 70000\nmin_reply_length 20\nmax_reply_length 10\n}',
    expected: [
      ['error', 'UDP_CHECK payload requires a payload', 7],
      ['error', 'Invalid hex string for UDP_CHECK payload', 8],
      ['error', "number '70000' outside range [0, 65535]", 10],
      ['error', 'UDP_CHECK min length 70000 not valid - must be between 0 & 65535', 10],
      ['error', 'UDP_CHECK min_reply length 20 > max_reply_length 10 - will always fail', 6],
    ],
  },
  {
    name: 'MISC_CHECK (check_misc.c): no connection keywords, path required',
    rs: 'MISC_CHECK {\nmisc_timeout x\nuser\nconnect_ip 1.1.1.1\n}',
    expected: [
      ['error', "invalid number 'x'", 7],
      ['error', "Invalid misc_timeout value 'x'", 7],
      ['error', 'No user specified for misc checker script ', 8],
      ['error', "Unknown keyword 'connect_ip'", 9],
      ['error', 'No script path has been specified for MISC_CHECKER - skipping', 6],
    ],
  },
  {
    name: 'FILE_CHECK (check_file.c)',
    rs: 'FILE_CHECK {\ntrack_file nosuch\nweight\nweight 5 upside\n}',
    expected: [
      ['error', 'track_file nosuch not found', 7],
      ['error', 'track file weight missing', 8],
      ['error', 'unknown track file weight option upside - ignoring', 9],
      ['error', 'FILE_CHECK has no track_file specified - ignoring', 6],
    ],
  },
  {
    name: 'BFD_CHECK (check_bfd.c) is parsed, not implemented',
    rs: 'BFD_CHECK {\nname nosuch\n}\nBFD_CHECK {\n}',
    expected: [
      ['notImplemented', 'BFD_CHECK', 6],
      ['error', '([10.0.0.2]:tcp:80) BFD_CHECK - BFD nosuch not configured', 7],
      ['notImplemented', 'BFD_CHECK', 9],
      ['error', '([10.0.0.2]:tcp:80) No name has been specified for BFD_CHECKER - skipping', 9],
    ],
  },
];

describe('real_server and checker blocks (observed keepalived 2.2.7)', () => {
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(summary(parseLvs(vsWith('', c.rs), c.options).diagnostics), c.expected);
    });
  }
});

describe('checker models', () => {
  it('HTTP_GET url: default status 200-299, digest lower-cased, status ranges merged', () => {
    const { model } = parseLvs(vsWith('', 'HTTP_GET {\nurl {\npath /a\ndigest 0123456789ABCDEF0123456789ABCDEF\n}\nurl {\npath /b\nstatus_code 200 201-204 404\n}\n}'));
    const checker = model.virtualServers[0]?.realServers[0]?.checkers[0];
    if (checker?.kind !== 'HTTP_GET') assert.fail('expected a HTTP_GET');
    assert.deepEqual(checker.urls.map((u) => [u.path, u.digest, u.statusCodes]), [
      ['/a', '0123456789abcdef0123456789abcdef', [[200, 299]]],
      ['/b', undefined, [[200, 204], [404, 404]]],
    ]);
  });

  it('SMTP_CHECK host blocks become one checker each, with the default helo', () => {
    const { model } = parseLvs(vsWith('', 'SMTP_CHECK {\nhost {\nconnect_ip 10.0.0.5\nconnect_port 25\n}\nhost {\nconnect_ip 10.0.0.6\n}\n}'));
    const checkers = model.virtualServers[0]?.realServers[0]?.checkers ?? [];
    assert.deepEqual(
      checkers.map((c) => (c.kind === 'SMTP_CHECK' ? [c.heloName, c.connection.destination.address, c.connection.destination.port] : c.kind)),
      [
        ['smtpchecker.keepalived.org', '10.0.0.5', 25],
        ['smtpchecker.keepalived.org', '10.0.0.6', 80],
      ],
    );
  });

  it('MISC_CHECK: quoted misc_path is split into argv, user kept for the environment check', () => {
    const { model } = parseLvs(vsWith('', `MISC_CHECK {\nmisc_path "/bin/check 'a b' c"\nuser nobody nogroup\nmisc_dynamic\n}`));
    const checker = model.virtualServers[0]?.realServers[0]?.checkers[0];
    if (checker?.kind !== 'MISC_CHECK') assert.fail('expected a MISC_CHECK');
    assert.deepEqual(checker.script.argv, ['/bin/check', 'a b', 'c']);
    assert.equal(checker.script.user, 'nobody');
    assert.equal(checker.script.group, 'nogroup');
    assert.equal(checker.dynamic, true);
    assert.equal(checker.retry, 0, 'MISC_CHECK default_retry is 0');
    assert.equal(checker.timeoutMicros, 60_000_000, 'no misc_timeout: the virtual server delay_loop');
  });

  it('FILE_CHECK takes the track_file weight when it sets none', () => {
    const { model } = parseLvs(vsWith('', 'FILE_CHECK {\ntrack_file f\n}\nFILE_CHECK {\ntrack_file f\nweight -3 reverse\n}'), {
      trackFiles: { f: { weight: 7, reverse: false } },
    });
    const checkers = model.virtualServers[0]?.realServers[0]?.checkers ?? [];
    assert.deepEqual(checkers.map((c) => (c.kind === 'FILE_CHECK' ? [c.trackFile, c.weight, c.reverse, c.alpha] : c.kind)), [
      ['f', 7, false, false],
      ['f', -3, true, false],
    ]);
  });

  it('UDP_CHECK reply with X nibbles becomes data + mask', () => {
    const { model } = parseLvs(vsWith('', 'UDP_CHECK {\npayload 0a 0b\nrequire_reply 0aX1\n}'));
    const checker = model.virtualServers[0]?.realServers[0]?.checkers[0];
    if (checker?.kind !== 'UDP_CHECK') assert.fail('expected a UDP_CHECK');
    assert.deepEqual([checker.payload, checker.replyData, checker.replyMask, checker.maxReplyLength], [[10, 11], [10, 1], [0, 0xf0], 255]);
  });
});
