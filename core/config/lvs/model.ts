import type { ScriptRef } from '../environment.js';
import type { SourceLocation } from '../syntax.js';

/**
 * The LVS part of keepalived.conf after parsing and keepalived's post-parse
 * repairs (check_data.c validate_check_config): every default applied, every
 * setting cascaded VS → RS → checker, times in microseconds. The IPVS-facing
 * fields (scheduler, forwarding, persistence, protocol, family, fwmark, port)
 * are what the kernel's IPVS service and destination need.
 */
export interface LvsConfig {
  /** The root `SSL { }` block; absent = keepalived auto-generates a context when an SSL_GET needs one. */
  readonly ssl?: SslConfig;
  readonly virtualServerGroups: readonly VirtualServerGroup[];
  /** In file order; servers keepalived drops (no real servers, unknown group, bad address) are absent. */
  readonly virtualServers: readonly VirtualServer[];
}

export type AddressFamily = 'inet' | 'inet6';
export type LvsProtocol = 'TCP' | 'UDP' | 'SCTP';

/** keepalived 2.2.7 check_parser.c lvs_schedulers[] (twos is accepted by 2.2.7, observed). */
export const LVS_SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'sh', 'mh', 'dh', 'fo', 'ovf', 'lblcr', 'sed', 'nq', 'twos'] as const;
export type LvsScheduler = (typeof LVS_SCHEDULERS)[number];

export interface SocketAddress {
  readonly family: AddressFamily;
  /** Canonical text (dotted quad, RFC 5952 IPv6). */
  readonly address: string;
  /** 0 = no port. */
  readonly port: number;
}

export interface SslConfig {
  readonly loc: SourceLocation;
  readonly password?: string;
  readonly caFile?: string;
  readonly certificateFile?: string;
  readonly keyFile?: string;
}

export type VirtualServerGroupEntry =
  | {
      readonly kind: 'range';
      readonly loc: SourceLocation;
      /** First and last address of the range (equal for a single address). */
      readonly first: SocketAddress;
      readonly last: SocketAddress;
    }
  | {
      readonly kind: 'fwmark';
      readonly loc: SourceLocation;
      readonly fwmark: number;
      /** `fwmark N inet|inet6`; undefined = no family given. */
      readonly family: AddressFamily | undefined;
    };

export interface VirtualServerGroup {
  readonly loc: SourceLocation;
  readonly name: string;
  /** Address ranges then fwmarks, each in file order (keepalived keeps two lists). */
  readonly entries: readonly VirtualServerGroupEntry[];
}

export type TunnelType = 'ipip' | 'gue' | 'gre';
export type TunnelChecksum = 'nocsum' | 'csum' | 'remcsum';

export type ForwardingMethod =
  | { readonly kind: 'NAT' }
  | { readonly kind: 'DR' }
  | {
      readonly kind: 'TUN';
      readonly tunnelType: TunnelType;
      /** GUE only: the UDP port (1..65535); 0 for ipip/gre. */
      readonly tunnelPort: number;
      readonly checksum: TunnelChecksum;
    };

/** IPVS service flags set by the flag keywords (IP_VS_SVC_F_*). */
export interface SchedulerFlags {
  readonly onePacket: boolean;
  readonly flag1: boolean;
  readonly flag2: boolean;
  readonly flag3: boolean;
  readonly shPort: boolean;
  readonly shFallback: boolean;
  readonly mhPort: boolean;
  readonly mhFallback: boolean;
}

export type VirtualServerTarget =
  | { readonly kind: 'address'; readonly address: SocketAddress }
  | { readonly kind: 'fwmark'; readonly fwmark: number }
  | { readonly kind: 'group'; readonly groupName: string };

export interface VirtualServer {
  readonly loc: SourceLocation;
  readonly target: VirtualServerTarget;
  /** keepalived's FMT_VS text, e.g. "[10.0.0.1]:tcp:80", "FWM 1", "[G1]:0". */
  readonly label: string;
  /** undefined only for a group holding both IPv4 and IPv6 entries. */
  readonly family: AddressFamily | undefined;
  /** undefined for fwmark services (keepalived clears a protocol given there). */
  readonly protocol: LvsProtocol | undefined;
  readonly scheduler: LvsScheduler;
  readonly flags: SchedulerFlags;
  /** The default forwarding method for real and sorry servers. */
  readonly forwarding: ForwardingMethod;
  /** 0 = not persistent. */
  readonly persistenceTimeoutSeconds: number;
  /** IPv4 netmask text or IPv6 prefix length; undefined = kernel default. */
  readonly persistenceGranularity: string | undefined;
  readonly persistenceEngine: string | undefined;
  readonly haSuspend: boolean;
  readonly alpha: boolean;
  readonly omega: boolean;
  readonly quorum: number;
  readonly hysteresis: number;
  readonly quorumUp: ScriptRef | undefined;
  readonly quorumDown: ScriptRef | undefined;
  readonly sorryServer: SorryServer | undefined;
  readonly virtualhost: string | undefined;
  readonly snmpName: string | undefined;
  readonly smtpAlert: boolean;
  readonly delayLoopMicros: number;
  readonly realServers: readonly RealServer[];
}

