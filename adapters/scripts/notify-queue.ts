// Notify scripts in order: keepalived forks each notify and forgets it, so two notifies of one
// instance can run at once and finish in any order (reference keepalived.md §3.1, §6 item 10).
// Here the notifies of one name (instance, sync group, real or virtual server) run one at a
// time, in the order they were asked for, each with a time limit; different names run in
// parallel. Every run ends in a NotifyFinished event, so the journal says what each script did.
import type { Event, ScriptOutcome } from '../../core/events/index.js';
import type { ScriptOutput, ScriptRun } from './runner.js';

/** Notifies waiting per name, besides the one running. */
export const DEFAULT_MAX_PENDING = 64;

export interface NotifyQueueOptions {
  /** Starts one run; resolves when it is over. Never rejects (a rejection is reported as failedToStart). */
  readonly start: (run: ScriptRun) => Promise<ScriptOutput>;
  readonly emit: (event: Event) => void;
  /**
   * The bound: at most this many notifies wait per name. One more drops the OLDEST waiting one
   * (the newest says the state that matters now), reported as failedToStart. Default 64.
   */
  readonly maxPending?: number;
  /** The monotonic clock durations are measured with (ns); default process.hrtime.bigint. */
  readonly monotonicNanos?: () => bigint;
}

interface Lane {
  readonly pending: ScriptRun[];
}

export class NotifyQueues {
  private readonly options: NotifyQueueOptions;
  private readonly maxPending: number;
  private readonly now: () => bigint;
  /** A lane exists while its name has a run going; its pending runs follow in order. */
  private readonly lanes = new Map<string, Lane>();
  private readonly idleWaiters: (() => void)[] = [];
  /** Every run gets its signal: aborted at shutdown. */
  private readonly shutdown = new AbortController();

  constructor(options: NotifyQueueOptions) {
    this.options = options;
    this.maxPending = Math.max(0, options.maxPending ?? DEFAULT_MAX_PENDING);
    this.now = options.monotonicNanos ?? (() => process.hrtime.bigint());
  }

  /** Names with a notify running. */
  get active(): number {
    return this.lanes.size;
  }

  /** Queues one notify for `name`: it starts when the ones before it have finished. */
  enqueue(name: string, run: ScriptRun): void {
    if (this.shutdown.signal.aborted) {
      this.report(name, run, notRun('not run: the daemon is stopping'), 0n);
      return;
    }
    const lane = this.lanes.get(name);
    if (lane === undefined) {
      this.lanes.set(name, { pending: [] });
      void this.drive(name, run);
      return;
    }
    if (lane.pending.length >= this.maxPending) {
      const dropped = lane.pending.shift();
      if (dropped !== undefined) this.report(name, dropped, notRun(`dropped: ${this.maxPending} notifies already waiting for ${name}`), 0n);
    }
    if (this.maxPending > 0) lane.pending.push(run);
    else this.report(name, run, notRun(`dropped: a notify is already running for ${name}`), 0n);
  }

  /** Resolves when no notify is running or waiting. */
  whenIdle(): Promise<void> {
    if (this.lanes.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
    });
  }

  /**
   * Shutdown: waiting notifies are reported as not run, running ones are stopped as a timeout
   * stops them (SIGTERM to the group, SIGKILL later), later ones are refused. Resolves when all
   * have ended.
   */
  async abort(): Promise<void> {
    if (!this.shutdown.signal.aborted) {
      for (const [name, lane] of this.lanes) {
        for (const run of lane.pending.splice(0)) this.report(name, run, notRun('not run: the daemon is stopping'), 0n);
      }
      this.shutdown.abort();
    }
    await this.whenIdle();
  }

  /** Runs `first`, then whatever was queued behind it, until the lane is empty. */
  private async drive(name: string, first: ScriptRun): Promise<void> {
    let next: ScriptRun | undefined = first;
    while (next !== undefined) {
      await this.runOne(name, next);
      next = this.lanes.get(name)?.pending.shift();
    }
    this.lanes.delete(name);
    if (this.lanes.size === 0) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private async runOne(name: string, run: ScriptRun): Promise<void> {
    const started = this.now();
    let out: ScriptOutput;
    try {
      out = await this.options.start({ ...run, signal: this.shutdown.signal });
    } catch (err) {
      out = notRun(err instanceof Error ? err.message : String(err));
    }
    this.report(name, run, out, this.now() - started);
  }

  /**
   * One NotifyFinished, on a later microtask: a drop is reported from inside the executor, and
   * the pipeline must not be re-entered from the step that emitted the effect. Microtasks keep
   * the reports in the order they were made.
   */
  private report(name: string, run: ScriptRun, out: ScriptOutput, elapsedNanos: bigint): void {
    const outcome: ScriptOutcome = out.outcome;
    const event: Event = {
      kind: 'NotifyFinished',
      name,
      argv: run.argv,
      outcome,
      status: out.status,
      // The schema: 0 when it could not start.
      durationMicros: outcome === 'failedToStart' ? 0 : Number(elapsedNanos / 1000n),
      error: out.error ?? '',
    };
    queueMicrotask(() => {
      this.options.emit(event);
    });
  }
}

function notRun(error: string): ScriptOutput {
  return { outcome: 'failedToStart', status: 127, error };
}
