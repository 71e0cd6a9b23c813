// RunScript effects. vrrp_script runs (purpose track) come back as ScriptResult events, as soon
// as each ends. Notify scripts (purpose notify) go through NotifyQueues: one at a time per
// instance or group, in order, each with a time limit, each ending in a NotifyFinished event.
// Both are started by a ScriptLauncher: default user, and script security checked before each run.
import type { Effect, Event } from '../../core/events/index.js';
import type { EffectExecutor } from '../runtime/executors.js';
import { ScriptLauncher } from './launcher.js';
import { NotifyQueues } from './notify-queue.js';
import type { ScriptRun } from './runner.js';

/** A notify without its own limit (only STOP notifies carry one: 1 s) is stopped after 60 s. */
export const DEFAULT_NOTIFY_TIMEOUT_MICROS = 60_000_000;

export interface ScriptExecutorOptions {
  readonly emit: (event: Event) => void;
  /** Starts the scripts (default user, script security); default: a launcher with `defaultUser`. */
  readonly launcher?: ScriptLauncher;
  /** Without `launcher`: whom a script without `user` runs as. */
  readonly defaultUser?: string;
  /** A notify whose effect carries no timeoutMicros gets this long (µs); default 60 s. */
  readonly notifyTimeoutMicros?: number;
  /** At most this many notifies wait per name (see NotifyQueues); default 64. */
  readonly maxPendingNotifies?: number;
}

export interface ScriptExecutor extends EffectExecutor {
  /**
   * Shutdown (keepalived script_killall): lets queued notifies (the STOP ones) run for up to
   * `graceMicros` (default 5 s), then stops what still runs (SIGTERM to the group, SIGKILL 2 s
   * later) and reports what never ran. Resolves when every script has ended and been reported.
   */
  stop(graceMicros?: number): Promise<void>;
}

export function scriptExecutor(options: ScriptExecutorOptions): ScriptExecutor {
  const launcher = options.launcher ?? new ScriptLauncher(options.defaultUser === undefined ? {} : { defaultUser: options.defaultUser });
  const notifyTimeout = options.notifyTimeoutMicros ?? DEFAULT_NOTIFY_TIMEOUT_MICROS;
  const notifies = new NotifyQueues({
    start: (run) => launcher.run(run),
    emit: options.emit,
    ...(options.maxPendingNotifies === undefined ? {} : { maxPending: options.maxPendingNotifies }),
  });
  /** vrrp_script runs going on, so shutdown can stop them. */
  const tracks = new Set<Promise<void>>();
  const stopTracks = new AbortController();

  return {
    kinds: ['RunScript'],
    execute(effect: Effect) {
      if (effect.kind !== 'RunScript') return;
      const base: ScriptRun = {
        argv: effect.argv,
        ...(effect.user === undefined ? {} : { user: effect.user }),
        ...(effect.group === undefined ? {} : { group: effect.group }),
      };
      if (effect.purpose === 'notify') {
        notifies.enqueue(effect.name, { ...base, timeoutMicros: effect.timeoutMicros ?? notifyTimeout });
        return;
      }
      const run: ScriptRun = {
        ...base,
        ...(effect.timeoutMicros === undefined ? {} : { timeoutMicros: effect.timeoutMicros }),
        signal: stopTracks.signal,
      };
      const done: Promise<void> = launcher.run(run).then((out) => {
        options.emit({ kind: 'ScriptResult', script: effect.name, outcome: out.outcome, status: out.status });
        tracks.delete(done);
      });
      tracks.add(done);
    },
    async stop(graceMicros = 5_000_000) {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMicros / 1000);
      });
      await Promise.race([notifies.whenIdle(), grace]);
      clearTimeout(timer);
      stopTracks.abort();
      await Promise.all([notifies.abort(), ...tracks]);
    },
  };
}
