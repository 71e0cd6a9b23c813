// State transitions of one instance (keepalived vrrp.c vrrp_state_goto_master, vrrp_state_master_tx,
// vrrp_state_become_master, vrrp_state_leave_master, vrrp_state_leave_fault; vrrp_track.c
// down_instance / try_up_instance). Reference keepalived.md §2.1-§2.4, §2.7.
import type { InstanceState, Reason } from '../events/index.js';
import { addVirtualAddresses, removeVirtualAddresses } from './addresses.js';
import { advertSource, sendAdvert } from './advert.js';
import { logFor, type Context } from './context.js';
import { garpDelayTimerId, scheduleBurst, sendLinkUpdate } from './garp.js';
import { sendInstanceNotifies, sendPriorityNotify } from './notify.js';
import { countStats, patch, type InstanceRuntime } from './runtime.js';
import { masterDownIntervalMicros, PRIORITY_OWNER, PRIORITY_STOP, skewTimeMicros } from './timing.js';

/** Sets the state and records the transition for projections and postmortems. */
export function enter(ctx: Context, inst: InstanceRuntime, to: InstanceState, reason: Reason): InstanceRuntime {
  ctx.effects.push({
    kind: 'Transition',
    instance: inst.config.name,
    group: false,
    from: inst.state,
    to,
    reason,
    priority: inst.effectivePriority,
  });
  return patch(inst, { state: to, reason, since: ctx.at });
}

/** 3 × Master_Adver_Interval + Skew_Time with the current priority (keepalived ms_down_timer). */
export function downTimerFor(inst: InstanceRuntime): number {
  const c = inst.config;
  return masterDownIntervalMicros(c.version, inst.effectivePriority, inst.masterAdverIntervalMicros, c.downTimerAdverts);
}

/** keepalived vrrp_state_goto_master: MASTER now, advert first, then the addresses. */
export function gotoMaster(ctx: Context, inst: InstanceRuntime, reason: Reason): InstanceRuntime {
  let next: InstanceRuntime = patch(inst, { wantState: 'master', deadline: ctx.at + inst.config.advertIntervalMicros });
  next = masterTx(ctx, next, reason);
  return next;
}

/**
 * keepalived vrrp_state_master_tx: an advert; the first time (VIPs not set yet) "Entering MASTER
 * STATE" and become master; later ones refresh GARPs when garp_master_refresh is due.
 */
export function masterTx(ctx: Context, inst: InstanceRuntime, reason: Reason): InstanceRuntime {
  // RFC 5798 §6.4.1: send the advert before the addresses so the old master lets go first.
  let next = sendAdvert(ctx, inst, inst.effectivePriority);
  if (!next.vipsSet) {
    logFor(ctx, next, 'Entering MASTER STATE');
    next = enter(ctx, next, 'master', reason);
    next = becomeMaster(ctx, next);
    const delay = next.config.garp.masterDelayMicros;
    if (delay > 0) scheduleBurst(ctx, garpDelayTimerId(next.config.name), delay);
    return next;
  }
  next = restoreOwnerPriority(ctx, next);
  const refresh = next.config.garp.masterRefreshMicros;
  if (refresh > 0 && next.garpRefreshAt !== undefined && ctx.at > next.garpRefreshAt) {
    sendLinkUpdate(ctx, next, next.config.garp.masterRefreshRepeat);
    next = patch(next, { garpRefreshAt: ctx.at + refresh });
  }
  return next;
}

/**
 * A configured owner that backed off in an owner conflict takes 255 back once the other owner has
 * been silent for three of our intervals (reference §2.3 "Restoring our priority to 255").
 */
function restoreOwnerPriority(ctx: Context, inst: InstanceRuntime): InstanceRuntime {
  if (inst.config.priority !== PRIORITY_OWNER || inst.basePriority === PRIORITY_OWNER) return inst;
  const quietFor = 3 * inst.config.advertIntervalMicros;
  if (inst.ownerAdvertSeenAt !== undefined && ctx.at - inst.ownerAdvertSeenAt <= quietFor) return inst;
  logFor(ctx, inst, `Restoring our priority to ${PRIORITY_OWNER}`);
  return setEffectivePriority(ctx, patch(inst, { basePriority: PRIORITY_OWNER }), PRIORITY_OWNER);
}

function becomeMaster(ctx: Context, inst: InstanceRuntime): InstanceRuntime {
  let next: InstanceRuntime = patch(inst, {
    stats: countStats(inst.stats, ['become_master']),
    masterAdverIntervalMicros: inst.config.advertIntervalMicros,
    master: undefined,
  });
  next = addVirtualAddresses(ctx, next);
  sendLinkUpdate(ctx, next, next.config.garp.masterRepeat);
  const refresh = next.config.garp.masterRefreshMicros;
  next = patch(next, { garpRefreshAt: refresh > 0 ? ctx.at + refresh : undefined });
  return sendInstanceNotifies(ctx, next);
}

/**
 * keepalived vrrp_state_leave_master: to BACKUP (a better master) or FAULT (priority 0 first).
 * `priorityZero`: also announce priority 0 when going to BACKUP (keepalived's advF).
 */
