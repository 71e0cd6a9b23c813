import { newDefinedTrackers } from '../context.js';
import { DiagnosticSink } from '../diagnostics.js';
import { globalSection } from '../global/section.js';

/**
 * The global_defs values a VRRP instance inherits (keepalived vrrp_complete_instance
 * and alloc_vrrp read them from global_data). Names match GlobalConfig so the root
 * parser can pass the global section's model straight in.
 */
export interface VrrpGlobalDefaults {
  /** `vrrp_version 2|3` [2]; IPv6 instances are always 3. */
  readonly vrrpVersion: 2 | 3;
  /** `vrrp_strict` [false]: instances default to strict_mode. */
  readonly strict: boolean;
  /** `vrrp_mcast_group4` [224.0.0.18]. */
  readonly mcastGroup4: string;
  /** `vrrp_mcast_group6` [ff02::12]. */
  readonly mcastGroup6: string;
  /** `vrrp_garp_master_delay` [5 s]. */
  readonly garpMasterDelayMicros: number;
  /** `vrrp_garp_master_repeat` [5]. */
  readonly garpMasterRepeat: number;
  /** `vrrp_garp_master_refresh` [0 = off]. */
  readonly garpMasterRefreshMicros: number;
  /** `vrrp_garp_master_refresh_repeat` [1]. */
  readonly garpMasterRefreshRepeat: number;
  /** `vrrp_garp_lower_prio_delay` [= master delay]. */
  readonly garpLowerPrioDelayMicros: number;
  /** `vrrp_garp_lower_prio_repeat` [= master repeat]. */
  readonly garpLowerPrioRepeat: number;
  /** `vrrp_garp_interval` [0]. */
  readonly garpIntervalMicros: number;
  /** `vrrp_gna_interval` [0]. */
  readonly gnaIntervalMicros: number;
  /** `vrrp_garp_extra_if [all] SECS` (alias `vrrp_vmac_garp_intvl`); absent = off. */
  readonly garpExtraIf?: { readonly all: boolean; readonly intervalMicros: number } | undefined;
  /** `vrrp_down_timer_adverts` [3]. */
  readonly downTimerAdverts: number;
  /** `vrrp_lower_prio_no_advert` [false]. */
  readonly lowerPrioNoAdvert: boolean;
  /** `vrrp_higher_prio_send_advert` [false]. */
  readonly higherPrioSendAdvert: boolean;
  /** `vrrp_check_unicast_src` [false]. */
  readonly checkUnicastSrc: boolean;
  /** `vrrp_skip_check_adv_addr` [false]. */
  readonly skipCheckAdvAddr: boolean;
  /** `v3_checksum_as_v2` [false]. */
  readonly v3ChecksumAsV2: boolean;
  /** `vrrp_notify_priority_changes` [false]. */
  readonly notifyPriorityChanges: boolean;
  /** `smtp_alert` (undefined = not configured). */
  readonly smtpAlert?: boolean | undefined;
  /** `smtp_alert_vrrp` (undefined = not configured; wins over smtp_alert). */
  readonly smtpAlertVrrp?: boolean | undefined;
  /** `vmac_prefix` ["vrrp"]: default VMAC interface names are PREFIX.VRID. */
  readonly vmacPrefix: string;
  /** `default_interface` [eth0]: used for static addresses without `dev`. */
  readonly defaultInterface: string;
  /** `vrrp_owner_ignore_adverts` [false]. */
  readonly ownerIgnoreAdverts: boolean;
}

/**
 * keepalived's defaults, taken from the global section itself (global_defs
 * absent), so tests of this section cannot drift from what the parser gives.
 */
export const defaultVrrpGlobalDefaults: VrrpGlobalDefaults = globalSection().finish(
  { sink: new DiagnosticSink(), configId: 'defaults', defined: newDefinedTrackers() },
  { hostName: 'localhost' },
);
