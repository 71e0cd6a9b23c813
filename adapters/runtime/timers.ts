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

  /**
   * Never fires from inside this call, even when the deadline has passed: the caller may cancel
   * it right after (a ScheduleTimer and a CancelTimer in one step), and a fire from within would
   * re-enter whoever called schedule.
   */
  schedule(timer: string, atMicros: number): void {
    this.cancel(timer);
    this.arm(timer, atMicros);
  }

  /**
   * Node's timers have millisecond granularity and can wake up to a millisecond before the
   * monotonic deadline: never report a timer before its time, however many wake-ups it takes.
   * (An early TimerFired once made a vrrp_script stop running for good.)
   */
  private wait(timer: string, atMicros: number): void {
    if (atMicros - this.clock.monotonicMicros() <= 0) {
      this.armed.delete(timer);
      this.fire(timer);
      return;
    }
    this.arm(timer, atMicros);
  }

  private arm(timer: string, atMicros: number): void {
    const left = Math.max(0, atMicros - this.clock.monotonicMicros());
    this.armed.set(
      timer,
      setTimeout(() => {
        this.wait(timer, atMicros);
      }, Math.ceil(left / 1000)),
    );
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

}
