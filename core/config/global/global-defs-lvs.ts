import type { KeywordTable } from '../blocks.js';
import type { LvsSyncDaemon } from './model.js';
import { flag, type GlobalDefsTarget, type GlobalHandler } from './global-defs-target.js';
import { isIpv4, isIpv6, notImplemented, readIntegerOr } from './readers.js';

/** global_defs keywords for LVS/IPVS (keepalived/core/global_parser.c, 2.2.7). */

// ip_vs.h IP_VS_IFNAME_MAXLEN.
const IP_VS_IFNAME_MAXLEN = 16;
// keepalived LVS_MAX_TIMEOUT (86400 * 31).
const LVS_MAX_TIMEOUT = 86400 * 31;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function isMulticast(text: string): boolean {
  if (isIpv4(text)) {
    const first = Number(text.split('.')[0]);
    return first >= 224 && first <= 239;
  }
  return text.toLowerCase().startsWith('ff');
}

// lvs_sync_daemon IF [[inst] VI] [id N] [maxlen N] [port N] [ttl N] [group IP]; the old
// positional form `IF VI [SYNCID]` is still accepted.
const lvsSyncDaemon: GlobalHandler = (node, { draft, sink }) => {
  if (draft.lvsSyncDaemon !== undefined) {
    sink.error(`lvs_sync_daemon has already been specified as ${draft.lvsSyncDaemon.interface} ${draft.lvsSyncDaemon.vrrpInstance ?? ''} - ignoring`, node.loc);
    return;
  }
  const ifname = node.args[0];
  if (ifname === undefined) {
    sink.error('lvs_sync_daemon requires interface', node.loc);
    return;
  }
  if (ifname.length >= IP_VS_IFNAME_MAXLEN) {
    sink.error(`lvs_sync_daemon interface name '${ifname}' too long - ignoring`, node.loc);
    return;
  }
  const syncd: Mutable<LvsSyncDaemon> = { interface: ifname, loc: node.loc };
  const args = node.args;
  const numbered = (name: string, i: number, min: number, max: number): number | undefined => {
    if (i + 1 >= args.length) {
      sink.error(name === 'id' ? 'No value specified for lvs_sync_daemon id, defaulting to vrid' : `No value specified for lvs_sync_daemon ${name} - ignoring`, node.loc);
      return undefined;
    }
    return readIntegerOr(node, i + 1, min, max, sink, (t) => (name === 'id' ? `Invalid syncid (${t}) - defaulting to vrid` : `Invalid lvs_sync_daemon ${name} (${t}) - ignoring`));
  };
  for (let i = 1; i < args.length; i++) {
    const word = args[i] ?? '';
    if (word === 'inst') {
      if (syncd.vrrpInstance !== undefined) sink.error(`lvs_sync_daemon vrrp instance has already been specified as ${syncd.vrrpInstance} - ignoring`, node.loc);
      else if (args[i + 1] !== undefined) syncd.vrrpInstance = args[i + 1] ?? '';
      i++;
    } else if (word === 'id' || word === 'maxlen' || word === 'port' || word === 'ttl') {
      const [min, max] = word === 'id' ? [0, 255] : word === 'maxlen' ? [1, 65535 - 20 - 8] : word === 'port' ? [1, 65535] : [1, 255];
      const value = numbered(word, i, min, max);
      if (value !== undefined) {
        if (word === 'id') syncd.syncId = value;
        else if (word === 'maxlen') syncd.maxlen = value;
        else if (word === 'port') syncd.port = value;
        else syncd.ttl = value;
      }
      if (i + 1 < args.length) i++;
    } else if (word === 'group') {
      const group = args[i + 1];
      if (group === undefined) sink.error('No value specified for lvs_sync_daemon group - ignoring', node.loc);
      else if (!isIpv4(group) && !isIpv6(group)) sink.error(`Invalid lvs_sync_daemon group (${group}) - ignoring`, node.loc);
      else if (!isMulticast(group)) sink.error(`lvs_sync_daemon group address ${group} is not multicast - ignoring`, node.loc);
      else syncd.group = group;
      i++;
    } else if (i === 1) {
      syncd.vrrpInstance = word;
    } else if (i === 2) {
      const value = readIntegerOr(node, 2, 0, 255, sink, (t) => `Invalid syncid (${t}) - defaulting to vrid`);
      if (value !== undefined) {
        sink.error('Please use keyword "id" before lvs_sync_daemon SYNCID', node.loc);
        syncd.syncId = value;
      }
    } else {
      sink.error(`Unknown option ${word} specified for lvs_sync_daemon`, node.loc);
    }
  }
  draft.lvsSyncDaemon = syncd;
};

