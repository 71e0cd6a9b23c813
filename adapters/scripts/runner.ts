// Running a script as keepalived does (keepalived/core/notify.c): its own process group, a
// cleaned environment, as the configured user; a run is timed out with SIGTERM to the whole
// group, then SIGKILL 2 s later (vrrp_script_child_thread). Aborting a run (at shutdown) stops it
// the same way (keepalived script_killall: SIGTERM, SIGKILL 1 s later).
import { spawn, type ChildProcess } from 'node:child_process';
import type { ScriptOutcome } from '../../core/events/index.js';
import { resolveIdentity, type Identity } from './users.js';

/** keepalived's follow-up after SIGTERM: SIGKILL to the process group 2 s later. */
const KILL_AFTER_MICROS = 2_000_000;

export interface ScriptRun {
  readonly argv: readonly string[];
  readonly user?: string;
  readonly group?: string;
  /** SIGTERM the process group after this long (µs); undefined = no limit. */
  readonly timeoutMicros?: number;
  /** SIGKILL the group this long (µs) after the SIGTERM; default 2 s. */
  readonly killAfterMicros?: number;
  /** Aborting stops the run as its timeout would (SIGTERM, SIGKILL later); it reports timedOut. */
  readonly signal?: AbortSignal;
  /** Called when the time limit passes, as the SIGTERM goes out (keepalived logs "timed out" then). */
  readonly onTimeout?: () => void;
}

export interface ScriptOutput {
  readonly outcome: ScriptOutcome;
  /** Exit status, signal number, or errno-ish code for failedToStart. */
  readonly status: number;
  /** Why it could not start, if it could not. */
  readonly error?: string;
  /** Not started because script security forbids it (the reason, in `error`, is logged already). */
  readonly refused?: boolean;
}

/** keepalived notify.c script_setup: IFS, LD_PRELOAD and LD_LIBRARY_PATH do not reach scripts. */
export function scriptEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  delete out['IFS'];
  delete out['LD_PRELOAD'];
  delete out['LD_LIBRARY_PATH'];
  return out;
}

const SIGNALS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15 };

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Gone already.
  }
}

/** Runs one script; resolves when it has exited (or could not start). Never rejects. */
export function runScript(run: ScriptRun, env: NodeJS.ProcessEnv = process.env): Promise<ScriptOutput> {
  const [program, ...args] = run.argv;
  if (program === undefined) return Promise.resolve({ outcome: 'failedToStart', status: 127, error: 'empty command' });
  let identity: Identity | undefined;
  if (run.user !== undefined) {
    identity = resolveIdentity(run.user, run.group);
    if (identity === undefined) return Promise.resolve({ outcome: 'failedToStart', status: 127, error: `unknown user ${run.user}${run.group === undefined ? '' : `:${run.group}`}` });
  }
  const { signal } = run;
  if (signal?.aborted === true) return Promise.resolve({ outcome: 'failedToStart', status: 127, error: 'aborted' });
  return new Promise((resolve) => {
    let timedOut = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (out: ScriptOutput): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      signal?.removeEventListener('abort', terminate);
      resolve(out);
    };
    const terminate = (): void => {
      if (timedOut || settled) return;
      timedOut = true;
      killGroup(child, 'SIGTERM');
      timers.push(
        setTimeout(() => {
          killGroup(child, 'SIGKILL');
        }, (run.killAfterMicros ?? KILL_AFTER_MICROS) / 1000),
      );
    };
    let child: ChildProcess;
    try {
      child = spawn(program, args, {
        detached: true, // its own process group, so a timeout kills its children too
        stdio: 'ignore',
        env: scriptEnvironment(env),
        ...(identity === undefined ? {} : { uid: identity.uid, gid: identity.gid }),
      });
    } catch (err) {
      // Arguments Node refuses before forking (a NUL byte in an argument).
      finish({ outcome: 'failedToStart', status: 127, error: (err as NodeJS.ErrnoException).code ?? String(err) });
      return;
    }
    child.on('error', (err: NodeJS.ErrnoException) => {
      finish({ outcome: 'failedToStart', status: 127, error: err.code ?? err.message });
    });
    child.on('exit', (code, killedBy) => {
      // The script is gone, but what it started must not outlive a timeout.
      if (timedOut) killGroup(child, 'SIGKILL');
      if (timedOut) finish({ outcome: 'timedOut', status: killedBy === null ? (code ?? 0) : (SIGNALS[killedBy] ?? 0) });
      else if (killedBy !== null) finish({ outcome: 'signalled', status: SIGNALS[killedBy] ?? 0 });
      else finish({ outcome: 'exited', status: code ?? 0 });
    });
    if (run.timeoutMicros !== undefined) {
      timers.push(
        setTimeout(() => {
          if (!timedOut && !settled) run.onTimeout?.();
          terminate();
        }, run.timeoutMicros / 1000),
      );
    }
    signal?.addEventListener('abort', terminate);
  });
}
