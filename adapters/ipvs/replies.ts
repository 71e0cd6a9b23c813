// GET_SERVICE / GET_DEST dump replies → IpvsService / IpvsDest. The kernel answers a service dump
// with one IPVS_CMD_NEW_SERVICE message per service and a destination dump with one
// IPVS_CMD_NEW_DEST per destination (ip_vs_ctl.c ip_vs_genl_fill_service / _fill_dest). The
// attributes required are the ones keepalived's libipvs.c requires (ipvs_services_parse_cb,
// ipvs_dests_parse_cb); counters and statistics are left out. Nothing here throws: a reply we
// cannot read is a `Parsed` error naming what was wrong.
import type { Family, IpvsDest, IpvsService, IpvsServiceKey } from '../../core/events/index.js';
import { byType, decodeAttributes, malformed, parsed, read, type Parsed, type RawAttribute } from './attributes.js';
import { CmdAttr, DestAttr, IP_VS_SVC_F_HASHED, IpvsCmd, SvcAttr } from './constants.js';
import { familyOfNumber, forwardingOfNumber, inetAddressText, protocolOfNumber, tunnelChecksumOfFlags, tunnelTypeOfNumber } from './wire-values.js';

const GENL_HDRLEN = 4;

/** The attributes inside a reply's top-level `nest` attribute (SERVICE or DEST). */
function nestedOf(payload: Uint8Array, cmd: number, nest: number, what: string): Parsed<Map<number, RawAttribute>> {
  if (payload.length < GENL_HDRLEN) return malformed(`${what}: ${payload.length}-byte message has no genl header`);
  if (payload[0] !== cmd) return malformed(`${what}: reply command ${payload[0] ?? 0}, expected ${cmd}`);
  const top = decodeAttributes(payload.subarray(GENL_HDRLEN));
  if (!top.ok) return malformed(`${what}: ${top.error}`);
  const container = byType(top.value).get(nest);
  if (container === undefined) return malformed(`${what}: no nested attribute ${nest}`);
  const inner = decodeAttributes(container.data);
  return inner.ok ? parsed(byType(inner.value)) : malformed(`${what}: ${inner.error}`);
}

function serviceKeyOf(a: Map<number, RawAttribute>): Parsed<IpvsServiceKey> {
  const af = read.u16(a.get(SvcAttr.AF));
  const family = af === undefined ? undefined : familyOfNumber(af);
  if (family === undefined) return malformed(`service: address family ${af ?? 'missing'} is not AF_INET or AF_INET6`);
  const fwmark = read.u32(a.get(SvcAttr.FWMARK));
  if (fwmark !== undefined && fwmark !== 0) return parsed({ family, protocol: '', address: '', port: 0, fwmark });
  const protocolNumber = read.u16(a.get(SvcAttr.PROTOCOL));
  const addr = a.get(SvcAttr.ADDR);
  const address = addr === undefined ? undefined : inetAddressText(family, addr.data);
  const port = read.be16(a.get(SvcAttr.PORT));
  if (protocolNumber === undefined || address === undefined || port === undefined) {
    return malformed('service: neither FWMARK nor PROTOCOL, ADDR and PORT');
  }
  const protocol = protocolOfNumber(protocolNumber);
  if (protocol === undefined) return malformed(`service ${address}:${port}: unknown protocol ${protocolNumber}`);
  return parsed({ family, protocol, address, port, fwmark: 0 });
}

