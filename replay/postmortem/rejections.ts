// Why a node did not use an advert it received, read back from the log line its reducer wrote
// right after the AdvertReceived (core/vrrp/validate.ts: keepalived 2.2.7's words).

export type RejectionKind =
  | 'authMismatch'
  | 'advertIntervalMismatch'
  | 'addressListMismatch'
  | 'ttl'
  | 'checksum'
  | 'versionMismatch'
  | 'invalidAdvert';

export interface Rejection {
  readonly kind: RejectionKind;
  /**
   * false: keepalived logs it and still uses the advert (an address-list mismatch is only a warning
   * unless the addresses are checked strictly; a v3 interval mismatch is a warning, not matched here).
   */
  readonly rejects: boolean;
  /** The log line as written. */
  readonly message: string;
}

interface Rule {
  readonly pattern: RegExp;
  readonly kind: RejectionKind;
  readonly rejects: boolean;
}

/** One rule per message of core/vrrp/validate.ts that names something about the sender's advert. */
const RULES: readonly Rule[] = [
  // checkV2: auth type, password, AH (RFC 2338 §7.1, §5.3.6.2)
  { pattern: /\) received an invalid passwd!$/, kind: 'authMismatch', rejects: true },
  { pattern: /\) received a \d+ auth, expecting \d+!$/, kind: 'authMismatch', rejects: true },
  { pattern: /\) Invalid auth type: \d+$/, kind: 'authMismatch', rejects: true },
  { pattern: /\) IPSEC-AH authentication is not supported/, kind: 'authMismatch', rejects: true },
  { pattern: /\) No AH header but auth type is AH$/, kind: 'authMismatch', rejects: true },
  { pattern: /\) Received AH header but auth type not AH$/, kind: 'authMismatch', rejects: true },
  // checkV2: RFC 3768 §7.1, the v2 interval must match (v3's "centi-sec" line is only a warning).
  { pattern: /\) advertisement interval mismatch mine=\d+ sec rcv'd=\d+ sec$/, kind: 'advertIntervalMismatch', rejects: true },
  // RFC 3768 §7.1 "MAY verify"; the reducer logs a differing list and still uses the advert
  // (core/instance/expectations.ts, RFC 9568 §7.1). With strict checks the same line is a rejection.
  { pattern: /\) ip address associated with VRID \d+ not present in MASTER advert: /, kind: 'addressListMismatch', rejects: false },
  { pattern: /\) expected \d+ VIPs but received \d+$/, kind: 'addressListMismatch', rejects: false },
  { pattern: /\) received an unexpected ip number count \d+, expected \d+!$/, kind: 'addressListMismatch', rejects: true },
  { pattern: /\) invalid TTL\/HL\. Received \d+ and expect \d+$/, kind: 'ttl', rejects: true },
  { pattern: /\) TTL\/HL \d+ not in range \d+ - \d+$/, kind: 'ttl', rejects: true },
  { pattern: /\) Invalid VRRPv\d checksum$/, kind: 'checksum', rejects: true },
  { pattern: /\) wrong version\. Received \d+ and expect \d+$/, kind: 'versionMismatch', rejects: true },
  { pattern: /\) vrrp packet too (long|short), length \d+ and expect \d+$/, kind: 'invalidAdvert', rejects: true },
  { pattern: /\) ip_tot_len mismatch against received length/, kind: 'invalidAdvert', rejects: true },
  { pattern: /\) Invalid packet type\./, kind: 'invalidAdvert', rejects: true },
  { pattern: /\) Expected \w+icast packet but received \w+icast packet$/, kind: 'invalidAdvert', rejects: true },
  { pattern: /\) unicast source address .* not a unicast peer$/, kind: 'invalidAdvert', rejects: true },
];

/** The rejection a log line reports, or undefined for any other line. */
export function classifyRejection(message: string): Rejection | undefined {
  for (const rule of RULES) {
    if (rule.pattern.test(message)) return { kind: rule.kind, rejects: rule.rejects, message };
  }
  return undefined;
}

/** The most telling of the lines one advert produced: a rejection beats a warning. */
export function strongest(a: Rejection | undefined, b: Rejection | undefined): Rejection | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return !a.rejects && b.rejects ? b : a;
}
