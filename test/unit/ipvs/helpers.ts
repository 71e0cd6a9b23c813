// Shared pieces of the IPVS codec tests: hex text both ways, and the services and destinations
// the captured vectors were made from (reference ecosystem.md §2.4).
import type { IpvsDest, IpvsService, IpvsServiceKey } from '../../../core/events/index.js';

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
/** Hex with spaces and newlines allowed, as the reference prints the vectors. */
export const unhex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

export const TCP_10_0_0_1_80: IpvsServiceKey = { family: 'inet', protocol: 'TCP', address: '10.0.0.1', port: 80, fwmark: 0 };

/** `ipvsadm -A -t 10.0.0.1:80 -s wrr` */
export const WRR_SERVICE: IpvsService = { key: TCP_10_0_0_1_80, scheduler: 'wrr', flags: 0, timeout: 0, netmask: 0xffffffff };

/** `ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.11:8080 -m -w 1` */
export const MASQ_DEST: IpvsDest = {
  family: 'inet',
  address: '10.0.0.11',
  port: 8080,
  forwarding: 'NAT',
  weight: 1,
  upperThreshold: 0,
  lowerThreshold: 0,
};

/** `ipvsadm -A -t [fd00::1]:443 -s rr -p 300` */
export const PERSISTENT_V6_SERVICE: IpvsService = {
  key: { family: 'inet6', protocol: 'TCP', address: 'fd00::1', port: 443, fwmark: 0 },
  scheduler: 'rr',
  flags: 0x1,
  timeout: 300,
  netmask: 128,
};

// The captured payloads after the 16-byte nlmsghdr, exactly as §2.4 prints them.
export const GOLDEN_ADD_SERVICE = `
01010000 54000180 06000100 02000000 06000200 06000000 14000300 0a000001 00000000 00000000 00000000
06000400 00500000 08000600 77727200 0c000700 00000000 ffffffff 08000800 00000000 08000900 ffffffff`;

export const GOLDEN_ADD_DEST = `
05010000 54000180 06000100 02000000 06000200 06000000 14000300 0a000001 000000000000000000000000
06000400 00500000 05000600 00000000 0c000700 00000000 ffffffff 08000800 00000000 08000900 ffffffff
60000280 06000b00 02000000 14000100 0a00000b 000000000000000000000000 06000200 1f900000
08000300 00000000 08000400 01000000 05000d00 00000000 06000e00 00000000 06000f00 00000000
08000500 00000000 08000600 00000000`;

export const GOLDEN_ADD_PERSISTENT_V6 = `
01010000 54000180 06000100 0a000000 06000200 06000000 14000300 fd000000 00000000 00000000 00000001
06000400 01bb0000 07000600 72720000 0c000700 01000000 ffffffff 08000800 2c010000 08000900 80000000`;
