import type {
  GlobalSettings,
  LvsTimeouts,
  NotificationEmail,
  ProcessRole,
  ProcessTuning,
} from './model.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Settings that default to something derived from the host name or from other settings. */
type DerivedLater = 'routerId' | 'notificationEmailFrom' | 'smtpHeloName' | 'lowerPrioNoAdvert' | 'garpLowerPrioDelayMicros' | 'garpLowerPrioRepeat';

/**
 * global_data while global_defs is parsed. Values derived from the host name
 * or from other settings stay undefined until finish() (keepalived
 * global_data.c init_global_data runs after parsing too).
 */
export type GlobalDraft = Mutable<Omit<GlobalSettings, DerivedLater | 'processTuning' | 'notificationEmails' | 'bufferSizes' | 'lvsTimeouts'>> & {
  routerId: string | undefined;
  notificationEmailFrom: string | undefined;
  smtpHeloName: string | undefined;
  lowerPrioNoAdvert: boolean | undefined;
  garpLowerPrioDelayMicros: number | undefined;
  garpLowerPrioRepeat: number | undefined;
  processTuning: Record<ProcessRole, Mutable<ProcessTuning>>;
  notificationEmails: NotificationEmail[];
  bufferSizes: { keyword: string; bytes: number; force: boolean }[];
  lvsTimeouts: Mutable<LvsTimeouts>;
  /** Settings keepalived accepts only once ("... has already been specified - ignoring"). */
  specified: Set<string>;
};

const SECOND = 1_000_000;

/** keepalived's compile-time defaults (vrrp.h VRRP_GARP_*, global_data.c set_vrrp_defaults). */
export const VRRP_GARP_DELAY_MICROS = 5 * SECOND;
export const VRRP_GARP_REPEAT = 5;
export const VRRP_GARP_REFRESH_MICROS = 0;
export const VRRP_GARP_REFRESH_REPEAT = 1;

function tuning(): Mutable<ProcessTuning> {
  // keepalived global_data.c: *_rlimit_rt defaults to RT_RLIMIT_DEFAULT (10000 µs).
  return { noSwap: false, cpuAffinity: [], rlimitRttimeMicros: 10_000 };
}

export function newGlobalDraft(): GlobalDraft {
  return {
    routerId: undefined,
    namespaceWithIpsets: false,
    usePidDir: false,
    childWaitTimeSeconds: 5,
    linkbeatUsePolling: false,
    processTuning: { vrrp: tuning(), checker: tuning(), bfd: tuning() },
    maxAutoPriority: 0,
    minAutoPriorityDelayMicros: 1_000_000,
    umask: 0o177,
    useSymlinkPaths: false,
    setSupplementaryGroups: false,
    startupScriptTimeoutSeconds: 10,
    shutdownScriptTimeoutSeconds: 10,
    reloadRepeat: false,
    dataUseInstance: false,
    jsonVersion: 1,
    dynamicInterfaces: false,
    allowIfChanges: false,
    defaultInterface: 'eth0',

    notificationEmails: [],
    notificationEmailFrom: undefined,
    smtpHeloName: undefined,
    smtpConnectTimeoutMicros: 30 * SECOND,
    smtpAlert: undefined,
    smtpAlertVrrp: undefined,
    smtpAlertChecker: undefined,
    noEmailFaults: false,
    checkerLogAllFailures: false,
    noCheckerEmails: false,
    enableSnmpVrrp: false,
    enableSnmpChecker: false,
    enableSnmpRfcV2: false,
    enableSnmpRfcV3: false,
    enableTraps: false,
    snmpVsStatsUpdateIntervalMicros: 5 * SECOND,
    snmpRsStatsUpdateIntervalMicros: 5 * SECOND,
    enableDbus: false,

    enableScriptSecurity: false,
    specified: new Set(),
    fifoWriteVrrpStatesOnReload: false,
    notifyPriorityChanges: false,
    rsInitNotifies: false,

    mcastGroup4: '224.0.0.18',
    mcastGroup6: 'ff02::12',
    vrrpVersion: 2,
    garpMasterDelayMicros: VRRP_GARP_DELAY_MICROS,
    garpMasterRepeat: VRRP_GARP_REPEAT,
    garpMasterRefreshMicros: VRRP_GARP_REFRESH_MICROS,
    garpMasterRefreshRepeat: VRRP_GARP_REFRESH_REPEAT,
    garpLowerPrioDelayMicros: undefined,
    garpLowerPrioRepeat: undefined,
    garpIntervalMicros: 0,
    gnaIntervalMicros: 0,
    minGarp: false,
    garpExtraIf: undefined,
    downTimerAdverts: 3,
    lowerPrioNoAdvert: undefined,
    higherPrioSendAdvert: false,
    ownerIgnoreAdverts: false,
    v3ChecksumAsV2: false,
    checkUnicastSrc: false,
    skipCheckAdvAddr: false,
    strict: false,
    disableLocalIgmp: false,
    vrrpStartupDelayMicros: 0,
    vrrpDelayAfterBootMicros: 0,
    logUnknownVrids: false,
    vmacPrefix: 'vrrp',
    vrrpRxBufsMultiplier: 3,
    bufferSizes: [],

    lvsTimeouts: {},
    lvsFlush: false,
    lvsFlushOnStop: 'none',
  };
}
