// IPVS requests as generic netlink payloads (the 4-byte genl header, then attributes): everything
// after the 16-byte nlmsghdr, which the netlink package writes. Built the way keepalived's
// libipvs.c (copied from ipvsadm) builds them (reference ecosystem.md §2.3), and checked byte for
// byte against ipvsadm's captured requests (§2.4) in test/unit/ipvs/messages.test.ts.
import type { IpvsDest, IpvsService, IpvsServiceKey } from '../../core/events/index.js';
import { encodeAttributes, nla, type Attribute, type NestAttribute } from './attributes.js';
import { CmdAttr, DestAttr, IPVS_GENL_VERSION, IpvsCmd, SvcAttr } from './constants.js';
import {
  checkRange,
  familyNumber,
  forwardingNumber,
  inetAddress,
  protocolNumber,
  S32_MAX,
  S32_MIN,
  tunnelChecksumNumber,
  tunnelTypeNumber,
  U16_MAX,
  U32_MAX,
} from './wire-values.js';

/** struct genlmsghdr {u8 cmd; u8 version; u16 reserved} followed by the attributes. */
export function genlPayload(cmd: number, attrs: readonly Attribute[], version: number = IPVS_GENL_VERSION): Uint8Array {
  const body = encodeAttributes(attrs);
  const out = new Uint8Array(4 + body.length);
  out[0] = cmd;
  out[1] = version;
  out.set(body, 4);
  return out;
}

/**
 * Which tunnel attributes a destination carries. keepalived 2.2+ (libipvs.c
 * ipvs_nl_fill_dest_attr) sends them for TUN destinations only: TUN_TYPE, TUN_PORT for gue,
 * TUN_FLAGS unless ipip. ipvsadm 1.31 sends all three on every destination, zero when unused
 * (golden vector 2). The kernel reads an absent one as 0, so both say the same thing; Vigil
 * sends keepalived's layout, and 'ipvsadm' exists to check our bytes against ipvsadm's capture.
 */
export type TunnelLayout = 'keepalived' | 'ipvsadm';

/** IPVS_SVC_ATTR_AF, then FWMARK or PROTOCOL + ADDR + PORT: how the kernel finds a service. */
function serviceIdentity(key: IpvsServiceKey): Attribute[] {
  const af = nla.u16(SvcAttr.AF, familyNumber(key.family));
  if (key.fwmark !== 0) return [af, nla.u32(SvcAttr.FWMARK, checkRange('fwmark', key.fwmark, 1, U32_MAX))];
  return [
    af,
    nla.u16(SvcAttr.PROTOCOL, protocolNumber(key.protocol)),
    nla.binary(SvcAttr.ADDR, inetAddress(key.family, key.address)),
    // keepalived keeps the port in network order and writes it raw: BE on the wire.
    nla.be16(SvcAttr.PORT, checkRange('port', key.port, 0, U16_MAX)),
  ];
}

/**
 * NETMASK as the kernel takes it: IPv4 a __be32 mask, IPv6 a prefix length in host order
 * (ip_vs_ctl.c; keepalived ipvswrapper.c sets 0xffffffff or 128 when there is no granularity).
 */
function netmaskAttribute(family: string, netmask: number): Attribute {
  if (family === 'inet6') return nla.u32(SvcAttr.NETMASK, checkRange('IPv6 netmask (prefix length)', netmask, 0, 128));
  return nla.be32(SvcAttr.NETMASK, checkRange('IPv4 netmask', netmask, 0, U32_MAX));
}

/** ipvs_nl_fill_service_attr: identity, SCHED_NAME, optional PE_NAME, FLAGS {flags, ~0}, TIMEOUT, NETMASK. */
function serviceNest(service: IpvsService): NestAttribute {
  const { key } = service;
  return nla.nest(CmdAttr.SERVICE, [
    ...serviceIdentity(key),
    nla.string(SvcAttr.SCHED_NAME, service.scheduler),
    ...(service.peName !== undefined && service.peName !== '' ? [nla.string(SvcAttr.PE_NAME, service.peName)] : []),
    nla.u32Pair(SvcAttr.FLAGS, checkRange('flags', service.flags, 0, U32_MAX), U32_MAX),
    nla.u32(SvcAttr.TIMEOUT, checkRange('persistence timeout', service.timeout, 0, U32_MAX)),
    netmaskAttribute(key.family, service.netmask),
  ]);
}

/**
 * The service part of a destination command or a delete, when only the key is known: what
 * `ipvsadm -a` / `ipvsadm -D` send (golden vector 2): empty scheduler, no flags, no timeout, the
 * default netmask. The kernel reads only the identity here (ip_vs_genl_parse_service without
 * full_entry).
 */
function serviceKeyNest(key: IpvsServiceKey): NestAttribute {
  return serviceNest({ key, scheduler: '', flags: 0, timeout: 0, netmask: key.family === 'inet6' ? 128 : U32_MAX });
}

