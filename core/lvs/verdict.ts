// One CheckResult folded into its checker: retries, the verdict and the next delay, per kind of
// checker as keepalived's epilogs do it (check_udp.c udp_epilog for TCP/UDP/PING/SMTP/DNS,
// check_http.c epilog/timeout_epilog, check_misc.c misc_check_child_thread).
import type { CheckResult } from '../events/index.js';
import { log, type LvsContext } from './context.js';
import { logsAttempt, verdictPhrases } from './phrases.js';
import { updateSvrCheckerState, updateSvrWeight } from './server.js';
import { withChecker, type CheckerRuntime, type VirtualServerRuntime } from './state.js';

export interface Folded {
  readonly vs: VirtualServerRuntime;
  /** µs until the checker runs again. */
  readonly delay: number;
  /** MISC_CHECK counts the delay from when the script started (check_misc.c last_ran). */
  readonly fromLastRun: boolean;
}

interface Where {
  readonly rs: number;
  readonly checker: number;
}

function current(vs: VirtualServerRuntime, at: Where): CheckerRuntime | undefined {
  return vs.realServers[at.rs]?.checkers[at.checker];
}

function put(vs: VirtualServerRuntime, at: Where, patch: Partial<CheckerRuntime>): VirtualServerRuntime {
  const c = current(vs, at);
  return c === undefined ? vs : withChecker(vs, at.rs, at.checker, { ...c, ...patch });
}

function verdict(ctx: LvsContext, vs: VirtualServerRuntime, at: Where, up: boolean): VirtualServerRuntime {
  return updateSvrCheckerState(ctx, vs, at.rs, at.checker, up);
}

/** udp_epilog: `retry` further failures while up take the checker down; down, it waits delay_loop. */
function simpleEpilog(ctx: LvsContext, vs: VirtualServerRuntime, at: Where, c: CheckerRuntime, ok: boolean): Folded {
  const cfg = c.config;
  const rs = vs.realServers[at.rs]?.config.label ?? '';
  const phrases = verdictPhrases(cfg.kind);
  if (ok || ((c.isUp || !c.hasRun) && c.retryIt >= cfg.retry)) {
    let next = put(vs, at, { retryIt: 0 });
    if (ok && (!c.isUp || !c.hasRun)) {
      if (phrases.success !== undefined) log(ctx, phrases.success(rs));
      next = verdict(ctx, next, at, true);
    } else if (!ok && (c.isUp || !c.hasRun)) {
      if (phrases.failed !== undefined) log(ctx, phrases.failed(rs, vs.label, cfg.retry > 0 && c.hasRun ? cfg.retry : undefined));
      next = verdict(ctx, next, at, false);
    }
    return { vs: next, delay: cfg.delayLoopMicros, fromLastRun: false };
  }
  if (!c.isUp) return { vs, delay: cfg.delayLoopMicros, fromLastRun: false };
  return { vs: put(vs, at, { retryIt: c.retryIt + 1 }), delay: cfg.delayBeforeRetryMicros, fromLastRun: false };
}

/**
 * check_http.c: a pass over the URLs succeeds or fails as a whole (the adapter stops at the first
 * failing URL). timeout_epilog marks the checker as run before counting, so an alpha checker's
 * first failure changes nothing, and the count is reported as `retry_it - 1`. While a URL has
 * failed, the next try waits the longer of delay_before_retry and delay_loop.
 */
function httpEpilog(ctx: LvsContext, vs: VirtualServerRuntime, at: Where, c: CheckerRuntime, ok: boolean): Folded {
  const cfg = c.config;
  const rs = vs.realServers[at.rs]?.config.label ?? '';
  const slow = Math.max(cfg.delayBeforeRetryMicros, cfg.delayLoopMicros);
  if (ok) {
    let next = vs;
    if (!c.isUp || !c.hasRun) {
      log(ctx, `Remote Web server ${rs} succeed on service.`);
      next = verdict(ctx, next, at, true);
    }
    next = put(next, at, { retryIt: 0, failedUrl: false, hasRun: true });
    // fast_recovery: the first run is followed at once by another.
    const fast = cfg.kind !== 'MISC_CHECK' && 'fastRecovery' in cfg && cfg.fastRecovery && !c.hasRun;
    return { vs: next, delay: fast ? 0 : cfg.delayLoopMicros, fromLastRun: false };
  }
  if (!c.isUp && c.hasRun) return { vs, delay: c.failedUrl ? slow : cfg.delayBeforeRetryMicros, fromLastRun: false };
  const retryIt = c.retryIt + 1;
  let next = put(vs, at, { hasRun: true, retryIt });
  if (retryIt <= cfg.retry) return { vs: next, delay: c.failedUrl ? slow : cfg.delayBeforeRetryMicros, fromLastRun: false };
  const marked = current(next, at);
  if (marked?.isUp === true) {
    log(ctx, cfg.retry > 0 ? `HTTP_CHECK on service ${rs} failed after ${retryIt - 1} retries.` : `HTTP_CHECK on service ${rs} failed.`);
    next = verdict(ctx, next, at, false);
  }
  next = put(next, at, { failedUrl: true });
  return { vs: next, delay: slow, fromLastRun: false };
}

