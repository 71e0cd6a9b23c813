// The Ethernet frames a new MASTER sends for each virtual address: a gratuitous ARP (keepalived
// vrrp_arp.c send_gratuitous_arp) and an unsolicited neighbour advertisement (vrrp_ndisc.c
// ndisc_send_unsolicited_na). Pure: bytes in, bytes out.
import { internetChecksum, parseIpv4, parseIpv6 } from '../../core/vrrp/index.js';

const ETHERTYPE_ARP = 0x0806;
const ETHERTYPE_IPV6 = 0x86dd;
const IPPROTO_ICMPV6 = 58;
const ICMPV6_NEIGHBOR_ADVERTISEMENT = 136;
const BROADCAST = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
/** RFC 2464 §7: ff02::1 maps to 33:33:00:00:00:01. */
const ALL_NODES_MAC = new Uint8Array([0x33, 0x33, 0, 0, 0, 1]);
const ALL_NODES = 'ff02::1';

export const GARP_FRAME_LENGTH = 42;
export const NA_FRAME_LENGTH = 86;

/** "aa:bb:cc:dd:ee:ff" (as in /sys/class/net/IF/address) to 6 bytes; RangeError otherwise. */
export function parseMac(text: string): Uint8Array {
  const parts = text.trim().split(':');
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) throw new RangeError(`not a MAC address: ${text}`);
  return new Uint8Array(parts.map((p) => parseInt(p, 16)));
}

function ethernetHeader(frame: Uint8Array, destination: Uint8Array, source: Uint8Array, etherType: number): DataView {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  frame.set(destination, 0);
  frame.set(source, 6);
  view.setUint16(12, etherType);
  return view;
}

/**
 * RFC 5227 §3 / keepalived vrrp_arp.c: an ARP *request* broadcast, sender and target protocol
 * address both the VIP, target hardware address ff:ff:ff:ff:ff:ff (as keepalived sets it).
 */
export function gratuitousArpFrame(mac: Uint8Array, vip: string): Uint8Array {
  const address = parseIpv4(vip);
  if (address === undefined) throw new RangeError(`gratuitous ARP for a non-IPv4 address: ${vip}`);
  const frame = new Uint8Array(GARP_FRAME_LENGTH);
  const view = ethernetHeader(frame, BROADCAST, mac, ETHERTYPE_ARP);
  view.setUint16(14, 1); // htype Ethernet
  view.setUint16(16, 0x0800); // ptype IPv4
  frame[18] = 6;
  frame[19] = 4;
  view.setUint16(20, 1); // ARPOP_REQUEST
  frame.set(mac, 22);
  frame.set(address, 28);
  frame.set(BROADCAST, 32);
  frame.set(address, 38);
  return frame;
}

/**
 * RFC 4861 §7.2.6 / keepalived vrrp_ndisc.c: NA from the VIP itself to ff02::1, hop limit 255
 * (§7.1.2), Override set, Solicited clear, Router when the interface forwards; option 2
 * (target link-layer address) = `mac`. The ICMPv6 checksum is ours (RFC 4443 §2.3).
 */
export function unsolicitedNaFrame(mac: Uint8Array, vip: string, router: boolean): Uint8Array {
  const target = parseIpv6(vip);
  const allNodes = parseIpv6(ALL_NODES);
  if (target === undefined || allNodes === undefined) throw new RangeError(`neighbour advertisement for a non-IPv6 address: ${vip}`);
  const frame = new Uint8Array(NA_FRAME_LENGTH);
  const view = ethernetHeader(frame, ALL_NODES_MAC, mac, ETHERTYPE_IPV6);
  const icmpLength = 32;
  view.setUint32(14, 0x60000000); // version 6, no traffic class, no flow label
  view.setUint16(18, icmpLength);
  frame[20] = IPPROTO_ICMPV6;
  frame[21] = 255;
  frame.set(target, 22);
  frame.set(allNodes, 38);
  const icmp = frame.subarray(54);
  icmp[0] = ICMPV6_NEIGHBOR_ADVERTISEMENT;
  view.setUint32(58, (router ? 0x80000000 : 0) | 0x20000000); // R, S=0, O
  icmp.set(target, 8);
  icmp[24] = 2; // target link-layer address
  icmp[25] = 1; // length in units of 8 octets
  icmp.set(mac, 26);
  // RFC 8200 §8.1 pseudo-header: source, destination, upper-layer length, zeros, next header.
  const pseudo = new Uint8Array(40);
  pseudo.set(target, 0);
  pseudo.set(allNodes, 16);
  new DataView(pseudo.buffer).setUint32(32, icmpLength);
  pseudo[39] = IPPROTO_ICMPV6;
  view.setUint16(56, internetChecksum([pseudo, icmp]));
  return frame;
}
