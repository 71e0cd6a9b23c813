import type { DiagnosticSink } from '../diagnostics.js';
import type { ConfigNode } from '../syntax.js';
import { lineWords } from './address.js';
import { familyOf, parsePrefix } from './ip.js';
import type { AddressFamily, IpRoute, Nexthop, RouteOption } from './model.js';

/**
 * One route line of virtual_routes / static_routes (keepalived vrrp_iproute.c
 * alloc_route): `ip route add` syntax with long option names only, plus
 * no_track / track_group and the deprecated `gw` and `or` words.
 */

const TYPES = new Set(['unicast', 'local', 'broadcast', 'multicast', 'throw', 'unreachable', 'prohibit', 'blackhole', 'nat']);
const SCOPES = new Set(['host', 'link', 'global', 'site', 'nowhere', 'universe']);
const TABLES = new Set(['main', 'local', 'default']);
/** Options taking one unsigned value, with keepalived's message for a bad one. */
const NUMERIC: Readonly<Record<string, string>> = {
  metric: 'Invalid metric %s specified for route',
  priority: 'Invalid metric %s specified for route',
  preference: 'Invalid metric %s specified for route',
  mtu: 'Invalid MTU %s specified for route',
  hoplimit: 'Invalid hoplimit %s specified for route',
  advmss: 'Invalid advmss %s specified for route',
  reordering: 'Invalid reordering value %s specified for route',
  window: 'Invalid window value %s specified for route',
  cwnd: 'Invalid cwnd value %s specified for route',
  ssthresh: 'Invalid ssthresh value %s specified for route',
  initcwnd: 'Invalid initcwnd value %s specified for route',
  initrwnd: 'Invalid initrwnd value %s specified for route',
  quickack: 'Invalid quickack value %s specified for route',
  fastopen_no_cookie: 'Invalid fastopen_no_cookie value %s specified for route',
  expires: 'Invalid expires time %s specified for route',
};
/** Options taking one value Vigil keeps as written. */
const VALUED = new Set(['rtt', 'rttvar', 'rto_min', 'pref', 'realms', 'tos', 'dsfield', 'congctl', 'features', 'vrf', 'as']);
const FLAGS = new Set(['onlink', 'append', 'ttl-propagate']);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface RouteParseOptions {
  /** Virtual routes are tracked unless no_track; static ones only with track_group. */
  readonly virtual: boolean;
}

