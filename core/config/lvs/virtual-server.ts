import { blockOf } from '../blocks.js';
import type { ParseContext } from '../context.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { ConfigNode } from '../syntax.js';
import { isZeroPort, toSocketAddress } from './addresses.js';
import { newCascadedSettings, type VirtualServerDraft } from './drafts.js';
import { parseForwarding } from './forwarding.js';
import { groupNameForMessage } from './labels.js';
import { LVS_SCHEDULERS, type VirtualServerTarget } from './model.js';
import { CONNECT_TIMEOUT_MAX_MICROS, readTimer, readUnsigned, TIMER_UNBOUNDED, trueFalse, UINT_MAX } from './numbers.js';
import { parseRealServer } from './real-server.js';
import { parsePersistenceGranularity } from './persistence.js';
import { scriptRef } from './script-argv.js';

/** IPVS_SVC_PERSISTENT_TIMEOUT and LVS_MAX_TIMEOUT (31 days). */
export const DEFAULT_PERSISTENCE_SECONDS = 360;
const MAX_PERSISTENCE_SECONDS = 2678400;
const WEIGHT_LIMIT = 2147483647;
/** IP_VS_PENAME_MAXLEN - 1. */
const PE_NAME_MAX = 15;
/** KEEPALIVED_DEFAULT_DELAY and the default connect_timeout. */
const DEFAULT_DELAY_LOOP_MICROS = 60_000_000;
export const DEFAULT_CONNECT_TIMEOUT_MICROS = 5_000_000;

/**
 * `virtual_server IP [PORT] | fwmark N | group NAME { ... }` (keepalived
 * check_parser.c vs_handler and keywords, check_data.c alloc_vs, and the
 * end-of-block family checks rs_end_handler / vs_end_handler).
 */
export function parseVirtualServer(node: ConfigNode, ctx: ParseContext): VirtualServerDraft | undefined {
  const { sink } = ctx;
  const target = parseTarget(node, sink);
  if (target === undefined) return undefined;
  // Object.assign, not a literal starting with a spread: see parseRealServer.
  const vs: VirtualServerDraft = Object.assign(newCascadedSettings(), {
    loc: node.loc,
    target,
    family: target.kind === 'address' ? target.address.family : undefined,
    protocol: undefined,
    scheduler: undefined,
    flags: { onePacket: false, flag1: false, flag2: false, flag3: false, shPort: false, shFallback: false, mhPort: false, mhFallback: false },
    forwarding: undefined,
    persistenceTimeoutSeconds: 0,
    persistenceGranularity: undefined,
    persistenceEngine: undefined,
    haSuspend: false,
    omega: false,
    quorum: 1,
    hysteresis: 0,
    quorumUp: undefined,
    quorumDown: undefined,
    sorryServer: undefined,
    virtualhost: undefined,
    snmpName: undefined,
    weight: 1,
    realServers: [],
    group: undefined,
  });
  vs.delayLoopMicros = DEFAULT_DELAY_LOOP_MICROS;
  vs.connectTimeoutMicros = DEFAULT_CONNECT_TIMEOUT_MICROS;
  vs.alpha = false;
  vs.inhibitOnFailure = false;

  for (const child of blockOf(node, sink)) {
    if (child.keyword === 'real_server') {
      const rs = parseRealServer(child, vs, ctx);
      if (rs === undefined) continue;
      // keepalived rs_end_handler: unless tunnelled, the real server fixes or must match the family.
      if (rs.forwarding?.kind !== 'TUN') {
        if (vs.family === undefined) vs.family = rs.address.family;
        else if (vs.family !== rs.address.family) {
          sink.error(`Address family of virtual server and real server ${rs.address.address} don't match - skipping real server.`, child.loc);
          continue;
        }
      }
      vs.realServers.push(rs);
      continue;
    }
    const handler = Object.hasOwn(VIRTUAL_SERVER_KEYWORDS, child.keyword) ? VIRTUAL_SERVER_KEYWORDS[child.keyword] : undefined;
    if (handler === undefined) sink.error(`Unknown keyword '${child.keyword}'`, child.loc);
    else handler(child, vs, sink, ctx);
  }
  settleFamily(vs, sink);
  return vs;
}

function parseTarget(node: ConfigNode, sink: DiagnosticSink): VirtualServerTarget | undefined {
  const [first = '', second] = node.args;
  if (first === 'group') return { kind: 'group', groupName: second ?? '' };
  if (first === 'fwmark') {
    const fwmark = readUnsigned(second ?? '', 0, UINT_MAX, node.loc, sink);
    if (fwmark !== undefined) return { kind: 'fwmark', fwmark };
    sink.error(`virtual server fwmark '${second ?? ''}' must be in [0, ${UINT_MAX}] - ignoring`, node.loc);
    return undefined;
  }
  const port = isZeroPort(second) ? undefined : second;
  const address = toSocketAddress(first, port);
  if (address !== undefined) return { kind: 'address', address };
  const portPart = port === undefined ? '' : `/${port}`;
  sink.error(`Invalid virtual server IP address${port === undefined ? '' : '/port'} ${first}${portPart} - skipping`, node.loc);
  return undefined;
}

