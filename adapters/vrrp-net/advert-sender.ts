// SendAdvert: one raw send socket per interface and family, as keepalived keeps its send sockets
// (vrrp.c open_vrrp_send_socket). IPv4 goes with IP_HDRINCL and our own header, so the source
// is the one the reducer chose (keepalived vrrp_build_ip4); IPv6 names its source in IPV6_PKTINFO.
import type { Effect, Family } from '../../core/events/index.js';
import { encodeIpv4Datagram } from '../../core/vrrp/index.js';
import type { EffectExecutor } from '../runtime/executors.js';
import type { Netraw, VrrpSocket } from './netraw.js';

/** raw(7): with IP_HDRINCL a zero source address is filled in by the kernel. */
const KERNEL_CHOOSES_SOURCE = '0.0.0.0';

export class AdvertSender implements EffectExecutor {
  readonly kinds: readonly Effect['kind'][] = ['SendAdvert'];
  private readonly netraw: Netraw;
  private readonly sockets = new Map<string, VrrpSocket>();
  /** Per instance: the last IPv4 identification sent. */
  private readonly ipIds = new Map<string, number>();

  constructor(netraw: Netraw) {
    this.netraw = netraw;
  }

  execute(effect: Effect): void {
    if (effect.kind !== 'SendAdvert') return;
    const key = `${effect.family} ${effect.interface}`;
    const socket = this.socketFor(key, effect.family, effect.interface);
    const message =
      effect.family === 'inet'
        ? encodeIpv4Datagram(
            { source: effect.source ?? KERNEL_CHOOSES_SOURCE, destination: effect.destination, ttl: effect.ttl, id: this.nextIpId(effect.instance) },
            effect.message,
          )
        : effect.message;
    const bytes = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
    try {
      socket.send(bytes, effect.destination, effect.source, effect.ttl);
    } catch {
      // The interface may have gone, or been created again under its name (SO_BINDTODEVICE holds
      // the old ifindex): a fresh socket, once, so the first advert after the return is not lost.
      socket.close();
      this.sockets.delete(key);
      this.socketFor(key, effect.family, effect.interface).send(bytes, effect.destination, effect.source, effect.ttl);
    }
  }

  close(): void {
    for (const socket of this.sockets.values()) socket.close();
    this.sockets.clear();
  }

  private socketFor(key: string, family: Family, ifname: string): VrrpSocket {
    let socket = this.sockets.get(key);
    if (socket === undefined) {
      socket = this.netraw.openVrrp(family === 'inet' ? 4 : 6, ifname, {});
      this.sockets.set(key, socket);
    }
    return socket;
  }

  /** keepalived vrrp.c vrrp_update_pkt: ++ip_id per advert, never 0 (0 would let the kernel pick). */
  private nextIpId(instance: string): number {
    const next = ((this.ipIds.get(instance) ?? 0) % 0xffff) + 1;
    this.ipIds.set(instance, next);
    return next;
  }
}
