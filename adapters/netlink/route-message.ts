// RouteSpec -> the rtmsg header and RTA_* attributes of RTM_NEWROUTE / RTM_DELROUTE, with
// iproute2's defaults (ip/iproute.c iproute_modify), which keepalived's vrrp_iproute.c mirrors.
import type { rt } from 'netlink';
import type { RouteSpec } from '../../core/events/index.js';
import { addressBytes, familyNumber, invalid, prefixOf, scopeNumber, tableNumber } from './wire-values.js';

/**
 * netlink@0.3.0 types rtm_protocol and rtm_scope as its enums, which lack values the kernel takes
 * (any u8): RTPROT_KEEPALIVED, numeric scopes.
 */
/* eslint-disable @typescript-eslint/no-unsafe-enum-assignment -- these kernel fields are plain u8s */
const protocolField = (n: number): rt.RouteProtocol => n;
const scopeField = (n: number): rt.RouteScope => n;
/* eslint-enable @typescript-eslint/no-unsafe-enum-assignment */

/** keepalived marks its routes `proto keepalived` (RTPROT_KEEPALIVED, /etc/iproute2/rt_protos). */
export const RTPROT_KEEPALIVED = 18;
const RT_TABLE_MAIN = 254;

const TYPES: Readonly<Record<string, keyof typeof rt.RouteType>> = {
  unicast: 'UNICAST', local: 'LOCAL', broadcast: 'BROADCAST', anycast: 'ANYCAST', multicast: 'MULTICAST',
  blackhole: 'BLACKHOLE', unreachable: 'UNREACHABLE', prohibit: 'PROHIBIT', throw: 'THROW', nat: 'NAT',
};

export interface RouteMessage {
  readonly data: rt.Route;
  readonly attrs: rt.RouteAttrs;
  /** RTA_OIF comes from this interface name, resolved by the caller. */
  readonly dev?: string;
}

/** Fields this adapter does not send yet: refused rather than silently dropped. */
function refuseUnsupported(spec: RouteSpec): void {
  if (spec.nexthops.length > 0) throw invalid(`multipath routes (nexthop) are not supported yet: ${spec.destination}`);
  const option = spec.options[0];
  if (option !== undefined) throw invalid(`route option ${option.keyword} is not supported yet: ${spec.destination}`);
}

function typeOf(spec: RouteSpec): keyof typeof rt.RouteType {
  const type = TYPES[spec.type === '' ? 'unicast' : spec.type];
  if (type === undefined) throw invalid(`unknown route type ${spec.type}`);
  return type;
}

/** iproute2: local/nat routes are host scope, broadcast/multicast/anycast link, a unicast route with no gateway link. */
function defaultScope(type: keyof typeof rt.RouteType, spec: RouteSpec): number {
  if (type === 'LOCAL' || type === 'NAT') return 254;
  if (type === 'BROADCAST' || type === 'MULTICAST' || type === 'ANYCAST') return 253;
  if (type === 'UNICAST' && spec.via === undefined) return 253;
  return 0;
}

/** The parts an add and a delete share: destination, table, gateway, source, metric. */
function common(spec: RouteSpec): { data: rt.Route; attrs: rt.RouteAttrs } {
  refuseUnsupported(spec);
  const destination = prefixOf(spec.family, spec.destination);
  const table = spec.table === undefined ? RT_TABLE_MAIN : tableNumber(spec.table);
  // rtm_table is a u8: a bigger id goes in RTA_TABLE only (iproute2 does the same).
  const data: rt.Route = { family: familyNumber(spec.family), dstLen: destination.length, table: table < 256 ? table : 0 };
  const attrs: rt.RouteAttrs = { table };
  if (destination.length > 0) attrs.dst = destination.bytes;
  if (spec.via !== undefined) attrs.gateway = addressBytes(spec.family, spec.via);
  if (spec.src !== undefined) attrs.prefsrc = addressBytes(spec.family, spec.src);
  if (spec.metric !== undefined) attrs.priority = spec.metric;
  return { data, attrs };
}

export function newRouteMessage(spec: RouteSpec): RouteMessage {
  const { data, attrs } = common(spec);
  const type = typeOf(spec);
  data.type = type;
  data.protocol = protocolField(RTPROT_KEEPALIVED);
  data.scope = scopeField(spec.scope === undefined ? defaultScope(type, spec) : scopeNumber(spec.scope));
  return { data, attrs, ...(spec.dev === undefined ? {} : { dev: spec.dev }) };
}

/**
 * A delete names what it matches: the kernel (fib_table_delete) skips the type, scope and
 * protocol checks for 0 / RT_SCOPE_NOWHERE, as `ip route del` leaves them.
 */
export function delRouteMessage(spec: RouteSpec): RouteMessage {
  const { data, attrs } = common(spec);
  data.scope = scopeField(spec.scope === undefined ? 255 : scopeNumber(spec.scope));
  if (spec.type !== '' && spec.type !== 'unicast') data.type = typeOf(spec);
  return { data, attrs, ...(spec.dev === undefined ? {} : { dev: spec.dev }) };
}
