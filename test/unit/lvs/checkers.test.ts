// Checker runs and verdicts (keepalived check_udp.c udp_epilog, check_tcp.c, check_http.c epilog,
// check_misc.c misc_check_child_thread, ipwrapper.c update_svr_checker_state; reference
// keepalived.md §1.16, §4.7).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lvsStats } from '../../../core/lvs/index.js';
import { Driver, ipvs, logs, notifies, rs, SECOND, timers, vsConf } from './support.js';

const VS = '[10.0.0.1]:tcp:80';
const RS1 = '[10.0.0.11]:tcp:8080';
const ID1 = '[10.0.0.1]:tcp:80|[10.0.0.11]:8080|0';

describe('retry and delay_before_retry (udp_epilog)', () => {
  const cases = [
    { retry: 0, failuresToDown: 1 },
    { retry: 1, failuresToDown: 2 },
    { retry: 3, failuresToDown: 4 },
  ];
  for (const { retry, failuresToDown } of cases) {
    it(`retry ${retry}: an up checker goes down after ${failuresToDown} failures in a row`, () => {
      const d = new Driver(vsConf(rs('10.0.0.11 8080', '', `TCP_CHECK {\n warmup 0\n retry ${retry}\n delay_before_retry 3\n }`) + rs('10.0.0.12 8080')));
      assert.deepEqual(logs(d.check(ID1, true)), [`TCP connection to ${RS1} success.`]);
      for (let i = 1; i < failuresToDown; i++) {
        const before = d.checker(ID1).armedAt ?? 0;
        const effects = d.check(ID1, false);
        assert.deepEqual(ipvs(effects), [], `failure ${i} changes nothing`);
        assert.deepEqual(timers(effects).at(-1), `check:${ID1}@${before + 3 * SECOND}`, 'retried after delay_before_retry');
        assert.equal(d.checker(ID1).retryIt, i);
      }
      const before = d.checker(ID1).armedAt ?? 0;
      const down = d.check(ID1, false);
      const failed = retry === 0 ? `TCP_CHECK on service ${RS1} failed.` : `TCP_CHECK on service ${RS1} failed after ${retry} retries.`;
      assert.deepEqual(logs(down), [failed, `Removing service ${RS1} from VS ${VS}`]);
      assert.deepEqual(ipvs(down), ['del-dest TCP 10.0.0.1:80 10.0.0.11:8080']);
      assert.deepEqual(timers(down).at(-1), `check:${ID1}@${before + 10 * SECOND}`, 'then delay_loop');
    });
  }

  it('at start one failure is enough, whatever retry is (check_data.c: retry_it = retry)', () => {
    const d = new Driver(vsConf(rs('10.0.0.11 8080', '', 'TCP_CHECK {\n warmup 0\n retry 5\n }') + rs('10.0.0.12 8080')));
    const effects = d.check(ID1, false);
    assert.deepEqual(logs(effects), [`TCP_CHECK on service ${RS1} failed.`, `Removing service ${RS1} from VS ${VS}`]);
  });

  it('a down checker keeps trying every delay_loop and says nothing until it passes', () => {
    const d = new Driver(vsConf(rs('10.0.0.11 8080', '', 'TCP_CHECK {\n warmup 0\n retry 2\n delay_before_retry 3\n }') + rs('10.0.0.12 8080')));
    d.check(ID1, false);
    const before = d.checker(ID1).armedAt ?? 0;
    const again = d.check(ID1, false);
    assert.deepEqual(logs(again), []);
    assert.equal(timers(again).at(-1), `check:${ID1}@${before + 10 * SECOND}`);
  });

  it('a single success brings a down server back', () => {
    const d = new Driver(vsConf(rs('10.0.0.11 8080', 'weight 3', 'TCP_CHECK {\n warmup 0\n retry 2\n }') + rs('10.0.0.12 8080')));
    d.check(ID1, false);
    const up = d.check(ID1, true);
    assert.deepEqual(logs(up), [`TCP connection to ${RS1} success.`, `Adding service ${RS1} to VS ${VS}`]);
    assert.deepEqual(ipvs(up), ['add-dest TCP 10.0.0.1:80 10.0.0.11:8080 w3']);
  });

  it('log_all_failures logs each failed attempt while the checker is up', () => {
    const d = new Driver(vsConf(rs('10.0.0.11 8080', '', 'TCP_CHECK {\n warmup 0\n retry 1\n log_all_failures\n }') + rs('10.0.0.12 8080')));
    d.check(ID1, true);
    const detail = `TCP connection to ${RS1} timedout.`;
    assert.deepEqual(logs(d.check(ID1, false, { detail })), [detail]);
    const quiet = new Driver(vsConf(rs('10.0.0.11 8080', '', 'TCP_CHECK {\n warmup 0\n retry 1\n }') + rs('10.0.0.12 8080')));
    quiet.check(ID1, true);
    assert.deepEqual(logs(quiet.check(ID1, false, { detail })), []);
  });
});

