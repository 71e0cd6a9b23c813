import type { DiagnosticSink } from '../diagnostics.js';
import { resolveChecker, type ResolvedRealServer } from './cascade.js';
import type { LvsGlobalDefaults } from './defaults.js';
import type { LvsDraft, RealServerDraft, VirtualServerDraft } from './drafts.js';
import { realServerLabel, virtualServerLabel } from './labels.js';
import type { Checker, LvsConfig, RealServer, SocketAddress, SorryServer, VirtualServer, VirtualServerGroup } from './model.js';
import { checkPorts } from './ports.js';
import { DEFAULT_PERSISTENCE_SECONDS } from './virtual-server.js';

/**
 * keepalived check_data.c validate_check_config, virtual server by virtual
 * server and in its order of checks, then the model with every setting
 * cascaded. Its messages carry no line (keepalived prints none).
 */
export function finishLvs(draft: LvsDraft, globals: LvsGlobalDefaults, sink: DiagnosticSink): LvsConfig {
  const virtualServers: VirtualServer[] = [];
  // The first group of each name, as a search from the start would find it.
  const groupsByName = new Map<string, VirtualServerGroup>();
  for (const g of draft.groups) if (!groupsByName.has(g.name)) groupsByName.set(g.name, g);
  for (const vs of draft.virtualServers) {
    if (vs.target.kind === 'group') {
      const name = vs.target.groupName;
      vs.group = groupsByName.get(name);
      // Logged by the checker process when it links groups; -t does not report it.
      if (vs.group === undefined) {
        sink.warning(`Virtual server group ${name} specified but not configured - ignoring virtual server ${label(vs)}`, vs.loc);
        continue;
      }
    }
    const finished = finishVirtualServer(vs, globals, sink);
    if (finished !== undefined) virtualServers.push(finished);
  }
  const config = { virtualServerGroups: draft.groups, virtualServers };
  return draft.ssl === undefined ? config : { ...config, ssl: draft.ssl };
}

function label(vs: VirtualServerDraft): string {
  return virtualServerLabel(vs.target, vs.protocol);
}

