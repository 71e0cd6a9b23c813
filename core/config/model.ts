import type { GlobalConfig } from './global/model.js';
import type { LvsConfig } from './lvs/model.js';
import type { VrrpConfig } from './vrrp/model.js';

/** A parsed keepalived.conf with keepalived's defaults applied. */
export interface KeepalivedConfig {
  /** Root-level settings, global_defs, trackers (vrrp_script, track_file, ...), garp groups. */
  readonly global: GlobalConfig;
  /** vrrp_instance, vrrp_sync_group, static_ipaddress/routes/rules. */
  readonly vrrp: VrrpConfig;
  /** SSL, virtual_server_group, virtual_server. */
  readonly lvs: LvsConfig;
}
