// Received-advert validation in keepalived 2.2.7's order (vrrp.c vrrp_check_packet, reference
// keepalived.md §2.8), with its log lines word for word (checked against the 2.2.7 source and the
// strings of Debian's /usr/sbin/keepalived). Pure and total: never throws, whatever the bytes.
import { bytesEqual, canonicalAddress, isMulticastBytes, parseAddressOf } from './address.js';
import { vrrpChecksumValid } from './checksum.js';
import { decodeVrrp, isAuthType, readVrrpHeader, type VrrpWireHeader } from './decode.js';
import {
  IPPROTO_AH,
  IPPROTO_VRRP,
  IPSEC_AH_LENGTH,
  VRRP_AUTH_DATA_LENGTH,
  VRRP_HEADER_LENGTH,
  VRRP_MULTICAST_IPV4,
  VRRP_TTL,
  VRRP_TYPE_ADVERTISEMENT,
  VrrpAuth,
  expectedMessageLength,
  type VrrpAuthType,
  type VrrpPacket,
  type VrrpVersion,
} from './packet.js';
import type { ReceivedAdvert } from './received.js';
import {
  REJECTION_RULES,
  type AdvertRejection,
  type AdvertWarning,
  type RejectionKind,
  type VrrpStatCounter,
} from './rejection.js';

export interface UnicastPeer {
  readonly address: string;
  /** keepalived unicast_peer min_ttl / max_ttl, defaults 0 and 255. */
  readonly minTtl?: number;
  readonly maxTtl?: number;
}

/** What one instance expects of the adverts it receives (from its config and state). */
export interface AdvertExpectations {
  /** Prefix of keepalived's log lines: "(VI_1) ...". */
  readonly instanceName: string;
  readonly version: VrrpVersion;
  /** When set, adverts for another VRID are 'unknownVrid' (keepalived finds no instance). */
  readonly vrid?: number;
  /** For the unknown-VRID log line. */
  readonly interfaceName?: string;
  /** v2: the configured auth type; 0 for v3. */
  readonly authType: VrrpAuthType;
  /** v2 PASS: the 8 configured bytes (passwordAuthData). */
  readonly authPass: Uint8Array;
  /** The configured advert_int in centiseconds (v2 compares whole seconds × 100). */
  readonly advertIntervalCentis: number;
  /** Any unicast_peer configured. */
  readonly unicast: boolean;
  /** virtual_ipaddress, in config order. */
  readonly expectedAddresses: readonly string[];
  /** false = skip_check_adv_addr and the advert comes from the current master. Default true. */
  readonly checkAddresses?: boolean;
  /** 'reject' = keepalived <= 2.3.2 incl. 2.2.7 (default); 'log' = RFC 9568 / keepalived >= 2.3.3. */
  readonly addressMismatch?: 'reject' | 'log';
  /** keepalived v3_checksum_as_v2 (IPv4 VRRPv3 checksum without pseudo-header). */
  readonly v3ChecksumAsV2?: boolean;
  /** keepalived unicast_chksum_compat: none (default, may switch to auto), never, config, auto. */
  readonly oldUnicastChecksum?: 'none' | 'never' | 'config' | 'auto';
  /** global vrrp_mcast_group4, the old unicast checksum's destination. Default 224.0.0.18. */
  readonly multicastGroup?: string;
  /** check_unicast_src (instance or global; keepalived also sets it for min_ttl/max_ttl). */
  readonly checkUnicastSource?: boolean;
  readonly unicastPeers?: readonly UnicastPeer[];
}

export interface AdvertAccepted {
  readonly ok: true;
  readonly packet: VrrpPacket;
  readonly warnings: readonly AdvertWarning[];
  /** keepalived counters to add one to (advert_rcvd, and pri_zero_rcvd for priority 0). */
  readonly counters: readonly VrrpStatCounter[];
}

export interface AdvertRejected {
  readonly ok: false;
  readonly reason: AdvertRejection;
  readonly kind: RejectionKind;
  /** The log line, keepalived 2.2.7's words; empty where keepalived is silent. */
  readonly message: string;
  readonly warnings: readonly AdvertWarning[];
  /** Counters to add one to: advert_rcvd for late rejections, then the error counter if any. */
  readonly counters: readonly VrrpStatCounter[];
}

