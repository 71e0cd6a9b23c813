// The checker thread (adapters/checkers/thread.ts), on a real Worker and in-process: `check:`
// timers armed there come back as TimerFired no earlier than due, RunChecks probe real loopback
// servers and come back as CheckResults, cancel and stop silence it, a thread that dies is
// replaced and takes over from the reducer's state; other timers stay on the main thread.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KeepalivedConfig } from '../../core/config/model.js';
import type { Event } from '../../core/events/index.js';
import { checkerId, checkerTimerId } from '../../core/lvs/ids.js';
import type { LvsState } from '../../core/lvs/state.js';
import { initialState, reduce } from '../../core/reducer/reduce.js';
import { startCheckerThread, timerRouter, type CheckerThread } from '../../adapters/checkers/thread.js';
import { systemClock } from '../../adapters/runtime/clock.js';
import { TimerService } from '../../adapters/runtime/timers.js';
import { configFrom, TEST_CONFIG_PATH } from '../support/config.js';
import { closedPort, tcpServer } from './support.js';

function configWith(ports: readonly number[]): KeepalivedConfig {
  const servers = ports.map((port) => `  real_server 127.0.0.1 ${port} {\n    TCP_CHECK {\n      connect_timeout 1\n    }\n  }`);
  return configFrom(`virtual_server 10.0.0.1 80 {\n  protocol TCP\n  lb_algo rr\n  lb_kind NAT\n  delay_loop 1\n${servers.join('\n')}\n}\n`);
}

const idOf = (port: number): string => checkerId('[10.0.0.1]:tcp:80', `[127.0.0.1]:${port}`, 0);

