// The IPVS table the UML test programs: one of each kind of service and real server keepalived
// can ask for, in the shape core/lvs gives them (a TUN destination always names its tunnel type
// and checksum, a port only for gue). Shared by the guest program and the host-side assertions.
import type { IpvsDest, IpvsServiceEntry, IpvsServiceKey } from '../../core/events/index.js';

const tcp = (address: string, port: number): IpvsServiceKey => ({ family: address.includes(':') ? 'inet6' : 'inet', protocol: 'TCP', address, port, fwmark: 0 });
const dest = (address: string, port: number, forwarding: string, weight: number, extra: Partial<IpvsDest> = {}): IpvsDest => ({
  family: address.includes(':') ? 'inet6' : 'inet',
  address,
  port,
  forwarding,
  weight,
  upperThreshold: 0,
  lowerThreshold: 0,
  ...extra,
});

export const NAT_KEY = tcp('10.10.0.1', 80);
export const NAT_DEST_1 = dest('192.168.10.11', 8080, 'NAT', 1, { upperThreshold: 100, lowerThreshold: 10 });
export const NAT_DEST_2 = dest('192.168.10.12', 8080, 'NAT', 3);
export const DR_KEY = tcp('10.10.0.2', 443);
export const V6_UDP_KEY: IpvsServiceKey = { family: 'inet6', protocol: 'UDP', address: 'fd00:10::7', port: 53, fwmark: 0 };

/** IP_VS_SVC_F_*: PERSISTENT, ONEPACKET, SCHED1 (sh-fallback), SCHED2 (sh-port). */
export const F_PERSISTENT = 0x1;
export const F_ONEPACKET = 0x4;
export const F_SCHED1 = 0x8;
export const F_SCHED2 = 0x10;

export const TABLE: readonly IpvsServiceEntry[] = [
  {
    // NAT, wrr, two real servers, one with connection thresholds.
    service: { key: NAT_KEY, scheduler: 'wrr', flags: 0, timeout: 0, netmask: 0xffffffff },
    dests: [NAT_DEST_1, NAT_DEST_2],
  },
  {
    // Direct routing: the real server listens on the virtual port.
    service: { key: DR_KEY, scheduler: 'rr', flags: 0, timeout: 0, netmask: 0xffffffff },
    dests: [dest('192.168.10.21', 443, 'DR', 2)],
  },
  {
    // Tunnels: ipip, gue with its port and remote checksum offload, gre with checksums.
    service: { key: { family: 'inet', protocol: 'UDP', address: '10.10.0.3', port: 53, fwmark: 0 }, scheduler: 'wlc', flags: 0, timeout: 0, netmask: 0xffffffff },
    dests: [
      dest('192.168.10.31', 53, 'TUN', 1, { tunnelType: 'ipip', tunnelChecksum: 'nocsum' }),
      dest('192.168.10.32', 53, 'TUN', 1, { tunnelType: 'gue', tunnelPort: 5580, tunnelChecksum: 'remcsum' }),
      dest('192.168.10.33', 53, 'TUN', 1, { tunnelType: 'gre', tunnelChecksum: 'csum' }),
    ],
  },
  {
    // fwmark service, sh with sh-fallback and sh-port.
    service: { key: { family: 'inet', protocol: '', address: '', port: 0, fwmark: 7 }, scheduler: 'sh', flags: F_SCHED1 | F_SCHED2, timeout: 0, netmask: 0xffffffff },
    dests: [dest('192.168.10.41', 0, 'DR', 2)],
  },
  {
    // persistence_timeout 300, persistence_granularity 255.255.255.0.
    service: { key: tcp('10.10.0.5', 8443), scheduler: 'lc', flags: F_PERSISTENT, timeout: 300, netmask: 0xffffff00 },
    dests: [dest('192.168.10.51', 8443, 'NAT', 1)],
  },
  {
    // IPv6, persistent (granularity /64), an IPv6 real server and an IPv4 one through a tunnel.
    service: { key: tcp('fd00:10::6', 443), scheduler: 'sed', flags: F_PERSISTENT, timeout: 600, netmask: 64 },
    dests: [dest('fd00:20::61', 443, 'NAT', 5), dest('192.168.10.62', 443, 'TUN', 1, { tunnelType: 'ipip', tunnelChecksum: 'nocsum' })],
  },
  {
    // IPv6 UDP with one-packet scheduling.
    service: { key: V6_UDP_KEY, scheduler: 'rr', flags: F_ONEPACKET, timeout: 0, netmask: 128 },
    dests: [dest('fd00:20::71', 53, 'DR', 1)],
  },
];

/** The scheduler modules TABLE needs (plus what the update step switches to). */
export const SCHEDULER_MODULES = ['ip_vs_wrr', 'ip_vs_rr', 'ip_vs_wlc', 'ip_vs_sh', 'ip_vs_lc', 'ip_vs_sed'];
