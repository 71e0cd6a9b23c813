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
    for (const effect of result.effects) this.execute(effect);
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

  private execute(effect: Effect): void {
    const executor = this.byKind.get(effect.kind);
    if (executor === undefined) return;
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
      }
    } catch (err) {
      fail(err);
    }
  }
}
