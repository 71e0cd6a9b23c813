import type { DiagnosticSink } from '../../diagnostics.js';
import type { ConfigNode } from '../../syntax.js';
import { toSocketAddress } from '../addresses.js';
import type { CheckerTimingDraft, ConnectionDraft } from '../drafts.js';
import { CONNECT_TIMEOUT_MAX_MICROS, readTimer, readUnsigned, TIMER_UNBOUNDED, trueFalse, UINT_MAX } from '../numbers.js';

/**
 * Keywords every checker block shares (keepalived check_api.c
 * install_checker_common_keywords): connection options for network checkers,
 * retry/timing/alpha/log_all_failures for every launched checker.
 */

export interface CommonTarget {
  timing: CheckerTimingDraft;
  connection: ConnectionDraft | undefined;
  alpha: boolean | undefined;
  logAllFailures: boolean;
}

type Handler = (node: ConfigNode, target: CommonTarget, sink: DiagnosticSink) => void;

/** IFNAMSIZ - 1. */
const MAX_INTERFACE_NAME = 15;

const CONNECTION_HANDLERS: Readonly<Record<string, (node: ConfigNode, co: ConnectionDraft, sink: DiagnosticSink) => void>> = {
  connect_ip: (node, co, sink) => {
    const text = node.args[0] ?? '';
    const address = toSocketAddress(text, undefined);
    if (address === undefined) {
      sink.error(`Invalid connect_ip address ${text} - ignoring`, node.loc);
      // keepalived's failed inet_stosockaddr leaves the destination unset.
      co.destinationAddress = undefined;
      return;
    }
    if (co.bindAddress !== undefined && co.bindAddress.family !== address.family) {
      sink.error(`connect_ip address ${text} does not match address family of bindto - skipping`, node.loc);
      co.destinationAddress = undefined;
      return;
    }
    co.destinationAddress = address;
  },
  connect_port: (node, co, sink) => {
    const port = readUnsigned(node.args[0], 1, 65535, node.loc, sink);
    if (port === undefined) sink.error(`Invalid checker connect_port '${node.args[0] ?? ''}'`, node.loc);
    else co.destinationPort = port;
  },
  bindto: (node, co, sink) => {
    const text = node.args[0] ?? '';
    const address = toSocketAddress(text, undefined);
    if (address === undefined) {
      sink.error(`Invalid bindto address ${text} - ignoring`, node.loc);
      return;
    }
    if (co.destinationAddress !== undefined && co.destinationAddress.family !== address.family) {
      sink.error(`bindto address ${text} does not match address family of connect_ip - skipping`, node.loc);
      co.bindAddress = undefined;
      return;
    }
    co.bindAddress = address;
  },
  bind_port: (node, co, sink) => {
    const port = readUnsigned(node.args[0], 1, 65535, node.loc, sink);
    if (port === undefined) sink.error(`Invalid checker bind_port '${node.args[0] ?? ''}'`, node.loc);
    else co.bindPort = port;
  },
  bind_if: (node, co, sink) => {
    const name = node.args[0] ?? '';
    if (name.length > MAX_INTERFACE_NAME) sink.error(`Interface name ${name} is too long - ignoring`, node.loc);
    else co.bindInterface = name;
  },
  connect_timeout: (node, co, sink) => {
    const read = readTimer(node.args[0], 1, CONNECT_TIMEOUT_MAX_MICROS, node.loc, sink);
    if ('micros' in read) co.connectTimeoutMicros = read.micros;
    else sink.error(`connect_timeout ${node.args[0] ?? ''} invalid - ignoring`, node.loc);
  },
  fwmark: (node, co, sink) => {
    const mark = readUnsigned(node.args[0], 0, UINT_MAX, node.loc, sink);
    if (mark === undefined) sink.error(`Invalid fwmark connection value '${node.args[0] ?? ''}'`, node.loc);
    else co.fwmark = mark;
  },
};

const TIMING_HANDLERS: Readonly<Record<string, Handler>> = {
  retry: (node, target, sink) => {
    const retry = readUnsigned(node.args[0], 0, UINT_MAX, node.loc, sink);
    if (retry === undefined) sink.error(`Invalid retry connection value '${node.args[0] ?? ''}'`, node.loc);
    else target.timing.retry = retry;
  },
  delay_before_retry: (node, target, sink) => {
    const read = readTimer(node.args[0], 0, TIMER_UNBOUNDED, node.loc, sink);
    if ('micros' in read) target.timing.delayBeforeRetryMicros = read.micros;
    else if (!read.silentInvalid) sink.error(`Invalid delay_before_retry connection value '${node.args[0] ?? ''}'`, node.loc);
  },
  warmup: (node, target, sink) => {
    const read = readTimer(node.args[0], 0, TIMER_UNBOUNDED, node.loc, sink);
    if ('micros' in read) target.timing.warmupMicros = read.micros;
    else if (!read.silentInvalid) sink.error(`Invalid warmup connection value '${node.args[0] ?? ''}'`, node.loc);
  },
  delay_loop: (node, target, sink) => {
    const read = readTimer(node.args[0], 1, TIMER_UNBOUNDED, node.loc, sink);
    if ('micros' in read) target.timing.delayLoopMicros = read.micros;
    else sink.error(`delay_loop '${node.args[0] ?? ''}' is invalid - ignoring`, node.loc);
  },
  alpha: (node, target, sink) => {
    const value = trueFalse(node.args[0]);
    if (value === undefined) sink.error(`Invalid alpha parameter ${node.args[0] ?? ''}`, node.loc);
    else target.alpha = value;
  },
  log_all_failures: (node, target, sink) => {
    const value = trueFalse(node.args[0]);
    if (value === undefined) sink.error(`Invalid log_all_failures parameter ${node.args[0] ?? ''}`, node.loc);
    else target.logAllFailures = value;
  },
};

/**
 * Applies `node` if it is a common keyword; returns false when it is not, so
 * the checker's own table (and then "Unknown keyword") gets it.
 */
export function applyCommonKeyword(node: ConfigNode, target: CommonTarget, sink: DiagnosticSink): boolean {
  const connectionHandler = Object.hasOwn(CONNECTION_HANDLERS, node.keyword) ? CONNECTION_HANDLERS[node.keyword] : undefined;
  if (connectionHandler !== undefined && target.connection !== undefined) {
    connectionHandler(node, target.connection, sink);
    return true;
  }
  const timingHandler = Object.hasOwn(TIMING_HANDLERS, node.keyword) ? TIMING_HANDLERS[node.keyword] : undefined;
  if (timingHandler === undefined) return false;
  timingHandler(node, target, sink);
  return true;
}

/** keepalived check_conn_opts(): an IPv6 link-local destination needs bind_if. */
export function checkConnection(co: ConnectionDraft, fallbackAddress: string, sink: DiagnosticSink, node: ConfigNode): boolean {
  const address = co.destinationAddress?.address ?? fallbackAddress;
  const family = co.destinationAddress?.family ?? (fallbackAddress.includes(':') ? 'inet6' : 'inet');
  if (family === 'inet6' && /^fe[89ab]/i.test(address) && co.bindInterface === undefined) {
    sink.error(`Checker link local address ${address} requires a bind_if`, node.loc);
    return false;
  }
  return true;
}
