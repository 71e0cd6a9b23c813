// One probe's lifetime: it settles exactly once, and when it does every timer, socket and listener
// it opened is released, whichever way it ended (answer, timeout, error, abort). A callback that
// throws settles the probe as a failure instead of crashing the daemon.
import { CANCELLED, failed, type ProbeOutcome } from './outcome.js';

export interface ProbeScope {
  /** Settles the probe (later calls are ignored) and runs every cleanup. */
  finish(outcome: ProbeOutcome): void;
  /** Runs `fn` after `ms` unless the probe settled first; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
  /** Runs at settlement, in reverse order of registration. */
  onCleanup(fn: () => void): void;
  /** Wraps an event callback: ignored once settled, and a throw settles as a failure. */
  guard<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
}

/** Runs `body` with a fresh scope; resolves with what it finished with. Never rejects. */
export function withProbeScope(signal: AbortSignal | undefined, body: (scope: ProbeScope) => void): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const cleanups: (() => void)[] = [];
    let finished = false;
    const scope: ProbeScope = {
      finish(outcome) {
        if (finished) return;
        finished = true;
        for (const cleanup of cleanups.reverse()) {
          try {
            cleanup();
          } catch {
            // A socket already destroyed, a timer already gone: nothing left to release.
          }
        }
        resolve(outcome);
      },
      after(ms, fn) {
        if (finished) return () => undefined;
        const timer = setTimeout(scope.guard(fn), ms);
        const cancel = (): void => {
          clearTimeout(timer);
        };
        cleanups.push(cancel);
        return cancel;
      },
      onCleanup(fn) {
        if (finished) fn();
        else cleanups.push(fn);
      },
      guard(fn) {
        return (...args) => {
          if (finished) return;
          try {
            fn(...args);
          } catch (err) {
            scope.finish(failed(`checker internal error: ${err instanceof Error ? err.message : String(err)}`));
          }
        };
      },
    };
    if (signal?.aborted === true) {
      scope.finish(CANCELLED);
      return;
    }
    if (signal !== undefined) {
      const onAbort = (): void => {
        scope.finish(CANCELLED);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => {
        signal.removeEventListener('abort', onAbort);
      });
    }
    try {
      body(scope);
    } catch (err) {
      scope.finish(failed(`checker internal error: ${err instanceof Error ? err.message : String(err)}`));
    }
  });
}
