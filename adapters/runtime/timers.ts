// Real timers behind the reducer's ScheduleTimer / CancelTimer effects: one timer per id (a new
// ScheduleTimer replaces the armed one), firing TimerFired into the event stream at or after the
// deadline.
import type { Clock } from './clock.js';

export class TimerService {
  private readonly armed = new Map<string, NodeJS.Timeout>();
  private readonly clock: Clock;
  private readonly fire: (timer: string) => void;

  constructor(clock: Clock, fire: (timer: string) => void) {
    this.clock = clock;
    this.fire = fire;
  }

  schedule(timer: string, atMicros: number): void {
    this.cancel(timer);
    const delayMs = Math.max(0, (atMicros - this.clock.monotonicMicros()) / 1000);
    const handle = setTimeout(() => {
      // setTimeout may fire a little early on some systems: never report a timer before its time.
      const early = atMicros - this.clock.monotonicMicros();
      if (early > 0) {
        const again = setTimeout(() => {
          this.expire(timer);
        }, Math.ceil(early / 1000));
        this.armed.set(timer, again);
        return;
      }
      this.expire(timer);
    }, delayMs);
    this.armed.set(timer, handle);
  }

  cancel(timer: string): void {
    const handle = this.armed.get(timer);
    if (handle === undefined) return;
    clearTimeout(handle);
    this.armed.delete(timer);
  }

  cancelAll(): void {
    for (const handle of this.armed.values()) clearTimeout(handle);
    this.armed.clear();
  }

  get size(): number {
    return this.armed.size;
  }

  private expire(timer: string): void {
    this.armed.delete(timer);
    this.fire(timer);
  }
}
