// ipvsadm's view of an IPVS table, parsed, so a test can hold it against what IpvsClient read
// from the same kernel. Written from ipvsadm 1.31's output (Debian 12), independently of
// adapters/ipvs: `ipvsadm -Sn` (the save format) back into IpvsServiceEntry values, and
// `ipvsadm -Ln` (the listing) into its own words (Masq/Route/Tunnel, persistent, mask, ops).
import type { IpvsDest, IpvsService, IpvsServiceEntry, IpvsServiceKey } from '../../core/events/index.js';

/** `10.0.0.1:80` or `[fd00::1]:443`. */
function hostPort(text: string): { family: 'inet' | 'inet6'; address: string; port: number } {
  const m = /^\[(.+)\]:(\d+)$/.exec(text) ?? /^([^:]+):(\d+)$/.exec(text);
  if (m === null) throw new Error(`ipvsadm: not address:port: ${text}`);
  const address = m[1] ?? '';
  return { family: address.includes(':') ? 'inet6' : 'inet', address, port: Number(m[2]) };
}

/** 255.255.255.0 → 0xffffff00 (the number IpvsService.netmask holds for IPv4). */
function maskNumber(dotted: string): number {
  return dotted.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

const PROTOCOL_OPTIONS: Readonly<Record<string, string>> = { '-t': 'TCP', '-u': 'UDP', '--sctp-service': 'SCTP' };
/** -b names by scheduler (ipvsadm.c parse_sched_flags): the first is SCHED1, the second SCHED2. */
const SCHED_FLAG_BITS: Readonly<Record<string, number>> = { 'sh-fallback': 0x8, 'sh-port': 0x10, 'mh-fallback': 0x8, 'mh-port': 0x10, 'flag-1': 0x8, 'flag-2': 0x10, 'flag-3': 0x20 };
const FORWARDING_OPTIONS: Readonly<Record<string, string>> = { '-m': 'NAT', '-g': 'DR', '-i': 'TUN' };
const CHECKSUM_OPTIONS: Readonly<Record<string, string>> = { '--tun-nocsum': 'nocsum', '--tun-csum': 'csum', '--tun-remcsum': 'remcsum' };

/** The service a -A / -a line names. */
function serviceKeyOf(tokens: readonly string[]): IpvsServiceKey {
  const fwmarkAt = tokens.indexOf('-f');
  if (fwmarkAt >= 0) {
    return { family: tokens.includes('-6') ? 'inet6' : 'inet', protocol: '', address: '', port: 0, fwmark: Number(tokens[fwmarkAt + 1]) };
  }
  for (const [option, protocol] of Object.entries(PROTOCOL_OPTIONS)) {
    const at = tokens.indexOf(option);
    if (at >= 0) return { ...hostPort(tokens[at + 1] ?? ''), protocol, fwmark: 0 };
  }
  throw new Error(`ipvsadm -S: no service in: ${tokens.join(' ')}`);
}

const keyText = (k: IpvsServiceKey): string => JSON.stringify(k);
const valueAfter = (tokens: readonly string[], option: string): string | undefined => {
  const at = tokens.indexOf(option);
  return at >= 0 ? tokens[at + 1] : undefined;
};

/**
 * `ipvsadm -Sn` as IpvsServiceEntry values. The save format has no thresholds: `thresholds`
 * (from `ipvsadm -Ln --thresholds`) fills them in, by "service|server".
 */
export function parseIpvsadmSave(text: string, thresholds: ReadonlyMap<string, { upper: number; lower: number }>): IpvsServiceEntry[] {
  const entries = new Map<string, { service: IpvsService; dests: IpvsDest[] }>();
  for (const line of text.split('\n').map((l) => l.trim()).filter((l) => l !== '')) {
    const tokens = line.split(/\s+/);
    const key = serviceKeyOf(tokens);
    if (tokens[0] === '-A') {
      const persistent = valueAfter(tokens, '-p');
      const mask = valueAfter(tokens, '-M');
      const schedFlags = (valueAfter(tokens, '-b') ?? '').split(',').filter((f) => f !== '');
      const flags = (persistent === undefined ? 0 : 0x1) | (tokens.includes('-o') ? 0x4 : 0) | schedFlags.reduce((n, f) => n | (SCHED_FLAG_BITS[f] ?? 0x100), 0);
      const netmask = mask === undefined ? (key.family === 'inet6' ? 128 : 0xffffffff) : key.family === 'inet6' ? Number(mask) : maskNumber(mask);
      const pe = valueAfter(tokens, '--pe');
      const service: IpvsService = { key, scheduler: valueAfter(tokens, '-s') ?? '', flags, timeout: Number(persistent ?? 0), netmask, ...(pe === undefined ? {} : { peName: pe }) };
      entries.set(keyText(key), { service, dests: [] });
    } else if (tokens[0] === '-a') {
      const server = hostPort(valueAfter(tokens, '-r') ?? '');
      const forwarding = Object.entries(FORWARDING_OPTIONS).find(([option]) => tokens.includes(option))?.[1] ?? 'NAT';
      const limits = thresholds.get(`${listedService(key)}|${valueAfter(tokens, '-r') ?? ''}`) ?? { upper: 0, lower: 0 };
      let dest: IpvsDest = { ...server, forwarding, weight: Number(valueAfter(tokens, '-w') ?? 1), upperThreshold: limits.upper, lowerThreshold: limits.lower };
      if (forwarding === 'TUN') {
        const tunnelType = valueAfter(tokens, '--tun-type') ?? 'ipip';
        const tunnelChecksum = Object.entries(CHECKSUM_OPTIONS).find(([option]) => tokens.includes(option))?.[1] ?? 'nocsum';
        dest = { ...dest, tunnelType, tunnelChecksum, ...(tunnelType === 'gue' ? { tunnelPort: Number(valueAfter(tokens, '--tun-port') ?? 0) } : {}) };
      }
      const entry = entries.get(keyText(key));
      if (entry === undefined) throw new Error(`ipvsadm -S: -a before its -A: ${line}`);
      entry.dests.push(dest);
    } else {
      throw new Error(`ipvsadm -S: unexpected line: ${line}`);
    }
  }
  return [...entries.values()];
}

/** How `ipvsadm -Ln` names a service: `TCP  10.0.0.1:80`, `UDP  [fd00::7]:53`, `FWM  7`. */
export function listedService(key: IpvsServiceKey): string {
  if (key.fwmark !== 0) return `FWM ${key.fwmark}${key.family === 'inet6' ? ' IPv6' : ''}`;
  return `${key.protocol} ${key.family === 'inet6' ? `[${key.address}]` : key.address}:${key.port}`;
}

/** One service of `ipvsadm -Ln`, in the listing's own words. */
export interface ListedService {
  readonly service: string;
  readonly scheduler: string;
  /** What follows the scheduler: `persistent 300`, `mask 255.255.255.0`, `ops`, `(sh-fallback,sh-port)`. */
  readonly options: string;
  /** `server forward weight`, e.g. `192.168.10.11:8080 Masq 1`. */
  readonly dests: readonly string[];
}

/** `ipvsadm -Ln` (and -Ln --thresholds: then `dests` hold `server upper lower`). */
export function parseIpvsadmList(text: string): ListedService[] {
  const out: { service: string; scheduler: string; options: string; dests: string[] }[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('IP Virtual Server') || line.startsWith('Prot ') || /^\s+-> RemoteAddress/.test(line) || line.trim() === '') continue;
    const dest = /^\s+->\s+(\S+)\s+(\S+)\s+(\S+)/.exec(line);
    if (dest !== null) {
      const last = out.at(-1);
      if (last === undefined) throw new Error(`ipvsadm -L: a server before any service: ${line}`);
      last.dests.push(`${dest[1] ?? ''} ${dest[2] ?? ''} ${dest[3] ?? ''}`);
      continue;
    }
    const service = /^(TCP|UDP|SCTP)\s+(\S+)\s+(\S+)\s*(.*)$/.exec(line) ?? /^(FWM)\s+(\d+(?: IPv6)?)\s+(\S+)\s*(.*)$/.exec(line);
    if (service === null) throw new Error(`ipvsadm -L: unexpected line: ${line}`);
    out.push({ service: `${service[1] ?? ''} ${service[2] ?? ''}`, scheduler: service[3] ?? '', options: (service[4] ?? '').trim(), dests: [] });
  }
  return out;
}

