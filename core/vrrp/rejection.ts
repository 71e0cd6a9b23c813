// Why a received advert is not used, and which keepalived counter that bumps.

/**
 * keepalived's per-instance stats fields (include/vrrp.h vrrp_stats) that reception touches;
 * the names are the ones its stats file, JSON dump and SNMP use.
 */
export type VrrpStatCounter =
  | 'advert_rcvd'
  | 'pri_zero_rcvd'
  | 'packet_len_err'
  | 'advert_interval_err'
  | 'ip_ttl_err'
  | 'invalid_type_rcvd'
  | 'addr_list_err'
  | 'invalid_authtype'
  | 'authtype_mismatch'
  | 'auth_failure';

/**
 * keepalived vrrp.c vrrp_check_packet: VRRP_PACKET_KO ('invalid': logged and counted) or
 * VRRP_PACKET_DROP ('dropped': not for this instance). Either way the state machine ignores it.
 */
export type RejectionKind = 'invalid' | 'dropped';

export type AdvertRejection =
  | 'truncated'
  | 'unknownVrid'
  | 'castDiscarded'
  | 'endpoint'
  | 'ahPresence'
  | 'length'
  | 'ttl'
  | 'version'
  | 'authType'
  | 'authMismatch'
  | 'authPassword'
  | 'ahNextHeader'
  | 'ahUnsupported'
  | 'advertInterval'
  | 'type'
  | 'addressCount'
  | 'totalLength'
  | 'checksum'
  | 'castMismatch'
  | 'addressList'
  | 'unicastSource'
  | 'ttlRange';

export interface RejectionRule {
  readonly kind: RejectionKind;
  /** The error counter keepalived 2.2.7 bumps, if any (SNMP-only counters are left out). */
  readonly counter: VrrpStatCounter | null;
  /** Where the rule comes from. */
  readonly source: string;
}

/** Every rejection in the order validateAdvert applies them (keepalived 2.2.7 order). */
export const REJECTION_RULES: Readonly<Record<AdvertRejection, RejectionRule>> = {
  truncated: { kind: 'dropped', counter: null, source: 'keepalived vrrp.c vrrp_get_header' },
  unknownVrid: { kind: 'dropped', counter: null, source: 'keepalived vrrp_scheduler.c vrrp_dispatcher_read (log_unknown_vrids)' },
  castDiscarded: { kind: 'dropped', counter: null, source: 'keepalived vrrp_scheduler.c vrrp_dispatcher_read (IPv6 pktinfo)' },
  endpoint: { kind: 'invalid', counter: null, source: 'Vigil: source/destination text is not an address of the family' },
  ahPresence: { kind: 'invalid', counter: 'authtype_mismatch', source: 'keepalived vrrp.c vrrp_check_packet; RFC 2338 §5.3.6.3' },
  length: { kind: 'invalid', counter: 'packet_len_err', source: 'RFC 3768 §7.1, RFC 5798 §7.1 (complete packet)' },
  ttl: { kind: 'invalid', counter: 'ip_ttl_err', source: 'RFC 3768 §7.1, RFC 5798 §7.1 (TTL/hop limit 255); not for unicast' },
  version: { kind: 'invalid', counter: null, source: 'RFC 3768 §7.1, RFC 5798 §7.1 (version)' },
  authType: { kind: 'invalid', counter: 'invalid_authtype', source: 'RFC 2338 §7.1 (unknown auth type)' },
  authMismatch: { kind: 'invalid', counter: 'authtype_mismatch', source: 'RFC 2338 §7.1 (auth type mismatch)' },
  authPassword: { kind: 'invalid', counter: 'auth_failure', source: 'RFC 2338 §5.3.6.2 (simple text password)' },
  ahNextHeader: { kind: 'dropped', counter: null, source: 'keepalived vrrp.c vrrp_check_packet (AH for another protocol)' },
  ahUnsupported: { kind: 'invalid', counter: 'auth_failure', source: 'Vigil: IPsec AH ICV verification is not implemented' },
  advertInterval: { kind: 'dropped', counter: 'advert_interval_err', source: 'RFC 3768 §7.1 (v2 interval must match)' },
  type: { kind: 'invalid', counter: 'invalid_type_rcvd', source: 'RFC 3768 §5.3.2, RFC 5798 §5.2.2 (type 1 only)' },
  addressCount: { kind: 'invalid', counter: 'addr_list_err', source: 'RFC 3768 §7.1 (MAY verify addresses); keepalived <= 2.3.2' },
  totalLength: { kind: 'invalid', counter: 'packet_len_err', source: 'keepalived vrrp.c vrrp_check_packet (ip_tot_len)' },
  checksum: { kind: 'invalid', counter: null, source: 'RFC 3768 §5.3.8, RFC 5798 §5.2.8' },
  castMismatch: { kind: 'invalid', counter: 'addr_list_err', source: 'keepalived vrrp.c vrrp_check_packet (multicast vs unicast)' },
  addressList: { kind: 'invalid', counter: 'addr_list_err', source: 'RFC 3768 §7.1 (MAY verify addresses); keepalived <= 2.3.2' },
  unicastSource: { kind: 'invalid', counter: null, source: 'keepalived check_unicast_src (vrrp.c vrrp_check_packet)' },
  ttlRange: { kind: 'invalid', counter: 'ip_ttl_err', source: 'keepalived unicast_peer min_ttl/max_ttl' },
};

export type AdvertWarningKind = 'advertInterval' | 'addressCount' | 'addressList' | 'oldUnicastChecksum';

/**
 * Logged, advert still used. 'oldUnicastChecksum' also tells the instance to switch to the old
 * unicast checksum (keepalived sets unicast_chksum_compat = AUTO and re-checksums its own adverts).
 */
export interface AdvertWarning {
  readonly kind: AdvertWarningKind;
  readonly message: string;
}
