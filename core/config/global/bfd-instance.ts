import type { ParseContext } from '../context.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { ConfigNode } from '../syntax.js';
import type { BfdInstance } from './model.js';
import { blockEndLoc, isIpv4, isIpv6, notImplemented, readBoolWith, readDecimalSecondsOr, readIntegerOr } from './readers.js';
import type { GlobalSectionState } from './state.js';

/**
 * `bfd_instance NAME { ... }` (keepalived/bfd/bfd_parser.c, bfd.h limits;
 * messages observed on 2.2.7). Vigil parses BFD but does not run sessions.
 */

// bfd.h BFD_INAME_MAX includes the NUL.
const BFD_INAME_MAX = 32;
const MS_MAX = Math.floor(4294967295 / 1000);

interface BfdDraft {
  neighborIp?: string;
  neighborWord: 'neighbor' | 'neighbour';
  sourceIp?: string;
  minRxMicros: number;
  minTxMicros: number;
  idleTxMicros: number;
  multiplier: number;
  passive: boolean;
  ttl?: number;
  maxHops: number;
  multihop: boolean;
  weight: number;
  weightReverse: boolean;
  vrrp: boolean;
  checker: boolean;
  dropped: boolean;
}

const familyOf = (ip: string): 4 | 6 | undefined => (isIpv4(ip) ? 4 : isIpv6(ip) ? 6 : undefined);

// min_rx/min_tx/idle_tx: milliseconds with µs resolution ("number '0' outside range [1.000, 4294967.000]").
function interval(name: string, node: ConfigNode, min: number, sensible: number, sink: DiagnosticSink): number | undefined {
  const ms = readDecimalSecondsOr(node, 0, min, MS_MAX, 3, sink, (t) => `Configuration error: BFD instance ${name} ${node.keyword} value ${t} is not valid (must be in range [${min}-${MS_MAX}]), ignoring`);
  if (ms === undefined) return undefined;
  // readDecimalSecondsOr scales by 10^6: the value read is in ms, so this is ms * 1000 * 1000.
  const micros = Math.round(ms / 1000);
  if (micros > sensible * 1000) sink.warning(`Configuration warning: BFD instance ${name} ${node.keyword} value ${node.args[0] ?? ''} is larger than max sensible (${sensible})`, node.loc);
  return micros;
}

function applyBfdKeyword(name: string, node: ConfigNode, d: BfdDraft, state: GlobalSectionState, sink: DiagnosticSink): void {
  const bad = (what: string, range: string): string => `Configuration error: BFD instance ${name} ${what} value ${node.args[0] ?? ''} not valid (must be in range [${range}]), ignoring`;
  switch (node.keyword) {
    case 'neighbor_ip':
    case 'neighbour_ip': {
      if (node.keyword === 'neighbour_ip') d.neighborWord = 'neighbour';
      const ip = node.args[0] ?? '';
      if (familyOf(ip) === undefined) {
        sink.error(`Configuration error: BFD instance ${name} has malformed ${d.neighborWord} address ${ip}, ignoring instance`, node.loc);
        d.dropped = true;
      } else if (state.bfdInstances.some((b) => b.neighborIp === ip)) {
        sink.error(`Configuration error: BFD instance ${name} has duplicate ${d.neighborWord} address ${ip}, ignoring instance`, node.loc);
        d.dropped = true;
      } else d.neighborIp = ip;
      return;
    }
    case 'source_ip': {
      const ip = node.args[0] ?? '';
      if (familyOf(ip) === undefined) sink.error(`Configuration error: BFD instance ${name} has malformed source address ${ip}, ignoring`, node.loc);
      else d.sourceIp = ip;
      return;
    }
    case 'min_rx':
      d.minRxMicros = interval(name, node, 1, 1000, sink) ?? d.minRxMicros;
      return;
    case 'min_tx':
      d.minTxMicros = interval(name, node, 1, 1000, sink) ?? d.minTxMicros;
      return;
    case 'idle_tx':
      d.idleTxMicros = interval(name, node, 1000, 10000, sink) ?? d.idleTxMicros;
      return;
    case 'multiplier':
      d.multiplier = readIntegerOr(node, 0, 1, 255, sink, () => bad('multiplier', '1-255')) ?? d.multiplier;
      return;
    case 'passive':
      d.passive = true;
      return;
    case 'ttl':
    case 'hoplimit': {
      const ttl = readIntegerOr(node, 0, 1, 255, sink, () => bad('ttl/hoplimit', '1-255'));
      if (ttl !== undefined) d.ttl = ttl;
      return;
    }
    case 'max_hops':
      d.maxHops = readIntegerOr(node, 0, -1, 255, sink, () => bad('max_hops', '-1-255')) ?? d.maxHops;
      return;
    case 'multihop':
      d.multihop = readBoolWith(node, sink, (w) => `Configuration error: BFD instance ${name} invalid multihop value ${w}`) ?? d.multihop;
      return;
    case 'weight': {
      d.weight = readIntegerOr(node, 0, -253, 253, sink, () => `Configuration error: BFD instance ${name} weight value ${node.args[0] ?? ''} not valid (must be in range [-253-253]), ignoring`) ?? d.weight;
      const option = node.args[1];
      if (option === 'reverse') d.weightReverse = true;
      else if (option !== undefined) sink.error(`BFD instance ${name} unknown weight option ${option}`, node.loc);
      return;
    }
    case 'vrrp':
      d.vrrp = true;
      return;
    case 'checker':
      d.checker = true;
      return;
    default:
      sink.error(`Unknown keyword '${node.keyword}'`, node.loc);
  }
}

