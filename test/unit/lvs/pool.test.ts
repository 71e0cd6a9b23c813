// Real servers in and out of the pool, inhibit_on_failure, quorum with hysteresis, the sorry
// server and the notifies (keepalived ipwrapper.c perform_svr_state, update_quorum_state,
// do_rs_notifies, do_vs_notifies, notify_fifo_rs/vs, ipvswrapper.c ipvs_cmd; reference
// keepalived.md §3.1, §3.2, §4.7).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Driver, ipvs, logs, notifies, rs, vsConf } from './support.js';

const VS = '[10.0.0.1]:tcp:80';
const label = (n: number): string => `[10.0.0.1${n}]:tcp:8080`;
const id = (n: number): string => `[10.0.0.1]:tcp:80|[10.0.0.1${n}]:8080|0`;
const servers = (count: number, lines = ''): string =>
  Array.from({ length: count }, (_, i) => rs(`10.0.0.1${i + 1} 8080`, lines, 'TCP_CHECK {\n warmup 0\n retry 0\n }')).join('\n');

describe('inhibit_on_failure: weight 0 instead of removal (ipvs_cmd DELDEST → EDITDEST weight 0)', () => {
  const cases = [
    {
      name: 'without inhibit',
      lines: 'weight 5',
      down: [`Removing service ${label(1)} from VS ${VS}`],
      downIpvs: ['del-dest TCP 10.0.0.1:80 10.0.0.11:8080'],
      up: [`Adding service ${label(1)} to VS ${VS}`],
      upIpvs: ['add-dest TCP 10.0.0.1:80 10.0.0.11:8080 w5'],
    },
    {
      name: 'with inhibit',
      lines: 'weight 5\ninhibit_on_failure',
      down: [`Disabling service ${label(1)} of VS ${VS}`],
      downIpvs: ['update-dest TCP 10.0.0.1:80 10.0.0.11:8080 w0'],
      up: [`Enabling service ${label(1)} of VS ${VS}`],
      upIpvs: ['update-dest TCP 10.0.0.1:80 10.0.0.11:8080 w5'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = new Driver(vsConf(rs('10.0.0.11 8080', c.lines, 'TCP_CHECK {\n warmup 0\n retry 0\n }') + servers(0) + rs('10.0.0.12 8080')));
      const down = d.check(id(1), false);
      assert.deepEqual(logs(down).slice(1), c.down);
      assert.deepEqual(ipvs(down), c.downIpvs);
      const up = d.check(id(1), true);
      assert.deepEqual(logs(up).slice(1), c.up);
      assert.deepEqual(ipvs(up), c.upIpvs);
    });
  }

  it('an alpha server with inhibit_on_failure is in the kernel at weight 0 from the start', () => {
    const d = new Driver(vsConf(rs('10.0.0.11 8080', 'alpha\ninhibit_on_failure') + rs('10.0.0.12 8080')));
    assert.deepEqual(ipvs(d.effects), [
      'add-service TCP 10.0.0.1:80',
      'add-dest TCP 10.0.0.1:80 10.0.0.11:8080 w0',
      'add-dest TCP 10.0.0.1:80 10.0.0.12:8080 w1',
    ]);
  });
});

describe('notify_up / notify_down and the lvs_notify_fifo lines', () => {
  it('scripts get only their configured argv; both FIFOs get "RS <rs> <vs> UP|DOWN"', () => {
    const d = new Driver(
      vsConf(
        rs('10.0.0.11 8080', 'notify_up "/bin/up a b"\nnotify_down /bin/down', 'TCP_CHECK {\n warmup 0\n retry 0\n }') + rs('10.0.0.12 8080'),
        '10.0.0.1 80',
        'notify_fifo /run/all.fifo\nlvs_notify_fifo /run/lvs.fifo',
      ),
    );
    assert.deepEqual(notifies(d.check(id(1), false)), [
      'script /bin/down',
      `fifo /run/all.fifo RS ${label(1)} ${VS} DOWN\n`,
      `fifo /run/lvs.fifo RS ${label(1)} ${VS} DOWN\n`,
    ]);
    assert.deepEqual(notifies(d.check(id(1), true)), [
      'script /bin/up a b',
      `fifo /run/all.fifo RS ${label(1)} ${VS} UP\n`,
      `fifo /run/lvs.fifo RS ${label(1)} ${VS} UP\n`,
    ]);
  });

  it('rs_init_notifies: each server that starts alive notifies UP', () => {
    const d = new Driver(vsConf(servers(2, 'notify_up /bin/up'), '10.0.0.1 80', 'rs_init_notifies\nlvs_notify_fifo /run/lvs.fifo'));
    assert.deepEqual(notifies(d.effects), [
      'script /bin/up',
      `fifo /run/lvs.fifo RS ${label(1)} ${VS} UP\n`,
      'script /bin/up',
      `fifo /run/lvs.fifo RS ${label(2)} ${VS} UP\n`,
      `fifo /run/lvs.fifo VS ${VS} UP\n`,
    ]);
  });
});