function finishVirtualServer(vs: VirtualServerDraft, globals: LvsGlobalDefaults, sink: DiagnosticSink): VirtualServer | undefined {
  if (vs.realServers.length === 0) {
    sink.error(`Virtual server ${label(vs)} has no real servers - ignoring`);
    return undefined;
  }
  const groupEntries = vs.group?.entries ?? [];
  const hasFwmarks = vs.target.kind === 'fwmark' || groupEntries.some((e) => e.kind === 'fwmark');
  const hasAddresses = vs.target.kind === 'address' || groupEntries.some((e) => e.kind === 'range');

  if (vs.haSuspend && hasFwmarks) {
    sink.error(`Virtual server ${label(vs)}: cannot use ha_suspend with fwmarks - clearing ha_suspend`);
    vs.haSuspend = false;
  }
  if (hasAddresses) {
    if (vs.protocol === undefined) {
      // With protocol 0 the kernel would default to UDP, so keepalived sets it explicitly.
      sink.error(`Virtual server ${label(vs)}: no protocol set - defaulting to UDP`);
      vs.protocol = 'UDP';
    }
    if (vs.flags.onePacket && vs.protocol !== 'UDP') {
      sink.error(`Virtual server ${label(vs)}: one packet scheduling requires UDP - resetting`);
      vs.flags.onePacket = false;
    }
    if (vs.persistenceTimeoutSeconds === 0 && vs.target.kind === 'address' && vs.target.address.port === 0) {
      sink.error(`Virtual server ${label(vs)}: zero port only valid for persistent services - setting`);
      vs.persistenceTimeoutSeconds = DEFAULT_PERSISTENCE_SECONDS;
    }
  }
  if (vs.persistenceTimeoutSeconds === 0 && groupEntries.some((e) => e.kind === 'range' && e.first.port === 0)) {
    sink.error(`Virtual server ${label(vs)}: zero port only valid for persistent services - setting`);
    vs.persistenceTimeoutSeconds = DEFAULT_PERSISTENCE_SECONDS;
  }
  if (vs.protocol !== undefined && hasFwmarks && !hasAddresses) {
    sink.error(`Warning: Virtual server ${label(vs)}: protocol specified for fwmark - protocol will be ignored`);
    vs.protocol = undefined;
  }
  if (vs.scheduler === undefined) {
    sink.error(`Virtual server ${label(vs)}: no scheduler set, setting default 'wlc'`);
    vs.scheduler = 'wlc';
  }
  vs.smtpAlert ??= globals.smtpAlertChecker ?? globals.smtpAlert ?? false;

  const kept: { draft: RealServerDraft; weight: number }[] = [];
  const keptAddresses = new Set<string>();
  let weightSum = 0;
  let duplicatesRealServer = false;
  for (const rs of vs.realServers) {
    const key = addressKey(rs.address);
    if (keptAddresses.has(key)) {
      sink.error(`VS ${label(vs)}: real server ${realServerLabel(rs.address, vs.protocol)} is duplicated - removing second rs`);
      continue;
    }
    keptAddresses.add(key);
    rs.forwarding ??= defaultForwarding(vs, sink);
    rs.alpha ??= vs.alpha;
    rs.inhibitOnFailure ??= vs.inhibitOnFailure;
    rs.retry ??= vs.retry;
    rs.connectTimeoutMicros ??= vs.connectTimeoutMicros;
    rs.delayLoopMicros ??= vs.delayLoopMicros;
    rs.warmupMicros ??= vs.warmupMicros;
    rs.delayBeforeRetryMicros ??= vs.delayBeforeRetryMicros;
    // Backward compatible: real servers alert by default, unlike everything else.
    rs.smtpAlert ??= globals.smtpAlertChecker ?? globals.smtpAlert ?? true;
    const weight = rs.weight ?? vs.weight;
    weightSum += weight;
    const sorry = vs.sorryServer;
    if (sorry !== undefined && sameAddress(sorry.address, rs.address)) {
      if (sorry.inhibit !== rs.inhibitOnFailure) {
        const verb = rs.inhibitOnFailure === true ? 'sett' : 'clear';
        sink.error(
          `Virtual server ${label(vs)}: real server ${realServerLabel(rs.address, vs.protocol)} matches sorry server, but inhibit setting differs, ${verb}ing on sorry server`,
        );
        sorry.inhibit = rs.inhibitOnFailure === true;
      }
      duplicatesRealServer = true;
    }
    kept.push({ draft: rs, weight });
  }
  if (vs.sorryServer !== undefined && vs.sorryServer.forwarding === undefined) vs.sorryServer.forwarding = defaultForwarding(vs, sink);

  // check_data.c: a quorum above the total weight could never be reached.
  if (vs.quorum > weightSum) {
    sink.error(`Warning - quorum ${vs.quorum} for ${label(vs)} exceeds total weight of real servers ${weightSum}, reducing quorum to ${weightSum}`);
    vs.quorum = weightSum;
  }
  if (vs.hysteresis >= vs.quorum) {
    // Unsigned in keepalived: a quorum of 0 (all weights 0) wraps to UINT_MAX.
    const hysteresis = (vs.quorum - 1) >>> 0;
    sink.error(`Virtual server ${label(vs)}: hysteresis ${vs.hysteresis} >= quorum ${vs.quorum}; setting hysteresis to ${hysteresis}`);
    vs.hysteresis = hysteresis;
  }

  const ports = checkPorts(vs, kept.map((k) => k.draft), label(vs), sink);
  const realServers = kept.map((k, i) => finishRealServer(k.draft, k.weight, ports.realServers[i] ?? k.draft.address, vs, globals));
  const sorry = vs.sorryServer;
  const sorryServer: SorryServer | undefined =
    sorry === undefined
      ? undefined
      : { loc: sorry.loc, address: ports.sorryServer ?? sorry.address, forwarding: sorry.forwarding ?? { kind: 'NAT' }, inhibit: sorry.inhibit, duplicatesRealServer };

  return {
    loc: vs.loc,
    target: vs.target,
    label: label(vs),
    family: vs.family ?? groupFamily(vs),
    protocol: vs.protocol,
    scheduler: vs.scheduler,
    flags: { ...vs.flags },
    forwarding: vs.forwarding ?? { kind: 'NAT' },
    persistenceTimeoutSeconds: vs.persistenceTimeoutSeconds,
    persistenceGranularity: vs.persistenceGranularity,
    persistenceEngine: vs.persistenceEngine,
    haSuspend: vs.haSuspend,
    alpha: vs.alpha ?? false,
    omega: vs.omega,
    quorum: vs.quorum,
    hysteresis: vs.hysteresis,
    quorumUp: vs.quorumUp,
    quorumDown: vs.quorumDown,
    sorryServer,
    virtualhost: vs.virtualhost,
    snmpName: vs.snmpName,
    smtpAlert: vs.smtpAlert,
    delayLoopMicros: vs.delayLoopMicros ?? 0,
    realServers,
  };
}

