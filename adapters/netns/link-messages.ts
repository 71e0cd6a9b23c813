// RTM_NEWLINK requests for the links a lab needs: a bridge, and veth pairs whose ends are created
// straight into their namespaces (IFLA_NET_NS_FD on each end), as `ip link add NAME netns A type
// veth peer name PEER netns B` does, so nothing ever appears in the host's namespace.
import type { ifla, rt } from 'netlink';
import { encodeAttributes, nla } from '../ipvs/attributes.js';

/** include/uapi/linux/if_link.h and veth.h. */
const IFLA_IFNAME = 3;
const IFLA_NET_NS_FD = 28;
const IFLA_INFO_KIND = 1;
const IFLA_INFO_DATA = 2;
const VETH_INFO_PEER = 1;
/** sizeof(struct ifinfomsg): VETH_INFO_PEER carries one before the peer's attributes. */
const IFINFOMSG_LENGTH = 16;

export interface LinkRequest {
  readonly data: rt.Link;
  readonly attrs: ifla.LinkAttrs;
}

/** IFF_UP set in both flags and change mask: the link comes up as it is created. */
const up: rt.Link = { flags: { up: true }, change: { up: true } };

export function bridgeRequest(name: string): LinkRequest {
  return { data: up, attrs: { ifname: name, linkinfo: Buffer.from(encodeAttributes([nla.string(IFLA_INFO_KIND, 'bridge')])) } };
}

export interface VethEnd {
  readonly name: string;
  /** A descriptor of the end's namespace (an open /run/netns/NAME); absent: the socket's own. */
  readonly namespaceFd?: number;
}

/** One veth pair, each end created in its own namespace; `end` comes up, `peer` stays down. */
export function vethRequest(end: VethEnd, peer: VethEnd): LinkRequest {
  // The peer's struct ifinfomsg stays zero: asking for IFF_UP here fails with ENOTCONN, since
  // veth_newlink configures the peer before the two ends know each other (veth_open).
  const peerInfo = new Uint8Array(IFINFOMSG_LENGTH);
  const peerAttributes = encodeAttributes([
    nla.string(IFLA_IFNAME, peer.name),
    ...(peer.namespaceFd === undefined ? [] : [nla.u32(IFLA_NET_NS_FD, peer.namespaceFd)]),
  ]);
  const peerPayload = new Uint8Array(IFINFOMSG_LENGTH + peerAttributes.length);
  peerPayload.set(peerInfo);
  peerPayload.set(peerAttributes, IFINFOMSG_LENGTH);
  const linkinfo = encodeAttributes([
    nla.string(IFLA_INFO_KIND, 'veth'),
    nla.nest(IFLA_INFO_DATA, [nla.binary(VETH_INFO_PEER, peerPayload)]),
  ]);
  const attrs: ifla.LinkAttrs = { ifname: end.name, linkinfo: Buffer.from(linkinfo) };
  return { data: up, attrs: end.namespaceFd === undefined ? attrs : { ...attrs, netNsFd: end.namespaceFd } };
}

/** Enslaves `index` to the bridge `masterIndex` (IFLA_MASTER). */
export function masterRequest(index: number, masterIndex: number): LinkRequest {
  return { data: { index }, attrs: { master: masterIndex } };
}

/** Brings an existing link up (loopback in a new namespace starts down). */
export function upRequest(index: number): LinkRequest {
  return { data: { ...up, index }, attrs: {} };
}
