import { blockOf } from '../blocks.js';
import type { ParseContext } from '../context.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { ConfigNode } from '../syntax.js';
import { isZeroPort, toSocketAddress } from './addresses.js';
import { CHECKER_PARSERS } from './checkers/table.js';
import { newCascadedSettings, type RealServerDraft, type VirtualServerDraft } from './drafts.js';
import { parseForwarding } from './forwarding.js';
import { groupNameForMessage, realServerLabel } from './labels.js';
import { CONNECT_TIMEOUT_MAX_MICROS, readTimer, readUnsigned, TIMER_UNBOUNDED, trueFalse, UINT_MAX } from './numbers.js';
import { scriptRef } from './script-argv.js';

/** IPVS_WEIGHT_LIMIT. */
const WEIGHT_LIMIT = 2147483647;

/**
 * `real_server IP [PORT] { ... }` (keepalived check_parser.c rs_handler and
 * the real server keywords; check_data.c alloc_rs). Returns undefined when
 * keepalived skips the block.
 */
export function parseRealServer(node: ConfigNode, vs: VirtualServerDraft, ctx: ParseContext): RealServerDraft | undefined {
  const { sink } = ctx;
  const [ip = '', portText] = node.args;
  const address = toSocketAddress(ip, isZeroPort(portText) ? undefined : portText);
  if (address === undefined) {
    sink.error(`Invalid real server ip address/port ${ip}/${portText ?? '(null)'} - skipping`, node.loc);
    return undefined;
  }
  // Object.assign, not `{ ...newCascadedSettings(), loc, ... }`: V8 builds an object
  // literal that starts with a spread slowly (~10 µs each), which 5,000 real servers feel.
  const rs: RealServerDraft = Object.assign(newCascadedSettings(), {
    loc: node.loc,
    address,
    weight: undefined,
    // alloc_rs copies the virtual server's method as it stands on this line.
    forwarding: vs.forwarding,
    upperThreshold: 0,
    lowerThreshold: 0,
    notifyUp: undefined,
    notifyDown: undefined,
    virtualhost: undefined,
    snmpName: undefined,
    checkers: [],
  });
  const bfds = new Set<string>();
  const checkerContext = {
    sink,
    parse: ctx,
    realServerAddress: address.address,
    realServerLabel: () => realServerLabel(rs.address, vs.protocol),
    monitoredBfds: bfds,
  };
  for (const child of blockOf(node, sink)) {
    const checker = Object.hasOwn(CHECKER_PARSERS, child.keyword) ? CHECKER_PARSERS[child.keyword] : undefined;
    if (checker !== undefined) {
      for (const draft of checker(child, checkerContext)) {
        if (draft.kind === 'BFD_CHECK' && draft.bfdName !== undefined) bfds.add(draft.bfdName);
        rs.checkers.push(draft);
      }
      continue;
    }
    const handler = Object.hasOwn(REAL_SERVER_KEYWORDS, child.keyword) ? REAL_SERVER_KEYWORDS[child.keyword] : undefined;
    if (handler === undefined) sink.error(`Unknown keyword '${child.keyword}'`, child.loc);
    else handler(child, rs, vs, sink);
  }
  return rs;
}

type Handler = (node: ConfigNode, rs: RealServerDraft, vs: VirtualServerDraft, sink: DiagnosticSink) => void;

function timer(field: 'delayLoopMicros' | 'delayBeforeRetryMicros' | 'warmupMicros' | 'connectTimeoutMicros', min: number, max: number, message: (arg: string) => string): Handler {
  return (node, rs, _vs, sink) => {
    const read = readTimer(node.args[0], min, max, node.loc, sink);
    if ('micros' in read) rs[field] = read.micros;
    else if (!read.silentInvalid) sink.error(message(node.args[0] ?? ''), node.loc);
  };
}

