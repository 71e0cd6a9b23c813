import type { SourceLocation } from '../syntax.js';

/**
 * The typed result of the global part of keepalived.conf: `global_defs`, the
 * root-level switches and the tracker blocks (vrrp_script, track_file,
 * vrrp_track_process, bfd_instance), plus linkbeat/garp/up-down-delay blocks.
 * Every default keepalived applies (keepalived/core/global_data.c
 * set_default_* / init_global_data) is already applied here. Times are integer
 * microseconds (keepalived TIMER_HZ).
 */

/** A script line as written and as keepalived splits it (notify.c set_script_params_array). */
export interface ScriptCommand {
  /** The string as written (after the lexer's unquoting). */
  readonly text: string;
  /** argv: unquoted spaces split, single quotes group. argv[0] is the program. */
  readonly argv: readonly string[];
  /** `user USER [:][GROUP]` given for this script, if any. */
  readonly user?: string;
  readonly group?: string;
  readonly loc: SourceLocation;
}

export interface NotificationEmail {
  readonly address: string;
  readonly loc: SourceLocation;
}

export interface SmtpServer {
  /** IP literal or host name, as written. */
  readonly host: string;
  readonly port: number;
  readonly loc: SourceLocation;
}

export interface NotifyFifo {
  readonly path: string;
  readonly user?: string;
  readonly group?: string;
  readonly script?: ScriptCommand;
  readonly loc: SourceLocation;
}

export interface LvsSyncDaemon {
  readonly interface: string;
  /** VRRP instance whose state drives the sync daemon (`inst` or 2nd positional). */
  readonly vrrpInstance?: string;
  /** undefined = use the instance's VRID (keepalived: "defaulting to vrid"). */
  readonly syncId?: number;
  readonly maxlen?: number;
  readonly port?: number;
  readonly ttl?: number;
  readonly group?: string;
  readonly loc: SourceLocation;
}

export interface LvsTimeouts {
  /** Seconds, as keepalived passes them to IPVS; undefined = kernel default. */
  readonly tcp?: number;
  readonly tcpFin?: number;
  readonly udp?: number;
}

export type ProcessRole = 'vrrp' | 'checker' | 'bfd';

/** Scheduling/memory settings per child process (`vrrp_priority`, `checker_rt_priority`, ...). */
export interface ProcessTuning {
  readonly priority?: number;
  readonly noSwap: boolean;
  readonly rtPriority?: number;
  readonly cpuAffinity: readonly number[];
  readonly rlimitRttimeMicros: number;
}

export interface GarpExtraIf {
  readonly all: boolean;
  readonly intervalMicros: number;
}

/** Global settings: keepalived's `global_data`. */
export interface GlobalSettings {
  // Identity / process
  readonly routerId: string;
  readonly netNamespace?: string;
  readonly netNamespaceIpvs?: string;
  readonly namespaceWithIpsets: boolean;
  readonly usePidDir: boolean;
  readonly instanceName?: string;
  readonly childWaitTimeSeconds: number;
  readonly linkbeatUsePolling: boolean;
  readonly processName?: string;
  readonly vrrpProcessName?: string;
  readonly checkerProcessName?: string;
  readonly bfdProcessName?: string;
  readonly processTuning: Readonly<Record<ProcessRole, ProcessTuning>>;
  readonly maxAutoPriority: number;
  readonly minAutoPriorityDelayMicros: number;
  readonly umask: number;
  readonly tmpConfigDirectory?: string;
  readonly configSaveDir?: string;
  readonly useSymlinkPaths: boolean;
  readonly setSupplementaryGroups: boolean;
  readonly randomSeed?: number;
  readonly startupScript?: ScriptCommand;
  readonly startupScriptTimeoutSeconds: number;
  readonly shutdownScript?: ScriptCommand;
  readonly shutdownScriptTimeoutSeconds: number;
  readonly reloadCheckConfig?: string | true;
  readonly reloadTimeFile?: string;
  readonly reloadRepeat: boolean;
  readonly reloadFile?: string;
  readonly includeCheck?: readonly string[];
  readonly dataUseInstance: boolean;
  readonly stateDumpFile?: string;
  readonly statsDumpFile?: string;
  readonly jsonDumpFile?: string;
  readonly jsonVersion: 1 | 2;
  readonly iprouteUsrDir?: string;
  readonly iprouteEtcDir?: string;
  readonly dynamicInterfaces: boolean;
  readonly allowIfChanges: boolean;
  readonly defaultInterface: string;

