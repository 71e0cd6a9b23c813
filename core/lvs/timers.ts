// Checker timers: the first launch, the runs, the re-arm after each result (keepalived
// check_api.c register_checkers_thread, and each checker's connect thread: a suspended checker
// only re-arms, after delay_loop).
import type { CheckResult, Effect } from '../events/index.js';
import { checkerOfTimer, checkerTimerId, warmupDelay } from './ids.js';
import type { LvsContext } from './context.js';
import { withChecker, withVirtualServer, type CheckerRuntime, type LvsState } from './state.js';
import { foldCheckResult } from './verdict.js';

/** scheduler.h BOOTSTRAP_DELAY (TIMER_HZ): every checker waits at least this before its first run. */
export const BOOTSTRAP_DELAY_MICROS = 1_000_000;

export function armChecker(ctx: LvsContext, c: CheckerRuntime, atMicros: number): CheckerRuntime {
  ctx.effects.push({ kind: 'ScheduleTimer', timer: checkerTimerId(c.id), atMicros });
  return { ...c, armedAt: atMicros };
}

/** The first run: BOOTSTRAP_DELAY plus the checker's warmup share (see ids.ts warmupDelay). */
export function launchChecker(ctx: LvsContext, c: CheckerRuntime): CheckerRuntime {
  return armChecker(ctx, c, ctx.at + BOOTSTRAP_DELAY_MICROS + warmupDelay(c.id, c.config.warmupMicros));
}

function contextOf(state: LvsState, at: number, effects: Effect[]): LvsContext {
  return { at, settings: state.settings, effects };
}

/**
 * A `check:` timer: RunCheck, or for a suspended checker only the next timer. A fire for a timer
 * no longer armed is ignored; one before the armed time re-arms it (the adapter let it go).
 */
export function lvsOnTimer(state: LvsState, timer: string, at: number, effects: Effect[]): LvsState {
  const id = checkerOfTimer(timer);
  const ref = id === undefined ? undefined : state.checkers.get(id);
  if (ref === undefined || state.phase === 'stopped') return state;
  const vs = state.virtualServers[ref.vs];
  const c = vs?.realServers[ref.rs]?.checkers[ref.checker];
  if (vs === undefined || c?.armedAt === undefined) return state;
  const ctx = contextOf(state, at, effects);
  if (at < c.armedAt) {
    effects.push({ kind: 'ScheduleTimer', timer, atMicros: c.armedAt });
    return state;
  }
  let next: CheckerRuntime;
  if (!c.enabled) {
    next = armChecker(ctx, c, at + c.config.delayLoopMicros);
  } else {
    effects.push({ kind: 'RunCheck', checker: c.id });
    next = { ...c, armedAt: undefined, running: true, lastRanAt: at };
  }
  return withVirtualServer(state, ref.vs, withChecker(vs, ref.rs, ref.checker, next));
}

/** A checker's verdict: retries, the server's state, quorum and kernel, then the next run. */
export function lvsOnCheckResult(state: LvsState, e: CheckResult, at: number, effects: Effect[]): LvsState {
  const ref = state.checkers.get(e.checker);
  if (ref === undefined || state.phase === 'stopped') return state;
  const vs = state.virtualServers[ref.vs];
  const c = vs?.realServers[ref.rs]?.checkers[ref.checker];
  // A result nobody asked for (the checker was re-created by a reload) is dropped.
  if (vs === undefined || c?.running !== true) return state;
  const ctx = contextOf(state, at, effects);
  const counted: CheckerRuntime = {
    ...c,
    running: false,
    runs: c.runs + 1,
    failures: c.failures + (e.ok ? 0 : 1),
    consecutiveFailures: e.ok ? 0 : c.consecutiveFailures + 1,
    lastDetail: e.detail,
  };
  const where = { rs: ref.rs, checker: ref.checker };
  const folded = foldCheckResult(ctx, withChecker(vs, ref.rs, ref.checker, counted), where, e);
  const after = folded.vs.realServers[ref.rs]?.checkers[ref.checker];
  if (after === undefined) return withVirtualServer(state, ref.vs, folded.vs);
  const due = folded.fromLastRun ? Math.max(c.lastRanAt + folded.delay, at) : at + folded.delay;
  return withVirtualServer(state, ref.vs, withChecker(folded.vs, ref.rs, ref.checker, armChecker(ctx, after, due)));
}
