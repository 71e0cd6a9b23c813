// Reload and shutdown (keepalived ipwrapper.c clear_diff_services, clear_diff_rs,
// migrate_checkers, clear_services, clear_service_vs, clear_service_rs; global_defs
// lvs_flush_on_stop; reference keepalived.md §4.7).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lvsReload, lvsShutdown } from '../../../core/lvs/index.js';
import { configFrom } from '../../support/config.js';
import { Driver, ipvs, logs, notifies, rs, SECOND, timers, vsConf } from './support.js';

const VS = '[10.0.0.1]:tcp:80';
const label = (n: number): string => `[10.0.0.1${n}]:tcp:8080`;
const id = (n: number, vs = VS): string => `${vs}|[10.0.0.1${n}]:8080|0`;
const server = (n: number, lines = ''): string => rs(`10.0.0.1${n} 8080`, lines, 'TCP_CHECK {\n warmup 0\n retry 0\n }');

function reload(d: Driver, text: string, at = 100 * SECOND): ReturnType<Driver['step']> {
  return d.step((e) => lvsReload(d.state, configFrom(text), at, e));
}

describe('reload keeps what did not change (no flap)', () => {
  const text = vsConf(server(1, 'notify_up /bin/up\nnotify_down /bin/down') + server(2), '10.0.0.1 80', 'lvs_notify_fifo /run/lvs.fifo');

  it('the same config: no kernel change, no notify, the down server stays down', () => {
    const d = new Driver(text);
    d.check(id(1), false);
    const effects = reload(d, text);
    assert.deepEqual(ipvs(effects), []);
    assert.deepEqual(notifies(effects), []);
    assert.deepEqual(
      logs(effects).filter((l) => !l.startsWith('Activating healthchecker')),
      [],
      'only the checkers being launched again',
    );
    assert.equal(d.state.virtualServers[0]?.realServers[0]?.alive, false);
    assert.equal(d.checker(id(1)).isUp, false);
    assert.equal(d.checker(id(1)).retryIt, 1, 'a down checker needs one success (retry_it = retry + 1)');
    assert.deepEqual(timers(effects), [`check:${id(1)}@${101 * SECOND}`, `check:${id(2)}@${101 * SECOND}`]);
    assert.deepEqual(logs(d.check(id(1), true)).slice(1), [`Adding service ${label(1)} to VS ${VS}`]);
  });

  it('a check running across the reload is folded in when it returns', () => {
    const d = new Driver(text);
    d.timer(id(1), SECOND);
    const effects = reload(d, text);
    assert.ok(!timers(effects).includes(`check:${id(1)}@${101 * SECOND}`), 'not re-armed while running');
    const done = d.result(id(1), 100 * SECOND + 5, false);
    assert.deepEqual(ipvs(done), ['del-dest TCP 10.0.0.1:80 10.0.0.11:8080']);
  });

  it('a removed server goes, with its notifies, and its timer is cancelled', () => {
    const d = new Driver(text);
    const effects = reload(d, vsConf(server(2), '10.0.0.1 80', 'lvs_notify_fifo /run/lvs.fifo'));
    assert.deepEqual(logs(effects).slice(0, 2), [`service ${label(1)} no longer exist`, `Removing service ${label(1)} from VS ${VS}`]);
    assert.deepEqual(ipvs(effects), ['del-dest TCP 10.0.0.1:80 10.0.0.11:8080']);
    assert.deepEqual(notifies(effects), ['script /bin/down', `fifo /run/lvs.fifo RS ${label(1)} ${VS} DOWN\n`]);
    assert.ok(timers(effects).includes(`cancel check:${id(1)}`));
  });

  it('a new server comes in alive, a new alpha one stays out', () => {
    const d = new Driver(text);
    const effects = reload(d, vsConf(server(1, 'notify_up /bin/up\nnotify_down /bin/down') + server(2) + server(3) + server(4, 'alpha'), '10.0.0.1 80', 'lvs_notify_fifo /run/lvs.fifo'));
    assert.deepEqual(ipvs(effects), ['add-dest TCP 10.0.0.1:80 10.0.0.13:8080 w1']);
    assert.deepEqual(logs(d.check(id(4), true)).slice(1), [`Adding service ${label(4)} to VS ${VS}`]);
  });

  it('changed settings are edited in place: weight, scheduler', () => {
    const d = new Driver(text);
    const changed = vsConf(server(1, 'weight 3\nnotify_up /bin/up\nnotify_down /bin/down') + server(2), '10.0.0.1 80', 'lvs_notify_fifo /run/lvs.fifo').replace('lvs_sched rr', 'lvs_sched wlc');
    assert.deepEqual(ipvs(reload(d, changed)), ['update-service TCP 10.0.0.1:80', 'update-dest TCP 10.0.0.1:80 10.0.0.11:8080 w3']);
  });

  it('a removed virtual server goes with its servers; a new one comes up as at start', () => {
    const d = new Driver(text);
    const other = vsConf(server(1), '10.0.0.2 80');
    const effects = reload(d, other);
    assert.deepEqual(logs(effects).slice(0, 3), [
      `Removing Virtual Server ${VS}`,
      `Removing service ${label(1)} from VS ${VS}`,
      `Removing service ${label(2)} from VS ${VS}`,
    ]);
    assert.ok(logs(effects).includes('Gained quorum 1+0=1 <= 1 for VS [10.0.0.2]:tcp:80'));
    assert.deepEqual(ipvs(effects), ['del-service TCP 10.0.0.1:80', 'add-service TCP 10.0.0.2:80', 'add-dest TCP 10.0.0.2:80 10.0.0.11:8080 w1']);
    assert.deepEqual(notifies(effects), ['script /bin/down'], 'the removed alive server notifies down (no FIFO configured any more)');
  });
});