const lvsTimeouts: GlobalHandler = (node, { draft, sink }) => {
  if (node.args.length < 2) {
    sink.error('lvs_timeouts requires at least one option', node.loc);
    return;
  }
  const fields = { tcp: 'tcp', tcpfin: 'tcpFin', udp: 'udp' } as const;
  for (let i = 0; i < node.args.length; i++) {
    const word = node.args[i] ?? '';
    if (word !== 'tcp' && word !== 'tcpfin' && word !== 'udp') {
      sink.error(`Unknown option ${word} specified for lvs_timeouts`, node.loc);
      continue;
    }
    if (i === node.args.length - 1) {
      sink.error(`No value specified for lvs_timeout ${word} - ignoring`, node.loc);
      continue;
    }
    const value = readIntegerOr(node, i + 1, 0, LVS_MAX_TIMEOUT, sink, (t) => `Invalid lvs_timeout ${word} (${t}) - ignoring`);
    if (value !== undefined) draft.lvsTimeouts[fields[word]] = value;
    i++;
  }
};

const lvsFlushOnStop: GlobalHandler = (node, { draft, sink }) => {
  const mode = node.args[0];
  if (mode === undefined) draft.lvsFlushOnStop = 'all';
  else if (mode === 'VS') draft.lvsFlushOnStop = 'vs';
  else sink.error(`Unknown lvs_flush_on_stop type ${mode}`, node.loc);
  // keepalived 2.2.7 accepts the old spelling silently; say it is an alias.
  if (node.keyword === 'lvs_flush_onstop') sink.warning("'lvs_flush_onstop' is deprecated - please use 'lvs_flush_on_stop'", node.loc);
};

export const lvsKeywords: KeywordTable<GlobalDefsTarget> = {
  lvs_sync_daemon: lvsSyncDaemon,
  lvs_timeouts: lvsTimeouts,
  lvs_flush: flag('lvsFlush'),
  lvs_flush_on_stop: lvsFlushOnStop,
  lvs_flush_onstop: lvsFlushOnStop,
  nftables_ipvs: (node, { draft, sink }) => {
    if (draft.nftablesIpvs !== undefined) {
      sink.error('ipvs nftables already specified - ignoring', node.loc);
      return;
    }
    draft.nftablesIpvs = { table: node.args[0] ?? 'keepalived_ipvs', priority: -1, startFwmark: 1000 };
    notImplemented(node, sink, 'firewall');
  },
  nftables_ipvs_priority: (node, { draft, sink }) => {
    const value = readIntegerOr(node, 0, -2147483648, 2147483647, sink, (t) => `invalid ipvs nftables chain priority '${t}'`);
    if (value !== undefined && draft.nftablesIpvs !== undefined) draft.nftablesIpvs = { ...draft.nftablesIpvs, priority: value };
    notImplemented(node, sink, 'firewall');
  },
  nftables_ipvs_start_fwmark: (node, { draft, sink }) => {
    const value = readIntegerOr(node, 0, 1, 4294967295, sink, (t) => `invalid ipvs nftables start_fwmark priority '${t}'`);
    if (value !== undefined && draft.nftablesIpvs !== undefined) draft.nftablesIpvs = { ...draft.nftablesIpvs, startFwmark: value };
    notImplemented(node, sink, 'firewall');
  },
};
