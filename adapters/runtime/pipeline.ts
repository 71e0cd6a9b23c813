// The daemon's spine (DESIGN.md "Architecture"): input adapters' events merged into one ordered
// stream; each one stamped, journaled before the reducer sees it (write-ahead), reduced; the
// effects journaled and handed to their executors; a failed effect comes back as an EffectResult.
import { merge, Subject, type Observable, type Subscription } from 'rxjs';
import type { Effect, Event } from '../../core/events/index.js';
import { initialState, reduce } from '../../core/reducer/reduce.js';
import type { VigilState } from '../../core/reducer/state.js';
import { snapshotState } from '../../core/snapshot/state-snapshot.js';
import type { JournalStore } from '../store/store.js';
import type { Clock } from './clock.js';
import { errorName, type EffectExecutor } from './executors.js';

/**
 * Effects that change the addresses, routes and rules a notify may look at. keepalived sets and
 * removes them (synchronous netlink) before it notifies a transition, so a notify_master script or
 * a FIFO reader seeing MASTER finds the VIP in place (vrrp.c vrrp_state_become_master); here they
 * are asynchronous, so scripts and FIFO lines wait for those emitted before them.
 */
const NOTIFIES_WAIT_FOR: ReadonlySet<Effect['kind']> = new Set(['AddAddress', 'DeleteAddress', 'AddRoute', 'DeleteRoute', 'AddRule', 'DeleteRule']);
const WAITING: ReadonlySet<Effect['kind']> = new Set(['RunScript', 'WriteFifo']);

export interface PipelineOptions {
  readonly nodeId: string;
  readonly clock: Clock;
  /** Where every event and effect is written; absent = no journal. */
  readonly journal?: JournalStore;
  readonly executors: readonly EffectExecutor[];
  /** A state snapshot goes into the journal at most this often (monotonic µs); default 60 s. */
  readonly snapshotEveryMicros?: number;
  /** Called after each step, for projections (state dumps, metrics) and tests. */
  readonly onStep?: (state: VigilState, event: Event, effects: readonly Effect[]) => void;
}

export class Pipeline {
  private state: VigilState = initialState;
  private readonly options: PipelineOptions;
  private readonly byKind = new Map<Effect['kind'], EffectExecutor>();
  /** Events the pipeline itself produces (EffectResult) and anything pushed from outside. */
  readonly input = new Subject<Event>();
  private subscription: Subscription | undefined;
  private lastSnapshotAt: number | undefined;
  /** Effects still being carried out (netlink requests, socket sends...). */
  private readonly inFlight = new Set<Promise<void>>();
  /** RunScript and WriteFifo effects are carried out through this, in the order they were emitted. */
  private notifyGate: Promise<void> = Promise.resolve();

  constructor(options: PipelineOptions) {
    this.options = options;
    for (const executor of options.executors) for (const kind of executor.kinds) this.byKind.set(kind, executor);
  }

  get current(): VigilState {
    return this.state;
  }

  /** Subscribes to the sources; events are processed one at a time, in arrival order. */
  start(sources: readonly Observable<Event>[]): void {
    this.subscription = merge(this.input, ...sources).subscribe((event) => {
      this.step(event);
    });
  }

  /** Resolves once every effect started so far has finished (before closing at shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  /** One event through: journal, reduce, journal the effects, execute them. */
  step(event: Event): readonly Effect[] {
    const { clock, journal, nodeId } = this.options;
    const monotonicNs = clock.monotonicNanos();
    const wallNs = clock.wallNanos();
    journal?.append([{ monotonicNs, wallNs, nodeId, body: event }]);
    const result = reduce(this.state, { at: Number(monotonicNs / 1000n), event });
    this.state = result.state;
    if (result.effects.length > 0) {
      journal?.append(result.effects.map((body) => ({ monotonicNs, wallNs, nodeId, body })));
    }
    if (journal !== undefined) this.maybeSnapshot(journal, monotonicNs, wallNs);
    this.options.onStep?.(this.state, event, result.effects);
    const addressWork: Promise<void>[] = [];
    for (const effect of result.effects) {
      if (WAITING.has(effect.kind)) {
        this.executeAfter(effect, addressWork);
        continue;
      }
      const done = this.execute(effect);
      if (done !== undefined && NOTIFIES_WAIT_FOR.has(effect.kind)) addressWork.push(done);
    }
    return result.effects;
  }

  /** Every so often the whole state, so replay can check it and start from it (core/snapshot). */
  private maybeSnapshot(journal: JournalStore, monotonicNs: bigint, wallNs: bigint): void {
    const at = Number(monotonicNs / 1000n);
    const every = this.options.snapshotEveryMicros ?? 60_000_000;
    if (this.lastSnapshotAt !== undefined && at - this.lastSnapshotAt < every) return;
    this.lastSnapshotAt = at;
    const body = { kind: 'StateSnapshot' as const, afterSequence: journal.lastSequence, state: snapshotState(this.state) };
    journal.append([{ monotonicNs, wallNs, nodeId: this.options.nodeId, body }]);
  }

  /**
   * A script starts (a FIFO line is written) once the address, route and rule changes emitted
   * before it in its step are done (see NOTIFIES_WAIT_FOR), and after the scripts and lines
   * emitted before it, so their order is kept. drain() waits for it.
   */
  private executeAfter(effect: Effect, before: readonly Promise<void>[]): void {
    if (!this.byKind.has(effect.kind)) return;
    const gate = this.notifyGate;
    const launched = (before.length === 0 ? gate : Promise.all([gate, ...before])).then(() => {
      // Handing over is all the gate waits for: a script's end comes back as an event.
      void this.execute(effect);
    });
    this.notifyGate = launched;
    const tracked = launched.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private execute(effect: Effect): Promise<void> | undefined {
    const executor = this.byKind.get(effect.kind);
    if (executor === undefined) return undefined;
    const fail = (err: unknown): void => {
      // Into the stream on a later turn, never re-entering the step that emitted the effect.
      queueMicrotask(() => {
        this.input.next({ kind: 'EffectResult', effect, ok: false, error: errorName(err) });
      });
    };
    try {
      const done = executor.execute(effect);
      if (done instanceof Promise) {
        const tracked = done.catch(fail).finally(() => this.inFlight.delete(tracked));
        this.inFlight.add(tracked);
        return tracked;
      }
    } catch (err) {
      fail(err);
    }
    return undefined;
  }
}
