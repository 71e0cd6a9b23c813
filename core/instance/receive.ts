// A received advert, in BACKUP or MASTER (keepalived vrrp.c vrrp_state_backup, vrrp_state_master_rx;
// vrrp_scheduler.c vrrp_dispatcher_read). Reference keepalived.md §2.3, §2.4, §2.8.
import type { AdvertReceived, Reason } from '../events/index.js';
import { compareAddresses, validateAdvert, type ReceivedAdvert, type VrrpPacket } from '../vrrp/index.js';
import { advertSource, sendAdvert } from './advert.js';
import { logFor, type Context } from './context.js';
import { garpLowerPrioTimerId, scheduleBurst, sendLinkUpdate } from './garp.js';
import { sendMasterRxLowerPriNotify } from './notify.js';
import { acceptedAdvert, sameAdvert } from './advert-memo.js';
import { countStats, patch, withAcceptance, type InstanceRuntime, type InstanceStats } from './runtime.js';
import { centisToMicros, PRIORITY_OWNER, skewTimeMicros } from './timing.js';
import { downTimerFor, leaveMaster, setEffectivePriority } from './transitions.js';

export function receivedAdvert(e: AdvertReceived): ReceivedAdvert {
  const ttlOrHopLimit = e.ttlOrHopLimit ?? null;
  if (e.family === 'inet6') {
    return { family: 'inet6', source: e.source, destination: e.destination, ttlOrHopLimit, payload: e.payload };
  }
  return {
    family: 'inet',
    source: e.source,
    destination: e.destination,
    ttlOrHopLimit,
    payload: e.payload,
    headerLength: e.ipHeaderLength,
    totalLength: e.ipTotalLength,
    protocol: e.ipProtocol,
  };
}

/** An advert for this instance: validated, counted, then handled by state. */
export function onAdvert(ctx: Context, inst: InstanceRuntime, e: AdvertReceived): InstanceRuntime {
  // keepalived vrrp_dispatcher_read: adverts in FAULT or INIT are ignored before any check.
  if (inst.state !== 'backup' && inst.state !== 'master') return inst;
  // keepalived owner_ignore_adverts (strict mode's default for an owner, RFC 5798): an address
  // owner does not listen, so two owners both stay MASTER as the RFC intends.
  if (inst.config.ownerIgnoreAdverts && inst.basePriority === PRIORITY_OWNER) {
    logFor(ctx, inst, `Dropping packet(s) from ${e.source} since we are address owner`, 'debug');
    return inst;
  }
  const memo = inst.lastAccepted;
  if (memo !== undefined && sameAdvert(memo, e)) {
    return dispatchByState(ctx, inst, memo.packet, e.source, countStats(inst.stats, memo.counters));
  }
  const exp = inst.expectations;
  // keepalived skip_check_adv_addr: the address list is not re-checked for the same master.
  const skip = inst.config.skipCheckAdvAddr && inst.master?.address === e.source;
  const v = validateAdvert(receivedAdvert(e), skip ? { ...exp, checkAddresses: false } : exp);
  let next: InstanceRuntime = v.counters.length === 0 ? inst : patch(inst, { stats: countStats(inst.stats, v.counters) });
  for (const w of v.warnings) {
    if (w.kind === 'advertInterval') {
      if (next.intervalMismatchLogged) continue;
      next = patch(next, { intervalMismatchLogged: true });
    }
    ctx.effects.push({ kind: 'Log', level: 'warning', message: w.message });
  }
  if (!v.ok) {
    if (v.message !== '') ctx.effects.push({ kind: 'Log', level: v.kind === 'invalid' ? 'warning' : 'info', message: v.message });
    return next;
  }
  next = patch(next, { lastAccepted: acceptedAdvert(e, v) });
  return dispatchByState(ctx, next, v.packet, e.source, next.stats);
}

/** `stats`: the instance's counters with this advert counted. */
function dispatchByState(
  ctx: Context,
  inst: InstanceRuntime,
  packet: VrrpPacket,
  source: string,
  stats: InstanceStats,
): InstanceRuntime {
  if (packet.priority === PRIORITY_OWNER && inst.config.priority === PRIORITY_OWNER) {
    // Remember the other owner: our priority is restored only once it has gone quiet.
    inst = patch(inst, { ownerAdvertSeenAt: ctx.at });
  }
  if (inst.state === 'backup') return backupReceive(ctx, inst, packet, source, stats);
  return masterReceive(ctx, stats === inst.stats ? inst : patch(inst, { stats }), packet, source);
}

function advertisedIntervalMicros(inst: InstanceRuntime, packet: VrrpPacket): number {
  // RFC 5798 §6.4.2: a v3 backup sets Master_Adver_Interval from the advert.
  return packet.version === 3 ? centisToMicros(packet.maxAdvertIntervalCentis) : inst.masterAdverIntervalMicros;
}

