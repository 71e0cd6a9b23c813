// global_defs startup_script / shutdown_script (keepalived/core/main.c run_startup_script,
// sigend, startup_shutdown_script_completed; reference keepalived.md §1.8, §3.1). keepalived's
// parent process runs the startup script before it starts its VRRP and checker children, and the
// shutdown script after they have exited, each with its timeout (default 10 s): SIGTERM to the
// script's process group, SIGKILL 2 s later. Whatever the outcome, start-up goes on and shutdown
// finishes.
//
// Vigil's reducer is keepalived's children, the runtime its parent: the daemon runs the startup
// script before the config reaches the reducer and the shutdown script after the reducer's Exit
// and the effects of shutdown are done. No decision depends on either script, so the reducer
// never sees a request for them; each run is journaled as a NotifyFinished event (name
// `startup_script` / `shutdown_script`, argv, outcome, status, duration), as notifies are.
import type { GlobalConfig, ScriptCommand } from '../../core/config/global/model.js';
import type { NotifyFinished } from '../../core/events/index.js';
import type { ScriptLauncher } from './launcher.js';

export type LifecycleScript = 'startup' | 'shutdown';

export interface LifecycleOptions {
  readonly launcher: ScriptLauncher;
  /** keepalived's log lines. */
  readonly log: (message: string) => void;
  /** keepalived -D (LOG_DETAIL): the "Running ..." and "... succeeded" lines too. */
  readonly detail?: boolean;
  /** Aborting stops the script as its timeout would (SIGTERM to the group, SIGKILL 2 s later). */
  readonly signal?: AbortSignal;
  /** The monotonic clock the duration is measured with (ns); default process.hrtime.bigint. */
  readonly monotonicNanos?: () => bigint;
}

/** The name a lifecycle script's NotifyFinished carries: the keyword that configures it. */
export function lifecycleEventName(kind: LifecycleScript): string {
  return `${kind}_script`;
}

function configured(global: GlobalConfig, kind: LifecycleScript): { script: ScriptCommand | undefined; timeoutSeconds: number } {
  return kind === 'startup'
    ? { script: global.startupScript, timeoutSeconds: global.startupScriptTimeoutSeconds }
    : { script: global.shutdownScript, timeoutSeconds: global.shutdownScriptTimeoutSeconds };
}

/**
 * Runs the configured startup or shutdown script to its end (or its timeout) and logs what
 * keepalived 2.2.7 logs: "Running startup script X" (-D), "startup script script failed, status
 * N" (keepalived's doubled word), "startup script script succeeded" (-D), "startup script timed
 * out". Resolves with the event to journal; undefined when none is configured. Never rejects.
 */
export async function runLifecycleScript(global: GlobalConfig, kind: LifecycleScript, options: LifecycleOptions): Promise<NotifyFinished | undefined> {
  const { script, timeoutSeconds } = configured(global, kind);
  if (script === undefined) return undefined;
  const type = `${kind} script`;
  const program = script.argv[0] ?? '';
  const now = options.monotonicNanos ?? (() => process.hrtime.bigint());
  if (options.detail === true) options.log(`Running ${type} ${program}`);
  const started = now();
  const out = await options.launcher.run({
    argv: script.argv,
    ...(script.user === undefined ? {} : { user: script.user }),
    ...(script.group === undefined ? {} : { group: script.group }),
    timeoutMicros: timeoutSeconds * 1_000_000,
    // keepalived handle_child_timeout: the line as the SIGTERM goes out, not when the script ends.
    onTimeout: () => {
      options.log(`${type} timed out`);
    },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const elapsed = now() - started;
  switch (out.outcome) {
    case 'exited':
      if (out.status !== 0) options.log(`${type} script failed, status ${out.status}`);
      else if (options.detail === true) options.log(`${type} script succeeded`);
      break;
    case 'timedOut': // logged at the timeout; a stop request is no timeout
    case 'signalled':
      break;
    case 'failedToStart':
      // A refusal (script security) is logged by the launcher in keepalived's words already.
      if (out.refused !== true) options.log(`Call of ${type} ${program} failed`);
      break;
  }
  return {
    kind: 'NotifyFinished',
    name: lifecycleEventName(kind),
    argv: script.argv,
    outcome: out.outcome,
    status: out.status,
    durationMicros: out.outcome === 'failedToStart' ? 0 : Number(elapsed / 1000n),
    error: out.error ?? '',
  };
}
