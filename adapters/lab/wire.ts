// What `vigil lab` sees on its LAN: VRRP adverts and gratuitous ARPs crossing the bridge, with the
// kernel's receive times, so takeover is measured on the wire rather than from the nodes' logs.
import type { Netraw, PacketCapture } from '../vrrp-net/netraw.js';

export interface AdvertSeen {
  readonly kind: 'advert';
  readonly timeMs: number;
  readonly source: string;
  readonly vrid: number;
  readonly priority: number;
}

export interface GratuitousArpSeen {
  readonly kind: 'garp';
  readonly timeMs: number;
  readonly address: string;
}

export type WireEvent = AdvertSeen | GratuitousArpSeen;

const ETHERNET_HEADER = 14;
const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_ARP = 0x0806;
const IPPROTO_VRRP = 112;

const ipv4 = (frame: Buffer, at: number): string => `${frame[at]}.${frame[at + 1]}.${frame[at + 2]}.${frame[at + 3]}`;

/** An advert (IPv4, protocol 112) or a gratuitous ARP (sender = target address); else undefined. */
export function parseFrame(frame: Buffer, timeMs: number): WireEvent | undefined {
  if (frame.length < ETHERNET_HEADER + 8) return undefined;
  const type = frame.readUInt16BE(12);
  if (type === ETHERTYPE_IPV4 && frame.length >= ETHERNET_HEADER + 20) {
    const headerLength = ((frame[ETHERNET_HEADER] ?? 0) & 0x0f) * 4;
    if (headerLength < 20 || frame[ETHERNET_HEADER + 9] !== IPPROTO_VRRP || frame.length < ETHERNET_HEADER + headerLength + 4) return undefined;
    const vrrp = ETHERNET_HEADER + headerLength;
    return { kind: 'advert', timeMs, source: ipv4(frame, ETHERNET_HEADER + 12), vrid: frame[vrrp + 1] ?? 0, priority: frame[vrrp + 2] ?? 0 };
  }
  // ARP for IPv4 over Ethernet: sender protocol address at 14, target protocol address at 24.
  if (type === ETHERTYPE_ARP && frame.length >= ETHERNET_HEADER + 28) {
    const sender = ipv4(frame, ETHERNET_HEADER + 14);
    if (sender === ipv4(frame, ETHERNET_HEADER + 24)) return { kind: 'garp', timeMs, address: sender };
  }
  return undefined;
}

/** Captures on one interface of the calling thread's namespace until closed. */
export class WireWatch {
  readonly events: WireEvent[] = [];
  private readonly capture: PacketCapture;

  constructor(netraw: Netraw, ifname: string) {
    this.capture = netraw.openCapture(ifname, (error, frame, facts) => {
      if (error !== null || frame === undefined || facts === undefined) return;
      const seen = parseFrame(frame, facts.timeMs);
      if (seen !== undefined) this.events.push(seen);
    });
  }

  adverts(filter: (a: AdvertSeen) => boolean = () => true): AdvertSeen[] {
    return this.events.filter((e): e is AdvertSeen => e.kind === 'advert' && filter(e));
  }

  garps(address: string): GratuitousArpSeen[] {
    return this.events.filter((e): e is GratuitousArpSeen => e.kind === 'garp' && e.address === address);
  }

  close(): void {
    this.capture.close();
  }
}