  // Email / SNMP / DBus
  readonly notificationEmails: readonly NotificationEmail[];
  /** undefined = keepalived@<host name> at send time is computed by the daemon; finish() fills it. */
  readonly notificationEmailFrom: string;
  readonly smtpServer?: SmtpServer;
  readonly smtpHeloName: string;
  readonly smtpConnectTimeoutMicros: number;
  /** Unset = undefined (keepalived -1): instances/servers then use the more specific or no alert. */
  readonly smtpAlert: boolean | undefined;
  readonly smtpAlertVrrp: boolean | undefined;
  readonly smtpAlertChecker: boolean | undefined;
  readonly noEmailFaults: boolean;
  readonly checkerLogAllFailures: boolean;
  readonly noCheckerEmails: boolean;
  readonly snmpSocket?: string;
  readonly enableSnmpVrrp: boolean;
  readonly enableSnmpChecker: boolean;
  readonly enableSnmpRfcV2: boolean;
  readonly enableSnmpRfcV3: boolean;
  readonly enableTraps: boolean;
  readonly snmpVsStatsUpdateIntervalMicros: number;
  readonly snmpRsStatsUpdateIntervalMicros: number;
  readonly enableDbus: boolean;
  readonly dbusServiceName?: string;
  readonly dbusNoInterfaceName?: string;

  // Scripts / FIFOs
  /** `script_user` as configured; undefined = default (keepalived_script if it exists, else root). */
  readonly scriptUser?: { readonly user: string; readonly group?: string; readonly loc: SourceLocation };
  readonly enableScriptSecurity: boolean;
  readonly notifyFifo?: NotifyFifo;
  readonly vrrpNotifyFifo?: NotifyFifo;
  readonly lvsNotifyFifo?: NotifyFifo;
  readonly fifoWriteVrrpStatesOnReload: boolean;
  readonly notifyPriorityChanges: boolean;
  readonly rsInitNotifies: boolean;

  // VRRP defaults
  readonly mcastGroup4: string;
  readonly mcastGroup6: string;
  readonly vrrpVersion: 2 | 3;
  readonly garpMasterDelayMicros: number;
  readonly garpMasterRepeat: number;
  readonly garpMasterRefreshMicros: number;
  readonly garpMasterRefreshRepeat: number;
  readonly garpLowerPrioDelayMicros: number;
  readonly garpLowerPrioRepeat: number;
  readonly garpIntervalMicros: number;
  readonly gnaIntervalMicros: number;
  readonly minGarp: boolean;
  readonly garpExtraIf: GarpExtraIf | undefined;
  readonly downTimerAdverts: number;
  readonly lowerPrioNoAdvert: boolean;
  readonly higherPrioSendAdvert: boolean;
  readonly ownerIgnoreAdverts: boolean;
  readonly v3ChecksumAsV2: boolean;
  readonly checkUnicastSrc: boolean;
  readonly skipCheckAdvAddr: boolean;
  readonly strict: boolean;
  readonly iptables?: { readonly inChain: string; readonly outChain?: string };
  readonly ipsets?: readonly string[];
  readonly nftables?: { readonly table: string; readonly priority: number; readonly counters: boolean; readonly ifindex: boolean };
  readonly disableLocalIgmp: boolean;
  /** max(vrrp_startup_delay, vrrp_delay_after_boot-derived) as configured; 0 = none. */
  readonly vrrpStartupDelayMicros: number;
  readonly vrrpDelayAfterBootMicros: number;
  readonly logUnknownVrids: boolean;
  readonly vmacPrefix: string;
  readonly vmacAddrPrefix?: string;
  readonly vrrpRxBufsPolicy?: string;
  readonly vrrpRxBufsMultiplier: number;
  /** Other netlink/process-monitor buffer sizes, by keyword, as given. */
  readonly bufferSizes: readonly { readonly keyword: string; readonly bytes: number; readonly force: boolean }[];

  // LVS
  readonly lvsSyncDaemon?: LvsSyncDaemon;
  readonly lvsTimeouts: LvsTimeouts;
  readonly lvsFlush: boolean;
  readonly lvsFlushOnStop: 'none' | 'all' | 'vs';
  readonly nftablesIpvs?: { readonly table: string; readonly priority: number; readonly startFwmark: number };
}