/** `ipvsadm -Ln --thresholds` as "service|server" → thresholds, for parseIpvsadmSave. */
export function thresholdsOf(listing: readonly ListedService[]): Map<string, { upper: number; lower: number }> {
  const out = new Map<string, { upper: number; lower: number }>();
  for (const s of listing) {
    for (const d of s.dests) {
      const [server = '', upper = '0', lower = '0'] = d.split(' ');
      out.set(`${s.service}|${server}`, { upper: Number(upper), lower: Number(lower) });
    }
  }
  return out;
}

const FORWARD_WORDS: Readonly<Record<string, string>> = { NAT: 'Masq', DR: 'Route', TUN: 'Tunnel', LOCAL: 'Local', BYPASS: 'Bypass' };

function dottedMask(n: number): string {
  return [24, 16, 8, 0].map((shift) => (n >>> shift) & 0xff).join('.');
}

/**
 * A table as `ipvsadm -Ln` would list it (ipvsadm.c print_service_entry: persistent, mask when
 * not the default, pe, ops, scheduler flags), services and servers sorted for comparing.
 */
export function listingOf(entries: readonly IpvsServiceEntry[]): ListedService[] {
  return entries
    .map(({ service: s, dests }) => {
      const options: string[] = [];
      if (s.flags & 0x1) {
        options.push(`persistent ${s.timeout}`);
        if (s.key.family === 'inet' && s.netmask !== 0xffffffff) options.push(`mask ${dottedMask(s.netmask)}`);
        if (s.key.family === 'inet6' && s.netmask !== 128) options.push(`mask ${s.netmask}`);
        if (s.peName !== undefined) options.push(`pe ${s.peName}`);
      }
      if (s.flags & 0x4) options.push('ops');
      const schedFlags = [s.flags & 0x8 ? `${s.scheduler}-fallback` : '', s.flags & 0x10 ? `${s.scheduler}-port` : ''].filter((f) => f !== '');
      if (schedFlags.length > 0) options.push(`(${schedFlags.join(',')})`);
      const server = (d: IpvsDest): string => (d.family === 'inet6' ? `[${d.address}]:${d.port}` : `${d.address}:${d.port}`);
      return {
        service: listedService(s.key),
        scheduler: s.scheduler,
        options: options.join(' '),
        dests: dests.map((d) => `${server(d)} ${FORWARD_WORDS[d.forwarding] ?? d.forwarding} ${d.weight}`).sort(),
      };
    })
    .sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}

/** A parsed listing sorted the way listingOf sorts, for deepEqual. */
export function sortedListing(listing: readonly ListedService[]): ListedService[] {
  return listing.map((s) => ({ ...s, dests: [...s.dests].sort() })).sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}