export function parseRouteLine(node: ConfigNode, sink: DiagnosticSink, opts: RouteParseOptions): IpRoute | undefined {
  const words = lineWords(node);
  const route: Mutable<IpRoute> = { family: 'inet', destination: '', type: 'unicast', options: [], nexthops: [], noTrack: false, loc: node.loc };
  const options: RouteOption[] = [];
  const nexthops: Nexthop[] = [];
  let family: AddressFamily | undefined;
  let current: Mutable<Nexthop> | undefined;
  let sawOr = false;
  const fail = (message: string): undefined => {
    sink.error(message, node.loc);
    return undefined;
  };
  const noteFamily = (f: AddressFamily): boolean => {
    if (family !== undefined && family !== f) return false;
    family = f;
    return true;
  };

  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const next = (): string | undefined => words[++i];
    if (current !== undefined && (word === 'via' || word === 'dev' || word === 'weight' || word === 'onlink')) {
      if (word === 'onlink') current.onlink = true;
      else {
        const value = next();
        if (value === undefined) { fail(`No ${word} parameter specified for route`); return; }
        if (word === 'via') {
          const f = familyOf(value);
          if (f === undefined) { fail(`invalid nexthop address ${value}`); return; }
          if (!noteFamily(f)) { fail('IPv4/6 mismatch for nexthop'); return; }
          current.via = value;
        } else if (word === 'dev') current.dev = value;
        else if (!/^\d+$/.test(value) || Number(value) > 256) { fail(`Invalid weight ${value} specified for route`); return; }
        else if (Number(value) === 0) { fail('Invalid weight 0 specified for route'); return; }
        else current.weight = Number(value);
      }
      continue;
    }
    switch (word) {
      case 'nexthop':
        if (sawOr) { fail('Cannot specify nexthops with "or" route'); return; }
        current = { onlink: false };
        nexthops.push(current);
        continue;
      case 'no_track':
        route.noTrack = true;
        continue;
      case 'inet':
      case 'inet6':
        if (!noteFamily(word)) { fail(word === 'inet' ? 'inet specified for IPv6 route' : 'inet6 specified for IPv4 route'); return; }
        continue;
      case 'default6':
        sink.error("'default6' is deprecated - please replace with 'inet6 default'", node.loc);
        noteFamily('inet6');
        route.destination = 'default';
        continue;
    }
    if (FLAGS.has(word)) {
      options.push({ keyword: word });
      continue;
    }
    if (TYPES.has(word) && route.destination === '' && route.type === 'unicast') {
      route.type = word;
      continue;
    }
    const takesValue = ['src', 'via', 'gw', 'or', 'dev', 'oif', 'table', 'scope', 'protocol', 'proto', 'to', 'from', 'track_group', 'encap'].includes(word)
      || Object.hasOwn(NUMERIC, word) || VALUED.has(word);
    if (takesValue) {
      let value = next();
      if (value === 'lock' && (Object.hasOwn(NUMERIC, word) || VALUED.has(word))) value = next();
      if (value === undefined) { fail(`No ${word} parameter specified for route`); return; }
      const f = word === 'dev' || word === 'oif' || word === 'table' || word === 'scope' ? undefined : familyOf(value.split('/')[0] ?? '');
      switch (word) {
        case 'src':
          if (f === undefined) { fail(`invalid route src address ${value}`); return; }
          if (!noteFamily(f)) { fail('Cannot mix IPv4 and IPv6 addresses for route'); return; }
          route.src = value;
          break;
        case 'gw':
        case 'via':
          if (word === 'gw') sink.error('"gw" for routes is deprecated. Please use "via"', node.loc);
          if (f === undefined) { fail(`invalid route via address ${value}`); return; }
          if (!noteFamily(f)) { fail('Cannot mix IPv4 and IPv6 addresses for route'); return; }
          route.via = value;
          break;
        case 'or':
          sink.error('"or" for routes is deprecated. Please use "nexthop"', node.loc);
          if (sawOr) {
            sink.error('"or" route already specified - ignoring subsequent', node.loc);
            break;
          }
          if (f === undefined) { fail(`Invalid "or" address ${value}`); return; }
          sawOr = true;
          nexthops.push({ via: value, onlink: false });
          break;
        case 'dev':
        case 'oif':
          route.dev = value;
          break;
        case 'table':
          if (!TABLES.has(value) && !/^\d+$/.test(value)) { fail(`Routing table ${value} not found for route`); return; }
          route.table = value;
          break;
        case 'scope':
          if (!SCOPES.has(value) && !/^\d+$/.test(value)) { fail(`Scope ${value} not found or invalid for route`); return; }
          route.scope = value;
          break;
        case 'to':
          if (!setDestination(value)) return undefined;
          break;
        case 'from':
          if (f !== 'inet6') { fail(`route from address only supported with IPv6 (${value})`); return; }
          options.push({ keyword: word, value });
          break;
        case 'track_group':
          route.trackGroup = value;
          break;
        default:
          if (Object.hasOwn(NUMERIC, word) && !/^\d+$/.test(value)) { fail((NUMERIC[word] ?? '').replace('%s', value)); return; }
          if (word === 'metric' || word === 'priority' || word === 'preference') route.metric = Number(value);
          else options.push({ keyword: word, value });
      }
      continue;
    }
    if (route.destination === '' && (word === 'default' || word === 'any' || word === 'all' || parsePrefix(word) !== undefined)) {
      if (!setDestination(word)) return undefined;
      continue;
    }
    fail(`unknown route keyword ${word}`); return;
  }

  function setDestination(value: string): boolean {
    if (value === 'default' || value === 'any' || value === 'all') {
      route.destination = 'default';
      return true;
    }
    const prefix = parsePrefix(value);
    if (prefix === undefined || prefix.badLength !== undefined) {
      sink.error(`VRRP parsed invalid IP ${value}. skipping IP...`, node.loc);
      return false;
    }
    if (!noteFamily(prefix.family)) {
      sink.error('Cannot mix IPv4 and IPv6 addresses for route', node.loc);
      return false;
    }
    route.destination = `${prefix.address}/${prefix.prefixLength ?? (prefix.family === 'inet' ? 32 : 128)}`;
    return true;
  }

  if (route.destination === '') { fail('Route must have a destination'); return; }
  route.family = family ?? 'inet';
  if (route.destination === 'default') route.destination = route.family === 'inet' ? '0.0.0.0/0' : '::/0';
  route.options = options;
  route.nexthops = nexthops;
  const hasDev = route.dev !== undefined || nexthops.some((n) => n.dev !== undefined);
  if (opts.virtual && !route.noTrack && !hasDev) {
    // keepalived vrrp_iproute.c: a route is tracked through its output interface
    sink.error(`Warning - cannot track route ${route.destination} with no interface specified, not tracking`, node.loc);
    route.noTrack = true;
  }
  if (!opts.virtual && route.trackGroup !== undefined && !hasDev) {
    sink.error('Static route cannot have track group if no oif specified', node.loc);
    delete route.trackGroup;
  }
  return route;
}
