// One VRRP instance's runtime state: keepalived's vrrp_t fields that change while it runs.
import type { VrrpInstance } from '../config/vrrp/model.js';
import type { InstanceState, Reason } from '../events/index.js';
import type { AdvertExpectations, VrrpStatCounter } from '../vrrp/index.js';
import type { GlobalConfig } from '../config/global/model.js';
import type { AcceptedAdvert } from './advert-memo.js';
import { advertExpectations } from './expectations.js';

/** keepalived wantstate: what the instance would be ignoring its sync group. */
export type WantState = 'backup' | 'master' | 'fault';

/** keepalived vrrp_stats (include/vrrp.h), by the names its stats dump and JSON use. */
export type InstanceStatName = VrrpStatCounter | 'advert_sent' | 'become_master' | 'release_master' | 'pri_zero_sent';
export type InstanceStats = Readonly<Record<InstanceStatName, number>>;

export const zeroStats: InstanceStats = {
  advert_rcvd: 0,
  advert_sent: 0,
  become_master: 0,
  release_master: 0,
  pri_zero_rcvd: 0,
  pri_zero_sent: 0,
  packet_len_err: 0,
  advert_interval_err: 0,
  ip_ttl_err: 0,
  invalid_type_rcvd: 0,
  addr_list_err: 0,
  invalid_authtype: 0,
  authtype_mismatch: 0,
  auth_failure: 0,
};

/** The master whose adverts this instance last accepted (keepalived master_saddr / master_priority). */
export interface MasterSeen {
  readonly address: string;
  readonly priority: number;
}

export interface InstanceRuntime {
  readonly config: VrrpInstance;
  readonly state: InstanceState;
  readonly wantState: WantState;
  /** Why the last transition happened, and when (µs). */
  readonly reason: Reason;
  readonly since: number;
  /** Configured priority; an owner in conflict drops to 254 (keepalived vrrp_state_master_rx). */
  readonly basePriority: number;
  readonly effectivePriority: number;
  /** Held in INIT until every unweighted tracker has reported. */
  readonly pending: boolean;
  /** Why the trackers want FAULT, if they do. */
  readonly fault: Reason | undefined;
  /** keepalived master_adver_int: own interval, or (v3 backup) the master's. */
  readonly masterAdverIntervalMicros: number;
  /** keepalived ms_down_timer. */
  readonly downTimerMicros: number;
  /** keepalived sands: master-down deadline in BACKUP, next advert in MASTER; undefined = disabled. */
  readonly deadline: number | undefined;
  /** The deadline of the ScheduleTimer in force for this instance's timer, if one is armed. */
  readonly armedAt: number | undefined;
  readonly master: MasterSeen | undefined;
  /** keepalived preempt_time: end of a running preempt_delay. */
  readonly preemptUntil: number | undefined;
  /** Why the next MASTER transition will happen (keepalived next_master_reason). */
  readonly nextMasterReason: Reason;
  /** keepalived vipset: the VIPs were added by this instance. */
  readonly vipsSet: boolean;
  readonly garpRefreshAt: number | undefined;
  readonly stats: InstanceStats;
  /** keepalived notifies_sent: a sync group suppresses repeats once one was sent. */
  readonly notifiesSent: boolean;
  /** keepalived last_email_state: no smtp_alert for the state last mailed (core/notify). */
  readonly lastMailedState: InstanceState;
  /** A v3 interval mismatch was logged since the last accepted master change. */
  readonly intervalMismatchLogged: boolean;
  /** From the config, for validating received adverts. */
  readonly expectations: AdvertExpectations;
  /** The last advert validated without a warning (see advert-memo.ts). */
  readonly lastAccepted: AcceptedAdvert | undefined;
  /** When another address owner (priority 255) was last heard, for a configured owner. */
  readonly ownerAdvertSeenAt: number | undefined;
  /** The adverts last encoded (per destination), reused while priority and source stay the same. */
  readonly advertCache: AdvertCache | undefined;
}

export interface AdvertCache {
  readonly priority: number;
  readonly source: string | undefined;
  readonly messages: readonly Uint8Array[];
}

export function newRuntime(config: VrrpInstance, global: GlobalConfig, at: number): InstanceRuntime {
  return {
    config,
    state: 'init',
    wantState: config.initialState === 'MASTER' ? 'master' : 'backup',
    reason: { kind: 'startup' },
    since: at,
    basePriority: config.priority,
    effectivePriority: config.priority,
    pending: true,
    fault: undefined,
    masterAdverIntervalMicros: config.advertIntervalMicros,
    downTimerMicros: 0,
    deadline: undefined,
    armedAt: undefined,
    master: undefined,
    preemptUntil: undefined,
    nextMasterReason: { kind: 'masterDownTimer' },
    vipsSet: false,
    garpRefreshAt: undefined,
    stats: zeroStats,
    notifiesSent: false,
    lastMailedState: 'init',
    intervalMismatchLogged: false,
    expectations: advertExpectations(config, global),
    lastAccepted: undefined,
    ownerAdvertSeenAt: undefined,
    advertCache: undefined,
  };
}

