import { blockOf } from '../../blocks.js';
import type { DiagnosticSink } from '../../diagnostics.js';
import type { ConfigNode } from '../../syntax.js';
import type { CheckerDraft, ConnectionDraft } from '../drafts.js';
import { newConnectionDraft, newTimingDraft } from '../drafts.js';
import { DNS_QUERY_TYPES, type DnsQueryType } from '../model.js';
import { readUnsigned } from '../numbers.js';
import { applyCommonKeyword, checkConnection, type CommonTarget } from './common.js';
import type { CheckerContext } from './context.js';
import { readHexBytes } from './hex.js';

/**
 * TCP_CHECK, PING_CHECK, SMTP_CHECK, DNS_CHECK and UDP_CHECK: the checkers
 * that open a socket to the real server (keepalived check_tcp.c, check_ping.c,
 * check_smtp.c, check_dns.c, check_udp.c).
 */

type NetworkKind = 'TCP_CHECK' | 'PING_CHECK' | 'SMTP_CHECK' | 'DNS_CHECK' | 'UDP_CHECK';
type NetworkDraft = Extract<CheckerDraft, { kind: NetworkKind }>;
type Own<D> = (node: ConfigNode, draft: D, sink: DiagnosticSink) => void;

function readBlock<D extends NetworkDraft>(
  node: ConfigNode,
  draft: D,
  own: Readonly<Record<string, Own<D>>>,
  sink: DiagnosticSink,
): void {
  const target: CommonTarget = { timing: draft, connection: draft.connection, alpha: undefined, logAllFailures: false };
  for (const child of blockOf(node, sink)) {
    const handler = Object.hasOwn(own, child.keyword) ? own[child.keyword] : undefined;
    if (handler !== undefined) handler(child, draft, sink);
    else if (!applyCommonKeyword(child, target, sink)) sink.error(`Unknown keyword '${child.keyword}'`, child.loc);
  }
  draft.alpha = target.alpha;
  draft.logAllFailures = target.logAllFailures;
}

function base(node: ConfigNode): { loc: ConfigNode['loc']; alpha: undefined; logAllFailures: false } {
  return { loc: node.loc, alpha: undefined, logAllFailures: false };
}

export function parseTcpOrPingCheck(node: ConfigNode, kind: 'TCP_CHECK' | 'PING_CHECK', context: CheckerContext): CheckerDraft[] {
  // Object.assign, not `{ kind, ...base(node), ...newTimingDraft() }`: V8 builds
  // spread objects slowly, and a big config has a TCP_CHECK per real server.
  const draft: NetworkDraft = Object.assign(
    { kind, loc: node.loc, alpha: undefined, logAllFailures: false },
    newTimingDraft(),
    { connection: newConnectionDraft() },
  );
  readBlock(node, draft, {}, context.sink);
  return checkConnection(draft.connection, context.realServerAddress, context.sink, node) ? [draft] : [];
}

type SmtpDraft = Extract<CheckerDraft, { kind: 'SMTP_CHECK' }>;

/**
 * SMTP_CHECK; each deprecated `host { }` block becomes one more checker with
 * its own connection (keepalived 2.2 check_smtp.c smtp_check_end_handler).
 */
export function parseSmtpCheck(node: ConfigNode, context: CheckerContext): CheckerDraft[] {
  const { sink } = context;
  const draft: SmtpDraft = { kind: 'SMTP_CHECK', ...base(node), ...newTimingDraft(), connection: newConnectionDraft(), heloName: undefined };
  const hosts: { node: ConfigNode; connection: ConnectionDraft }[] = [];
  readBlock<SmtpDraft>(
    node,
    draft,
    {
      helo_name: (child, d) => {
        if (child.args.length === 0) sink.error('SMTP_CHECK helo name missing', child.loc);
        else d.heloName = child.args.join(' ');
      },
      host: (child, d) => {
        sink.warning('The SMTP_CHECK host block is deprecated. Please define additional checkers.', child.loc);
        // A host block starts from the checker's connection; its timing keywords set the checker's.
        const connection = { ...d.connection };
        const target: CommonTarget = { timing: d, connection, alpha: undefined, logAllFailures: false };
        for (const line of blockOf(child, sink)) {
          if (!applyCommonKeyword(line, target, sink)) sink.error(`Unknown keyword '${line.keyword}'`, line.loc);
        }
        if (checkConnection(connection, context.realServerAddress, sink, child)) hosts.push({ node: child, connection });
      },
    },
    sink,
  );
  draft.heloName ??= SMTP_DEFAULT_HELO;
  const configured = JSON.stringify(draft.connection) !== JSON.stringify(newConnectionDraft());
  if (configured && !checkConnection(draft.connection, context.realServerAddress, sink, node)) return [];
  const connections = configured || hosts.length === 0 ? [draft.connection, ...hosts.map((h) => h.connection)] : hosts.map((h) => h.connection);
  return connections.map((connection) => ({ ...draft, connection }));
}