describe('quorum with hysteresis (update_quorum_state)', () => {
  // Five servers of weight 1, quorum 3, hysteresis 1: gained at 4, lost below 2.
  const text = vsConf(`quorum 3\nhysteresis 1\nquorum_up "/bin/qup x"\nquorum_down /bin/qdown\n${servers(5)}`, '10.0.0.1 80', 'lvs_notify_fifo /run/lvs.fifo');

  it('starts with quorum when the servers weigh quorum + hysteresis', () => {
    const d = new Driver(text);
    assert.ok(logs(d.effects).includes(`Gained quorum 3+1=4 <= 5 for VS ${VS}`));
    assert.deepEqual(notifies(d.effects), ['script /bin/qup x', `fifo /run/lvs.fifo VS ${VS} UP\n`]);
  });

  const steps: { name: string; server: number; ok: boolean; line: string | undefined; scripts: string[] }[] = [
    { name: '5 → 4', server: 1, ok: false, line: undefined, scripts: [] },
    { name: '4 → 3', server: 2, ok: false, line: undefined, scripts: [] },
    { name: '3 → 2: still at quorum - hysteresis', server: 3, ok: false, line: undefined, scripts: [] },
    { name: '2 → 1: lost', server: 4, ok: false, line: `Lost quorum 3-1=2 > 1 for VS ${VS}`, scripts: ['script /bin/qdown', `fifo /run/lvs.fifo VS ${VS} DOWN\n`] },
    { name: '1 → 2', server: 4, ok: true, line: undefined, scripts: [] },
    { name: '2 → 3: quorum itself is not enough', server: 3, ok: true, line: undefined, scripts: [] },
    { name: '3 → 4: gained', server: 2, ok: true, line: `Gained quorum 3+1=4 <= 4 for VS ${VS}`, scripts: ['script /bin/qup x', `fifo /run/lvs.fifo VS ${VS} UP\n`] },
  ];
  it('steps down and up with hysteresis', () => {
    const d = new Driver(text);
    for (const s of steps) {
      const effects = d.check(id(s.server), s.ok);
      const quorumLines = logs(effects).filter((l) => l.includes('quorum'));
      assert.deepEqual(quorumLines, s.line === undefined ? [] : [s.line], s.name);
      assert.deepEqual(notifies(effects).filter((n) => !n.includes(' RS ')), s.scripts, s.name);
    }
  });
});

describe('sorry_server', () => {
  const text = (extra = ''): string => vsConf(`sorry_server 10.0.0.99 8080\n${extra}\n${servers(2)}`);
  const SORRY = '[10.0.0.99]:tcp:8080';

  it('goes in when the last server goes out, and out when one comes back', () => {
    const d = new Driver(text());
    d.check(id(1), false);
    const lost = d.check(id(2), false);
    assert.deepEqual(logs(lost), [
      `TCP_CHECK on service ${label(2)} failed.`,
      `Removing service ${label(2)} from VS ${VS}`,
      `Lost quorum 1-0=1 > 0 for VS ${VS}`,
      `Adding sorry server ${SORRY} to VS ${VS}`,
      `Removing alive servers from the pool for VS ${VS}`,
    ]);
    assert.deepEqual(ipvs(lost), ['del-dest TCP 10.0.0.1:80 10.0.0.12:8080', 'add-dest TCP 10.0.0.1:80 10.0.0.99:8080 w1']);
    const back = d.check(id(1), true);
    assert.deepEqual(logs(back), [
      `TCP connection to ${label(1)} success.`,
      `Adding service ${label(1)} to VS ${VS}`,
      `Gained quorum 1+0=1 <= 1 for VS ${VS}`,
      `Removing sorry server ${SORRY} from VS ${VS}`,
      `Adding alive servers to the pool for VS ${VS}`,
    ]);
    assert.deepEqual(ipvs(back), ['del-dest TCP 10.0.0.1:80 10.0.0.99:8080', 'add-dest TCP 10.0.0.1:80 10.0.0.11:8080 w1']);
  });

  it('sorry_server_inhibit keeps it in at weight 0 and switches its weight', () => {
    const d = new Driver(text('sorry_server_inhibit'));
    assert.ok(ipvs(d.effects).includes('add-dest TCP 10.0.0.1:80 10.0.0.99:8080 w0'));
    d.check(id(1), false);
    const lost = d.check(id(2), false);
    assert.ok(logs(lost).includes(`Enabling sorry server ${SORRY} to VS ${VS}`));
    assert.deepEqual(ipvs(lost), ['del-dest TCP 10.0.0.1:80 10.0.0.12:8080', 'update-dest TCP 10.0.0.1:80 10.0.0.99:8080 w1']);
    const back = d.check(id(1), true);
    assert.ok(logs(back).includes(`Disabling sorry server ${SORRY} from VS ${VS}`));
    assert.deepEqual(ipvs(back), ['update-dest TCP 10.0.0.1:80 10.0.0.99:8080 w0', 'add-dest TCP 10.0.0.1:80 10.0.0.11:8080 w1']);
  });

  it('with inhibit_on_failure the servers stay in at weight 0 while the sorry server stands in', () => {
    const d = new Driver(vsConf(`sorry_server 10.0.0.99 8080\nquorum 2\n${servers(2, 'inhibit_on_failure')}`));
    const lost = d.check(id(1), false);
    assert.deepEqual(ipvs(lost), [
      'update-dest TCP 10.0.0.1:80 10.0.0.11:8080 w0',
      'update-dest TCP 10.0.0.1:80 10.0.0.12:8080 w0',
      'add-dest TCP 10.0.0.1:80 10.0.0.99:8080 w1',
    ]);
  });

  it('alpha servers and a sorry server: it starts with the quorum down and the sorry server in', () => {
    const d = new Driver(text('alpha'));
    assert.deepEqual(logs(d.effects).slice(0, 2), [`Starting with quorum down 1-0=1 > 0 for VS ${VS}`, `Adding sorry server ${SORRY} to VS ${VS}`]);
    assert.deepEqual(ipvs(d.effects), ['add-service TCP 10.0.0.1:80', 'add-dest TCP 10.0.0.1:80 10.0.0.99:8080 w1']);
  });
});
