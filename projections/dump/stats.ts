// /tmp/keepalived.stats (SIGUSR2): keepalived 2.2.7 vrrp_print.c vrrp_print_stats, one block per
// vrrp_instance in config order. The two authentication lines after "Invalid Type" exist when
// keepalived is built with _WITH_VRRP_AUTH_, as Debian's 2.2.7 is.
import type { VigilState } from '../../core/reducer/state.js';

export function statsDump(state: VigilState): string {
  const lines: string[] = [];
  for (const { config, stats } of state.instances) {
    lines.push(
      `VRRP Instance: ${config.name}`,
      '  Advertisements:',
      `    Received: ${stats.advert_rcvd}`,
      `    Sent: ${stats.advert_sent}`,
      `  Became master: ${stats.become_master}`,
      `  Released master: ${stats.release_master}`,
      '  Packet Errors:',
      `    Length: ${stats.packet_len_err}`,
      `    TTL: ${stats.ip_ttl_err}`,
      `    Invalid Type: ${stats.invalid_type_rcvd}`,
      `    Advertisement Interval: ${stats.advert_interval_err}`,
      `    Address List: ${stats.addr_list_err}`,
      '  Authentication Errors:',
      `    Invalid Type: ${stats.invalid_authtype}`,
      `    Type Mismatch: ${stats.authtype_mismatch}`,
      `    Failure: ${stats.auth_failure}`,
      '  Priority Zero:',
      `    Received: ${stats.pri_zero_rcvd}`,
      `    Sent: ${stats.pri_zero_sent}`,
    );
  }
  return lines.map((l) => `${l}\n`).join('');
}
