// Leaving INIT, following the trackers, and the instance timer (keepalived vrrp_scheduler.c
// vrrp_init_state, vrrp_dispatcher_read_timeout; vrrp_track.c). Reference keepalived.md §2.1, §2.5.
import type { Assessment } from '../tracking/assess.js';
import { logFor, type Context } from './context.js';
import { sendInstanceNotifies } from './notify.js';
import { patch, type InstanceRuntime } from './runtime.js';
import { PRIORITY_OWNER, skewTimeMicros } from './timing.js';
import { downInstance, downTimerFor, enter, gotoMaster, leaveFault, leaveMaster, masterTx, setEffectivePriority } from './transitions.js';

/**
 * keepalived vrrp_init_state. An owner configured MASTER goes MASTER after 1 µs; everyone else
 * enters BACKUP (init), or FAULT (init) when something is down.
 */
export function leaveInit(ctx: Context, inst: InstanceRuntime): InstanceRuntime {
  const c = inst.config;
  const owner = inst.wantState === 'master' && inst.basePriority === PRIORITY_OWNER;
  if (inst.fault === undefined && owner) {
    // No log and no notify: keepalived goes straight on to MASTER.
    const next = enter(ctx, inst, 'backup', { kind: 'owner' });
    return patch(next, { downTimerMicros: 1, deadline: startDeadline(ctx, 1), nextMasterReason: { kind: 'owner' } });
  }
  let next = inst;
  const downTimerMicros = downTimerFor(next);
  if (next.fault !== undefined) {
    logFor(ctx, next, 'Entering FAULT STATE (init)');
    next = enter(ctx, patch(next, { wantState: 'fault' }), 'fault', next.fault);
    next = sendInstanceNotifies(ctx, next);
    return patch(next, { downTimerMicros, deadline: undefined });
  }
  logFor(ctx, next, 'Entering BACKUP STATE (init)');
  next = enter(ctx, patch(next, { wantState: c.initialState === 'MASTER' ? 'master' : 'backup' }), 'backup', { kind: 'startup' });
  next = sendInstanceNotifies(ctx, next);
  return patch(next, { downTimerMicros, deadline: startDeadline(ctx, downTimerMicros) });
}

/** keepalived vrrp_init_instance_sands: BACKUP timers start after vrrp_startup_delay. */
function startDeadline(ctx: Context, downTimerMicros: number): number {
  return Math.max(ctx.at, ctx.delayedStartUntil) + downTimerMicros;
}

/** What the trackers now say, applied: priority first, then fault or recovery, or leaving INIT. */
export function applyAssessment(ctx: Context, inst: InstanceRuntime, a: Assessment): InstanceRuntime {
  let next: InstanceRuntime = inst;
  if (next.state === 'init') {
    next = patch(next, { pending: a.pending, fault: a.fault, effectivePriority: a.effectivePriority });
    return a.pending ? next : leaveInit(ctx, next);
  }
  if (next.state === 'stop' || next.state === 'deleted') return next;
  next = setEffectivePriority(ctx, next, a.effectivePriority);
  const wasFault = next.fault;
  next = patch(next, { pending: a.pending, fault: a.fault });
  if (a.fault !== undefined && next.state !== 'fault') return downInstance(ctx, next, a.fault);
  if (a.fault === undefined && wasFault !== undefined && next.state === 'fault') {
    const kind = wasFault.kind === 'interfaceDown' ? 'interfaceUp' : 'trackerRecovered';
    return leaveFault(ctx, next, { kind, ...(wasFault.subject === undefined ? {} : { subject: wasFault.subject }) });
  }
  return next;
}

/**
 * When a MASTER's next advert is due. keepalived counts from the moment its timer thread runs,
 * microseconds after the deadline; Node's timers wake a millisecond or two late, and counting from
 * the wake-up would stretch every interval by that much (the bench saw p50 1.7 ms of drift per
 * advert). So a fire that is late by less than an interval counts from the deadline it served;
 * one later than that (the process was paused) starts afresh from now. In the simulator timers
 * fire on time and both are the same.
 */
export function nextAdvertAt(at: number, deadline: number | undefined, interval: number): number {
  return deadline !== undefined && at - deadline < interval ? deadline + interval : at + interval;
}

/** The instance timer's deadline passed: BACKUP takes over, MASTER advertises. */
export function onInstanceTimer(ctx: Context, inst: InstanceRuntime): InstanceRuntime {
  if (inst.state === 'backup') {
    // RFC 5798 §6.4.2: Master_Down_Timer fired → transition to MASTER.
    return gotoMaster(ctx, inst, inst.nextMasterReason);
  }
  if (inst.state === 'master') {
    // RFC 5798 §6.4.3: Adver_Timer fired → send an ADVERTISEMENT, reset the timer.
    const next = masterTx(ctx, inst, inst.reason);
    return patch(next, { deadline: nextAdvertAt(ctx.at, inst.deadline, inst.config.advertIntervalMicros) });
  }
  return patch(inst, { deadline: undefined });
}

/**
 * Someone deleted one of a MASTER's tracked virtual addresses (keepalived netlink address filter,
 * reference §2.1): leave MASTER announcing priority 0, then take over again after Skew_Time so the
 * addresses are put back.
 */
export function onVirtualAddressDeleted(ctx: Context, inst: InstanceRuntime, iface: string, address: string): InstanceRuntime {
  if (inst.state !== 'master' || !inst.vipsSet) return inst;
  const c = inst.config;
  const hit = [...c.vips, ...c.excludedVips].some((a) => a.address === address && !a.noTrack && (a.dev ?? c.interface) === iface);
  if (!hit) return inst;
  const reason = { kind: 'addressDeleted' as const, subject: address };
  const left = leaveMaster(ctx, inst, 'backup', reason, true);
  const skew = skewTimeMicros(c.version, left.effectivePriority, left.masterAdverIntervalMicros);
  return patch(left, { downTimerMicros: skew, deadline: ctx.at + skew, nextMasterReason: reason });
}