/** keepalived vs_end_handler: the sorry server's family, then a fwmark service's family from its servers. */
function settleFamily(vs: VirtualServerDraft, sink: DiagnosticSink): void {
  const sorry = vs.sorryServer;
  if (sorry !== undefined && sorry.forwarding?.kind !== 'TUN') {
    if (vs.family === undefined) vs.family = sorry.address.family;
    else if (vs.family !== sorry.address.family) {
      sink.error(`Address family of virtual server and sorry server ${sorry.address.address} don't match - skipping sorry server.`, sorry.loc);
      vs.sorryServer = undefined;
    }
  }
  if (vs.family !== undefined || vs.target.kind === 'group') return;
  const families = new Set([...(vs.sorryServer ? [vs.sorryServer.address.family] : []), ...vs.realServers.map((rs) => rs.address.family)]);
  // All tunnelled: their common family, else IPv4 (backward compatibility).
  vs.family = families.size === 1 ? [...families][0] : 'inet';
}

type Handler = (node: ConfigNode, vs: VirtualServerDraft, sink: DiagnosticSink, ctx: ParseContext) => void;

function timer(field: 'delayLoopMicros' | 'delayBeforeRetryMicros' | 'warmupMicros' | 'connectTimeoutMicros', min: number, max: number, message: (arg: string) => string): Handler {
  return (node, vs, sink) => {
    const read = readTimer(node.args[0], min, max, node.loc, sink);
    if ('micros' in read) vs[field] = read.micros;
    else if (!read.silentInvalid) sink.error(message(node.args[0] ?? ''), node.loc);
  };
}

function schedulerFlag(node: ConfigNode, vs: VirtualServerDraft, sink: DiagnosticSink): void {
  const word = node.keyword;
  const { flags } = vs;
  if (word === 'ops') flags.onePacket = true;
  else if (word === 'flag-1') flags.flag1 = true;
  else if (word === 'flag-2') flags.flag2 = true;
  else if (word === 'flag-3') flags.flag3 = true;
  // keepalived lbflags_handler: with sh or mh scheduled, other flags are silently ignored.
  else if (vs.scheduler === 'sh') {
    if (word === 'sh-port') flags.shPort = true;
    if (word === 'sh-fallback') flags.shFallback = true;
  } else if (vs.scheduler === 'mh') {
    if (word === 'mh-port') flags.mhPort = true;
    if (word === 'mh-fallback') flags.mhFallback = true;
  } else sink.error(`${word} only applies to sh scheduler - ignoring`, node.loc);
}

function quorumScript(field: 'quorumUp' | 'quorumDown', keyword: string): Handler {
  return (node, vs, sink) => {
    if (vs[field] !== undefined) {
      sink.error(`(${groupNameForMessage(vs.target)}) ${keyword} script already specified - ignoring ${node.args[0] ?? ''}`, node.loc);
      return;
    }
    vs[field] = scriptRef(node.args, node.loc, `${keyword} script`);
  };
}

const setScheduler: Handler = (node, vs, sink) => {
  const name = node.args[0] ?? '';
  const scheduler = LVS_SCHEDULERS.find((s) => s === name);
  if (scheduler === undefined) sink.error(`Invalid lvs_scheduler '${name}' - ignoring`, node.loc);
  else vs.scheduler = scheduler;
};

const setForwarding: Handler = (node, vs, sink) => {
  vs.forwarding = parseForwarding(node, vs.forwarding, 'virtual', sink);
};