export type AdvertValidation = AdvertAccepted | AdvertRejected;

export function validateAdvert(rx: ReceivedAdvert, exp: AdvertExpectations): AdvertValidation {
  const warnings: AdvertWarning[] = [];
  const counted: VrrpStatCounter[] = [];
  const log = (text: string): string => `(${exp.instanceName}) ${text}`;
  const reject = (reason: AdvertRejection, message: string): AdvertRejected => {
    const { kind, counter } = REJECTION_RULES[reason];
    return { ok: false, reason, kind, message, warnings, counters: counter === null ? counted : [...counted, counter] };
  };
  const family = rx.family;
  const isAh = rx.family === 'inet' && rx.protocol === IPPROTO_AH;
  const ipHeaderLength = rx.family === 'inet' ? rx.headerLength : 0;
  const received = ipHeaderLength + rx.payload.length; // keepalived's buflen
  const message = rx.payload.subarray(isAh ? IPSEC_AH_LENGTH : 0);

  // keepalived vrrp.c vrrp_get_header: IP header (+ AH) + 8-byte VRRP header must have arrived.
  const h = readVrrpHeader(message);
  if (h === undefined) {
    const what = family === 'inet6' ? 'IPv6 VRRP packet' : isAh ? 'IPv4 VRRP packet with AH' : 'IPv4 VRRP packet';
    return reject('truncated', `${what} too short - ${received} bytes`);
  }
  // vrrp_scheduler.c vrrp_dispatcher_read: the VRID selects the instance.
  if (exp.vrid !== undefined && h.vrid !== exp.vrid) {
    return reject('unknownVrid', `Unknown VRID(${h.vrid}) received on interface(${exp.interfaceName ?? ''}). ignoring...`);
  }
  const source = parseAddressOf(family, rx.source);
  const destination = parseAddressOf(family, rx.destination);
  if (source === undefined || destination === undefined) {
    return reject('endpoint', log(`invalid ${family} source/destination ${rx.source} -> ${rx.destination}`));
  }
  // vrrp_dispatcher_read, IPv6 only: wrong cast is discarded before any check (logged with -D).
  if (family === 'inet6' && isMulticastBytes(destination) === exp.unicast) {
    const [got, want] = exp.unicast ? ['mult', 'un'] : ['un', 'mult'];
    return reject('castDiscarded', log(`discarding ${got}icast packet on ${want}icast instance`));
  }
  // 1. AH present iff configured (IPv4).
  const wantAh = family === 'inet' && exp.authType === VrrpAuth.ah;
  if (isAh !== wantAh) {
    return reject('ahPresence', log(isAh ? 'Received AH header but auth type not AH' : 'No AH header but auth type is AH'));
  }
  // 2. RFC 5798 §7.1: MUST verify the packet contains the complete VRRP packet.
  const expected = ipHeaderLength + (isAh ? IPSEC_AH_LENGTH : 0) + expectedMessageLength(family, h.versionNibble, h.count);
  if (received !== expected) {
    return reject('length', log(`vrrp packet too ${received > expected ? 'long' : 'short'}, length ${received} and expect ${expected}`));
  }
  // 3. RFC 5798 §7.1: MUST verify TTL/hop limit 255; keepalived skips it for unicast.
  const ttl = rx.ttlOrHopLimit;
  if (!exp.unicast && ttl !== null && ttl !== VRRP_TTL) {
    return reject('ttl', log(`invalid TTL/HL. Received ${ttl} and expect ${VRRP_TTL}`));
  }
  // 4. RFC 5798 §7.1: MUST verify the version.
  if (h.versionNibble !== exp.version) {
    return reject('version', log(`wrong version. Received ${h.versionNibble} and expect ${exp.version}`));
  }
  if (exp.version === 2) {
    const v2 = checkV2(rx, h, exp);
    if (v2 !== undefined) return reject(v2.reason, v2.message === '' ? '' : log(v2.message));
  }
  // 7. RFC 5798 §5.2.2: type 1 only.
  if (h.typeNibble !== VRRP_TYPE_ADVERTISEMENT) {
    return reject('type', log(`Invalid packet type. ${h.typeNibble} and expect ${VRRP_TYPE_ADVERTISEMENT}`));
  }
  const checkAddresses = exp.checkAddresses ?? true;
  const strictAddresses = (exp.addressMismatch ?? 'reject') === 'reject';
  const wantCount = exp.expectedAddresses.length;
  if (checkAddresses && strictAddresses && h.count !== wantCount) {
    return reject('addressCount', log(`received an unexpected ip number count ${h.count}, expected ${wantCount}!`));
  }
  // 8. keepalived: the IPv4 Total Length must be what arrived.
  if (rx.family === 'inet' && rx.totalLength !== received) {
    return reject('totalLength', log(`ip_tot_len mismatch against received length. ${rx.totalLength} and received ${received}`));
  }
  // RFC 5798 §6.4.2 / keepalived >= 2.3: v3 interval differences are accepted (a backup adopts it).
  if (exp.version === 3 && h.maxAdvertIntervalCentis !== exp.advertIntervalCentis) {
    const text = `advertisement interval mismatch mine=${exp.advertIntervalCentis} centi-sec rcv'd=${h.maxAdvertIntervalCentis} centi-sec`;
    warnings.push({ kind: 'advertInterval', message: log(text) });
  }
  // 9. RFC 3768 §5.3.8 / RFC 5798 §5.2.8 checksum.
  const sum = checkChecksum(rx, message, source, destination, exp);
  if (sum === 'bad') return reject('checksum', log(`Invalid VRRPv${exp.version} checksum`));
  if (sum === 'old') warnings.push({ kind: 'oldUnicastChecksum', message: log('Setting unicast VRRPv3 checksum to old version') });
  // 10. Multicast destination iff no unicast peers.
  if (rx.family === 'inet' && isMulticastBytes(destination) === exp.unicast) {
    const [want, got] = exp.unicast ? ['un', 'mult'] : ['mult', 'un'];
    return reject('castMismatch', log(`Expected ${want}icast packet but received ${got}icast packet`));
  }
  counted.push('advert_rcvd');
  const decoded = decodeVrrp(message, family);
  if (!decoded.ok) return reject('version', log(decoded.message)); // only v2 over IPv6, refused by config
  const packet = decoded.packet;
  if (checkAddresses) {
    // 11. RFC 3768 §7.1 "MAY verify that the IP address(es) associated with the VRID are valid".
    const missing = missingAddresses(packet.addresses, exp, family);
    if (!strictAddresses && h.count !== wantCount) {
      warnings.push({ kind: 'addressCount', message: log(`expected ${wantCount} VIPs but received ${h.count}`) });
    }
    for (const address of missing) {
      const text = log(`ip address associated with VRID ${h.vrid} not present in MASTER advert: ${address}`);
      if (strictAddresses) return reject('addressList', text);
      warnings.push({ kind: 'addressList', message: text });
    }
    // 12. check_unicast_src (inside the address block in 2.2.7, so skip_check_adv_addr skips it).
    if (exp.unicast && exp.checkUnicastSource === true) {
      const peer = exp.unicastPeers?.find((p) => {
        const bytes = parseAddressOf(family, p.address);
        return bytes !== undefined && bytesEqual(bytes, source);
      });
      if (peer === undefined) {
        return reject('unicastSource', log(`unicast source address ${canonicalAddress(rx.source) ?? rx.source} not a unicast peer`));
      }
      const min = peer.minTtl ?? 0;
      const max = peer.maxTtl ?? VRRP_TTL;
      if (ttl !== null && (ttl < min || ttl > max)) {
        return reject('ttlRange', log(`TTL/HL ${ttl} not in range ${min} - ${max}`));
      }
    }
  }
  if (h.priority === 0) counted.push('pri_zero_rcvd');
  return { ok: true, packet, warnings, counters: counted };
}

