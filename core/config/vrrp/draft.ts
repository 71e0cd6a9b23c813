import type { SourceLocation } from '../syntax.js';
import type { AddressFamily, IpAddress, IpRoute, IpRule, NotifyScript, TrackerRef, UnicastPeer, VrrpState } from './model.js';

/** A vrrp_instance as parsed, before finish() applies keepalived's completion rules. */
export interface InstanceDraft {
  readonly name: string;
  readonly loc: SourceLocation;
  state?: VrrpState;
  interface?: { readonly name: string; readonly loc: SourceLocation };
  vrf?: string;
  family?: AddressFamily;
  version?: 2 | 3;
  vrid?: number;
  priority?: number;
  advertIntervalMicros?: number;
  auth?: { type?: 'PASS' | 'AH'; password?: string; readonly loc: SourceLocation };
  srcIp?: string;
  trackSrcIp: boolean;
  mcastDstIp?: string;
  unicastConfigured: boolean;
  unicastPeers: UnicastPeer[];
  unicastFaultNoPeer: boolean;
  unicastTtl?: number;
  checkUnicastSrc: boolean;
  oldUnicastChecksum?: 'auto' | 'never';
  v3ChecksumAsV2?: boolean;
  vips: IpAddress[];
  excludedVips: IpAddress[];
  noVirtualIpaddress: boolean;
  routes: IpRoute[];
  rules: IpRule[];
  trackers: TrackerRef[];
  dontTrackPrimary: boolean;
  notify: NotifyScript[];
  notifyDeleted: boolean;
  notifyPriorityChanges?: boolean;
  smtpAlert?: boolean;
  accept?: boolean;
  nopreempt: boolean;
  preemptDelayMicros: number;
  strict?: boolean;
  skipCheckAdvAddr?: boolean;
  garpMasterDelayMicros?: number;
  garpMasterRepeat?: number;
  garpMasterRefreshMicros?: number;
  garpMasterRefreshRepeat?: number;
  garpLowerPrioDelayMicros?: number;
  garpLowerPrioRepeat?: number;
  garpExtraIf?: { all: boolean; intervalMicros: number };
  downTimerAdverts?: number;
  lowerPrioNoAdvert?: boolean;
  higherPrioSendAdvert?: boolean;
  ownerIgnoreAdverts?: boolean;
  promoteSecondaries: boolean;
  vmac?: { ifname?: string; mac?: string; readonly loc: SourceLocation };
  vmacXmitBase: boolean;
  useVmacAddr: boolean;
  ipvlan?: { readonly args: readonly string[]; readonly loc: SourceLocation };
  timerExpiredBackup?: number;
  kernelRxBufSize?: number;
  debug: number;
}

export function newInstanceDraft(name: string, loc: SourceLocation): InstanceDraft {
  return {
    name, loc, trackSrcIp: false, unicastConfigured: false, unicastPeers: [], unicastFaultNoPeer: false,
    checkUnicastSrc: false, vips: [], excludedVips: [], noVirtualIpaddress: false, routes: [], rules: [],
    trackers: [], dontTrackPrimary: false, notify: [], notifyDeleted: false, nopreempt: false,
    preemptDelayMicros: 0, promoteSecondaries: false, vmacXmitBase: false, useVmacAddr: false, debug: 0,
  };
}

/** A vrrp_sync_group as parsed; members are resolved in finish(). */
export interface SyncGroupDraft {
  readonly name: string;
  readonly loc: SourceLocation;
  memberNames?: { readonly name: string; readonly loc: SourceLocation }[];
  trackers: TrackerRef[];
  notify: NotifyScript[];
  smtpAlert?: boolean;
  notifyPriorityChanges?: boolean;
  trackingWeight: boolean;
}
