// EventFeed: a batch goes into the pipeline in order, a slice at a time, and a timer that falls
// due meanwhile runs between two slices instead of after the whole batch.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Event } from '../../core/events/index.js';
import { EventFeed } from '../../adapters/checkers/event-feed.js';

const timerFired = (n: number): Event => ({ kind: 'TimerFired', timer: `check:${n}` });

/** Busy for `ms`, as reducing an event is. */
function work(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

describe('EventFeed', () => {
  it('feeds every event in order, yielding to a timer between slices', async () => {
    const fed: string[] = [];
    const feed = new EventFeed((e) => {
      if (e.kind === 'TimerFired') fed.push(e.timer);
      work(0.1);
    });
    const batch = Array.from({ length: 200 }, (_, i) => timerFired(i));
    let fedWhenTimerRan = -1;
    setTimeout(() => {
      fedWhenTimerRan = fed.length;
    }, 1);
    feed.push(batch.slice(0, 100));
    feed.push(batch.slice(100));
    assert.equal(fed.length, 0, 'nothing is fed synchronously');
    while (feed.pending > 0) await new Promise((r) => setImmediate(r));
    assert.deepEqual(fed, batch.map((e) => (e.kind === 'TimerFired' ? e.timer : '')));
    assert.ok(fedWhenTimerRan > 0 && fedWhenTimerRan < 200, `the timer ran between slices (after ${fedWhenTimerRan} of 200 events)`);
  });

  it('clear() drops what is queued', async () => {
    const fed: Event[] = [];
    const feed = new EventFeed((e) => fed.push(e));
    feed.push([timerFired(1), timerFired(2)]);
    feed.clear();
    assert.equal(feed.pending, 0);
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(fed, []);
  });
});