/** Steps 5-6, VRRPv2 only: authentication (RFC 2338 §5.3.6, §7.1) and the interval (RFC 3768 §7.1). */
function checkV2(
  rx: ReceivedAdvert,
  h: VrrpWireHeader,
  exp: AdvertExpectations,
): { reason: AdvertRejection; message: string } | undefined {
  if (!isAuthType(h.authType)) return { reason: 'authType', message: `Invalid auth type: ${h.authType}` };
  if (h.authType !== exp.authType) {
    return { reason: 'authMismatch', message: `received a ${h.authType} auth, expecting ${exp.authType}!` };
  }
  if (exp.authType === VrrpAuth.pass && !passwordMatches(rx, exp.authPass)) {
    return { reason: 'authPassword', message: 'received an invalid passwd!' };
  }
  if (exp.authType === VrrpAuth.ah) {
    // keepalived: AH for another protocol is dropped silently; the ICV check needs HMAC-MD5.
    const next = rx.payload[0] ?? 0;
    if (next !== IPPROTO_VRRP) return { reason: 'ahNextHeader', message: '' };
    return { reason: 'ahUnsupported', message: 'IPSEC-AH authentication is not supported by Vigil - packet rejected' };
  }
  if (exp.advertIntervalCentis !== h.advertIntervalSeconds * 100) {
    // Dropped, not just logged: "to prevent concurent VRID running" (2.2.7 leaves the counter at 0).
    const mine = Math.floor(exp.advertIntervalCentis / 100);
    return { reason: 'advertInterval', message: `advertisement interval mismatch mine=${mine} sec rcv'd=${h.advertIntervalSeconds} sec` };
  }
  return undefined;
}

