// Events that arrive in batches (ten thousand checks a second come back from the checker thread)
// go into the pipeline a slice at a time: at most SLICE_MS of reducing, then the event loop goes
// round, so a VRRP timer that fell due meanwhile fires after one slice, not after the whole batch.
import { performance } from 'node:perf_hooks';
import type { Event } from '../../core/events/index.js';

/**
 * Long enough to reduce a few dozen events (a CheckResult or a TimerFired takes ~10 µs), short
 * against the 2 ms an advert may stray from advert_int.
 */
const SLICE_MS = 0.5;

export class EventFeed {
  private readonly emit: (event: Event) => void;
  private queue: Event[] = [];
  private head = 0;
  private scheduled: NodeJS.Immediate | undefined;

  constructor(emit: (event: Event) => void) {
    this.emit = emit;
  }

  /** Queues the events, in order, behind those not yet fed. */
  push(events: readonly Event[]): void {
    for (const e of events) this.queue.push(e);
    this.scheduled ??= setImmediate(this.slice);
  }

  /** Events queued and not yet fed. */
  get pending(): number {
    return this.queue.length - this.head;
  }

  /** Drops what is queued; nothing is fed after this unless pushed again. */
  clear(): void {
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.queue = [];
    this.head = 0;
  }

  // setImmediate runs it after the poll phase; the next slice waits for the next round of the
  // loop, whose timers phase comes first.
  private readonly slice = (): void => {
    this.scheduled = undefined;
    const deadline = performance.now() + SLICE_MS;
    while (this.head < this.queue.length) {
      const e = this.queue[this.head++];
      if (e !== undefined) this.emit(e);
      if (performance.now() >= deadline) break;
    }
    if (this.head < this.queue.length) {
      this.scheduled = setImmediate(this.slice);
    } else {
      this.queue = [];
      this.head = 0;
    }
  };
}