/** SMTP_DEFAULT_HELO (check_smtp.h). */
const SMTP_DEFAULT_HELO = 'smtpchecker.keepalived.org';

type DnsDraft = Extract<CheckerDraft, { kind: 'DNS_CHECK' }>;

/** DNS_CHECK { type A|NS|...; name N } — defaults SOA and "." (check_dns.h). */
export function parseDnsCheck(node: ConfigNode, context: CheckerContext): CheckerDraft[] {
  const { sink } = context;
  const draft: DnsDraft = {
    kind: 'DNS_CHECK',
    ...base(node),
    ...newTimingDraft(),
    connection: newConnectionDraft(),
    queryType: 'SOA',
    queryName: undefined,
  };
  readBlock<DnsDraft>(
    node,
    draft,
    {
      type: (child, d) => {
        const text = child.args[0] ?? '';
        const type = DNS_QUERY_TYPES.find((t) => t === text.toUpperCase());
        if (type === undefined) sink.error(`Unknown DNS check type ${text} - ignoring`, child.loc);
        else d.queryType = type satisfies DnsQueryType;
      },
      name: (child, d) => {
        const name = child.args[0] ?? '';
        if (d.queryName !== undefined) { sink.error('DNS_CHECK name already specified - ignoring', child.loc); return; }
        const emptyLabel = (name.startsWith('.') && name !== '.') || name.includes('..');
        if (emptyLabel) { sink.error(`DNS_CHECK name '${name}' has empty label - ignoring`, child.loc); return; }
        d.queryName = name;
      },
    },
    sink,
  );
  draft.queryName ??= '.';
  return checkConnection(draft.connection, context.realServerAddress, sink, node) ? [draft] : [];
}

type UdpDraft = Extract<CheckerDraft, { kind: 'UDP_CHECK' }>;

/** UDP_CHECK { payload HEX; require_reply [HEX]; min_reply_length; max_reply_length } (check_udp.c). */
export function parseUdpCheck(node: ConfigNode, context: CheckerContext): CheckerDraft[] {
  const { sink } = context;
  const draft: UdpDraft = {
    kind: 'UDP_CHECK',
    ...base(node),
    ...newTimingDraft(),
    connection: newConnectionDraft(),
    payload: [],
    requireReply: false,
    replyData: [],
    replyMask: [],
    minReplyLength: 0,
    maxReplyLength: 255,
  };
  const length = (which: 'min' | 'max') => (child: ConfigNode, d: UdpDraft) => {
    const value = readUnsigned(child.args[0], 0, 65535, child.loc, sink);
    if (value === undefined) sink.error(`UDP_CHECK ${which} length ${child.args[0] ?? ''} not valid - must be between 0 & 65535`, child.loc);
    else if (which === 'min') d.minReplyLength = value;
    else d.maxReplyLength = value;
  };
  readBlock<UdpDraft>(
    node,
    draft,
    {
      payload: (child, d) => {
        if (child.args.length === 0) { sink.error('UDP_CHECK payload requires a payload', child.loc); return; }
        const bytes = readHexBytes(child.args.join(' '), false);
        if (bytes === undefined) sink.error('Invalid hex string for UDP_CHECK payload', child.loc);
        else d.payload = bytes.data;
      },
      require_reply: (child, d) => {
        d.requireReply = true;
        if (child.args.length === 0) return;
        const bytes = readHexBytes(child.args.join(' '), true);
        if (bytes === undefined) { sink.error('Invalid hex string for UDP_CHECK reply', child.loc); return; }
        d.replyData = bytes.data;
        d.replyMask = bytes.mask;
      },
      min_reply_length: length('min'),
      max_reply_length: length('max'),
    },
    sink,
  );
  if (!checkConnection(draft.connection, context.realServerAddress, sink, node)) return [];
  if (draft.minReplyLength > draft.maxReplyLength) {
    sink.error(`UDP_CHECK min_reply length ${draft.minReplyLength} > max_reply_length ${draft.maxReplyLength} - will always fail`, node.loc);
  }
  return [draft];
}