/** One IPVS_CMD_NEW_SERVICE message of a GET_SERVICE dump (genl header included). */
export function parseServiceReply(payload: Uint8Array): Parsed<IpvsService> {
  const attrs = nestedOf(payload, IpvsCmd.NEW_SERVICE, CmdAttr.SERVICE, 'service');
  if (!attrs.ok) return attrs;
  const a = attrs.value;
  const key = serviceKeyOf(a);
  if (!key.ok) return key;
  const scheduler = read.string(a.get(SvcAttr.SCHED_NAME));
  const flags = read.u32Pair(a.get(SvcAttr.FLAGS));
  const timeout = read.u32(a.get(SvcAttr.TIMEOUT));
  // v4: the __be32 mask as a number; v6: the prefix length in host order (messages.ts).
  const netmask = key.value.family === 'inet' ? read.be32(a.get(SvcAttr.NETMASK)) : read.u32(a.get(SvcAttr.NETMASK));
  if (scheduler === undefined || flags === undefined || timeout === undefined || netmask === undefined) {
    return malformed('service: SCHED_NAME, FLAGS, TIMEOUT or NETMASK missing');
  }
  const peName = read.string(a.get(SvcAttr.PE_NAME));
  return parsed({
    key: key.value,
    scheduler,
    // flags & mask as libipvs.c reads them, without HASHED: the kernel's bookkeeping, which no
    // NEW_SERVICE sends and no config asks for (core/lvs/diff.ts ignores it too).
    flags: (flags[0] & flags[1] & ~IP_VS_SVC_F_HASHED) >>> 0,
    timeout,
    netmask,
    ...(peName === undefined || peName === '' ? {} : { peName }),
  });
}

/** Tunnel settings read the way core/lvs/service.ts writes them: TUN only; a port for gue only. */
function tunnelOf(a: Map<number, RawAttribute>): Parsed<Pick<IpvsDest, 'tunnelType' | 'tunnelPort' | 'tunnelChecksum'>> {
  // Kernels before 5.2 send no TUN_TYPE: those tunnels are all IPIP.
  const typeNumber = read.u8(a.get(DestAttr.TUN_TYPE)) ?? 0;
  const tunnelType = tunnelTypeOfNumber(typeNumber);
  if (tunnelType === undefined) return malformed(`destination: unknown tunnel type ${typeNumber}`);
  const tunnelChecksum = tunnelChecksumOfFlags(read.u16(a.get(DestAttr.TUN_FLAGS)) ?? 0);
  if (tunnelType !== 'gue') return parsed({ tunnelType, tunnelChecksum });
  return parsed({ tunnelType, tunnelPort: read.be16(a.get(DestAttr.TUN_PORT)) ?? 0, tunnelChecksum });
}

/**
 * One IPVS_CMD_NEW_DEST message of a GET_DEST dump. `serviceFamily` is the family of a
 * destination whose reply has no ADDR_FAMILY (kernels before 4.5 answer without it).
 */
export function parseDestReply(payload: Uint8Array, serviceFamily: Family): Parsed<IpvsDest> {
  const attrs = nestedOf(payload, IpvsCmd.NEW_DEST, CmdAttr.DEST, 'destination');
  if (!attrs.ok) return attrs;
  const a = attrs.value;
  const afNumber = read.u16(a.get(DestAttr.ADDR_FAMILY));
  const family = afNumber === undefined ? serviceFamily : familyOfNumber(afNumber);
  if (family === undefined) return malformed(`destination: address family ${afNumber ?? 'missing'} is not AF_INET or AF_INET6`);
  const addr = a.get(DestAttr.ADDR);
  const address = addr === undefined ? undefined : inetAddressText(family, addr.data);
  const port = read.be16(a.get(DestAttr.PORT));
  const method = read.u32(a.get(DestAttr.FWD_METHOD));
  const weight = read.s32(a.get(DestAttr.WEIGHT));
  const upperThreshold = read.u32(a.get(DestAttr.U_THRESH));
  const lowerThreshold = read.u32(a.get(DestAttr.L_THRESH));
  if (address === undefined || port === undefined || method === undefined || weight === undefined || upperThreshold === undefined || lowerThreshold === undefined) {
    return malformed('destination: ADDR, PORT, FWD_METHOD, WEIGHT, U_THRESH or L_THRESH missing');
  }
  const forwarding = forwardingOfNumber(method);
  if (forwarding === undefined) return malformed(`destination ${address}:${port}: unknown forwarding method ${method}`);
  const dest: IpvsDest = { family, address, port, forwarding, weight, upperThreshold, lowerThreshold };
  if (forwarding !== 'TUN') return parsed(dest);
  const tunnel = tunnelOf(a);
  return tunnel.ok ? parsed({ ...dest, ...tunnel.value }) : malformed(`destination ${address}:${port}: ${tunnel.error}`);
}
