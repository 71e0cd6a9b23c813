import type { DiagnosticSink } from '../diagnostics.js';
import type { VrrpGlobalDefaults } from './defaults.js';
import type { InstanceDraft } from './draft.js';
import { isLinkLocal6 } from './ip.js';
import type { IpAddress, TrackerRef, VrrpInstance } from './model.js';

/**
 * keepalived vrrp.c vrrp_complete_instance (2.2.7 messages): derive what was not
 * configured, repair what conflicts, in keepalived's order. Returns undefined when
 * keepalived drops the instance. Messages carry the instance's line (keepalived
 * prints none for these).
 */

const SECOND = 1_000_000;
const CENTI = 10_000;

export interface SyncMembership {
  readonly group: string;
  readonly trackingWeight: boolean;
}

export function completeInstance(d: InstanceDraft, g: VrrpGlobalDefaults, sync: SyncMembership | undefined, sink: DiagnosticSink): VrrpInstance | undefined {
  const err = (message: string): void => { sink.error(`(${d.name}) ${message}`, d.loc); };
  const strict = d.strict ?? g.strict;
  let version = d.version;
  if (d.family === 'inet6') {
    if (version === 2 && strict) {
      err('cannot use IPv6 with VRRP version 2; setting version 3');
      version = 3;
    } else version ??= 3;
  }
  const family = d.family ?? 'inet';
  version ??= g.vrrpVersion;
  const unicast = d.unicastPeers.length > 0;

  if (d.vips.length === 0 && !d.noVirtualIpaddress) {
    if (version === 3 || strict) {
      err('No VIP specified; at least one is required');
      return undefined;
    }
    // keepalived 2.2.7 checks twice (before and after address interfaces are set) and prints both
    err('No VIP specified; at least one is sensible');
    err('No VIP specified; at least one is sensible');
  }
  const priority = d.priority ?? (d.state === 'MASTER' ? 255 : 100);
  let initialState = d.state ?? (priority === 255 ? 'MASTER' : 'BACKUP');
  if (d.state !== undefined && strict && (initialState === 'MASTER') !== (priority === 255)) {
    err('State MASTER must match being address owner');
    initialState = priority === 255 ? 'MASTER' : 'BACKUP';
  }

  let auth: VrrpInstance['auth'];
  if (d.auth?.type !== undefined) {
    if (strict) err('Strict mode does not support authentication. Ignoring.');
    else if (version === 3) err('VRRP version 3 does not support authentication. Ignoring.');
    else if (d.auth.password === undefined || d.auth.password === '') err('Authentication specified but no password given. Ignoring');
    else if (family === 'inet6' && d.auth.type === 'AH') err('Cannot use AH authentication with IPv6. ignoring');
    else {
      auth = { type: d.auth.type, password: d.auth.password };
      if (d.auth.type === 'AH' && initialState === 'MASTER' && priority !== 255) {
        // we need an advert to learn the AH sequence number before taking over
        err('Initial state master is incompatible with AH authentication - clearing');
        initialState = 'BACKUP';
      }
    }
  }

  if (strict && unicast && d.interface !== undefined) {
    err('Unicast peers are not supported in strict mode');
    return undefined;
  }
  if (d.interface === undefined) {
    if (d.srcIp === undefined) {
      sink.error(`(${d.name}): Unicast instances must have unicast_src_ip or interface`, d.loc);
      return undefined;
    }
    if (family === 'inet6' && isLinkLocal6(d.srcIp)) {
      err('Non link-local address required if interface omitted');
      return undefined;
    }
  }
  const unicastWithoutPeers = d.unicastConfigured && !unicast;
  if (unicastWithoutPeers) {
    if (d.unicastFaultNoPeer) err('Cannot use unicast without any peers - going to fault state');
    else err('A unicast keyword has been specified without any unicast peers. Defaulting to multicast. This usage is deprecated - please update your configuration.');
  }
  const firstVip = d.vips[0];
  if (family === 'inet6' && !unicast && firstVip !== undefined && !isLinkLocal6(firstVip.address)) {
    if (strict) err('the first IPv6 VIP address must be link local');
    else sink.warning(`(${d.name}) the first IPv6 VIP address should be link local`, d.loc);
  }

  let nopreempt = d.nopreempt;
  let preemptDelayMicros = d.preemptDelayMicros;
  if (priority === 255 && nopreempt) {
    err('nopreempt is incompatible with priority 255. resetting nopreempt');
    nopreempt = false;
  }
  if (initialState === 'MASTER') {
    if (nopreempt) {
      err('Warning - nopreempt will not work with initial state MASTER - clearing');
      nopreempt = false;
    }
    if (preemptDelayMicros > 0) {
      err('Warning - preempt delay will not work with initial state MASTER - clearing');
      preemptDelayMicros = 0;
    }
  }
  if (preemptDelayMicros > 0 && strict) {
    err('preempt_delay is incompatible with strict mode - resetting');
    preemptDelayMicros = 0;
  }
  if (preemptDelayMicros > 0 && nopreempt) {
    err('preempt_delay is incompatible with nopreempt mode - resetting');
    preemptDelayMicros = 0;
  }

  let accept = d.accept ?? (priority === 255 ? true : !strict);
  if (accept && priority !== 255 && strict && version === 2) {
    err('warning - accept mode for VRRP version 2 does not comply with RFC3768 - resetting');
    accept = false;
  }
  const strictReset = <T>(value: T | undefined, fallback: T, strictValue: T, message: string): T => {
    if (value === undefined) return strict ? strictValue : fallback;
    if (strict && value !== strictValue) {
      err(message);
      return strictValue;
    }
    return value;
  };
  const lowerPrioRepeat = strictReset(d.garpLowerPrioRepeat, g.garpLowerPrioRepeat, 0, 'Strict mode requires no repeat garps. resetting');
  const lowerPrioDelay = strictReset(d.garpLowerPrioDelayMicros, g.garpLowerPrioDelayMicros, 0, 'Strict mode requires no repeat garp delay. resetting');
  const lowerPrioNoAdvert = strictReset(d.lowerPrioNoAdvert, g.lowerPrioNoAdvert, true, 'Strict mode requires no lower priority advert. resetting');
  const higherPrioSendAdvert = strictReset(d.higherPrioSendAdvert, g.higherPrioSendAdvert, false, 'strict mode requires higher_prio_send_advert to be clear. resetting');
  let downTimerAdverts = d.downTimerAdverts ?? g.downTimerAdverts;
  if (strict && downTimerAdverts !== 3) {
    err('down_timer_adverts is incompatible with strict mode - resetting');
    downTimerAdverts = 3;
  }
  const smtpAlert = d.smtpAlert ?? g.smtpAlertVrrp ?? g.smtpAlert ?? false;

  const advertIntervalMicros = advertInterval(d.advertIntervalMicros ?? SECOND, version, err);

  const trackers = filterTrackers(d.name, d.trackers, priority, sync, d.interface?.name, sink, d.loc);
  const withDev = (a: IpAddress): IpAddress => (a.dev !== undefined || d.interface === undefined ? a : { ...a, dev: d.interface.name });

  const instance: VrrpInstance = {
    name: d.name, loc: d.loc, vrid: d.vrid ?? 0, version, family, initialState, priority,
    advertIntervalMicros, strict, accept, nopreempt, preemptDelayMicros,
    ...(auth === undefined ? {} : { auth }),
    ...(d.interface === undefined ? {} : { interface: d.interface.name, interfaceLoc: d.interface.loc }),
    ...(d.vrf === undefined ? {} : { vrf: d.vrf }),
    ...(d.srcIp === undefined ? {} : { srcIp: d.srcIp }),
    trackSrcIp: d.trackSrcIp && d.srcIp !== undefined,
    mcastDstIp: d.mcastDstIp ?? (family === 'inet' ? g.mcastGroup4 : g.mcastGroup6),
    unicast, unicastPeers: d.unicastPeers, unicastFaultNoPeer: d.unicastFaultNoPeer, unicastWithoutPeers,
    unicastTtl: d.unicastTtl ?? 255,
    checkUnicastSrc: d.checkUnicastSrc || g.checkUnicastSrc,
    ...(d.oldUnicastChecksum === undefined ? {} : { oldUnicastChecksum: d.oldUnicastChecksum }),
    v3ChecksumAsV2: d.v3ChecksumAsV2 ?? g.v3ChecksumAsV2,
    vips: d.vips.map(withDev), excludedVips: d.excludedVips.map(withDev), noVirtualIpaddress: d.noVirtualIpaddress && !strict,
    routes: d.routes, rules: d.rules, trackers, dontTrackPrimary: d.dontTrackPrimary,
    notify: d.notify, notifyDeleted: d.notifyDeleted,
    notifyPriorityChanges: d.notifyPriorityChanges ?? g.notifyPriorityChanges,
    smtpAlert,
    garp: {
      masterDelayMicros: d.garpMasterDelayMicros ?? g.garpMasterDelayMicros,
      masterRepeat: d.garpMasterRepeat ?? g.garpMasterRepeat,
      masterRefreshMicros: d.garpMasterRefreshMicros ?? g.garpMasterRefreshMicros,
      masterRefreshRepeat: d.garpMasterRefreshRepeat ?? g.garpMasterRefreshRepeat,
      lowerPrioDelayMicros: lowerPrioDelay,
      lowerPrioRepeat,
      extraIfIntervalMicros: (d.garpExtraIf ?? g.garpExtraIf)?.intervalMicros ?? 0,
      extraIfAll: (d.garpExtraIf ?? g.garpExtraIf)?.all ?? false,
    },
    downTimerAdverts, lowerPrioNoAdvert, higherPrioSendAdvert,
    ownerIgnoreAdverts: d.ownerIgnoreAdverts ?? (g.ownerIgnoreAdverts || (strict && priority === 255)),
    skipCheckAdvAddr: d.skipCheckAdvAddr ?? g.skipCheckAdvAddr,
    promoteSecondaries: d.promoteSecondaries,
    ...(d.vmac === undefined ? {} : {
      vmac: {
        ifname: d.vmac.ifname ?? `${g.vmacPrefix}.${d.vrid ?? 0}`,
        ...(d.vmac.mac === undefined || strict ? {} : { mac: d.vmac.mac }),
        xmitBase: (d.vmacXmitBase || unicast) && !strict,
        loc: d.vmac.loc,
      },
    }),
    useVmacAddr: d.useVmacAddr,
    ...(d.ipvlan === undefined ? {} : { ipvlan: d.ipvlan }),
    ...(d.timerExpiredBackup === undefined ? {} : { timerExpiredBackup: d.timerExpiredBackup }),
    ...(d.kernelRxBufSize === undefined ? {} : { kernelRxBufSize: d.kernelRxBufSize }),
    debug: d.debug,
    ...(sync === undefined ? {} : { syncGroup: sync.group }),
  };
  return instance;
}