/** `vrrp_script NAME { ... }` (keepalived/vrrp/vrrp_parser.c vrrp_script_*_handler). */
export interface VrrpScript {
  readonly name: string;
  readonly script: ScriptCommand;
  readonly intervalMicros: number;
  readonly timeoutMicros: number;
  readonly weight: number;
  readonly weightReverse: boolean;
  readonly rise: number;
  readonly fall: number;
  readonly initFail: boolean;
  readonly loc: SourceLocation;
}

/** `track_file NAME { ... }` (keepalived/trackers/track_file.c). */
export interface TrackFile {
  readonly name: string;
  readonly file: string;
  readonly weight: number;
  readonly weightReverse: boolean;
  /** init_file [VALUE] [overwrite]: create the file with VALUE at startup. */
  readonly initFile?: { readonly value: number; readonly overwrite: boolean };
  readonly loc: SourceLocation;
}

export type ProcessParamMatch = 'exact' | 'initial' | 'partial';

/** `vrrp_track_process NAME { ... }` (keepalived/core/track_process.c). */
export interface TrackProcess {
  readonly name: string;
  readonly process: string;
  /** Parameters after the process name (`process NAME ARG...`): matched against the command line. */
  readonly args?: readonly string[];
  readonly paramMatch: ProcessParamMatch;
  readonly weight: number;
  readonly weightReverse: boolean;
  readonly quorum: number;
  /** keepalived default UINT_MAX (no upper bound). */
  readonly quorumMax: number;
  readonly forkDelayMicros: number;
  readonly terminateDelayMicros: number;
  readonly fullCommand: boolean;
  readonly loc: SourceLocation;
}

/** `bfd_instance NAME { ... }` (keepalived/bfd/bfd_parser.c). */
export interface BfdInstance {
  readonly name: string;
  readonly neighborIp?: string;
  readonly sourceIp?: string;
  readonly minRxMicros: number;
  readonly minTxMicros: number;
  readonly idleTxMicros: number;
  readonly multiplier: number;
  readonly passive: boolean;
  /** ttl (IPv4, default 255) or hoplimit (IPv6, default 64). */
  readonly ttl: number;
  readonly maxHops: number;
  readonly weight: number;
  readonly weightReverse: boolean;
  readonly multihop: boolean;
  readonly vrrp: boolean;
  readonly checker: boolean;
  readonly loc: SourceLocation;
}

export type LinkbeatMethod = 'MII' | 'ETHTOOL' | 'IOCTL';

export interface LinkbeatInterface {
  readonly name: string;
  /** undefined = keepalived's automatic choice. */
  readonly method?: LinkbeatMethod;
  readonly loc: SourceLocation;
}

/** `interface_up_down_delays { IF down [up] }`. */
export interface InterfaceUpDownDelay {
  readonly interface: string;
  readonly downDelayMicros: number;
  readonly upDelayMicros: number;
  readonly loc: SourceLocation;
}

/** `track_group NAME { group { VI_1 ... } }`: instances faulted by a lost static item. */
export interface TrackGroup {
  readonly name: string;
  readonly instances: readonly string[];
  readonly loc: SourceLocation;
}

/** `garp_group { garp_interval S gna_interval S interface IF | interfaces { ... } }`. */
export interface GarpGroup {
  readonly garpIntervalMicros?: number;
  readonly gnaIntervalMicros?: number;
  readonly interfaces: readonly { readonly name: string; readonly loc: SourceLocation }[];
  /** keepalived's aggregation_group: 0 for `interface IF`, 1.. for `interfaces { }` groups. */
  readonly aggregationGroup: number;
  readonly loc: SourceLocation;
}

/**
 * Everything this section parsed. The settings are flat on the object so other
 * sections read `global.vrrpVersion`, `global.strict`, ... directly.
 */
export interface GlobalConfig extends GlobalSettings {
  readonly vrrpScripts: readonly VrrpScript[];
  readonly trackFiles: readonly TrackFile[];
  readonly trackProcesses: readonly TrackProcess[];
  readonly bfdInstances: readonly BfdInstance[];
  readonly linkbeatInterfaces: readonly LinkbeatInterface[];
  readonly interfaceUpDownDelays: readonly InterfaceUpDownDelay[];
  readonly trackGroups: readonly TrackGroup[];
  readonly garpGroups: readonly GarpGroup[];
}
