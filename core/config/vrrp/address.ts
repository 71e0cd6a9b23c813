import type { DiagnosticSink } from '../diagnostics.js';
import type { ConfigNode } from '../syntax.js';
import { ipv4ToNumber, maxPrefix, numberToIpv4, parsePrefix } from './ip.js';
import type { IpAddress } from './model.js';

/**
 * One address line of virtual_ipaddress / virtual_ipaddress_excluded /
 * static_ipaddress (keepalived vrrp_ipaddress.c parse_ipaddress + alloc_ipaddress):
 *   <IP>[/<MASK>] [brd IP|+|-] [dev IF] [scope S] [label L] [peer IP] [home] [-nodad]
 *   [mngtmpaddr] [noprefixroute] [autojoin] [use_vmac] [no_track] [track_group G]
 *   [preferred_lft N|forever]
 */

const SCOPES = new Set(['site', 'link', 'host', 'nowhere', 'global']);
const FLAGS = new Set(['home', '-nodad', 'nodad', 'mngtmpaddr', 'noprefixroute', 'autojoin', 'use_vmac', 'deprecated']);
const WITH_VALUE = new Set(['brd', 'dev', 'scope', 'label', 'peer', 'track_group', 'preferred_lft']);
/** IFNAMSIZ - 1 (keepalived: "Address label %s is longer than maximum length %d"). */
const MAX_LABEL = 15;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The words of a block line: the lexer made the first word the node's keyword. */
export function lineWords(node: ConfigNode): string[] {
  return [node.keyword, ...node.args];
}

export function parseIpAddressLine(node: ConfigNode, sink: DiagnosticSink): IpAddress | undefined {
  const words = lineWords(node);
  const first = words[0] ?? '';
  const prefix = parsePrefix(first);
  if (prefix === undefined) {
    sink.error(`VRRP parsed invalid IP ${first}. skipping IP...`, node.loc);
    return undefined;
  }
  const max = maxPrefix(prefix.family);
  let prefixLength = prefix.prefixLength ?? max;
  if (prefix.badLength !== undefined) {
    sink.error(`Invalid address prefix len ${prefix.badLength} for address ${prefix.address} - using ${max}`, node.loc);
  }
  const addr: Mutable<IpAddress> = {
    address: prefix.address,
    prefixLength,
    family: prefix.family,
    flags: [],
    noTrack: false,
    loc: node.loc,
  };
  const flags: string[] = [];
  let brdWord: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const word = words[i] ?? '';
    if (FLAGS.has(word)) {
      flags.push(word === 'nodad' ? '-nodad' : word);
      continue;
    }
    if (word === 'no_track') {
      addr.noTrack = true;
      continue;
    }
    if (!WITH_VALUE.has(word)) {
      sink.error(`Unknown configuration entry '${word}' for ip address - ignoring`, node.loc);
      continue;
    }
    const value = words[++i];
    if (value === undefined) {
      sink.error(`No ${word} parameter specified for ${first}`, node.loc);
      break;
    }
    switch (word) {
      case 'dev':
        if (addr.dev !== undefined) sink.error(`Cannot specify ipaddress device more than once for ${first}`, node.loc);
        else addr.dev = value;
        break;
      case 'scope':
        if (SCOPES.has(value) || /^\d+$/.test(value)) addr.scope = value;
        else sink.error(`Invalid scope '${value}' specified for ${first} - ignoring`, node.loc);
        break;
      case 'label':
        if (value.length > MAX_LABEL) {
          sink.error(`Address label ${value} is longer than maximum length ${MAX_LABEL} - removing address`, node.loc);
          return undefined;
        }
        addr.label = value;
        break;
      case 'brd':
        if (prefix.family === 'inet6') {
          sink.error(`VRRP is trying to assign a broadcast ${value} to the IPv6 address ${first} !!?? WTF... skipping VIP...`, node.loc);
          return undefined;
        }
        if (value !== '+' && value !== '-' && parsePrefix(value)?.family !== 'inet') {
          sink.error(`VRRP is trying to assign invalid broadcast ${value}. skipping VIP...`, node.loc);
          return undefined;
        }
        brdWord = value;
        break;
      case 'peer': {
        const peer = parsePrefix(value);
        if (peer === undefined) {
          sink.error(`Invalid peer address ${value}`, node.loc);
        } else if (addr.peer !== undefined) {
          sink.error(`Peer ${value} - another peer has already been specified`, node.loc);
        } else if (peer.family !== prefix.family) {
          sink.error(`Peer address ${value} does not match address family`, node.loc);
        } else {
          if (prefix.prefixLength !== undefined) {
            sink.error('Cannot specify address prefix when specifying peer address - ignoring', node.loc);
          }
          addr.peer = value;
          prefixLength = peer.prefixLength ?? maxPrefix(peer.family);
        }
        break;
      }
      case 'track_group':
        addr.trackGroup = value;
        break;
      case 'preferred_lft':
        if (value === 'forever') addr.preferredLft = 'forever';
        else if (/^\d+$/.test(value) && Number(value) <= 0xffffffff) addr.preferredLft = Number(value);
        else sink.error(`preferred_lft ${value} is invalid`, node.loc);
        break;
    }
  }
  if (brdWord !== undefined) {
    if (addr.peer !== undefined) {
      sink.error('Cannot specify broadcast and peer addresses - ignoring broadcast address', node.loc);
    } else if (brdWord === '+' || brdWord === '-') {
      if (prefixLength >= 31) sink.error(`Address prefix length ${prefixLength} too long for broadcast`, node.loc);
      else addr.brd = broadcastOf(addr.address, prefixLength, brdWord === '+');
    } else {
      addr.brd = brdWord;
    }
  }
  if (prefix.family === 'inet6') {
    if (addr.scope !== undefined) {
      sink.error(`Cannot specify scope for IPv6 addresses (${first}) - ignoring scope`, node.loc);
      delete addr.scope;
    }
    if (addr.label !== undefined) {
      sink.error(`Cannot specify label for IPv6 addresses (${first}) - ignoring label`, node.loc);
      delete addr.label;
    }
  }
  addr.prefixLength = prefixLength;
  addr.flags = flags;
  return addr;
}

/** `brd +` sets the host bits, `brd -` clears them (ip-address(8)). */
function broadcastOf(address: string, prefixLength: number, set: boolean): string {
  const hostBits = 2 ** (32 - prefixLength);
  const network = ipv4ToNumber(address) - (ipv4ToNumber(address) % hostBits);
  return numberToIpv4(set ? network + hostBits - 1 : network);
}

/** Display form used in keepalived's messages: the address and, if not a host route, its prefix. */
export function formatAddress(addr: IpAddress): string {
  return addr.prefixLength === maxPrefix(addr.family) ? addr.address : `${addr.address}/${addr.prefixLength}`;
}
