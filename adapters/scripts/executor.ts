// RunScript effects: vrrp_script runs come back as ScriptResult events; notify scripts are fired
// and forgotten as keepalived does (their outcome is the tracking issue's to journal).
import type { Effect, Event } from '../../core/events/index.js';
import type { EffectExecutor } from '../runtime/executors.js';
import { runScript } from './runner.js';

export interface ScriptExecutorOptions {
  /** The user a script without `user` runs as (script_user, else keepalived_script, else root). */
  readonly defaultUser?: string;
  readonly emit: (event: Event) => void;
}

export function scriptExecutor(options: ScriptExecutorOptions): EffectExecutor {
  return {
    kinds: ['RunScript'],
    execute(effect: Effect) {
      if (effect.kind !== 'RunScript') return;
      const user = effect.user ?? options.defaultUser;
      const run = {
        argv: effect.argv,
        ...(user === undefined ? {} : { user }),
        ...(effect.group === undefined ? {} : { group: effect.group }),
        ...(effect.timeoutMicros === undefined ? {} : { timeoutMicros: effect.timeoutMicros }),
      };
      void runScript(run).then((out) => {
        if (effect.purpose !== 'track') return;
        options.emit({ kind: 'ScriptResult', script: effect.name, outcome: out.outcome, status: out.status });
      });
    },
  };
}