/**
 * keepalived reads the password at ip + tot_len - 8 (before it checks tot_len) and compares in
 * constant time (memcmp_constant_time). Where that would read outside the datagram, no match.
 */
function passwordMatches(rx: ReceivedAdvert, authPass: Uint8Array): boolean {
  const at = rx.family === 'inet' ? rx.totalLength - rx.headerLength - VRRP_AUTH_DATA_LENGTH : rx.payload.length - VRRP_AUTH_DATA_LENGTH;
  if (at < VRRP_HEADER_LENGTH || at + VRRP_AUTH_DATA_LENGTH > rx.payload.length) return false;
  let diff = authPass.length ^ VRRP_AUTH_DATA_LENGTH;
  for (let i = 0; i < VRRP_AUTH_DATA_LENGTH; i++) diff |= (rx.payload[at + i] ?? 0) ^ (authPass[i] ?? 0);
  return diff === 0;
}

/**
 * keepalived verifies IPv4 checksums itself and leaves IPv6 to the kernel (IPV6_CHECKSUM); Vigil
 * verifies both so a simulated network is checked too. 'old' = a unicast v3 advert checksummed
 * to the multicast group, accepted once and switching the instance to that mode (keepalived
 * _WITH_UNICAST_CHKSUM_COMPAT_).
 */
function checkChecksum(
  rx: ReceivedAdvert,
  message: Uint8Array,
  source: Uint8Array,
  destination: Uint8Array,
  exp: AdvertExpectations,
): 'ok' | 'old' | 'bad' {
  const family = rx.family;
  const asV2 = family === 'inet' && exp.v3ChecksumAsV2 === true;
  const compat = exp.oldUnicastChecksum ?? 'none';
  const group = parseAddressOf('inet', exp.multicastGroup ?? VRRP_MULTICAST_IPV4) ?? new Uint8Array(4);
  const useGroup = family === 'inet' && exp.version === 3 && (compat === 'config' || compat === 'auto');
  const scope = { family, version: exp.version, source, v3ChecksumAsV2: asV2 } as const;
  if (vrrpChecksumValid(message, { ...scope, destination: useGroup ? group : destination })) return 'ok';
  const mayFallBack = family === 'inet' && exp.version === 3 && !asV2 && exp.unicast && compat === 'none';
  if (mayFallBack && !bytesEqual(destination, group) && vrrpChecksumValid(message, { ...scope, destination: group })) {
    return 'old';
  }
  return 'bad';
}

/** Configured addresses absent from the advert, as inet_ntop would print them. */
function missingAddresses(received: readonly string[], exp: AdvertExpectations, family: ReceivedAdvert['family']): string[] {
  const have = received.map((a) => parseAddressOf(family, a));
  return exp.expectedAddresses.filter((want) => {
    const bytes = parseAddressOf(family, want);
    return bytes === undefined || !have.some((h) => h !== undefined && bytesEqual(h, bytes));
  }).map((want) => canonicalAddress(want) ?? want);
}