export function parseBfdInstance(node: ConfigNode, ctx: ParseContext, state: GlobalSectionState): void {
  const { sink } = ctx;
  const name = node.args[0] ?? '';
  if (name.length >= BFD_INAME_MAX) {
    sink.error(`Configuration error: BFD instance ${name} name too long (maximum length is ${BFD_INAME_MAX - 1} characters) - ignoring`, node.loc);
    return;
  }
  if (state.bfdInstances.some((b) => b.name === name) || ctx.defined.bfdInstances.has(name)) {
    sink.error(`Configuration error: BFD instance ${name} already configured - ignoring`, node.loc);
    return;
  }
  if (node.children === undefined) {
    sink.error(`Missing '{' at start of bfd_instance block`, node.loc);
    return;
  }
  notImplemented(node, sink, 'BFD');
  const d: BfdDraft = {
    neighborWord: 'neighbor', minRxMicros: 10_000, minTxMicros: 10_000, idleTxMicros: 1_000_000, multiplier: 5, passive: false,
    maxHops: 0, multihop: false, weight: 0, weightReverse: false, vrrp: false, checker: false, dropped: false,
  };
  for (const child of node.children) {
    applyBfdKeyword(name, child, d, state, sink);
    // keepalived skips the rest of the block once the instance is dropped.
    if (d.dropped) return;
  }
  const end = blockEndLoc(node);
  if (d.neighborIp === undefined) {
    sink.error(`Configuration error: BFD instance ${name} has no ${d.neighborWord} address set, disabling instance`, end);
    return;
  }
  if (d.sourceIp !== undefined && familyOf(d.sourceIp) !== familyOf(d.neighborIp)) {
    sink.error(`Configuration error: BFD instance ${name} source address ${d.sourceIp} and ${d.neighborWord} address ${d.neighborIp} are not of the same family, disabling instance`, end);
    return;
  }
  // RFC 5881: TTL 255 for IPv4, hop limit 64 for IPv6 by default.
  const ttl = d.ttl ?? (familyOf(d.neighborIp) === 4 ? 255 : 64);
  let maxHops = d.maxHops;
  if (maxHops > ttl) {
    sink.error(`BFD instance ${name}: max_hops exceeds ttl/hoplimit - setting to ttl/hoplimit`, end);
    maxHops = ttl;
  }
  // Neither `vrrp` nor `checker`: the session serves both.
  const both = !d.vrrp && !d.checker;
  const result: BfdInstance = {
    name,
    neighborIp: d.neighborIp,
    ...(d.sourceIp === undefined ? {} : { sourceIp: d.sourceIp }),
    minRxMicros: d.minRxMicros,
    minTxMicros: d.minTxMicros,
    idleTxMicros: d.idleTxMicros,
    multiplier: d.multiplier,
    passive: d.passive,
    ttl,
    maxHops,
    weight: d.weight,
    weightReverse: d.weightReverse,
    multihop: d.multihop,
    vrrp: both || d.vrrp,
    checker: both || d.checker,
    loc: node.loc,
  };
  state.bfdInstances.push(result);
  if (result.vrrp) ctx.defined.bfdInstances.set(name, { weight: result.weight, reverse: result.weightReverse });
}
