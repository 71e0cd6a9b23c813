// A sequence number that only grows (how far the journal is written, how far it is durable), and
// the promises waiting for it to reach a value.

interface Waiter {
  readonly sequence: bigint;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

export class Watermark {
  private current: bigint;
  private waiters: Waiter[] = [];
  private failure: Error | undefined;

  constructor(initial: bigint) {
    this.current = initial;
  }

  get value(): bigint {
    return this.current;
  }

  /** Resolves once the value is at least `sequence`; rejects on `fail`, or with the reason when `signal` aborts. */
  reach(sequence: bigint, signal?: AbortSignal): Promise<void> {
    if (this.current >= sequence) return Promise.resolve();
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (signal?.aborted === true) return Promise.reject(signal.reason as Error);
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(signal?.reason as Error);
      };
      const waiter: Waiter = {
        sequence,
        resolve: () => { signal?.removeEventListener('abort', onAbort); resolve(); },
        reject: (error) => { signal?.removeEventListener('abort', onAbort); reject(error); },
      };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  advance(to: bigint): void {
    if (to <= this.current) return;
    this.current = to;
    if (this.waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (waiter.sequence <= to) waiter.resolve();
      else still.push(waiter);
    }
    this.waiters = still;
  }

  /** Rejects every waiter, now and later, with `error`. */
  fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiters) waiter.reject(this.failure);
    this.waiters = [];
  }
}