describe('each kind of checker says it in its own words', () => {
  const cases = [
    { check: 'UDP_CHECK', up: `UDP connection to ${RS1} success.`, down: `UDP_CHECK on service ${RS1} failed.` },
    { check: 'PING_CHECK', up: `ICMP connection to ${RS1} success.`, down: `ICMP CHECK on service ${RS1} failed.` },
    { check: 'SMTP_CHECK', up: `Remote SMTP server ${RS1} succeed on service.`, down: undefined },
  ];
  for (const c of cases) {
    it(c.check, () => {
      const d = new Driver(vsConf(rs('10.0.0.11 8080', '', `${c.check} {\n warmup 0\n retry 0\n }`) + rs('10.0.0.12 8080')));
      assert.deepEqual(logs(d.check(ID1, true)), [c.up]);
      const down = logs(d.check(ID1, false));
      assert.deepEqual(down, [...(c.down === undefined ? [] : [c.down]), `Removing service ${RS1} from VS ${VS}`]);
    });
  }

  it('PING_CHECK names the virtual server when it counts retries', () => {
    const d = new Driver(vsConf(rs('10.0.0.11 8080', '', 'PING_CHECK {\n warmup 0\n retry 1\n }') + rs('10.0.0.12 8080')));
    d.check(ID1, true);
    d.check(ID1, false);
    assert.equal(logs(d.check(ID1, false))[0], `ICMP CHECK on service ${RS1} of ${VS} failed after 1 retries.`);
  });
});

describe('alpha (check_data.c: alpha checkers start failed, the server out)', () => {
  it('the server is not in the kernel until its checker passes', () => {
    const d = new Driver(vsConf(rs('10.0.0.11 8080', 'alpha') + rs('10.0.0.12 8080')));
    assert.deepEqual(ipvs(d.effects), ['add-service TCP 10.0.0.1:80', 'add-dest TCP 10.0.0.1:80 10.0.0.12:8080 w1']);
    const up = d.check(ID1, true);
    assert.deepEqual(logs(up), [`TCP connection to ${RS1} success.`, `Adding service ${RS1} to VS ${VS}`]);
    assert.deepEqual(ipvs(up), ['add-dest TCP 10.0.0.1:80 10.0.0.11:8080 w1']);
  });

  it('a first failure only sends the down notifies (update_svr_checker_state: alpha || !alive)', () => {
    const d = new Driver(
      vsConf(rs('10.0.0.11 8080', 'alpha\nnotify_down /bin/rs-down') + rs('10.0.0.12 8080'), '10.0.0.1 80', 'lvs_notify_fifo /run/lvs.fifo'),
    );
    const down = d.check(ID1, false);
    assert.deepEqual(logs(down), [`TCP_CHECK on service ${RS1} failed.`]);
    assert.deepEqual(ipvs(down), []);
    assert.deepEqual(notifies(down), ['script /bin/rs-down', `fifo /run/lvs.fifo RS ${RS1} ${VS} DOWN\n`]);
  });

  it('without alpha a first success is quiet apart from its log line', () => {
    const d = new Driver(vsConf(rs('10.0.0.11 8080', 'notify_up /bin/rs-up') + rs('10.0.0.12 8080')));
    const effects = d.check(ID1, true);
    assert.deepEqual(notifies(effects), []);
    assert.deepEqual(ipvs(effects), []);
  });
});

