// The checkers off the VRRP event loop (issue 8): their `check:` timers and their probes run on a
// thread of their own (thread-body.ts), so ten thousand checks a second cannot hold back an
// advert. The reducer stays where it was: RunCheck, ScheduleTimer and CancelTimer go to the
// thread, its TimerFired and CheckResult events come back and enter the pipeline here, a slice at
// a time (event-feed.ts), journaled and reduced like any input. Where a probe ran changes nothing
// in a replay.
import type { KeepalivedConfig } from '../../core/config/model.js';
import type { Effect, Event } from '../../core/events/index.js';
import { checkerOfTimer, checkerTimerId } from '../../core/lvs/ids.js';
import type { LvsState } from '../../core/lvs/state.js';
import type { EffectExecutor } from '../runtime/executors.js';
import type { TimerService } from '../runtime/timers.js';
import { EventFeed } from './event-feed.js';
import { inProcessLink, workerLink, type Link, type LinkEvents } from './thread-links.js';
import { checkerConfig, type FromCheckerThread, type ToCheckerThread } from './thread-messages.js';

/** A thread that dies is replaced, but not more often than this (one that dies at once would spin). */
const RESTART_SPACING_MS = 1000;

export interface CheckerThreadOptions {
  readonly emit: (event: Event) => void;
  /** The config in force: a RunCheck probes the checker it names. */
  readonly config: () => KeepalivedConfig | undefined;
  /** The LVS side's state: what a new thread takes over when one dies. */
  readonly lvs: () => LvsState | undefined;
  /** The thread's failures and restarts (keepalived logs its checker child's the same way). */
  readonly log: (message: string) => void;
  /** Run the body on this thread, over a MessageChannel (tests). */
  readonly inProcess?: boolean;
}

export interface CheckerThread extends EffectExecutor {
  /** A `check:` timer, armed on the checker thread. */
  schedule(timer: string, atMicros: number): void;
  cancel(timer: string): void;
  /** Stops the timers and probes; no event is emitted after this. */
  stop(): Promise<void>;
}

export function startCheckerThread(options: CheckerThreadOptions): CheckerThread {
  const feed = new EventFeed(options.emit);
  let outbox: ToCheckerThread[] = [];
  let sentConfig: KeepalivedConfig | undefined;
  let stopped = false;
  let inProcess = options.inProcess === true;
  let startedAt = 0;
  let restart: NodeJS.Timeout | undefined;

  // The thread starts with the first thing to send: a config without virtual servers never
  // starts one.
  let link: Link | undefined;
  // Sent once per turn of the main loop: the effects of one slice of events travel together.
  const flush = (): void => {
    const batch = outbox;
    outbox = [];
    if (!stopped && batch.length > 0) (link ??= open()).post(batch);
  };
  const send = (m: ToCheckerThread): void => {
    if (outbox.length === 0) queueMicrotask(flush);
    outbox.push(m);
  };
  const useConfig = (config: KeepalivedConfig | undefined): void => {
    sentConfig = config;
    send({ kind: 'UseConfig', config: config === undefined ? undefined : checkerConfig(config) });
  };
  const events: LinkEvents = {
    receive: (batch: readonly FromCheckerThread[]) => {
      if (!stopped) feed.push(batch);
    },
    died: (reason) => {
      if (stopped) return;
      options.log(`Checker thread ${reason}; starting another`);
      restart = setTimeout(takeOver, Math.max(0, startedAt + RESTART_SPACING_MS - Date.now()));
    },
    cannotStart: (reason) => {
      if (stopped) return;
      options.log(`Checker thread cannot start (${reason}); checks run on the main thread`);
      inProcess = true;
      takeOver();
    },
  };
  const open = (): Link => {
    startedAt = Date.now();
    return inProcess ? inProcessLink(events) : workerLink(events);
  };
  /**
   * A new thread takes over what the last one held, as the reducer's state has it: each checker's
   * armed timer and each probe whose result has not come back (it runs again; a result that comes
   * twice is dropped by the reducer, as is a timer that fires after its checker moved on).
   */
  function takeOver(): void {
    if (stopped) return;
    link = open();
    outbox = [];
    useConfig(options.config());
    for (const vs of options.lvs()?.virtualServers ?? []) {
      for (const rs of vs.realServers) {
        for (const c of rs.checkers) {
          if (c.running) send({ kind: 'RunCheck', checker: c.id });
          else if (c.armedAt !== undefined) send({ kind: 'ScheduleTimer', timer: checkerTimerId(c.id), atMicros: c.armedAt });
        }
      }
    }
  }

  return {
    kinds: ['RunCheck'],
    execute(effect: Effect) {
      if (effect.kind !== 'RunCheck' || stopped) return;
      const config = options.config();
      if (config !== sentConfig) useConfig(config);
      send(effect);
    },
    schedule(timer, atMicros) {
      if (!stopped) send({ kind: 'ScheduleTimer', timer, atMicros });
    },
    cancel(timer) {
      if (!stopped) send({ kind: 'CancelTimer', timer });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(restart);
      outbox = [];
      feed.clear();
      await link?.close();
    },
  };
}

/** ScheduleTimer / CancelTimer: `check:` timers to the checker thread, every other one to `timers`. */
export function timerRouter(timers: TimerService, thread: CheckerThread): EffectExecutor {
  return {
    kinds: ['ScheduleTimer', 'CancelTimer'],
    execute(effect: Effect) {
      if (effect.kind === 'ScheduleTimer') {
        if (checkerOfTimer(effect.timer) === undefined) timers.schedule(effect.timer, effect.atMicros);
        else thread.schedule(effect.timer, effect.atMicros);
      } else if (effect.kind === 'CancelTimer') {
        if (checkerOfTimer(effect.timer) === undefined) timers.cancel(effect.timer);
        else thread.cancel(effect.timer);
      }
    },
  };
}
