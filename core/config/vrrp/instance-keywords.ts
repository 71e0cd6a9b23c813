import type { KeywordTable } from '../blocks.js';
import { applyKeywords, blockOf } from '../blocks.js';
import { readUnsignedInteger } from '../values.js';
import type { ParseContext } from '../context.js';
import type { ConfigNode } from '../syntax.js';
import { lineWords, parseIpAddressLine } from './address.js';
import type { InstanceDraft } from './draft.js';
import { instanceOptions, unsignedArg } from './instance-options.js';
import { familyOf, isMulticast } from './ip.js';
import { NOTIFY_KEYWORDS, alreadySpecified, parseNotify } from './notify.js';
import { parseRouteLine } from './route.js';
import { parseRuleLine, type RuleNumbering } from './rule.js';
import { TRACK_KEYWORDS, parseTrackBlock } from './trackers.js';

/** Every keyword of a `vrrp_instance NAME { ... }` block (keepalived vrrp_parser.c init_vrrp_keywords). */

const IFNAMSIZ = 16;
const SECOND = 1_000_000;

export function instanceKeywords(ctx: ParseContext, numbering: RuleNumbering): KeywordTable<InstanceDraft> {
  const sink = ctx.sink;
  const numberOutOfRange = (node: ConfigNode, text: string | undefined, min: number, max: number): number | undefined =>
    readUnsignedInteger(text ?? '', min, max, node.loc, sink);
  const srcIp = (node: ConfigNode, d: InstanceDraft): void => {
    const text = node.args[0] ?? '';
    const family = familyOf(text);
    if (family === undefined) {
      sink.error(`Configuration error: VRRP instance[${d.name}] malformed src address[${text}]. Skipping...`, node.loc);
      return;
    }
    if (d.family !== undefined && d.family !== family) {
      sink.error(`Configuration error: VRRP instance[${d.name}] and src address[${text}] MUST be of the same family !!! Skipping...`, node.loc);
      delete d.srcIp;
      return;
    }
    d.family = family;
    d.srcIp = text;
  };
  const table: KeywordTable<InstanceDraft> = {
    ...instanceOptions(sink),
    state: (node, d) => {
      const word = node.args[0] ?? '';
      if (word === 'MASTER') d.state = 'MASTER';
      else if (word === 'BACKUP') {
        if (d.state === 'MASTER') sink.error(`(${d.name}) state previously set as MASTER - ignoring BACKUP`, node.loc);
        else d.state = 'BACKUP';
      } else {
        sink.error(`(${d.name}) unknown state '${word}', defaulting to BACKUP`, node.loc);
        d.state = 'BACKUP';
      }
    },
    interface: (node, d) => {
      const name = node.args[0] ?? '';
      if (name.length >= IFNAMSIZ) {
        sink.error(`Interface name '${name}' too long - ignoring`, node.loc);
        return;
      }
      d.interface = { name, loc: node.loc };
    },
    vrf: (node, d) => {
      const name = node.args[0] ?? '';
      if (d.interface !== undefined) sink.error(`(${d.name}) Cannot specify VRF interface and interface - ignoring`, node.loc);
      else if (d.vrf !== undefined) sink.error(`(${d.name}) VRF interface already specified as '${d.vrf}' - ignoring`, node.loc);
      else d.vrf = name;
      sink.report('notImplemented', `(${d.name}) vrf`, node.loc);
    },
    use_vmac: (node, d) => {
      const vmac: NonNullable<InstanceDraft['vmac']> = { loc: node.loc };
      for (let i = 0; i < node.args.length; i++) {
        const word = node.args[i] ?? '';
        if (word.includes(':')) vmac.mac = word;
        else if (word === 'netlink_notify_msg') continue;
        else if (word === 'group') i++;
        else if (word === 'name') { const n = node.args[++i]; if (n !== undefined) vmac.ifname = n; }
        else if (vmac.ifname !== undefined) sink.error('VMAC interface name already specified', node.loc);
        else if (word.length >= IFNAMSIZ || /[/:\s]/.test(word) || word === '.' || word === '..') {
          sink.error(`VMAC interface name '${word}' too long or invalid characters - ignoring`, node.loc);
        } else vmac.ifname = word;
      }
      d.vmac = vmac;
    },
    use_vmac_addr: (_n, d) => { d.useVmacAddr = true; },
    vmac_xmit_base: (_n, d) => { d.vmacXmitBase = true; },
    use_ipvlan: (node, d) => {
      d.ipvlan = { args: node.args, loc: node.loc };
      sink.report('notImplemented', `(${d.name}) use_ipvlan`, node.loc);
    },
    native_ipv6: (node, d) => {
      if (d.family === 'inet') {
        sink.error(`(${d.name}) Cannot specify native_ipv6 with IPv4 addresses`, node.loc);
        return;
      }
      d.family = 'inet6';
      d.version = 3;
    },
    virtual_router_id: (node, d) => {
      const v = numberOutOfRange(node, node.args[0], 1, 255);
      if (v === undefined) sink.error(`(${d.name}): VRID '${node.args[0] ?? ''}' not valid - must be between 1 & 255`, node.loc);
      else d.vrid = v;
    },
    priority: (node, d) => {
      const v = numberOutOfRange(node, node.args[0], 1, 255);
      if (v === undefined) {
        sink.error(`(${d.name}) Priority not valid! must be between 1 & 255. Using default 100`, node.loc);
        d.priority = 100;
      } else d.priority = v;
    },
    advert_int: (node, d) => {
      const text = node.args[0];
      const seconds = text !== undefined && /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
      if (Number.isNaN(seconds)) sink.error(`invalid number '${text ?? ''}'`, node.loc);
      else if (seconds < 0.01 || seconds > 255) sink.error(`number '${text ?? ''}' outside range [0.010000, 255.000000]`, node.loc);
      else {
        d.advertIntervalMicros = Math.round(seconds * SECOND);
        return;
      }
      sink.error(`(${d.name}) Advert interval (${text ?? ''}) not valid! Must be > 0 - ignoring`, node.loc);
    },
    version: (node, d) => {
      const v = unsignedArg(node.args[0], 2, 3);
      if (v === undefined) {
        sink.error(`(${d.name}): Version must be either 2 or 3`, node.loc);
        return;
      }
      if ((d.version !== undefined && d.version !== v) || (v === 2 && d.family === 'inet6')) {
        sink.error(`(${d.name}) vrrp_version ${v} conflicts with configured or deduced version ${d.version ?? 0}; ignoring.`, node.loc);
        return;
      }
      d.version = v === 2 ? 2 : 3;
    },
    authentication: (node, d) => {
      const auth: NonNullable<InstanceDraft['auth']> = d.auth ?? { loc: node.loc };
      d.auth = auth;
      applyKeywords(blockOf(node, sink), {
        auth_type: (n) => {
          const t = n.args[0] ?? '';
          if (t === 'PASS' || t === 'AH') auth.type = t;
          else sink.error(`(${d.name}) unknown authentication type '${t}'`, n.loc);
        },
        auth_pass: (n) => {
          const pass = n.args[0] ?? '';
          if (pass.length > 8) sink.error('Truncating auth_pass to 8 characters', n.loc);
          auth.password = pass.slice(0, 8);
        },
      }, d, sink);
    },
    auth_hmac: (node, d) => {
      sink.report('notImplemented', `(${d.name}) auth_hmac`, node.loc);
    },
    mcast_src_ip: srcIp,
    unicast_src_ip: (node, d) => { d.unicastConfigured = true; srcIp(node, d); },
    mcast_dst_ip: (node, d) => {
      const text = node.args[0] ?? '';
      const family = familyOf(text);
      if (family === undefined) sink.error(`(${d.name}) malformed mcast dest address ${text}. Skipping...`, node.loc);
      else if (d.family !== undefined && d.family !== family) sink.error(`(${d.name}) mcast dest address ${text} MUST match VRRP instance family. Skipping...`, node.loc);
      else if (!isMulticast(text, family)) sink.error(`(${d.name}) mcast_dst_ip ${text} not${family === 'inet6' ? ' link-local' : ''} multicast. Skipping...`, node.loc);
      else { d.family = family; d.mcastDstIp = text; }
    },
    unicast_peer: (node, d) => {
      d.unicastConfigured = true;
      for (const line of blockOf(node, sink)) unicastPeer(line, d);
    },
    unicast_fault_no_peer: (_n, d) => { d.unicastConfigured = true; d.unicastFaultNoPeer = true; },
    check_unicast_src: (_n, d) => { d.unicastConfigured = true; d.checkUnicastSrc = true; },
    old_unicast_checksum: (node, d) => {
      d.unicastConfigured = true;
      if (node.args[0] === undefined) d.oldUnicastChecksum = 'auto';
      else if (node.args[0] === 'never') d.oldUnicastChecksum = 'never';
      else sink.error(`(${d.name}) Unknown old_unicast_chksum mode ${node.args[0]} - ignoring`, node.loc);
    },
    unicast_ttl: (node, d) => {
      const v = unsignedArg(node.args[0], 0, 255);
      if (v === undefined) sink.error(`(${d.name}): TTL '${node.args[0] ?? ''}' not valid - must be between 0 & 255`, node.loc);
      else d.unicastTtl = v;
    },
    virtual_ipaddress: (node, d) => {
      for (const line of blockOf(node, sink)) {
        const addr = parseIpAddressLine(line, sink);
        if (addr === undefined) continue;
        if (d.family !== undefined && d.family !== addr.family) {
          sink.error(`(${d.name}): address family must match VRRP instance [${line.keyword}] - ignoring`, line.loc);
          continue;
        }
        d.family = addr.family;
        d.vips.push(addr);
      }
    },
    virtual_ipaddress_excluded: (node, d) => {
      for (const line of blockOf(node, sink)) {
        const addr = parseIpAddressLine(line, sink);
        if (addr !== undefined) d.excludedVips.push(addr);
      }
    },
    virtual_routes: (node, d) => {
      for (const line of blockOf(node, sink)) {
        const route = parseRouteLine(line, sink, { virtual: true });
        if (route !== undefined) d.routes.push(route);
      }
    },
    virtual_rules: (node, d) => {
      for (const line of blockOf(node, sink)) {
        const rule = parseRuleLine(line, sink, numbering);
        if (rule !== undefined) d.rules.push(rule);
      }
    },
    linkbeat_use_polling: (node, d) => {
      sink.error(`(${d.name}) 'linkbeat_use_polling' in vrrp instance deprecated - use linkbeat_interfaces block`, node.loc);
    },
    lvs_sync_daemon_interface: (node, d) => {
      // keepalived vrrp_parser.c: deprecated after v1.2.19; reported as CONFIG_GENERAL_ERROR (-t exits 5)
      sink.error(`(${d.name}) Specifying lvs_sync_daemon_interface against a vrrp is deprecated.`, node.loc);
      sink.error(`      ${' '.repeat(Math.max(d.name.length - 2, 0))}Please use global lvs_sync_daemon`, node.loc);
    },
  };
  const withTrackers: Record<string, (node: ConfigNode, d: InstanceDraft) => void> = { ...table };
  for (const [keyword, kind] of Object.entries(TRACK_KEYWORDS)) {
    withTrackers[keyword] = (node, d) => {
      if (kind === 'bfd') sink.report('notImplemented', `(${d.name}) track_bfd`, node.loc);
      parseTrackBlock(kind, blockOf(node, sink), d.name, ctx, d.trackers);
    };
  }
  for (const [keyword, kind] of Object.entries(NOTIFY_KEYWORDS)) {
    withTrackers[keyword] = (node, d) => {
      const existing = d.notify.find((n) => n.kind === kind);
      if (existing !== undefined || (kind === 'deleted' && d.notifyDeleted)) {
        sink.error(alreadySpecified(d.name, keyword, node.args[0] ?? '', false), node.loc);
        return;
      }
      if (kind === 'deleted') {
        d.notifyDeleted = true;
        if (node.args.length === 0) return;
      }
      const script = parseNotify(node, kind, sink);
      if (script !== undefined) d.notify.push(script);
    };
  }
  return withTrackers;

  function unicastPeer(line: ConfigNode, d: InstanceDraft): void {
    const words = lineWords(line);
    const address = words[0] ?? '';
    const family = familyOf(address);
    if (family === undefined) {
      sink.error(`Configuration error: VRRP instance[${d.name}] malformed unicast peer address[${address}]. Skipping...`, line.loc);
      return;
    }
    if (d.family !== undefined && d.family !== family) {
      sink.error(`Configuration error: VRRP instance[${d.name}] and unicast peer address[${address}] MUST be of the same family !!! Skipping...`, line.loc);
      return;
    }
    d.family = family;
    let minTtl = 0;
    let maxTtl = 255;
    for (let i = 1; i < words.length; i += 2) {
      const option = words[i] ?? '';
      const value = unsignedArg(words[i + 1], 0, 255);
      if (words[i + 1] === undefined) {
        sink.error(`(${d.name}) ${option} is missing a value`, line.loc);
        break;
      }
      if (value === undefined) continue;
      if (option === 'min_ttl') minTtl = value;
      else if (option === 'max_ttl') maxTtl = value;
      else {
        sink.error(`(${d.name}) unknown unicast_peer option ${option}`, line.loc);
        break;
      }
      d.checkUnicastSrc = true;
    }
    if (minTtl > maxTtl) sink.error(`(${d.name}) min_ttl ${minTtl} > max_ttl ${maxTtl} - all packets will be discarded`, line.loc);
    d.unicastPeers.push({ address, minTtl, maxTtl, loc: line.loc });
  }
}