describe('shutdown (clear_services, lvs_flush_on_stop)', () => {
  const body = (omega: boolean): string =>
    `${omega ? 'omega\n' : ''}quorum_down /bin/qdown\n` + server(1, 'notify_down /bin/down\ninhibit_on_failure') + server(2, 'notify_down /bin/down');
  const cases: { name: string; global: string; omega: boolean; logs: string[]; ipvs: string[]; notifies: string[] }[] = [
    {
      name: 'default: each server taken out, then the service',
      global: '',
      omega: false,
      logs: [`Shutting down (inhibited) service ${label(1)} from VS ${VS}`, `Shutting down service ${label(2)} from VS ${VS}`],
      ipvs: ['del-dest TCP 10.0.0.1:80 10.0.0.11:8080', 'del-dest TCP 10.0.0.1:80 10.0.0.12:8080', 'del-service TCP 10.0.0.1:80'],
      notifies: [],
    },
    {
      name: 'omega: the down notifies run on the way out, with 1 s to finish',
      global: 'lvs_notify_fifo /run/lvs.fifo',
      omega: true,
      logs: [`Shutting down (inhibited) service ${label(1)} from VS ${VS}`, `Shutting down service ${label(2)} from VS ${VS}`],
      ipvs: ['del-dest TCP 10.0.0.1:80 10.0.0.11:8080', 'del-dest TCP 10.0.0.1:80 10.0.0.12:8080', 'del-service TCP 10.0.0.1:80'],
      notifies: [
        `script /bin/down (${SECOND})`,
        `fifo /run/lvs.fifo RS ${label(2)} ${VS} DOWN\n`,
        `script /bin/qdown (${SECOND})`,
        `fifo /run/lvs.fifo VS ${VS} DOWN\n`,
      ],
    },
    { name: 'lvs_flush_on_stop VS: only the services', global: 'lvs_flush_on_stop VS', omega: false, logs: [], ipvs: ['del-service TCP 10.0.0.1:80'], notifies: [] },
    { name: 'lvs_flush_on_stop: the whole table', global: 'lvs_flush_on_stop', omega: false, logs: [], ipvs: ['flush'], notifies: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = new Driver(vsConf(body(c.omega), '10.0.0.1 80', c.global));
      d.check(id(1), false);
      const effects = d.step((e) => lvsShutdown(d.state, 50 * SECOND, e));
      assert.deepEqual(logs(effects), c.logs);
      assert.deepEqual(ipvs(effects), c.ipvs);
      assert.deepEqual(notifies(effects), c.notifies);
      assert.deepEqual(timers(effects), [`cancel check:${id(1)}`, `cancel check:${id(2)}`]);
      assert.equal(d.state.phase, 'stopped');
      assert.deepEqual(d.timer(id(2), 60 * SECOND), [], 'nothing runs after the stop');
    });
  }

  it('nothing of ours in the kernel (table never read): nothing to delete', () => {
    const d = new Driver(vsConf(server(1)), { table: false });
    const effects = d.step((e) => lvsShutdown(d.state, SECOND, e));
    assert.deepEqual(ipvs(effects), []);
  });
});