function flag(field: 'inhibitOnFailure' | 'alpha' | 'smtpAlert', message: string): Handler {
  return (node, rs, _vs, sink) => {
    const value = trueFalse(node.args[0]);
    if (value === undefined) sink.error(`${message} ${node.args[0] ?? ''}`, node.loc);
    else rs[field] = value;
  };
}

function notify(field: 'notifyUp' | 'notifyDown', keyword: string): Handler {
  return (node, rs, vs, sink) => {
    if (rs[field] !== undefined) {
      sink.error(`(${groupNameForMessage(vs.target)}) ${keyword} script already specified - ignoring ${node.args[0] ?? ''}`, node.loc);
      return;
    }
    rs[field] = scriptRef(node.args, node.loc, `${keyword} script`);
  };
}

const REAL_SERVER_KEYWORDS: Readonly<Record<string, Handler>> = {
  weight: (node, rs, _vs, sink) => {
    const weight = readUnsigned(node.args[0], 0, WEIGHT_LIMIT, node.loc, sink);
    if (weight === undefined) sink.error(`Real server weight ${node.args[0] ?? ''} is outside range 0-${WEIGHT_LIMIT}`, node.loc);
    else rs.weight = weight;
  },
  lvs_method: (node, rs, _vs, sink) => {
    rs.forwarding = parseForwarding(node, rs.forwarding, 'real', sink);
  },
  uthreshold: (node, rs, _vs, sink) => {
    const value = readUnsigned(node.args[0], 0, UINT_MAX, node.loc, sink);
    if (value === undefined) sink.error(`Invalid real_server uthreshold '${node.args[0] ?? ''}' - ignoring`, node.loc);
    else rs.upperThreshold = value;
  },
  lthreshold: (node, rs, _vs, sink) => {
    const value = readUnsigned(node.args[0], 0, UINT_MAX, node.loc, sink);
    if (value === undefined) sink.error(`Invalid real_server lthreshold '${node.args[0] ?? ''}' - ignoring`, node.loc);
    else rs.lowerThreshold = value;
  },
  inhibit_on_failure: flag('inhibitOnFailure', 'Invalid inhibit_on_failure parameter'),
  alpha: flag('alpha', 'Invalid alpha parameter'),
  smtp_alert: flag('smtpAlert', 'Invalid real_server smtp_alert parameter'),
  notify_up: notify('notifyUp', 'notify_up'),
  notify_down: notify('notifyDown', 'notify_down'),
  retry: (node, rs, _vs, sink) => {
    const retry = readUnsigned(node.args[0], 1, UINT_MAX, node.loc, sink);
    if (retry === undefined) sink.error(`retry value invalid - ${node.args[0] ?? ''}`, node.loc);
    else rs.retry = retry;
  },
  delay_before_retry: timer('delayBeforeRetryMicros', 0, TIMER_UNBOUNDED, (a) => `real server delay_before_retry '${a}' invalid - ignoring`),
  warmup: timer('warmupMicros', 0, TIMER_UNBOUNDED, (a) => `real server warmup '${a}' invalid - ignoring`),
  connect_timeout: timer('connectTimeoutMicros', 1, CONNECT_TIMEOUT_MAX_MICROS, (a) => `real server connect_timeout ${a} invalid - ignoring`),
  delay_loop: timer('delayLoopMicros', 1, TIMER_UNBOUNDED, (a) => `real server delay_loop '${a}' invalid - ignoring`),
  virtualhost: (node, rs, _vs, sink) => {
    if (node.args.length === 0) sink.error('real server virtualhost missing', node.loc);
    else rs.virtualhost = node.args.join(' ');
  },
  snmp_name: (node, rs, _vs, sink) => {
    if (node.args.length !== 1) { sink.error('real server snmp_name missing or extra parameters', node.loc); return; }
    sink.report('notImplemented', 'snmp_name (SNMP)', node.loc);
    rs.snmpName = node.args[0];
  },
};