/** keepalived vrrp_state_backup. */
function backupReceive(
  ctx: Context,
  inst: InstanceRuntime,
  packet: VrrpPacket,
  source: string,
  stats: InstanceStats,
): InstanceRuntime {
  const at = ctx.at;
  if (packet.priority === 0) {
    // RFC 5798 §6.4.2: priority 0 → Master_Down_Timer := Skew_Time.
    const downTimerMicros = skewTimeMicros(inst.config.version, inst.effectivePriority, inst.masterAdverIntervalMicros);
    return patch(inst, {
      stats,
      downTimerMicros,
      deadline: at + downTimerMicros,
      nextMasterReason: { kind: 'priorityZeroAdvert', peer: source, priority: 0 },
    });
  }
  const c = inst.config;
  const preemptDelayRunning = c.preemptDelayMicros > 0 && (inst.preemptUntil === undefined || inst.preemptUntil > at);
  if (c.nopreempt || packet.priority >= inst.effectivePriority || preemptDelayRunning) {
    // Accept: this master is fine (nopreempt, not lower, or preempt_delay still running).
    const masterAdverIntervalMicros = advertisedIntervalMicros(inst, packet);
    let preemptUntil = inst.preemptUntil;
    if (c.preemptDelayMicros > 0) {
      if (packet.priority >= inst.effectivePriority) preemptUntil = undefined;
      else preemptUntil ??= at + c.preemptDelayMicros;
    }
    // The same master as before keeps its objects: a steady BACKUP allocates little per advert.
    const seen = inst.master;
    const master = seen?.address === source && seen.priority === packet.priority ? seen : { address: source, priority: packet.priority };
    const r = inst.nextMasterReason;
    const sameReason = r.kind === 'masterDownTimer' && r.peer === source && r.priority === undefined;
    const downTimerMicros =
      masterAdverIntervalMicros === inst.masterAdverIntervalMicros ? inst.downTimerMicros : downTimerFor(patch(inst, { masterAdverIntervalMicros }));
    return withAcceptance(inst, stats, {
      masterAdverIntervalMicros,
      master,
      preemptUntil,
      nextMasterReason: sameReason ? r : { kind: 'masterDownTimer', peer: source },
      downTimerMicros,
      deadline: at + downTimerMicros,
    });
  }
  // A lower priority master and we may preempt: let the down timer run out (RFC 5798 §6.4.2).
  logFor(ctx, inst, `received lower priority (${packet.priority}) advert from ${source} - discarding`);
  const master = { address: source, priority: packet.priority };
  return patch(inst, { stats, master, nextMasterReason: { kind: 'masterDownTimer', peer: source, priority: packet.priority } });
}

/** keepalived vrrp_state_master_rx. */
function masterReceive(ctx: Context, inst: InstanceRuntime, packet: VrrpPacket, source: string): InstanceRuntime {
  const c = inst.config;
  const own = advertSource(ctx, c);
  // keepalived vrrp_saddr_cmp: the remote source against ours (0 when ours is unknown).
  const addrCmp = own === undefined ? 0 : (compareAddresses(source, own) ?? 0);
  const prio = packet.priority;
  let next = inst;
  let sent = false;
  const remoteWins = (p: number): boolean => prio > p || (prio === p && addrCmp > 0);
  if (prio === 0 || (c.higherPrioSendAdvert && remoteWins(next.effectivePriority))) {
    next = sendAdvert(ctx, next, next.effectivePriority);
    sent = true;
    // RFC 5798 §6.4.3: priority 0 → send an advert at once and stay MASTER.
    if (prio === 0) return resetAdvertTimer(ctx, next);
  }
  if (prio === next.effectivePriority) {
    if (addrCmp === 0) {
      logFor(ctx, next, 'WARNING - equal priority advert received from remote host with our IP address.', 'warning');
    } else if (next.effectivePriority === PRIORITY_OWNER) {
      // Two address owners (reference §2.3, keepalived >= 2.3): only the lower address backs off,
      // so the LAN keeps a MASTER. (2.2.7 made both back off: no MASTER for a master-down interval.)
      const conflict = `CONFIGURATION ERROR: local instance and ${source} are both configured as address owner, please fix`;
      if (addrCmp > 0) {
        logFor(ctx, next, `${conflict} - reducing local priority`, 'error');
        next = setEffectivePriority(ctx, patch(next, { basePriority: PRIORITY_OWNER - 1 }), PRIORITY_OWNER - 1);
      } else {
        logFor(ctx, next, conflict, 'error');
      }
    }
  }
  const eff = next.effectivePriority;
  if (prio < eff || (prio === eff && addrCmp < 0)) {
    const force = c.lowerPrioNoAdvert ? '' : ', forcing new election';
    logFor(ctx, next, `Received advert from ${source} with lower priority ${prio}, ours ${eff}${force}`);
    if (!c.lowerPrioNoAdvert) {
      next = sendAdvert(ctx, next, eff);
      sent = true;
    }
    if (c.garp.lowerPrioRepeat > 0) {
      sendLinkUpdate(ctx, next, c.garp.lowerPrioRepeat);
      if (c.garp.lowerPrioDelayMicros > 0) scheduleBurst(ctx, garpLowerPrioTimerId(c.name), c.garp.lowerPrioDelayMicros);
    }
    sendMasterRxLowerPriNotify(ctx, next);
    return sent ? resetAdvertTimer(ctx, next) : next;
  }
  if (remoteWins(eff)) {
    if (prio > eff) logFor(ctx, next, `Master received advert from ${source} with higher priority ${prio}, ours ${eff}`);
    else logFor(ctx, next, `Master received advert from ${source} with same priority ${prio} but higher IP address than ours`);
    const reason: Reason = {
      kind: prio > eff ? 'higherPriorityAdvert' : 'equalPriorityHigherAddress',
      peer: source,
      priority: prio,
    };
    next = patch(next, {
      masterAdverIntervalMicros: advertisedIntervalMicros(next, packet),
      master: { address: source, priority: prio },
    });
    return leaveMaster(ctx, next, 'backup', reason);
  }
  return sent ? resetAdvertTimer(ctx, next) : next;
}

/**
 * keepalived vrrp_dispatcher_read re-arms a MASTER's advert timer after any received packet; Vigil
 * only does so after actually sending one, so a stream of bad packets cannot starve our adverts.
 */
function resetAdvertTimer(ctx: Context, inst: InstanceRuntime): InstanceRuntime {
  return patch(inst, { deadline: ctx.at + inst.config.advertIntervalMicros });
}