/**
 * A copy of `i` with the fields in `p` replaced: the copy written out field by field, because V8
 * (Node 20) clones an object this size with `{ ...i, x }` at ~0.5 µs, twenty times slower; then
 * `p`'s own keys laid on it, because asking `p` (a differently shaped literal at every call site)
 * whether it has each of the 26 keys cost more than the copy. The reducer's throughput rests on it.
 */
export function patch(i: InstanceRuntime, p: Partial<InstanceRuntime>): InstanceRuntime {
  return Object.assign(copyOf(i), p);
}

function copyOf(i: InstanceRuntime): InstanceRuntime {
  return {
    config: i.config,
    state: i.state,
    wantState: i.wantState,
    reason: i.reason,
    since: i.since,
    basePriority: i.basePriority,
    effectivePriority: i.effectivePriority,
    pending: i.pending,
    fault: i.fault,
    masterAdverIntervalMicros: i.masterAdverIntervalMicros,
    downTimerMicros: i.downTimerMicros,
    deadline: i.deadline,
    armedAt: i.armedAt,
    master: i.master,
    preemptUntil: i.preemptUntil,
    nextMasterReason: i.nextMasterReason,
    vipsSet: i.vipsSet,
    garpRefreshAt: i.garpRefreshAt,
    stats: i.stats,
    notifiesSent: i.notifiesSent,
    lastMailedState: i.lastMailedState,
    intervalMismatchLogged: i.intervalMismatchLogged,
    expectations: i.expectations,
    lastAccepted: i.lastAccepted,
    ownerAdvertSeenAt: i.ownerAdvertSeenAt,
    advertCache: i.advertCache,
  };
}

/** What accepting an advert in BACKUP changes (keepalived vrrp_state_backup). */
export interface Acceptance {
  readonly masterAdverIntervalMicros: number;
  readonly master: MasterSeen;
  readonly preemptUntil: number | undefined;
  readonly nextMasterReason: Reason;
  readonly downTimerMicros: number;
  readonly deadline: number;
}

/**
 * The steady BACKUP's step, once per received advert: `patch` specialised to the fields an
 * accepted advert changes, without its per-field checks (the reducer's throughput rests on it).
 */
export function withAcceptance(i: InstanceRuntime, stats: InstanceStats, a: Acceptance): InstanceRuntime {
  return {
    config: i.config,
    state: i.state,
    wantState: 'backup',
    reason: i.reason,
    since: i.since,
    basePriority: i.basePriority,
    effectivePriority: i.effectivePriority,
    pending: i.pending,
    fault: i.fault,
    masterAdverIntervalMicros: a.masterAdverIntervalMicros,
    downTimerMicros: a.downTimerMicros,
    deadline: a.deadline,
    armedAt: i.armedAt,
    master: a.master,
    preemptUntil: a.preemptUntil,
    nextMasterReason: a.nextMasterReason,
    vipsSet: i.vipsSet,
    garpRefreshAt: i.garpRefreshAt,
    stats: stats,
    notifiesSent: i.notifiesSent,
    lastMailedState: i.lastMailedState,
    intervalMismatchLogged: i.intervalMismatchLogged,
    expectations: i.expectations,
    lastAccepted: i.lastAccepted,
    ownerAdvertSeenAt: i.ownerAdvertSeenAt,
    advertCache: i.advertCache,
  };
}

export function countStats(stats: InstanceStats, names: readonly InstanceStatName[]): InstanceStats {
  if (names.length === 0) return stats;
  // Written out for the same reason as patch(): a spread of this object is slow.
  const next: Record<InstanceStatName, number> = {
    advert_rcvd: stats.advert_rcvd,
    advert_sent: stats.advert_sent,
    become_master: stats.become_master,
    release_master: stats.release_master,
    pri_zero_rcvd: stats.pri_zero_rcvd,
    pri_zero_sent: stats.pri_zero_sent,
    packet_len_err: stats.packet_len_err,
    advert_interval_err: stats.advert_interval_err,
    ip_ttl_err: stats.ip_ttl_err,
    invalid_type_rcvd: stats.invalid_type_rcvd,
    addr_list_err: stats.addr_list_err,
    invalid_authtype: stats.invalid_authtype,
    authtype_mismatch: stats.authtype_mismatch,
    auth_failure: stats.auth_failure,
  };
  for (const n of names) next[n]++;
  return next;
}

/** keepalived's state names in logs, notify arguments and FIFO lines. */
export function stateWord(state: InstanceState): string {
  return state.toUpperCase();
}