function tunnelAttributes(dest: IpvsDest, layout: TunnelLayout): Attribute[] {
  const isTunnel = dest.forwarding === 'TUN';
  if (!isTunnel && layout === 'keepalived') return [];
  const type = isTunnel ? tunnelTypeNumber(dest.tunnelType ?? 'ipip') : 0;
  const port = isTunnel ? checkRange('tunnel port', dest.tunnelPort ?? 0, 0, U16_MAX) : 0;
  const flags = isTunnel ? tunnelChecksumNumber(dest.tunnelChecksum ?? 'nocsum') : 0;
  const attrs: Attribute[] = [nla.u8(DestAttr.TUN_TYPE, type)];
  if (layout === 'ipvsadm' || dest.tunnelType === 'gue') attrs.push(nla.be16(DestAttr.TUN_PORT, port));
  if (layout === 'ipvsadm' || (dest.tunnelType ?? 'ipip') !== 'ipip') attrs.push(nla.u16(DestAttr.TUN_FLAGS, flags));
  return attrs;
}

/** ipvs_nl_fill_dest_attr: ADDR_FAMILY, ADDR, PORT, FWD_METHOD, WEIGHT, tunnel, U_THRESH, L_THRESH. */
function destNest(dest: IpvsDest, layout: TunnelLayout): NestAttribute {
  return nla.nest(CmdAttr.DEST, [
    nla.u16(DestAttr.ADDR_FAMILY, familyNumber(dest.family)),
    nla.binary(DestAttr.ADDR, inetAddress(dest.family, dest.address)),
    nla.be16(DestAttr.PORT, checkRange('port', dest.port, 0, U16_MAX)),
    nla.u32(DestAttr.FWD_METHOD, forwardingNumber(dest.forwarding)),
    // An int on the kernel side; written as its two's-complement u32 like libipvs.c's cast.
    nla.u32(DestAttr.WEIGHT, checkRange('weight', dest.weight, S32_MIN, S32_MAX) >>> 0),
    ...tunnelAttributes(dest, layout),
    nla.u32(DestAttr.U_THRESH, checkRange('upper threshold', dest.upperThreshold, 0, U32_MAX)),
    nla.u32(DestAttr.L_THRESH, checkRange('lower threshold', dest.lowerThreshold, 0, U32_MAX)),
  ]);
}

/** IPVS_CMD_NEW_SERVICE (ipvs_add_service). */
export function newServiceRequest(service: IpvsService): Uint8Array {
  return genlPayload(IpvsCmd.NEW_SERVICE, [serviceNest(service)]);
}

/** IPVS_CMD_SET_SERVICE (ipvs_update_service): the full entry again. */
export function setServiceRequest(service: IpvsService): Uint8Array {
  return genlPayload(IpvsCmd.SET_SERVICE, [serviceNest(service)]);
}

/** IPVS_CMD_DEL_SERVICE: its destinations go with it. */
export function delServiceRequest(key: IpvsServiceKey): Uint8Array {
  return genlPayload(IpvsCmd.DEL_SERVICE, [serviceKeyNest(key)]);
}

/** IPVS_CMD_NEW_DEST: the service's nest, then the destination's. */
export function newDestRequest(key: IpvsServiceKey, dest: IpvsDest, layout: TunnelLayout = 'keepalived'): Uint8Array {
  return genlPayload(IpvsCmd.NEW_DEST, [serviceKeyNest(key), destNest(dest, layout)]);
}

/** IPVS_CMD_SET_DEST: weight, thresholds, forwarding, tunnel settings. */
export function setDestRequest(key: IpvsServiceKey, dest: IpvsDest, layout: TunnelLayout = 'keepalived'): Uint8Array {
  return genlPayload(IpvsCmd.SET_DEST, [serviceKeyNest(key), destNest(dest, layout)]);
}

/** IPVS_CMD_DEL_DEST: keepalived sends the whole destination; the kernel reads ADDR and PORT. */
export function delDestRequest(key: IpvsServiceKey, dest: IpvsDest, layout: TunnelLayout = 'keepalived'): Uint8Array {
  return genlPayload(IpvsCmd.DEL_DEST, [serviceKeyNest(key), destNest(dest, layout)]);
}

/** IPVS_CMD_FLUSH: no attributes; every service of this network namespace. */
export function flushRequest(): Uint8Array {
  return genlPayload(IpvsCmd.FLUSH, []);
}

/** IPVS_CMD_GET_SERVICE, sent with NLM_F_DUMP: every service. */
export function getServicesRequest(): Uint8Array {
  return genlPayload(IpvsCmd.GET_SERVICE, []);
}

/** IPVS_CMD_GET_DEST, sent with NLM_F_DUMP: ipvs_get_dests sends the identity only. */
export function getDestsRequest(key: IpvsServiceKey): Uint8Array {
  return genlPayload(IpvsCmd.GET_DEST, [nla.nest(CmdAttr.SERVICE, serviceIdentity(key))]);
}