const VIRTUAL_SERVER_KEYWORDS: Readonly<Record<string, Handler>> = {
  ip_family: (node, vs, sink) => {
    const text = node.args[0] ?? '';
    if (text !== 'inet' && text !== 'inet6') { sink.error(`unknown address family ${text}`, node.loc); return; }
    if (vs.family !== undefined && vs.family !== text) {
      sink.error(`Virtual server specified family ${text} conflicts with server family`, node.loc); return;
    }
    vs.family = text;
  },
  retry: (node, vs, sink) => {
    const retry = readUnsigned(node.args[0], 1, UINT_MAX, node.loc, sink);
    if (retry === undefined) sink.error(`retry value invalid - ${node.args[0] ?? ''}`, node.loc);
    else vs.retry = retry;
  },
  delay_before_retry: timer('delayBeforeRetryMicros', 0, TIMER_UNBOUNDED, (a) => `virtual server delay before retry '${a}' invalid - ignoring`),
  warmup: timer('warmupMicros', 0, TIMER_UNBOUNDED, (a) => `virtual server warmup '${a}' invalid - ignoring`),
  connect_timeout: timer('connectTimeoutMicros', 1, CONNECT_TIMEOUT_MAX_MICROS, (a) => `virtual server connect_timeout ${a} invalid - ignoring`),
  delay_loop: timer('delayLoopMicros', 1, TIMER_UNBOUNDED, (a) => `virtual server delay loop '${a}' invalid - ignoring`),
  // At virtual server level these take no argument (check_parser.c vs_inhibit_handler, vs_alpha_handler).
  inhibit_on_failure: (_node, vs) => {
    vs.inhibitOnFailure = true;
  },
  alpha: (_node, vs) => {
    vs.alpha = true;
  },
  omega: (_node, vs) => {
    vs.omega = true;
  },
  ha_suspend: (_node, vs) => {
    vs.haSuspend = true;
  },
  // lb_algo / lb_kind are accepted silently by 2.2.7 (observed: no deprecation message).
  lb_algo: setScheduler,
  lvs_sched: setScheduler,
  lb_kind: setForwarding,
  lvs_method: setForwarding,
  hashed: schedulerFlag,
  ops: schedulerFlag,
  'flag-1': schedulerFlag,
  'flag-2': schedulerFlag,
  'flag-3': schedulerFlag,
  'sh-port': schedulerFlag,
  'sh-fallback': schedulerFlag,
  'mh-port': schedulerFlag,
  'mh-fallback': schedulerFlag,
  persistence_engine: (node, vs, sink) => {
    const name = node.args[0] ?? '';
    if (name.length > PE_NAME_MAX) sink.error(`persistence_name too long, truncating - ${name}`, node.loc);
    vs.persistenceEngine = name.slice(0, PE_NAME_MAX);
  },
  persistence_timeout: (node, vs, sink) => {
    if (node.args.length === 0) {
      vs.persistenceTimeoutSeconds = DEFAULT_PERSISTENCE_SECONDS;
      return;
    }
    const seconds = readUnsigned(node.args[0], 1, MAX_PERSISTENCE_SECONDS, node.loc, sink);
    if (seconds === undefined) sink.error('persistence_timeout invalid', node.loc);
    else vs.persistenceTimeoutSeconds = seconds;
  },
  persistence_granularity: (node, vs, sink) => {
    parsePersistenceGranularity(node, vs, sink);
  },
  protocol: (node, vs, sink) => {
    const text = node.args[0] ?? '';
    const upper = text.toUpperCase();
    if (upper === 'TCP' || upper === 'UDP' || upper === 'SCTP') vs.protocol = upper;
    else sink.error(`Unknown protocol ${text} - ignoring`, node.loc);
  },
  smtp_alert: (node, vs, sink) => {
    const value = trueFalse(node.args[0]);
    if (value === undefined) sink.error(`Invalid virtual_server smtp_alert parameter ${node.args[0] ?? ''}`, node.loc);
    else vs.smtpAlert = value;
  },
  virtualhost: (node, vs, sink) => {
    if (node.args.length === 0) sink.error('virtual server virtualhost missing', node.loc);
    else vs.virtualhost = node.args.join(' ');
  },
  snmp_name: (node, vs, sink) => {
    if (node.args.length !== 1) { sink.error('virtual server snmp_name missing or extra parameters', node.loc); return; }
    sink.report('notImplemented', 'snmp_name (SNMP)', node.loc);
    vs.snmpName = node.args[0];
  },
  quorum_up: quorumScript('quorumUp', 'quorum_up'),
  quorum_down: quorumScript('quorumDown', 'quorum_down'),
  quorum: (node, vs, sink) => {
    const quorum = readUnsigned(node.args[0], 1, UINT_MAX, node.loc, sink);
    if (quorum === undefined) sink.error(`Quorum ${node.args[0] ?? ''} must be in [1, ${UINT_MAX}]. Setting to 1.`, node.loc);
    vs.quorum = quorum ?? 1;
  },
  hysteresis: (node, vs, sink) => {
    const hysteresis = readUnsigned(node.args[0], 0, UINT_MAX, node.loc, sink);
    if (hysteresis === undefined) sink.error(`Hysteresis ${node.args[0] ?? ''} must be in [0, ${UINT_MAX}] - ignoring`, node.loc);
    else vs.hysteresis = hysteresis;
  },
  weight: (node, vs, sink) => {
    const weight = readUnsigned(node.args[0], 1, WEIGHT_LIMIT, node.loc, sink);
    if (weight === undefined) sink.error(`Virtual server weight ${node.args[0] ?? ''} is outside range 1-${WEIGHT_LIMIT}`, node.loc);
    else vs.weight = weight;
  },
  sorry_server: (node, vs, sink) => {
    const [ip = '', port] = node.args;
    const address = toSocketAddress(ip, isZeroPort(port) ? undefined : port);
    if (address === undefined) { sink.error(`Invalid sorry server IP address ${ip} - skipping`, node.loc); return; }
    vs.sorryServer = { loc: node.loc, address, forwarding: vs.forwarding, inhibit: false };
  },
  sorry_server_inhibit: (node, vs, sink) => {
    if (vs.sorryServer === undefined) sink.error('Ignoring sorry_server inhibit used before or without sorry_server', node.loc);
    else vs.sorryServer.inhibit = true;
  },
  sorry_server_lvs_method: (node, vs, sink) => {
    if (vs.sorryServer === undefined) sink.error('sorry_server forwarding used without sorry_server', node.loc);
    else vs.sorryServer.forwarding = parseForwarding(node, vs.sorryServer.forwarding, 'sorry', sink);
  },
};