describe('a real server is alive only while all its checkers pass', () => {
  it('the first failing checker takes it out, the last recovering one puts it back', () => {
    const two = 'TCP_CHECK {\n warmup 0\n retry 0\n }\nHTTP_GET {\n warmup 0\n retry 0\n url {\n path /\n }\n }';
    const d = new Driver(vsConf(rs('10.0.0.11 8080', '', two) + rs('10.0.0.12 8080')));
    const [tcp, http] = d.ids;
    assert.ok(tcp !== undefined && http !== undefined);
    d.check(tcp, true);
    d.check(http, true);
    assert.deepEqual(ipvs(d.check(tcp, false)), ['del-dest TCP 10.0.0.1:80 10.0.0.11:8080']);
    assert.deepEqual(logs(d.check(http, false)), [`HTTP_CHECK on service ${RS1} failed.`], 'already out: no removal');
    assert.deepEqual(ipvs(d.check(tcp, true)), [], 'one checker still failing');
    const back = d.check(http, true);
    assert.deepEqual(logs(back), [`Remote Web server ${RS1} succeed on service.`, `Adding service ${RS1} to VS ${VS}`]);
    assert.deepEqual(ipvs(back), ['add-dest TCP 10.0.0.1:80 10.0.0.11:8080 w1']);
  });
});

describe('HTTP_GET (check_http.c epilog)', () => {
  it('retries count from 1 after the mark-as-run, and a failed URL waits the longer delay', () => {
    const d = new Driver(vsConf(rs('10.0.0.11 8080', '', 'HTTP_GET {\n warmup 0\n retry 1\n delay_before_retry 2\n url {\n path /\n }\n }') + rs('10.0.0.12 8080')));
    d.check(ID1, true);
    let at = d.checker(ID1).armedAt ?? 0;
    assert.equal(timers(d.check(ID1, false)).at(-1), `check:${ID1}@${at + 2 * SECOND}`);
    at = d.checker(ID1).armedAt ?? 0;
    const down = d.check(ID1, false);
    assert.deepEqual(logs(down), [`HTTP_CHECK on service ${RS1} failed after 1 retries.`, `Removing service ${RS1} from VS ${VS}`]);
    assert.equal(timers(down).at(-1), `check:${ID1}@${at + 10 * SECOND}`, 'max(delay_before_retry, delay_loop)');
  });

  it('an alpha HTTP checker says nothing on its first failure (timeout_epilog sets has_run first)', () => {
    const d = new Driver(vsConf(rs('10.0.0.11 8080', 'alpha', 'HTTP_GET {\n warmup 0\n url {\n path /\n }\n }') + rs('10.0.0.12 8080')));
    const effects = d.check(ID1, false);
    assert.deepEqual(logs(effects), []);
    assert.deepEqual(notifies(effects), []);
  });
});