export function leaveMaster(
  ctx: Context,
  inst: InstanceRuntime,
  want: 'backup' | 'fault',
  reason: Reason,
  priorityZero = false,
): InstanceRuntime {
  let next: InstanceRuntime = patch(inst, { wantState: want });
  if (want === 'backup') {
    logFor(ctx, next, 'Entering BACKUP STATE');
    next = patch(next, { preemptUntil: undefined });
  } else {
    logFor(ctx, next, 'Entering FAULT STATE');
    // RFC 5798 §6.4.3: a master that stops sends priority 0 so a backup takes over at once.
    next = sendAdvert(ctx, next, PRIORITY_STOP);
  }
  // keepalived vrrp_restore_interface(advF): tell the others to take over now.
  if (priorityZero) next = sendAdvert(ctx, next, PRIORITY_STOP);
  next = removeVirtualAddresses(ctx, next, false);
  next = enter(ctx, next, want, reason);
  next = sendInstanceNotifies(ctx, next);
  const downTimerMicros = downTimerFor(next);
  return patch(next, {
    downTimerMicros,
    deadline: want === 'backup' ? ctx.at + downTimerMicros : undefined,
    stats: countStats(next.stats, ['release_master']),
  });
}

/** keepalived down_instance: a fault takes an up instance to FAULT. */
export function downInstance(ctx: Context, inst: InstanceRuntime, reason: Reason): InstanceRuntime {
  if (inst.state === 'master') return leaveMaster(ctx, inst, 'fault', reason);
  if (inst.state !== 'backup') return inst;
  logFor(ctx, inst, 'Entering FAULT STATE');
  let next = enter(ctx, patch(inst, { wantState: 'fault' }), 'fault', reason);
  next = sendInstanceNotifies(ctx, next);
  return patch(next, { deadline: undefined });
}

/**
 * keepalived try_up_instance + vrrp_state_leave_fault: every fault cleared. An owner that wants
 * MASTER goes there after one interval plus skew; everyone else is BACKUP with a full down timer.
 */
export function leaveFault(ctx: Context, inst: InstanceRuntime, reason: Reason): InstanceRuntime {
  const ownerMaster = inst.config.initialState === 'MASTER' && inst.basePriority === PRIORITY_OWNER;
  const mai = inst.config.advertIntervalMicros;
  let next: InstanceRuntime = patch(inst, {
    wantState: ownerMaster ? 'master' : 'backup',
    masterAdverIntervalMicros: mai,
    preemptUntil: undefined,
  });
  const downTimerMicros = ownerMaster
    ? mai + skewTimeMicros(next.config.version, next.effectivePriority, mai)
    : downTimerFor(next);
  next = patch(next, { downTimerMicros });
  if (ownerMaster) return gotoMaster(ctx, next, reason);
  logFor(ctx, next, 'Entering BACKUP STATE');
  next = enter(ctx, next, 'backup', reason);
  next = sendInstanceNotifies(ctx, next);
  next = patch(next, { deadline: ctx.at + downTimerMicros });
  return renewPeerArpCache(ctx, next);
}

/**
 * keepalived try_up_instance: with unicast the master may have lost us from its ARP cache, so
 * announce our own source address and let its adverts reach us before our timer runs out.
 */
function renewPeerArpCache(ctx: Context, inst: InstanceRuntime): InstanceRuntime {
  const c = inst.config;
  if (!c.unicast || c.interface === undefined) return inst;
  const source = advertSource(ctx, c);
  if (source === undefined) return inst;
  const kind = c.family === 'inet' ? 'SendGratuitousArp' : 'SendUnsolicitedNa';
  ctx.effects.push({ kind, instance: c.name, interface: c.interface, address: source });
  return inst;
}

/**
 * keepalived vrrp_set_effective_priority: log, move a BACKUP's deadline by the change in skew,
 * and with notify_priority_changes write the FIFO line.
 */
export function setEffectivePriority(ctx: Context, inst: InstanceRuntime, priority: number): InstanceRuntime {
  if (priority === inst.effectivePriority) return inst;
  logFor(ctx, inst, `Changing effective priority from ${inst.effectivePriority} to ${priority}`);
  let next: InstanceRuntime = patch(inst, { effectivePriority: priority });
  if (next.state === 'backup') {
    const downTimerMicros = downTimerFor(next);
    const deadline = next.deadline === undefined ? undefined : next.deadline + downTimerMicros - inst.downTimerMicros;
    next = patch(next, { downTimerMicros, deadline });
  }
  if (next.config.notifyPriorityChanges) sendPriorityNotify(ctx, next);
  return next;
}

/** keepalived notify_shutdown after restore_vrrp_interfaces: priority 0, addresses, STOP. */
export function stopInstance(ctx: Context, inst: InstanceRuntime, reason: Reason): InstanceRuntime {
  let next = inst;
  if (next.state === 'master') {
    next = sendAdvert(ctx, next, PRIORITY_STOP);
    logFor(ctx, next, 'sent 0 priority');
  }
  next = removeVirtualAddresses(ctx, next, false);
  next = enter(ctx, next, 'stop', reason);
  next = sendInstanceNotifies(ctx, next);
  return patch(next, { deadline: undefined });
}