export interface SorryServer {
  readonly loc: SourceLocation;
  readonly address: SocketAddress;
  readonly forwarding: ForwardingMethod;
  readonly inhibit: boolean;
  /** The sorry server is also one of the real servers. */
  readonly duplicatesRealServer: boolean;
}

export interface RealServer {
  readonly loc: SourceLocation;
  readonly address: SocketAddress;
  /** keepalived's FMT_RS text, e.g. "[10.0.0.2]:tcp:80". */
  readonly label: string;
  readonly weight: number;
  readonly forwarding: ForwardingMethod;
  readonly upperThreshold: number;
  readonly lowerThreshold: number;
  readonly inhibitOnFailure: boolean;
  readonly alpha: boolean;
  readonly notifyUp: ScriptRef | undefined;
  readonly notifyDown: ScriptRef | undefined;
  readonly smtpAlert: boolean;
  readonly virtualhost: string | undefined;
  readonly snmpName: string | undefined;
  readonly checkers: readonly Checker[];
}

/** How a network checker reaches the real server (check_api.c conn_opts_t). */
export interface CheckerConnection {
  readonly destination: SocketAddress;
  readonly bindAddress: SocketAddress | undefined;
  readonly bindPort: number;
  readonly bindInterface: string | undefined;
  /** SO_MARK for the probe socket; 0 = none. */
  readonly fwmark: number;
  readonly connectTimeoutMicros: number;
}

/** Retry/timing settings of a checker that keepalived launches on a timer. */
export interface CheckerTiming {
  readonly retry: number;
  readonly delayLoopMicros: number;
  readonly delayBeforeRetryMicros: number;
  /** Upper bound of the random start delay (0 = start at once). */
  readonly warmupMicros: number;
}

export interface CheckerBase {
  readonly loc: SourceLocation;
  readonly alpha: boolean;
  /** The checker's own log_all_failures or global_defs checker_log_all_failures. */
  readonly logAllFailures: boolean;
}

export type HttpProtocolVersion = '1.0' | '1.0C' | '1.1';

export interface HttpUrl {
  readonly loc: SourceLocation;
  readonly path: string;
  /** 32 lower-case hex digits. */
  readonly digest: string | undefined;
  /** Accepted status codes as sorted, merged inclusive ranges; default [[200, 299]]. */
  readonly statusCodes: readonly (readonly [number, number])[];
  readonly virtualhost: string | undefined;
  readonly regex: HttpRegex | undefined;
}

export interface HttpRegex {
  readonly pattern: string;
  readonly noMatch: boolean;
  readonly options: readonly string[];
  readonly minOffset: number;
  /** undefined = no maximum. */
  readonly maxOffset: number | undefined;
  readonly stack: { readonly start: number; readonly max: number } | undefined;
}

export type Checker =
  | (CheckerBase & CheckerTiming & {
      readonly kind: 'HTTP_GET' | 'SSL_GET';
      readonly connection: CheckerConnection;
      readonly httpProtocol: HttpProtocolVersion;
      readonly virtualhost: string | undefined;
      readonly enableSni: boolean;
      readonly fastRecovery: boolean;
      readonly urls: readonly HttpUrl[];
    })
  | (CheckerBase & CheckerTiming & { readonly kind: 'TCP_CHECK' | 'PING_CHECK'; readonly connection: CheckerConnection })
  | (CheckerBase & CheckerTiming & { readonly kind: 'SMTP_CHECK'; readonly connection: CheckerConnection; readonly heloName: string })
  | (CheckerBase & CheckerTiming & {
      readonly kind: 'DNS_CHECK';
      readonly connection: CheckerConnection;
      readonly queryType: DnsQueryType;
      readonly queryName: string;
    })
  | (CheckerBase & CheckerTiming & {
      readonly kind: 'UDP_CHECK';
      readonly connection: CheckerConnection;
      /** Hex payload bytes to send (empty = none). */
      readonly payload: readonly number[];
      readonly requireReply: boolean;
      /** Expected reply bytes; a mask bit set = that bit is a wildcard (X nibble). */
      readonly replyData: readonly number[];
      readonly replyMask: readonly number[];
      readonly minReplyLength: number;
      readonly maxReplyLength: number;
    })
  | (CheckerBase & CheckerTiming & {
      readonly kind: 'MISC_CHECK';
      readonly script: ScriptRef;
      /** misc_timeout, or the virtual server's delay_loop (check_misc.c). */
      readonly timeoutMicros: number;
      readonly dynamic: boolean;
    })
  | (CheckerBase & {
      readonly kind: 'FILE_CHECK';
      readonly trackFile: string;
      readonly weight: number;
      readonly reverse: boolean;
    })
  | (CheckerBase & { readonly kind: 'BFD_CHECK'; readonly bfdName: string });

export const DNS_QUERY_TYPES = ['A', 'NS', 'CNAME', 'SOA', 'MX', 'TXT', 'AAAA', 'RRSIG', 'DNSKEY'] as const;
export type DnsQueryType = (typeof DNS_QUERY_TYPES)[number];
