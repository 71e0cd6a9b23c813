import type { ScriptRef } from '../environment.js';
import type { SourceLocation } from '../syntax.js';
import type {
  AddressFamily,
  DnsQueryType,
  ForwardingMethod,
  HttpProtocolVersion,

  LvsProtocol,
  LvsScheduler,
  SocketAddress,
  SslConfig,
  VirtualServerGroup,
  VirtualServerTarget,
} from './model.js';

/**
 * Mutable records filled while the blocks are read, mirroring keepalived's
 * structures before validate_check_config: `undefined` is keepalived's
 * "unset" sentinel (UINT_MAX, ULONG_MAX, -1), resolved by the cascade.
 */

export interface MutableSchedulerFlags {
  onePacket: boolean;
  flag1: boolean;
  flag2: boolean;
  flag3: boolean;
  shPort: boolean;
  shFallback: boolean;
  mhPort: boolean;
  mhFallback: boolean;
}

/** Settings that cascade VS → RS → checker (check_data.c, check_api.c). */
export interface CascadedSettings {
  retry: number | undefined;
  delayBeforeRetryMicros: number | undefined;
  warmupMicros: number | undefined;
  connectTimeoutMicros: number | undefined;
  delayLoopMicros: number | undefined;
  alpha: boolean | undefined;
  inhibitOnFailure: boolean | undefined;
  smtpAlert: boolean | undefined;
}

export interface SorryServerDraft {
  loc: SourceLocation;
  address: SocketAddress;
  forwarding: ForwardingMethod | undefined;
  inhibit: boolean;
}

export interface VirtualServerDraft extends CascadedSettings {
  loc: SourceLocation;
  target: VirtualServerTarget;
  /** keepalived vs->af; undefined = AF_UNSPEC. */
  family: AddressFamily | undefined;
  protocol: LvsProtocol | undefined;
  scheduler: LvsScheduler | undefined;
  flags: MutableSchedulerFlags;
  forwarding: ForwardingMethod | undefined;
  persistenceTimeoutSeconds: number;
  persistenceGranularity: string | undefined;
  persistenceEngine: string | undefined;
  haSuspend: boolean;
  omega: boolean;
  quorum: number;
  hysteresis: number;
  quorumUp: ScriptRef | undefined;
  quorumDown: ScriptRef | undefined;
  sorryServer: SorryServerDraft | undefined;
  virtualhost: string | undefined;
  snmpName: string | undefined;
  /** Default real server weight (`weight` in the virtual_server block). */
  weight: number;
  realServers: RealServerDraft[];
  /** Resolved by finish() for `group NAME`. */
  group: VirtualServerGroup | undefined;
}

export interface RealServerDraft extends CascadedSettings {
  loc: SourceLocation;
  address: SocketAddress;
  weight: number | undefined;
  /** The virtual server's method when the real_server line was read, or its own lvs_method. */
  forwarding: ForwardingMethod | undefined;
  upperThreshold: number;
  lowerThreshold: number;
  notifyUp: ScriptRef | undefined;
  notifyDown: ScriptRef | undefined;
  virtualhost: string | undefined;
  snmpName: string | undefined;
  checkers: CheckerDraft[];
}

export interface ConnectionDraft {
  destinationAddress: SocketAddress | undefined;
  destinationPort: number | undefined;
  bindAddress: SocketAddress | undefined;
  bindPort: number;
  bindInterface: string | undefined;
  fwmark: number;
  connectTimeoutMicros: number | undefined;
}

export interface CheckerTimingDraft {
  retry: number | undefined;
  delayLoopMicros: number | undefined;
  delayBeforeRetryMicros: number | undefined;
  warmupMicros: number | undefined;
}

interface CheckerDraftBase {
  loc: SourceLocation;
  alpha: boolean | undefined;
  logAllFailures: boolean;
}

export interface HttpUrlDraft {
  loc: SourceLocation;
  path: string | undefined;
  digest: string | undefined;
  statusCodes: Set<number>;
  virtualhost: string | undefined;
  regexPattern: string | undefined;
  regexNoMatch: boolean;
  regexOptions: string[];
  regexMinOffset: number;
  regexMaxOffset: number | undefined;
  regexStack: { start: number; max: number } | undefined;
}

export type CheckerDraft = CheckerDraftBase &
  (
    | (CheckerTimingDraft & {
        kind: 'HTTP_GET' | 'SSL_GET';
        connection: ConnectionDraft;
        httpProtocol: HttpProtocolVersion;
        virtualhost: string | undefined;
        enableSni: boolean;
        fastRecovery: boolean;
        urls: HttpUrlDraft[];
      })
    | (CheckerTimingDraft & { kind: 'TCP_CHECK' | 'PING_CHECK'; connection: ConnectionDraft })
    | (CheckerTimingDraft & { kind: 'SMTP_CHECK'; connection: ConnectionDraft; heloName: string | undefined })
    | (CheckerTimingDraft & { kind: 'DNS_CHECK'; connection: ConnectionDraft; queryType: DnsQueryType; queryName: string | undefined })
    | (CheckerTimingDraft & {
        kind: 'UDP_CHECK';
        connection: ConnectionDraft;
        payload: number[];
        requireReply: boolean;
        replyData: number[];
        replyMask: number[];
        minReplyLength: number;
        maxReplyLength: number;
      })
    | (CheckerTimingDraft & {
        kind: 'MISC_CHECK';
        script: ScriptRef | undefined;
        timeoutMicros: number | undefined;
        dynamic: boolean;
        user: { user: string; group: string | undefined } | undefined;
      })
    | { kind: 'FILE_CHECK'; trackFile: string | undefined; weight: number | undefined; reverse: boolean }
    | { kind: 'BFD_CHECK'; bfdName: string | undefined }
  );

/** Everything the section collects before finish(). */
export interface LvsDraft {
  ssl: SslConfig | undefined;
  groups: VirtualServerGroup[];
  virtualServers: VirtualServerDraft[];
}


export function newCascadedSettings(): CascadedSettings {
  return {
    retry: undefined,
    delayBeforeRetryMicros: undefined,
    warmupMicros: undefined,
    connectTimeoutMicros: undefined,
    delayLoopMicros: undefined,
    alpha: undefined,
    inhibitOnFailure: undefined,
    smtpAlert: undefined,
  };
}

export function newConnectionDraft(): ConnectionDraft {
  return {
    destinationAddress: undefined,
    destinationPort: undefined,
    bindAddress: undefined,
    bindPort: 0,
    bindInterface: undefined,
    fwmark: 0,
    connectTimeoutMicros: undefined,
  };
}

export function newTimingDraft(): CheckerTimingDraft {
  return { retry: undefined, delayLoopMicros: undefined, delayBeforeRetryMicros: undefined, warmupMicros: undefined };
}