/** Events as they are emitted, with the monotonic time (µs) each arrived; `until` waits for one. */
function collector() {
  const events: { event: Event; atMicros: number }[] = [];
  let wake: (() => void) | undefined;
  return {
    events,
    emit: (event: Event) => {
      events.push({ event, atMicros: systemClock.monotonicMicros() });
      wake?.();
    },
    async until(accept: (e: Event) => boolean, timeoutMs = 5000): Promise<{ event: Event; atMicros: number }> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find((e) => accept(e.event));
        if (found !== undefined) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no such event; got ${JSON.stringify(events.map((e) => e.event))}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

for (const inProcess of [false, true]) {
  describe(`checker thread (${inProcess ? 'in-process' : 'Worker'})`, () => {
    it('a check: timer fires as TimerFired, not before it is due; RunChecks come back as CheckResults', async () => {
      const server = await tcpServer(() => undefined);
      const refused = await closedPort();
      const config = configWith([server.port, refused]);
      const out = collector();
      const thread = startCheckerThread({ emit: out.emit, config: () => config, lvs: () => undefined, log: () => undefined, inProcess });
      try {
        const timer = checkerTimerId(idOf(server.port));
        const due = systemClock.monotonicMicros() + 50_000;
        thread.schedule(timer, due);
        const fired = await out.until((e) => e.kind === 'TimerFired');
        assert.deepEqual(fired.event, { kind: 'TimerFired', timer });
        assert.ok(fired.atMicros >= due, 'not before it was due');

        void thread.execute({ kind: 'RunCheck', checker: idOf(server.port) });
        void thread.execute({ kind: 'RunCheck', checker: idOf(refused) });
        const up = await out.until((e) => e.kind === 'CheckResult' && e.checker === idOf(server.port));
        const down = await out.until((e) => e.kind === 'CheckResult' && e.checker === idOf(refused));
        assert.deepEqual(up.event, { kind: 'CheckResult', checker: idOf(server.port), ok: true, detail: '' });
        assert.deepEqual(down.event, { kind: 'CheckResult', checker: idOf(refused), ok: false, detail: `TCP connection to [127.0.0.1]:tcp:${refused} failed.` });
      } finally {
        await thread.stop();
        await server.close();
      }
    });

    it('a cancelled timer does not fire; after stop() nothing is emitted', async () => {
      const out = collector();
      const config = configWith([await closedPort()]);
      const thread = startCheckerThread({ emit: out.emit, config: () => config, lvs: () => undefined, log: () => undefined, inProcess });
      thread.schedule('check:a', systemClock.monotonicMicros() + 30_000);
      thread.cancel('check:a');
      await sleep(150);
      assert.deepEqual(out.events, [], 'cancelled');
      thread.schedule('check:b', systemClock.monotonicMicros() + 30_000);
      await sleep(0);
      await thread.stop();
      void thread.execute({ kind: 'RunCheck', checker: 'gone' });
      await sleep(150);
      assert.deepEqual(out.events, [], 'stopped');
    });
  });
}

describe('checker thread: a thread that dies', () => {
  it('is replaced, and the new one takes over the armed timers and running probes the reducer knows of', async () => {
    const server = await tcpServer(() => undefined);
    const config = configWith([server.port, server.port + 1 === 65536 ? 1 : server.port + 1]);
    // The reducer's state: both checkers armed, due already; then one of them fired and is probing.
    const past = systemClock.monotonicMicros() - 10_000_000;
    let state = reduce(initialState, { at: past, event: { kind: 'DaemonStarted', vigilVersion: 'test', pid: 1 } }).state;
    state = reduce(state, { at: past, event: { kind: 'ConfigLoaded', mainFile: TEST_CONFIG_PATH, files: [], digest: 'test', config } }).state;
    const probing = idOf(server.port);
    const step = reduce(state, { at: past + 5_000_000, event: { kind: 'TimerFired', timer: checkerTimerId(probing) } });
    assert.deepEqual(step.effects, [{ kind: 'RunCheck', checker: probing }]);
    const lvs: LvsState | undefined = step.state.lvs;
    const armed = [...(lvs?.checkers.keys() ?? [])].filter((id) => id !== probing);
    assert.equal(armed.length, 1);

    // The first config the thread is given breaks it (checkTargets throws on the thread).
    let broken = true;
    const broke = { global: { trackFiles: [] }, lvs: null } as unknown as KeepalivedConfig;
    const logs: string[] = [];
    const out = collector();
    const thread: CheckerThread = startCheckerThread({
      emit: out.emit,
      config: () => (broken ? broke : config),
      lvs: () => lvs,
      log: (m) => {
        logs.push(m);
        broken = false;
      },
    });
    try {
      void thread.execute({ kind: 'RunCheck', checker: probing });
      const result = await out.until((e) => e.kind === 'CheckResult');
      assert.deepEqual(result.event, { kind: 'CheckResult', checker: probing, ok: true, detail: '' });
      await out.until((e) => e.kind === 'TimerFired' && e.timer === checkerTimerId(armed[0] ?? ''));
      assert.equal(logs.length, 1);
      assert.match(logs[0] ?? '', /^Checker thread failed: .*; starting another$/);
      assert.equal(out.events.filter((e) => e.event.kind === 'TimerFired' && e.event.timer === checkerTimerId(probing)).length, 0, 'a probing checker has no timer');
    } finally {
      await thread.stop();
      await server.close();
    }
  });
});

describe('timerRouter', () => {
  it('sends check: timers to the checker thread and keeps the others on the main thread', () => {
    const calls: string[] = [];
    const thread = {
      kinds: ['RunCheck'],
      execute: () => undefined,
      schedule: (timer: string, at: number) => calls.push(`schedule ${timer} ${at}`),
      cancel: (timer: string) => calls.push(`cancel ${timer}`),
      stop: () => Promise.resolve(),
    } satisfies CheckerThread;
    const timers = new TimerService(systemClock, () => undefined);
    const router = timerRouter(timers, thread);
    const far = systemClock.monotonicMicros() + 3_600_000_000;
    void router.execute({ kind: 'ScheduleTimer', timer: 'check:x', atMicros: far });
    void router.execute({ kind: 'ScheduleTimer', timer: 'advert:VI_1', atMicros: far });
    assert.equal(timers.size, 1);
    void router.execute({ kind: 'CancelTimer', timer: 'check:x' });
    void router.execute({ kind: 'CancelTimer', timer: 'advert:VI_1' });
    assert.equal(timers.size, 0);
    assert.deepEqual(calls, [`schedule check:x ${far}`, 'cancel check:x']);
    timers.cancelAll();
  });
});