/** keepalived reports the missing method once and makes NAT the virtual server's method. */
function defaultForwarding(vs: VirtualServerDraft, sink: DiagnosticSink): NonNullable<VirtualServerDraft['forwarding']> {
  if (vs.forwarding === undefined) {
    sink.error(`Virtual server ${label(vs)}: no forwarding method set, setting default NAT`);
    vs.forwarding = { kind: 'NAT' };
  }
  return vs.forwarding;
}

function groupFamily(vs: VirtualServerDraft): VirtualServer['family'] {
  const families = new Set<string>();
  for (const entry of vs.group?.entries ?? []) {
    if (entry.kind === 'range') families.add(entry.first.family);
    else if (entry.family !== undefined) families.add(entry.family);
  }
  if (families.size === 1) return families.has('inet6') ? 'inet6' : 'inet';
  return families.size === 0 ? 'inet' : undefined;
}

function sameAddress(a: SocketAddress, b: SocketAddress): boolean {
  return a.family === b.family && a.address === b.address && a.port === b.port;
}

/** Equal for the addresses sameAddress() calls equal: a set of these finds duplicates without comparing every pair. */
function addressKey(a: SocketAddress): string {
  return `${a.family} ${a.address} ${a.port}`;
}

function finishRealServer(
  rs: RealServerDraft,
  weight: number,
  address: SocketAddress,
  vs: VirtualServerDraft,
  globals: LvsGlobalDefaults,
): RealServer {
  const resolved: ResolvedRealServer = {
    draft: rs,
    address,
    alpha: rs.alpha ?? false,
    retry: rs.retry,
    connectTimeoutMicros: rs.connectTimeoutMicros ?? 0,
    delayLoopMicros: rs.delayLoopMicros ?? 0,
    warmupMicros: rs.warmupMicros,
    delayBeforeRetryMicros: rs.delayBeforeRetryMicros,
  };
  const checkers = rs.checkers.flatMap((c): Checker[] => {
    const checker = resolveChecker(c, resolved, vs, globals);
    return checker === undefined ? [] : [checker];
  });
  return {
    loc: rs.loc,
    address,
    label: realServerLabel(address, vs.protocol),
    weight,
    forwarding: rs.forwarding ?? { kind: 'NAT' },
    upperThreshold: rs.upperThreshold,
    lowerThreshold: rs.lowerThreshold,
    inhibitOnFailure: rs.inhibitOnFailure ?? false,
    alpha: rs.alpha ?? false,
    notifyUp: rs.notifyUp,
    notifyDown: rs.notifyDown,
    smtpAlert: rs.smtpAlert ?? true,
    virtualhost: rs.virtualhost,
    snmpName: rs.snmpName,
    checkers,
  };
}
