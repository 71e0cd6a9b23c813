import type { SourceLocation } from '../syntax.js';

/**
 * The VRRP part of the config after keepalived's post-parse rules
 * (vrrp_complete_instance, vrrp_sync_set_group): every default applied.
 */

export type AddressFamily = 'inet' | 'inet6';
export type VrrpState = 'MASTER' | 'BACKUP';

/** One `virtual_ipaddress` / `static_ipaddress` line (keepalived vrrp_ipaddress.c). */
export interface IpAddress {
  readonly address: string;
  readonly prefixLength: number;
  readonly family: AddressFamily;
  /** `dev IF`; for VIPs without one, the instance interface after finish(). */
  readonly dev?: string;
  readonly brd?: string;
  readonly peer?: string;
  readonly scope?: string;
  readonly label?: string;
  /** home, -nodad, mngtmpaddr, noprefixroute, autojoin, use_vmac, deprecated */
  readonly flags: readonly string[];
  readonly noTrack: boolean;
  readonly trackGroup?: string;
  /** `preferred_lft N|forever`; undefined = kernel default. */
  readonly preferredLft?: number | 'forever';
  readonly loc: SourceLocation;
}

/** One `virtual_routes` / `static_routes` line (keepalived vrrp_iproute.c). */
export interface IpRoute {
  readonly family: AddressFamily;
  /** Destination as written (`10.0.0.0/8`, `default`); type-only routes keep it too. */
  readonly destination: string;
  /** unicast unless blackhole/unreachable/prohibit/... was given. */
  readonly type: string;
  readonly src?: string;
  readonly via?: string;
  readonly dev?: string;
  readonly table?: string;
  readonly scope?: string;
  readonly metric?: number;
  /** Further `ip route` options, in file order, as given (`mtu 1400`, `onlink`, ...). */
  readonly options: readonly RouteOption[];
  readonly nexthops: readonly Nexthop[];
  readonly noTrack: boolean;
  readonly trackGroup?: string;
  readonly loc: SourceLocation;
}

export interface RouteOption {
  readonly keyword: string;
  readonly value?: string;
}

export interface Nexthop {
  readonly via?: string;
  readonly dev?: string;
  readonly weight?: number;
  readonly onlink: boolean;
}

/** One `virtual_rules` / `static_rules` line (keepalived vrrp_iprule.c). */
export interface IpRule {
  readonly family: AddressFamily;
  readonly from?: string;
  readonly to?: string;
  /** Explicit, or assigned 16384, 16383, ... in file order like keepalived. */
  readonly preference: number;
  readonly preferenceAssigned: boolean;
  /** table N | goto N | nop | blackhole | prohibit | unreachable | l3mdev */
  readonly action: string;
  readonly actionValue?: string;
  readonly options: readonly RouteOption[];
  readonly noTrack: boolean;
  readonly trackGroup?: string;
  readonly loc: SourceLocation;
}

export type TrackerKind = 'interface' | 'script' | 'file' | 'process' | 'bfd';

/** A tracker an instance or sync group uses, with the weight that applies. */
export interface TrackerRef {
  readonly kind: TrackerKind;
  readonly name: string;
  readonly weight: number;
  readonly reverse: boolean;
  readonly loc: SourceLocation;
}

export type NotifyKind = 'master' | 'backup' | 'fault' | 'stop' | 'deleted' | 'generic' | 'masterRxLowerPri';

/** A notify script, argv split like keepalived's notify_script_init. */
export interface NotifyScript {
  readonly kind: NotifyKind;
  readonly argv: readonly string[];
  readonly user?: string;
  readonly group?: string;
  readonly loc: SourceLocation;
}

export interface UnicastPeer {
  readonly address: string;
  readonly minTtl: number;
  readonly maxTtl: number;
  readonly loc: SourceLocation;
}

export interface Vmac {
  /** Interface name; default PREFIX.VRID (vmac_prefix). */
  readonly ifname: string;
  readonly mac?: string;
  readonly xmitBase: boolean;
  readonly loc: SourceLocation;
}