describe('MISC_CHECK (check_misc.c)', () => {
  const misc = (extra = '', retry = 0): string =>
    rs('10.0.0.11 8080', 'weight 4', `MISC_CHECK {\n warmup 0\n misc_path "/bin/chk arg"\n retry ${retry}\n delay_before_retry 2\n ${extra}\n }`) +
    rs('10.0.0.12 8080');
  const who = `[${RS1} VS ${VS}] by [/bin/chk]`;

  const cases = [
    { name: 'exit 1 fails', result: { exitStatus: 1 }, line: `Misc check for ${who} failed (exited with status 1).` },
    { name: 'a timeout fails', result: { detail: 'timed out' }, line: `Misc check for ${who} timed out.` },
    { name: 'a signal fails', result: { detail: 'due to signal 9' }, line: `Misc check for ${who} failed (due to signal 9).` },
    { name: 'exit 3 fails without misc_dynamic', result: { exitStatus: 3 }, line: `Misc check for ${who} failed (exited with status 3).` },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = new Driver(vsConf(misc()));
      const effects = d.check(ID1, false, c.result);
      assert.deepEqual(logs(effects), [c.line, `Removing service ${RS1} from VS ${VS}`]);
    });
  }

  it('with retries the verdict line counts them', () => {
    const d = new Driver(vsConf(misc('', 1)));
    d.check(ID1, true, { exitStatus: 0 });
    assert.deepEqual(logs(d.check(ID1, false, { exitStatus: 1 })), []);
    assert.deepEqual(logs(d.check(ID1, false, { exitStatus: 1 }))[0], `Misc check for ${who} failed after 1 retries (exited with status 1).`);
  });

  it('misc_dynamic: exit 2..255 succeed and set the weight to status - 2; exit 0 restores the configured weight', () => {
    const d = new Driver(vsConf(misc('misc_dynamic')));
    const seven = d.check(ID1, false, { exitStatus: 7 });
    assert.deepEqual(logs(seven), [
      `Changing weight from 4 to 5 for active service ${RS1} of VS ${VS}`,
      `Misc check for ${who} succeeded.`,
    ]);
    assert.deepEqual(ipvs(seven), ['update-dest TCP 10.0.0.1:80 10.0.0.11:8080 w5']);
    assert.deepEqual(logs(d.check(ID1, true, { exitStatus: 7 })), [], 'same status: nothing');
    const two = d.check(ID1, true, { exitStatus: 2 });
    assert.deepEqual(ipvs(two), ['update-dest TCP 10.0.0.1:80 10.0.0.11:8080 w0']);
    const zero = d.check(ID1, true, { exitStatus: 0 });
    assert.deepEqual(logs(zero), [`Changing weight from 0 to 4 for active service ${RS1} of VS ${VS}`]);
    assert.deepEqual(ipvs(zero), ['update-dest TCP 10.0.0.1:80 10.0.0.11:8080 w4']);
  });

  it('a weight change of a server out of the pool waits for it to come back', () => {
    const d = new Driver(vsConf(misc('misc_dynamic')));
    d.check(ID1, false, { exitStatus: 1 });
    // Down, a dynamic status succeeds: the weight is set first (inactive), then the server goes in with it.
    const back = d.check(ID1, true, { exitStatus: 12 });
    assert.deepEqual(logs(back), [
      `Changing weight from 4 to 10 for inactive service ${RS1} of VS ${VS}`,
      `Misc check for ${who} succeeded.`,
      `Adding service ${RS1} to VS ${VS}`,
    ]);
    assert.deepEqual(ipvs(back), ['add-dest TCP 10.0.0.1:80 10.0.0.11:8080 w10']);
  });

  it('the next run counts from when the script started (last_ran), not from its end', () => {
    const d = new Driver(vsConf(misc()));
    const start = d.checker(ID1).armedAt ?? 0;
    d.timer(ID1, start);
    const done = d.result(ID1, start + 3 * SECOND, true, { exitStatus: 0 });
    assert.equal(timers(done).at(-1), `check:${ID1}@${start + 10 * SECOND}`);
  });
});

