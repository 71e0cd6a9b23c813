// MISC_CHECK (keepalived check_misc.c misc_check_child_thread): misc_path run in its own process
// group as its user (else script_user), through the script runner. Exit 0 is up; with misc_dynamic
// any exit 2..255 is up too and the real server's weight becomes status - 2 (the reducer's job, from
// exitStatus); any other exit, a signal, or running past misc_timeout (SIGTERM to the group, SIGKILL
// 2 s later) is down.
import type { Checker } from '../../core/config/lvs/model.js';
import { runScript } from '../scripts/runner.js';
import { CANCELLED, failed, type ProbeOutcome } from './outcome.js';
import type { CheckTarget } from './target.js';

type MiscChecker = Extract<Checker, { kind: 'MISC_CHECK' }>;

/**
 * Runs the script. An abort resolves at once with CANCELLED; the script itself is left to its
 * misc_timeout, which the runner enforces (runScript takes no AbortSignal yet; see README).
 */
export async function miscProbe(target: CheckTarget, checker: MiscChecker, signal?: AbortSignal): Promise<ProbeOutcome> {
  if (signal?.aborted === true) return CANCELLED;
  const script = checker.script;
  const user = script.user ?? target.scriptUser?.user;
  const group = script.user === undefined ? target.scriptUser?.group : script.group;
  const run = runScript({
    argv: script.argv,
    timeoutMicros: checker.timeoutMicros,
    ...(user === undefined ? {} : { user }),
    ...(group === undefined ? {} : { group }),
  });
  let onAbort: (() => void) | undefined;
  const cancelled = new Promise<'cancelled'>((resolve) => {
    onAbort = () => {
      resolve('cancelled');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  let out: Awaited<typeof run> | 'cancelled';
  try {
    out = await Promise.race([run, cancelled]);
  } finally {
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
  }
  if (out === 'cancelled') return CANCELLED;
  // "Misc check for [<rs> VS <vs>] by [<program>] ..."
  const subject = `Misc check for [${target.realServer.label} VS ${target.virtualServer.label}] by [${script.argv[0] ?? ''}]`;
  switch (out.outcome) {
    case 'exited': {
      const status = out.status;
      if (status === 0 || (checker.dynamic && status >= 2 && status <= 255)) return { ok: true, detail: '', exitStatus: status };
      return { ok: false, detail: `${subject} failed (exited with status ${status}).`, exitStatus: status };
    }
    case 'signalled':
      return failed(`${subject} failed (due to signal ${out.status}).`);
    case 'timedOut':
      return failed(`${subject} timed out.`);
    case 'failedToStart':
      return failed(`${subject} failed (could not start: ${out.error ?? 'unknown error'}).`);
  }
}