/** How a MISC_CHECK run ended, from the CheckResult (see README: exitStatus, or "timed out" / "due to signal N"). */
function miscEnd(e: CheckResult): { status: number } | { timedOut: true } | { signal: number | undefined } {
  if (e.exitStatus !== undefined) return { status: e.exitStatus };
  if (e.detail === 'timed out') return { timedOut: true };
  const m = /^due to signal (\d+)$/.exec(e.detail);
  return { signal: m?.[1] === undefined ? undefined : Number(m[1]) };
}

/**
 * misc_check_child_thread: exit 0 succeeds; with misc_dynamic 2..255 succeed too and set the
 * weight to status - 2 (0 sets it back to the configured weight) when the status changed; other
 * exits, signals and timeouts fail, `retry` further times before the verdict.
 */
function miscEpilog(ctx: LvsContext, vs: VirtualServerRuntime, at: Where, c: CheckerRuntime, e: CheckResult): Folded {
  const cfg = c.config;
  if (cfg.kind !== 'MISC_CHECK') return { vs, delay: 0, fromLastRun: true };
  const rsRuntime = vs.realServers[at.rs];
  const rs = rsRuntime?.config.label ?? '';
  const end = miscEnd(e);
  let next = vs;
  let exitType: string | undefined;
  let success = false;
  let reason: string | undefined;
  let retryIt = c.retryIt;
  let lastExitCode = c.lastExitCode;
  let messageOnly = false;
  if ('status' in end && (end.status === 0 || (cfg.dynamic && end.status >= 2 && end.status <= 255))) {
    if (end.status !== c.lastExitCode) {
      next = updateSvrWeight(ctx, next, at.rs, end.status >= 2 ? end.status - 2 : (rsRuntime?.config.weight ?? 0));
      lastExitCode = end.status;
    }
    if (!c.isUp || !c.hasRun) {
      exitType = 'succeeded';
      success = true;
    }
    retryIt = 0;
  } else if (c.isUp || !c.hasRun) {
    if ('status' in end) {
      exitType = 'failed';
      reason = `exited with status ${end.status}`;
    } else if ('timedOut' in end) {
      exitType = 'timed out';
    } else {
      exitType = 'failed';
      if (end.signal !== undefined) reason = `due to signal ${end.signal}`;
    }
    if (retryIt < cfg.retry) {
      retryIt++;
      if (cfg.logAllFailures) messageOnly = true;
      else exitType = undefined;
    } else {
      retryIt = 0;
      if ('status' in end) lastExitCode = end.status;
    }
  }
  next = put(next, at, { retryIt, lastExitCode });
  if (exitType !== undefined) {
    const after = !success && cfg.retry > 0 ? ` after ${cfg.retry} retries` : '';
    const tail = reason === undefined ? '.' : ` (${reason}).`;
    log(ctx, `Misc check for [${rs} VS ${vs.label}] by [${cfg.script.argv[0] ?? ''}] ${exitType}${after}${tail}`);
    if (!messageOnly) next = verdict(ctx, next, at, success);
  }
  return { vs: put(next, at, { hasRun: true }), delay: retryIt > 0 ? cfg.delayBeforeRetryMicros : cfg.delayLoopMicros, fromLastRun: true };
}

/** Folds one result into checker `at` of `vs`; the caller re-arms its timer after `delay`. */
export function foldCheckResult(ctx: LvsContext, vs: VirtualServerRuntime, at: Where, e: CheckResult): Folded {
  const c = current(vs, at);
  if (c === undefined) return { vs, delay: 0, fromLastRun: false };
  if (!e.ok && e.detail !== '' && c.config.kind !== 'MISC_CHECK' && logsAttempt(c.config, c.isUp)) log(ctx, e.detail);
  switch (c.config.kind) {
    case 'MISC_CHECK':
      return miscEpilog(ctx, vs, at, c, e);
    case 'HTTP_GET':
    case 'SSL_GET':
      return httpEpilog(ctx, vs, at, c, e.ok);
    default: {
      const folded = simpleEpilog(ctx, vs, at, c, e.ok);
      return { ...folded, vs: put(folded.vs, at, { hasRun: true }) };
    }
  }
}