export interface GarpSettings {
  readonly masterDelayMicros: number;
  readonly masterRepeat: number;
  readonly masterRefreshMicros: number;
  readonly masterRefreshRepeat: number;
  readonly lowerPrioDelayMicros: number;
  readonly lowerPrioRepeat: number;
  readonly extraIfIntervalMicros: number;
  readonly extraIfAll: boolean;
}

export interface VrrpInstance {
  readonly name: string;
  readonly loc: SourceLocation;
  readonly vrid: number;
  readonly version: 2 | 3;
  readonly family: AddressFamily;
  readonly interface?: string;
  /** Where `interface` was written (keepalived reports a missing interface there). */
  readonly interfaceLoc?: SourceLocation;
  readonly vrf?: string;
  /** Initial wish (state keyword, or derived from priority 255). */
  readonly initialState: VrrpState;
  readonly priority: number;
  readonly advertIntervalMicros: number;
  readonly strict: boolean;
  readonly accept: boolean;
  readonly nopreempt: boolean;
  readonly preemptDelayMicros: number;
  readonly auth?: { readonly type: 'PASS' | 'AH'; readonly password: string };
  readonly srcIp?: string;
  readonly trackSrcIp: boolean;
  readonly mcastDstIp: string;
  readonly unicast: boolean;
  readonly unicastPeers: readonly UnicastPeer[];
  readonly unicastFaultNoPeer: boolean;
  /** Unicast configured but no peer: keepalived falls back to multicast (or FAULT). */
  readonly unicastWithoutPeers: boolean;
  readonly unicastTtl: number;
  readonly checkUnicastSrc: boolean;
  readonly oldUnicastChecksum?: 'auto' | 'never';
  readonly v3ChecksumAsV2: boolean;
  readonly vips: readonly IpAddress[];
  readonly excludedVips: readonly IpAddress[];
  readonly noVirtualIpaddress: boolean;
  readonly routes: readonly IpRoute[];
  readonly rules: readonly IpRule[];
  readonly trackers: readonly TrackerRef[];
  readonly dontTrackPrimary: boolean;
  readonly notify: readonly NotifyScript[];
  readonly notifyDeleted: boolean;
  readonly notifyPriorityChanges: boolean;
  readonly smtpAlert: boolean;
  readonly garp: GarpSettings;
  readonly downTimerAdverts: number;
  readonly lowerPrioNoAdvert: boolean;
  readonly higherPrioSendAdvert: boolean;
  readonly ownerIgnoreAdverts: boolean;
  readonly skipCheckAdvAddr: boolean;
  readonly promoteSecondaries: boolean;
  readonly vmac?: Vmac;
  readonly useVmacAddr: boolean;
  readonly ipvlan?: { readonly args: readonly string[]; readonly loc: SourceLocation };
  /** `timer_expired_backup [PRIO]`: highest other priority, undefined = off. */
  readonly timerExpiredBackup?: number;
  readonly kernelRxBufSize?: number;
  readonly debug: number;
  readonly syncGroup?: string;
}

export interface SyncGroup {
  readonly name: string;
  readonly loc: SourceLocation;
  /** Member instance names that exist, in `group {}` order. */
  readonly members: readonly string[];
  readonly trackers: readonly TrackerRef[];
  readonly notify: readonly NotifyScript[];
  readonly smtpAlert: boolean;
  readonly notifyPriorityChanges?: boolean;
  readonly trackingWeight: boolean;
}

export interface VrrpConfig {
  readonly instances: readonly VrrpInstance[];
  readonly syncGroups: readonly SyncGroup[];
  readonly staticAddresses: readonly IpAddress[];
  readonly staticRoutes: readonly IpRoute[];
  readonly staticRules: readonly IpRule[];
  /**
   * Instances dropped while completing the config (no VRID, ...). keepalived has
   * checked their interface while parsing by then, so the checks still name them.
   */
  readonly droppedInstances: readonly DroppedInstance[];
}

export interface DroppedInstance {
  readonly name: string;
  readonly interface?: { readonly name: string; readonly loc: SourceLocation };
}
