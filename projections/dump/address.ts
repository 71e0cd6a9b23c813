// One address as keepalived prints it in keepalived.data and in the JSON "vips"/"evips"
// (keepalived/vrrp/vrrp_ipaddress.c format_ipaddress; observed on Debian's 2.2.7:
// "10.77.0.101 dev eth0 scope global label eth0:1 set").
import type { IpAddress } from '../../core/config/vrrp/model.js';
import { formatAddress } from '../../core/config/vrrp/address.js';

/** rt_scopes names (keepalived rttables.c get_rttables_scope). */
const SCOPE_NAMES: Readonly<Record<string, string>> = {
  '0': 'global',
  '200': 'site',
  '253': 'link',
  '254': 'host',
  '255': 'nowhere',
};

function scopeName(scope: string | undefined): string {
  if (scope === undefined) return 'global';
  return SCOPE_NAMES[scope] ?? scope;
}

/** IFA_F_* flags in the order format_ipaddress prints them. */
const FLAG_ORDER = ['home', '-nodad', 'mngtmpaddr', 'noprefixroute', 'autojoin'];

/**
 * `set`: the address is on the interface (keepalived ip_addr->set); Vigil knows it per instance
 * (vipsSet). The firewall suffixes (iptable_set / nftable_set) are not produced: Vigil programs no
 * firewall.
 */
export function addressText(a: IpAddress, set: boolean): string {
  let s = formatAddress(a);
  if (a.family === 'inet' && a.brd !== undefined) s += ` brd ${a.brd}`;
  s += ` dev ${a.dev ?? ''}`;
  if (a.flags.includes('use_vmac')) s += ' use_vmac';
  s += ` scope ${scopeName(a.scope)}`;
  if (a.label !== undefined) s += ` label ${a.label}`;
  if (a.peer !== undefined) s += ` peer ${a.peer.split('/')[0] ?? ''}/${a.prefixLength}`;
  for (const flag of FLAG_ORDER) if (a.flags.includes(flag)) s += ` ${flag}`;
  if (a.noTrack) s += ' no_track';
  if (a.trackGroup !== undefined) s += ` track_group ${a.trackGroup}`;
  if (a.family === 'inet6') s += ` ${preferredLifetime(a)}`;
  if (set) s += ' set';
  return s;
}

// alloc_ipaddress: without preferred_lft, a /128 is deprecated (0) and anything else is forever.
function preferredLifetime(a: IpAddress): string {
  const lft = a.flags.includes('deprecated') ? 0 : (a.preferredLft ?? (a.prefixLength === 128 ? 0 : 'forever'));
  if (lft === 0) return 'deprecated';
  return lft === 'forever' || lft === 0xffffffff ? 'preferred_lft forever' : `preferred_lft ${lft}`;
}
