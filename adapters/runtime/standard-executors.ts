// Executors every daemon has: timers, logs, config loading, exit. Network and script executors
// live with their adapters.
import type { Effect, Event, LogLevel } from '../../core/events/index.js';
import { loadConfig, type LoadOptions } from './config-loader.js';
import type { EffectExecutor } from './executors.js';
import type { TimerService } from './timers.js';

export function timerExecutor(timers: TimerService): EffectExecutor {
  return {
    kinds: ['ScheduleTimer', 'CancelTimer'],
    execute(effect: Effect) {
      if (effect.kind === 'ScheduleTimer') timers.schedule(effect.timer, effect.atMicros);
      else if (effect.kind === 'CancelTimer') timers.cancel(effect.timer);
    },
  };
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warning: 2, error: 3 };

/** keepalived's lines to a stream; debug lines only with -D (keepalived's LOG_DETAIL). */
export function logExecutor(write: (line: string, level: LogLevel) => void, minimum: LogLevel = 'info'): EffectExecutor {
  return {
    kinds: ['Log'],
    execute(effect: Effect) {
      if (effect.kind === 'Log' && RANK[effect.level] >= RANK[minimum]) write(effect.message, effect.level);
    },
  };
}

/** LoadConfig: read and parse; the ConfigLoaded comes back as an event, a failure rejects. */
export function configExecutor(options: LoadOptions, emit: (event: Event) => void): EffectExecutor {
  return {
    kinds: ['LoadConfig'],
    execute() {
      const result = loadConfig(options);
      if (!result.ok) throw new Error(result.error);
      queueMicrotask(() => {
        emit(result.event);
      });
    },
  };
}

/** Exit: the reducer finished shutting down. */
export function exitExecutor(exit: (code: number) => void): EffectExecutor {
  return {
    kinds: ['Exit'],
    execute(effect: Effect) {
      if (effect.kind === 'Exit') exit(effect.code);
    },
  };
}
