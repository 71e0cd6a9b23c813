// One vrrp_script: its rise/fall counter and its runs (keepalived vrrp_scheduler.c
// vrrp_script_thread / vrrp_script_child_thread, reference keepalived.md §2.5).
import type { VrrpScript } from '../config/global/model.js';
import type { ScriptResult } from '../events/index.js';

/**
 * keepalived init_state: 'init' until the first result (unweighted trackers then hold their
 * instances in INIT, weighted ones add nothing yet), 'done' after. `init_fail` starts 'done' at 0.
 */
export type ScriptInitState = 'init' | 'done';

export interface ScriptTracker {
  readonly config: VrrpScript;
  /** keepalived vscript->result, 0 .. rise+fall-1; OK iff result >= rise. */
  readonly result: number;
  readonly initState: ScriptInitState;
  /** Exit status of the last run that exited ("Script `S` now returning N" when it changes). */
  readonly lastStatus: number;
  readonly running: boolean;
  /** Monotonic µs of the next run: the script timer's deadline. */
  readonly nextRunAt: number;
}

/** keepalived vrrp_init_script: one success is enough at start, unless init_fail. */
export function newScriptTracker(config: VrrpScript, now: number): ScriptTracker {
  return {
    config,
    result: config.initFail ? 0 : config.rise - 1,
    initState: config.initFail ? 'done' : 'init',
    lastStatus: 0,
    running: false,
    nextRunAt: now,
  };
}

export type ScriptVerdict = 'pending' | 'up' | 'down';

export function scriptVerdict(t: ScriptTracker): ScriptVerdict {
  if (t.initState === 'init') return 'pending';
  return t.result >= t.config.rise ? 'up' : 'down';
}

export interface ScriptStep {
  readonly tracker: ScriptTracker;
  /** keepalived's log lines, in its order. */
  readonly logs: readonly string[];
}

/** A finished run, folded into the counter with keepalived's rise/fall rules. */
export function applyScriptResult(t: ScriptTracker, e: ScriptResult): ScriptStep {
  const logs: string[] = [];
  const name = t.config.name;
  let success = false;
  let exitType: string;
  let reason: string | undefined;
  let lastStatus = t.lastStatus;
  switch (e.outcome) {
    case 'exited':
      if (e.status !== t.lastStatus) logs.push(`Script \`${name}\` now returning ${e.status}`);
      lastStatus = e.status;
      success = e.status === 0;
      exitType = success ? 'succeeded' : 'failed';
      if (!success) reason = `exited with status ${e.status}`;
      break;
    case 'timedOut':
      exitType = 'timed_out';
      break;
    case 'signalled':
      exitType = 'failed';
      reason = `due to signal ${e.status}`;
      break;
    case 'failedToStart':
      // keepalived: the forked child exits with a failure status when exec fails.
      exitType = 'failed';
      reason = `exited with status ${e.status}`;
      break;
  }
  const { rise, fall } = t.config;
  let result = t.result;
  if (success) {
    if (result < rise - 1) result++;
    else if (result !== rise + fall - 1) {
      if (result < rise) logs.push(`VRRP_Script(${name}) ${exitType}`);
      result = rise + fall - 1;
    }
  } else if (result > rise) {
    result--;
  } else {
    if (result === rise || t.initState === 'init') {
      logs.push(reason === undefined ? `VRRP_Script(${name}) ${exitType}` : `VRRP_Script(${name}) ${exitType} (${reason})`);
    }
    result = 0;
  }
  return { tracker: { ...t, result, lastStatus, running: false, initState: 'done' }, logs };
}
