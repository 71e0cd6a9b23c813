// The IPVS family id is dynamic: ask the generic netlink controller for it by name, as libnl's
// genl_ctrl_resolve does for ipvsadm and keepalived (reference ecosystem.md §2.1, §2.4: ipvsadm
// sends `03 01 00 00 | 09 00 02 00 "IPVS\0"`). Asking also makes the kernel load ip_vs when
// modules.alias knows `net-pf-16-proto-16-family-IPVS`.
import { byType, decodeAttributes, malformed, nla, parsed, read, type Parsed } from './attributes.js';
import { CTRL_CMD_GETFAMILY, CTRL_VERSION, CtrlAttr, IPVS_GENL_NAME } from './constants.js';
import { genlPayload } from './messages.js';

/** CTRL_CMD_GETFAMILY for one family name. */
export function getFamilyRequest(name: string = IPVS_GENL_NAME): Uint8Array {
  return genlPayload(CTRL_CMD_GETFAMILY, [nla.string(CtrlAttr.FAMILY_NAME, name)], CTRL_VERSION);
}

/** CTRL_ATTR_FAMILY_ID from the controller's CTRL_CMD_NEWFAMILY answer. */
export function parseFamilyId(payload: Uint8Array): Parsed<number> {
  if (payload.length < 4) return malformed(`family reply: ${payload.length}-byte message has no genl header`);
  const attrs = decodeAttributes(payload.subarray(4));
  if (!attrs.ok) return malformed(`family reply: ${attrs.error}`);
  const id = read.u16(byType(attrs.value).get(CtrlAttr.FAMILY_ID));
  return id === undefined || id === 0 ? malformed('family reply: no CTRL_ATTR_FAMILY_ID') : parsed(id);
}
