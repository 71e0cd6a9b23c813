// The RunCheck executor: looks the checker up, starts its probe and returns at once (a probe takes
// up to connect_timeout or misc_timeout, and VRRP work must not wait behind it); the outcome comes
// back later as a CheckResult event.
import type { Effect, Event } from '../../core/events/index.js';
import type { EffectExecutor } from '../runtime/executors.js';
import { runProbe } from './probe.js';
import type { CheckTarget } from './target.js';

export interface CheckerExecutorOptions {
  readonly emit: (event: Event) => void;
  /** The checker an id names in the running configuration, or undefined if there is none. */
  readonly lookup: (checker: string) => CheckTarget | undefined;
}

export interface CheckerExecutor extends EffectExecutor {
  /** The ids of the checkers whose probe is running now. */
  running(): string[];
  /** Cancels every running probe; their outcomes are dropped, none is emitted after this. */
  stop(): void;
}

export function checkerExecutor(options: CheckerExecutorOptions): CheckerExecutor {
  const running = new Map<string, AbortController>();
  let stopped = false;
  return {
    kinds: ['RunCheck'],
    running: () => [...running.keys()],
    execute(effect: Effect) {
      if (effect.kind !== 'RunCheck' || stopped) return;
      const id = effect.checker;
      // keepalived runs each checker as one thread that reschedules itself only when its probe has
      // ended, so a checker never has two probes at once: a RunCheck for a checker still probing
      // is skipped, and the running probe's CheckResult answers it.
      if (running.has(id)) return;
      const target = options.lookup(id);
      if (target === undefined) {
        // Into the stream on a later turn, never re-entering the step that emitted the effect.
        queueMicrotask(() => {
          options.emit({ kind: 'CheckResult', checker: id, ok: false, detail: `no checker ${id} in the running configuration` });
        });
        return;
      }
      const controller = new AbortController();
      running.set(id, controller);
      // runProbe never rejects: every failure, even an internal one, is an outcome.
      void runProbe(target, controller.signal).then((outcome) => {
        if (running.get(id) === controller) running.delete(id);
        if (stopped || controller.signal.aborted) return;
        options.emit({
          kind: 'CheckResult',
          checker: id,
          ok: outcome.ok,
          detail: outcome.detail,
          ...(outcome.exitStatus === undefined ? {} : { exitStatus: outcome.exitStatus }),
        });
      });
    },
    stop() {
      stopped = true;
      for (const controller of running.values()) controller.abort();
      running.clear();
    },
  };
}