describe('checker timers', () => {
  it('the first run is BOOTSTRAP_DELAY plus a warmup share that is the same every start and within warmup', () => {
    const text = vsConf(rs('10.0.0.11 8080', '', 'TCP_CHECK {\n warmup 5\n }') + rs('10.0.0.12 8080', '', 'TCP_CHECK {\n warmup 5\n }'));
    const a = new Driver(text);
    const b = new Driver(text);
    assert.deepEqual(timers(a.effects), timers(b.effects));
    const due = a.ids.map((id) => a.checker(id).armedAt ?? -1);
    for (const t of due) assert.ok(t >= SECOND && t <= 6 * SECOND, `${t} within [1 s, 6 s]`);
    assert.notEqual(due[0], due[1], 'two checkers do not start together');
  });

  it('without warmup the checker defaults to warmup = delay_loop', () => {
    const d = new Driver(vsConf(rs('10.0.0.11 8080', '', 'TCP_CHECK {\n}') + rs('10.0.0.12 8080')));
    const t = d.checker(ID1).armedAt ?? -1;
    assert.ok(t >= SECOND && t <= 11 * SECOND);
  });

  it('an early fire re-arms, a stale one is ignored, a result nobody asked for is dropped', () => {
    const d = new Driver(vsConf(rs('10.0.0.11 8080') + rs('10.0.0.12 8080')));
    assert.deepEqual(timers(d.timer(ID1, SECOND - 1)), [`check:${ID1}@${SECOND}`]);
    assert.deepEqual(timers(d.timer(ID1, SECOND)), [`run ${ID1}`]);
    assert.deepEqual(d.timer(ID1, SECOND + 1), [], 'no timer armed while the check runs');
    d.result(ID1, SECOND, true);
    const before = d.state;
    assert.deepEqual(d.result(ID1, SECOND + 2, false), []);
    assert.equal(d.state, before);
  });

  it('counters for the stats dump', () => {
    const d = new Driver(vsConf(rs('10.0.0.11 8080', '', 'TCP_CHECK {\n warmup 0\n retry 3\n }') + rs('10.0.0.12 8080')));
    d.check(ID1, true);
    d.check(ID1, false, { detail: 'TCP connection to x failed.' });
    d.check(ID1, false);
    const c = d.checker(ID1);
    assert.deepEqual([c.runs, c.failures, c.consecutiveFailures, c.lastDetail, c.retryIt], [3, 2, 2, '', 2]);
    const [vs] = lvsStats(d.state);
    assert.deepEqual(
      { label: vs?.label, quorumUp: vs?.quorumUp, liveWeight: vs?.liveWeight, alive: vs?.realServers.map((r) => r.alive) },
      { label: VS, quorumUp: true, liveWeight: 2, alive: [true, true] },
    );
    assert.deepEqual(vs?.realServers[0]?.checkers[0], {
      id: ID1, kind: 'TCP_CHECK', up: true, hasRun: true, enabled: true, retryIt: 2, runs: 3, failures: 2, consecutiveFailures: 2, lastDetail: '',
    });
  });
});

describe('ha_suspend (check_api.c update_checker_activity)', () => {
  const text = vsConf('ha_suspend\n' + rs('10.0.0.11 8080') + rs('10.0.0.12 8080'));

  it('checkers of a virtual server whose address is not local start suspended and only re-arm', () => {
    const d = new Driver(text);
    assert.ok(logs(d.effects).includes(`Deactivating healthchecker for service ${RS1} for VS ${VS}`));
    assert.deepEqual(timers(d.timer(ID1, SECOND)), [`check:${ID1}@${11 * SECOND}`]);
  });

  it('the address arriving activates them, its leaving suspends them', async () => {
    const { lvsOnLocalAddresses } = await import('../../../core/lvs/index.js');
    const d = new Driver(text);
    const on = d.step((e) => lvsOnLocalAddresses(d.state, new Set(['10.0.0.1']), 2 * SECOND, e));
    assert.deepEqual(logs(on), [
      `Activating healthchecker for service ${RS1} for VS ${VS}`,
      `Activating healthchecker for service [10.0.0.12]:tcp:8080 for VS ${VS}`,
    ]);
    assert.deepEqual(timers(d.timer(ID1, SECOND)), [`run ${ID1}`]);
    const off = d.step((e) => lvsOnLocalAddresses(d.state, new Set(), 3 * SECOND, e));
    assert.equal(logs(off)[0], `Suspending healthchecker for service ${RS1} for VS ${VS}`);
    assert.deepEqual(d.step((e) => lvsOnLocalAddresses(d.state, new Set(), 4 * SECOND, e)), [], 'no change, no log');
  });

  it('already local at start: active', () => {
    const d = new Driver(text, { local: new Set(['10.0.0.1']) });
    assert.ok(logs(d.effects).includes(`Activating healthchecker for service ${RS1} for VS ${VS}`));
  });

  it("a group's checkers follow the addresses of its ranges (keepalived's addr_matches never matches a group)", async () => {
    const { lvsOnLocalAddresses } = await import('../../../core/lvs/index.js');
    const group = 'virtual_server_group G {\n 10.0.0.1-3 80\n}\n' + vsConf('ha_suspend\n' + rs('10.0.0.11 8080'), 'group G');
    const d = new Driver(group);
    const gid = d.ids[0] ?? '';
    assert.equal(d.checker(gid).enabled, false);
    d.step((e) => lvsOnLocalAddresses(d.state, new Set(['10.0.0.2']), 2 * SECOND, e));
    assert.equal(d.checker(gid).enabled, true);
  });
});
