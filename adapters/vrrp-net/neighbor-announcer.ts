// SendGratuitousArp / SendUnsolicitedNa: whole frames out of AF_PACKET, so the IPv6 source can
// be the VIP itself and the source MAC the interface's (keepalived vrrp_arp.c, vrrp_ndisc.c).
import { readFileSync } from 'node:fs';
import type { Effect } from '../../core/events/index.js';
import type { EffectExecutor } from '../runtime/executors.js';
import { gratuitousArpFrame, unsolicitedNaFrame } from './frames.js';
import type { Netraw } from './netraw.js';

/** What a frame needs to know about its interface, read when it is sent (a VMAC may come and go). */
export interface LinkFacts {
  readonly ifindex: number;
  readonly mac: Uint8Array;
  /** net.ipv6.conf.IF.forwarding: keepalived sets the NA Router flag from it. */
  readonly forwarding: boolean;
}

/**
 * The facts of the current network namespace: the MAC by ioctl, not from /sys/class/net, which
 * shows the namespace sysfs was mounted in (not ours under `vigil run --namespace`); procfs's
 * net entries follow the reading thread's namespace.
 */
export function readLinkFacts(netraw: Netraw, ifname: string): LinkFacts {
  const ifindex = netraw.ifIndex(ifname); // throws ENODEV first, with the errno the reducer wants
  const mac = netraw.hardwareAddress(ifname);
  let forwarding = false;
  try {
    forwarding = readFileSync(`/proc/sys/net/ipv6/conf/${ifname}/forwarding`, 'utf8').trim() === '1';
  } catch {
    // IPv6 disabled on the interface: no NA is sent anyway.
  }
  return { ifindex, mac, forwarding };
}

export class NeighborAnnouncer implements EffectExecutor {
  readonly kinds: readonly Effect['kind'][] = ['SendGratuitousArp', 'SendUnsolicitedNa'];
  private readonly netraw: Netraw;
  private readonly linkFacts: (ifname: string) => LinkFacts;

  constructor(netraw: Netraw, linkFacts: (ifname: string) => LinkFacts = (ifname) => readLinkFacts(netraw, ifname)) {
    this.netraw = netraw;
    this.linkFacts = linkFacts;
  }

  execute(effect: Effect): void {
    if (effect.kind !== 'SendGratuitousArp' && effect.kind !== 'SendUnsolicitedNa') return;
    const link = this.linkFacts(effect.interface);
    const frame =
      effect.kind === 'SendGratuitousArp'
        ? gratuitousArpFrame(link.mac, effect.address)
        : unsolicitedNaFrame(link.mac, effect.address, link.forwarding);
    this.netraw.sendFrame(link.ifindex, frame);
  }
}
