// What the main thread and the checker thread (thread.ts) say to each other: plain data, copied
// by postMessage. Towards the thread, the effects it carries out, in the order the reducer emitted
// them; back, the events they produce. Each message is a batch.
import type { KeepalivedConfig } from '../../core/config/model.js';
import type { CancelTimer, CheckResult, RunCheck, ScheduleTimer, TimerFired } from '../../core/events/index.js';

/** The part of a config the probes read (lookup.ts checkTargets): copied once per loaded config. */
export interface CheckerConfig {
  readonly lvs: KeepalivedConfig['lvs'];
  readonly trackFiles: KeepalivedConfig['global']['trackFiles'];
  readonly scriptUser: KeepalivedConfig['global']['scriptUser'];
}

export function checkerConfig(config: KeepalivedConfig): CheckerConfig {
  return { lvs: config.lvs, trackFiles: config.global.trackFiles, scriptUser: config.global.scriptUser };
}

/** The config in force from now on: RunChecks after it probe the checkers it names. */
export interface UseConfig {
  readonly kind: 'UseConfig';
  readonly config: CheckerConfig | undefined;
}

export type ToCheckerThread = UseConfig | RunCheck | ScheduleTimer | CancelTimer;

export type FromCheckerThread = TimerFired | CheckResult;

/** The thread's first message: its entry loaded and it listens (before this, a failure means it cannot start). */
export const CHECKER_THREAD_READY = 'ready';

/** workerData that makes a module loaded as a Worker's entry run the checker thread. */
export const CHECKER_THREAD_MARK = 'vigil-checker-thread';