/** keepalived: v2 adverts carry whole seconds (1..255), v3 centiseconds (< 40.96 s). */
function advertInterval(micros: number, version: 2 | 3, err: (m: string) => void): number {
  if (version === 2) {
    if (micros >= 256 * SECOND) {
      err(`VRRPv2 advertisement interval ${(micros / SECOND).toFixed(2)}s is out of range. Must be less than 256s. Setting to 255s`);
      return 255 * SECOND;
    }
    if (micros % SECOND !== 0) {
      err(`VRRPv2 advertisement interval ${(micros / SECOND).toFixed(6)}s must be an integer. rounding`);
      const rounded = micros + SECOND / 2 - ((micros + SECOND / 2) % SECOND);
      return rounded === 0 ? SECOND : rounded;
    }
    return micros;
  }
  if (micros >= 4096 * CENTI) {
    err(`VRRPv3 advertisement interval ${(micros / SECOND).toFixed(2)}s is out of range. Must be less than 40.96s. Setting to 40.95s`);
    return 4095 * CENTI;
  }
  if (micros % CENTI !== 0) {
    err(`VRRPv3 advertisement interval ${(micros / SECOND).toFixed(6)}s must be in units of 10ms - rounding`);
    const rounded = micros + CENTI / 2 - ((micros + CENTI / 2) % CENTI);
    return rounded === 0 ? CENTI : rounded;
  }
  return micros;
}

