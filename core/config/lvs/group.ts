import { blockOf } from '../blocks.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { ConfigNode, SourceLocation } from '../syntax.js';
import { formatIPv6, isZeroPort, parseAddress, type ParsedAddress } from './addresses.js';
import type { AddressFamily, SocketAddress, VirtualServerGroup, VirtualServerGroupEntry } from './model.js';
import { readUnsigned, UINT_MAX } from './numbers.js';

/**
 * `virtual_server_group NAME { IP [PORT] | IP-END [PORT] | IP/MASK [PORT] | fwmark N [inet|inet6] }`
 * (keepalived check_data.c alloc_vsg_entry, check_parser.c vsg_handler).
 * Returns undefined when keepalived removes the group.
 */
export function parseVirtualServerGroup(node: ConfigNode, sink: DiagnosticSink): VirtualServerGroup | undefined {
  const name = node.args[0] ?? '';
  const ranges: VirtualServerGroupEntry[] = [];
  const fwmarks: VirtualServerGroupEntry[] = [];
  let haveIPv4 = false;
  let haveIPv6 = false;
  let fwmarkWithoutFamily = false;

  for (const line of blockOf(node, sink)) {
    if (line.keyword === 'fwmark') {
      const entry = parseFwmarkEntry(name, line, sink);
      if (entry === undefined) continue;
      if (entry.kind === 'fwmark' && entry.family === undefined) fwmarkWithoutFamily = true;
      if (entry.kind === 'fwmark' && entry.family === 'inet') haveIPv4 = true;
      if (entry.kind === 'fwmark' && entry.family === 'inet6') haveIPv6 = true;
      fwmarks.push(entry);
      continue;
    }
    const entry = parseRangeEntry(line, sink);
    if (entry === undefined) continue;
    if (entry.first.family === 'inet') haveIPv4 = true;
    else haveIPv6 = true;
    ranges.push(entry);
  }

  // keepalived reports these at the closing brace; the tree keeps the opening line.
  if (ranges.length === 0 && fwmarks.length === 0) {
    sink.error(`virtual server group ${name} has no entries - removing`, node.loc);
    return undefined;
  }
  if (haveIPv4 && haveIPv6 && fwmarkWithoutFamily) {
    sink.error(`virtual server group ${name} cannot have IPv4, IPv6 and fwmark without family - removing`, node.loc);
    return undefined;
  }
  return { loc: node.loc, name, entries: [...ranges, ...fwmarks] };
}

function parseFwmarkEntry(group: string, line: ConfigNode, sink: DiagnosticSink): VirtualServerGroupEntry | undefined {
  const text = line.args[0] ?? '';
  const fwmark = readUnsigned(text, 0, UINT_MAX, line.loc, sink);
  if (fwmark === undefined) {
    sink.error(`(${group}): fwmark '${text}' must be in [0, ${UINT_MAX}] - ignoring`, line.loc);
    return undefined;
  }
  const familyText = line.args[1];
  let family: AddressFamily | undefined;
  if (familyText === 'inet' || familyText === 'inet6') family = familyText;
  else if (familyText !== undefined) {
    sink.error(`(${group}): fwmark '${fwmark}' family ${familyText} unknown - ignoring`, line.loc);
    return undefined;
  }
  return { kind: 'fwmark', loc: line.loc, fwmark, family };
}

type RangeEntry = Extract<VirtualServerGroupEntry, { kind: 'range' }>;

function parseRangeEntry(line: ConfigNode, sink: DiagnosticSink): RangeEntry | undefined {
  const text = line.keyword;
  const portText = line.args[0];
  const port = isZeroPort(portText) ? 0 : parsePort(portText ?? '');
  const start = parseAddress(text.split(/[/-]/)[0] ?? '');
  const skip = (message: string): undefined => {
    sink.error(message, line.loc);
    return undefined;
  };
  const shownPort = isZeroPort(portText) ? '' : `/port/${portText ?? ''}`;
  const invalid = `Invalid virtual server group IP address ${text} ${shownPort} - skipping`;
  if (start === undefined || port === undefined) { skip(invalid); return; }

  const slash = text.indexOf('/');
  const dash = text.indexOf('-');
  if (slash >= 0) return maskRange(start, text.slice(slash + 1), port, line.loc, text, sink);
  if (dash < 0) {
    const single = socket(start, port);
    return { kind: 'range', loc: line.loc, first: single, last: single };
  }

  const endText = text.slice(dash + 1);
  const fullEnd = start.family === 'inet' ? endText.includes('.') : endText.includes(':');
  if (fullEnd) {
    const end = parseAddress(endText);
    if (end === undefined) { skip(`Invalid range end ${text} - skipping`); return; }
    if (end.family !== start.family) { skip(`Range address families do not match ${text} - skipping`); return; }
    if (compareParts(start.parts, end.parts) > 0) {
      skip(`Address range end is less than address range start - ${text} - skipping`); return;
    }
    return { kind: 'range', loc: line.loc, first: socket(start, port), last: socket(end, port) };
  }

  // a.b.c.d-e: e replaces the last octet (IPv6: the last 16-bit group, in hex).
  const isV4 = start.family === 'inet';
  const endValue = isV4 ? (/^\d{1,3}$/.test(endText) ? Number(endText) : NaN) : /^[0-9a-fA-F]{1,4}$/.test(endText) ? parseInt(endText, 16) : NaN;
  if (Number.isNaN(endValue) || endValue > (isV4 ? 255 : 0xffff)) { skip(invalid); return; }
  const last = [...start.parts];
  const startValue = last[last.length - 1] ?? 0;
  last[last.length - 1] = endValue;
  if (startValue >= endValue) {
    skip(`Address range end is not greater than address range start - ${text} - skipping`); return;
  }
  return { kind: 'range', loc: line.loc, first: socket(start, port), last: socket(fromParts(start.family, last), port) };
}

function maskRange(
  start: ParsedAddress,
  maskText: string,
  port: number,
  loc: SourceLocation,
  text: string,
  sink: DiagnosticSink,
): RangeEntry | undefined {
  const bitsPerPart = start.family === 'inet' ? 8 : 16;
  const totalBits = start.parts.length * bitsPerPart;
  const mask = /^\d+$/.test(maskText) ? Number(maskText) : NaN;
  if (Number.isNaN(mask) || mask === 0 || mask > totalBits) {
    sink.error(`Invalid netmask - ${text} - skipping`, loc);
    return undefined;
  }
  const hostMasks = start.parts.map((_part, index) => {
    const networkBits = Math.min(Math.max(mask - index * bitsPerPart, 0), bitsPerPart);
    return (1 << (bitsPerPart - networkBits)) - 1;
  });
  const last = start.parts.map((part, index) => part | (hostMasks[index] ?? 0));
  if (start.parts.some((part, index) => (part & (hostMasks[index] ?? 0)) !== 0)) {
    sink.error(`Address mask bits not empty - ${text} - skipping`, loc);
    return undefined;
  }
  return { kind: 'range', loc, first: socket(start, port), last: socket(fromParts(start.family, last), port) };
}

function parsePort(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= 1 && value <= 65535 ? value : undefined;
}

function compareParts(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function fromParts(family: AddressFamily, parts: readonly number[]): ParsedAddress {
  return { family, parts, text: family === 'inet' ? parts.join('.') : formatIPv6(parts) };
}

function socket(address: ParsedAddress, port: number): SocketAddress {
  return { family: address.family, address: address.text, port };
}
