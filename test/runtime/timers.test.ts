// TimerService, the real timers behind ScheduleTimer / CancelTimer: never early, and never fired
// from inside schedule(), so a cancel that follows in the same step always wins.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '../../adapters/runtime/clock.js';
import { TimerService } from '../../adapters/runtime/timers.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('TimerService', () => {
  it('a deadline already past fires on a later turn, not inside schedule()', async () => {
    const fired: string[] = [];
    const timers = new TimerService(systemClock, (t) => fired.push(t));
    timers.schedule('late', systemClock.monotonicMicros() - 1_000_000);
    assert.deepEqual(fired, [], 'not from inside schedule');
    await sleep(20);
    assert.deepEqual(fired, ['late']);
  });

  it('a past-due timer cancelled in the same step never fires', async () => {
    const fired: string[] = [];
    const timers = new TimerService(systemClock, (t) => fired.push(t));
    timers.schedule('late', systemClock.monotonicMicros() - 1_000_000);
    timers.cancel('late');
    await sleep(20);
    assert.deepEqual(fired, []);
    assert.equal(timers.size, 0);
  });

  it('never fires before its deadline', async () => {
    const firedAt: number[] = [];
    const timers = new TimerService(systemClock, () => firedAt.push(systemClock.monotonicMicros()));
    const at = systemClock.monotonicMicros() + 15_000;
    timers.schedule('t', at);
    await sleep(60);
    assert.equal(firedAt.length, 1);
    assert.ok((firedAt[0] ?? 0) >= at);
  });
});