/**
 * keepalived vrrp_complete_instance: sync-group members (without
 * sync_group_tracking_weight) and address owners cannot have weighted trackers.
 */
function filterTrackers(name: string, trackers: readonly TrackerRef[], priority: number, sync: SyncMembership | undefined,
  ownInterface: string | undefined, sink: DiagnosticSink, loc: InstanceDraft['loc']): TrackerRef[] {
  const out: TrackerRef[] = [];
  const syncRule = sync !== undefined && !sync.trackingWeight;
  for (const t of trackers) {
    if (t.kind === 'interface' && t.name === ownInterface) {
      sink.error(`(${name}) Ignoring track_interface ${t.name} since own interface`, loc);
      continue;
    }
    if (!syncRule && priority !== 255) {
      out.push(t);
      continue;
    }
    const why = syncRule ? 'SYNC group' : 'address_owner';
    switch (t.kind) {
      case 'interface':
        if (t.weight === 0) out.push(t);
        else {
          sink.error(`(${name}) ignoring ${t.name} tracked interface ${syncRule ? 'weight ' : ''}due to ${syncRule ? 'SYNC group' : 'address owner'}`, loc);
          if (syncRule) out.push({ ...t, weight: 0 });
        }
        break;
      case 'script':
        if (t.weight === 0) out.push(t);
        else sink.error(`(${name}) ignoring tracked script ${t.name} with weights due to ${why}`, loc);
        break;
      case 'file':
        if (t.weight === 1) {
          sink.error(`(${name}) ignoring weight from tracked file ${t.name} due to ${why}. specify weight 0`, loc);
          out.push({ ...t, weight: 0 });
        } else if (t.weight !== 0) sink.error(`(${name}) ignoring tracked file ${t.name} with weight ${t.weight} due to ${why}`, loc);
        else out.push(t);
        break;
      case 'bfd':
        if (t.weight === 0) out.push(t);
        else sink.error(`(${name}) ignoring tracked bfd ${t.name} with weight ${t.weight} due to ${why}`, loc);
        break;
      case 'process':
        // keepalived does not filter weighted track_process here (reference §2.5)
        out.push(t);
        break;
    }
  }
  return out;
}
