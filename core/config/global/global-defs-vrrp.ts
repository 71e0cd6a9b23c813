import type { KeywordTable } from '../blocks.js';
import { VRRP_GARP_DELAY_MICROS, VRRP_GARP_REFRESH_MICROS, VRRP_GARP_REFRESH_REPEAT, VRRP_GARP_REPEAT } from './draft.js';
import { boolSetting, flag, globalBoolMessage, type GlobalDefsTarget, type GlobalHandler } from './global-defs-target.js';
import { isIpv4, isIpv6, notImplemented, readBoolWith, readDecimalSecondsOr, readIntegerOr } from './readers.js';
import { UINT_MAX } from '../values.js';

/**
 * global_defs keywords that set VRRP defaults for every instance
 * (keepalived/core/global_parser.c; messages observed on 2.2.7).
 */

const SECOND = 1_000_000;
const MAX_SECONDS = Math.floor(UINT_MAX / SECOND);

// 2.2.7 vrrp_mcast_group4/6_handler: parse, family, multicast checks; each failure keeps the default.
function mcastGroup(family: 4 | 6): GlobalHandler {
  return (node, { draft, sink }) => {
    const keyword = `vrrp_mcast_group${family}`;
    const text = node.args[0] ?? '';
    if (!isIpv4(text) && !isIpv6(text)) {
      sink.error(`Can't parse ${keyword} [${text}]. Skipping`, node.loc);
      return;
    }
    if (family === 4 ? !isIpv4(text) : !isIpv6(text)) {
      sink.error(`${keyword} [${text}] is not IPv${family}. Skipping`, node.loc);
      return;
    }
    if (family === 4) {
      const first = Number(text.split('.')[0]);
      if (first < 224 || first > 239) {
        sink.error(`${keyword} [${text}] is not multicast. Skipping`, node.loc);
        return;
      }
      draft.mcastGroup4 = text;
      return;
    }
    const lower = text.toLowerCase();
    if (!lower.startsWith('ff')) {
      sink.error(`${keyword} [${text}] is not multicast. Skipping`, node.loc);
      return;
    }
    // keepalived warns but keeps a non link-local group (report_config_error, so -t exits 5).
    if (!/^ff[0-9a-f]2:/.test(lower)) sink.error(`${keyword} [${text}] should be link-local multicast.`, node.loc);
    draft.mcastGroup6 = text;
  };
}

/** An unsigned count with keepalived's "must be greater than 0, setting to 1" repair. */
function repeatCount(field: 'garpMasterRepeat' | 'garpMasterRefreshRepeat'): GlobalHandler {
  return (node, { draft, sink }) => {
    let value = readIntegerOr(node, 0, 0, UINT_MAX, sink, (t) => `${node.keyword} '${t}' invalid - ignoring`);
    if (value === undefined) return;
    if (value === 0) {
      sink.error(`${node.keyword} must be greater than 0, setting to 1`, node.loc);
      value = 1;
    }
    draft[field] = value;
  };
}

function intervalSeconds(field: 'garpIntervalMicros' | 'gnaIntervalMicros'): GlobalHandler {
  return (node, { draft, sink }) => {
    const value = readDecimalSecondsOr(node, 0, 1 / SECOND, MAX_SECONDS, 6, sink, (t) => `${node.keyword} '${t}' is invalid`);
    if (value === undefined) return;
    draft[field] = value;
    // keepalived: log_message only.
    if (value >= SECOND) sink.warning(`The ${node.keyword} is very large - ${node.args[0] ?? ''} seconds`, node.loc);
  };
}

// vrrp_min_garp: one GARP, no repeat, no refresh, no delayed burst, unless already set.
const minGarp: GlobalHandler = (node, { draft, sink }) => {
  const value = readBoolWith(node, sink, () => 'Invalid value for vrrp_min_garp specified');
  if (value !== true) return;
  draft.minGarp = true;
  if (draft.garpMasterRepeat === VRRP_GARP_REPEAT) draft.garpMasterRepeat = 1;
  if (draft.garpMasterRefreshMicros === VRRP_GARP_REFRESH_MICROS) draft.garpMasterRefreshMicros = 0;
  if (draft.garpMasterRefreshRepeat === VRRP_GARP_REFRESH_REPEAT) draft.garpMasterRefreshRepeat = 0;
  if (draft.garpMasterDelayMicros === VRRP_GARP_DELAY_MICROS) draft.garpMasterDelayMicros = 0;
};

// vrrp_garp_extra_if [all] SECS (2.2.7 vrrp_vmac_garp_extra_if_handler).
const garpExtraIf: GlobalHandler = (node, { draft, sink }) => {
  if (node.keyword === 'vrrp_vmac_garp_intvl') {
    // CONFIG_DEPRECATED → warning.
    sink.warning('Keyword "vrrp_vmac_garp_intvl" is deprecated - please use "vrrp_garp_extra_if"', node.loc);
  }
  let all = false;
  let seconds = 0;
  for (let i = 0; i < node.args.length; i++) {
    if (node.args[i] === 'all') {
      all = true;
      continue;
    }
    const value = readIntegerOr(node, i, 1, 86400, sink, (t) => `${node.keyword} '${t}' invalid - ignoring`);
    if (value === undefined) return;
    seconds = value;
  }
  if (seconds === 0) {
    sink.error(`${node.keyword} specified without time - ignoring`, node.loc);
    return;
  }
  draft.garpExtraIf = { all, intervalMicros: seconds * SECOND };
};

const startupDelay: GlobalHandler = (node, { draft, sink }) => {
  const value = readDecimalSecondsOr(node, 0, 0.001 / SECOND, MAX_SECONDS, 6, sink, (t) => `${node.keyword} '${t}' is invalid`);
  if (value === undefined) return;
  if (node.keyword === 'vrrp_startup_delay') draft.vrrpStartupDelayMicros = value;
  else draft.vrrpDelayAfterBootMicros = value;
  if (value >= 60 * SECOND) sink.warning(`The ${node.keyword} is very large - ${node.args[0] ?? ''} seconds`, node.loc);
};

// vrrp_rx_bufs_policy MTU|ADVERT|SIZE: keepalived ORs the words in, then resolves conflicts.
const rxBufsPolicy: GlobalHandler = (node, { draft, sink }) => {
  if (node.args.length === 0) {
    sink.error('vrrp_rx_bufs_policy missing', node.loc);
    return;
  }
  let mtu = false;
  let advert = false;
  let size: number | undefined;
  for (let i = 0; i < node.args.length; i++) {
    const word = node.args[i] ?? '';
    if (word.toUpperCase() === 'MTU') mtu = true;
    else if (word.toUpperCase() === 'ADVERT') advert = true;
    else {
      const value = readIntegerOr(node, i, 0, UINT_MAX, sink, (t) => `Invalid vrrp_rx_bufs_policy ${t}`);
      if (value !== undefined) size = value;
    }
  }
  if (size !== undefined && (mtu || advert)) {
    sink.error('Cannot set vrrp_rx_bufs_policy size and policy, ignoring policy', node.loc);
    draft.vrrpRxBufsPolicy = String(size);
  } else if (mtu && advert) {
    sink.error('Cannot set both vrrp_rx_bufs_policy MTU and ADVERT, ignoring ADVERT', node.loc);
    draft.vrrpRxBufsPolicy = 'MTU';
  } else {
    draft.vrrpRxBufsPolicy = size !== undefined ? String(size) : mtu ? 'MTU' : 'ADVERT';
  }
};

// *_rcv_bufs SIZE and *_rcv_bufs_force [BOOL] (global_parser.c get_netlink_rcv_bufs_size).
function bufferKeywords(prefix: string): Record<string, GlobalHandler> {
  return {
    [`${prefix}_rcv_bufs`]: (node, { draft, sink }) => {
      if (node.args[0] === undefined) {
        sink.error(`${prefix}_rcv_bufs size missing`, node.loc);
        return;
      }
      const bytes = readIntegerOr(node, 0, 0, UINT_MAX, sink, (t) => `${prefix}_rcv_bufs size (${t}) invalid`);
      if (bytes === undefined || bytes === 0) return;
      const existing = draft.bufferSizes.find((b) => b.keyword === prefix);
      if (existing === undefined) draft.bufferSizes.push({ keyword: prefix, bytes, force: false });
      else existing.bytes = bytes;
    },
    [`${prefix}_rcv_bufs_force`]: (node, { draft, sink }) => {
      const force = readBoolWith(node, sink, globalBoolMessage(`${prefix}_rcv_bufs_force`));
      if (force === undefined) return;
      const existing = draft.bufferSizes.find((b) => b.keyword === prefix);
      if (existing === undefined) draft.bufferSizes.push({ keyword: prefix, bytes: 0, force });
      else existing.force = force;
    },
  };
}

function prefixSetting(field: 'vmacPrefix' | 'vmacAddrPrefix', label: string): GlobalHandler {
  return (node, { draft, sink }) => {
    const prefix = node.args[0];
    if (prefix === undefined) {
      sink.error(`${node.keyword} requires a parameter`, node.loc);
      return;
    }
    if (draft.specified.has(field)) {
      sink.error(`${label} prefix has already been specified - ignoring ${prefix}`, node.loc);
      return;
    }
    draft.specified.add(field);
    draft[field] = prefix;
  };
}

export const vrrpKeywords: KeywordTable<GlobalDefsTarget> = {
  vrrp_mcast_group4: mcastGroup(4),
  vrrp_mcast_group6: mcastGroup(6),
  vrrp_garp_master_delay: (node, { draft, sink }) => {
    const value = readIntegerOr(node, 0, 0, MAX_SECONDS, sink, (t) => `vrrp_garp_master_delay '${t}' invalid - ignoring`);
    if (value !== undefined) draft.garpMasterDelayMicros = value * SECOND;
  },
  vrrp_garp_master_repeat: repeatCount('garpMasterRepeat'),
  vrrp_garp_master_refresh: (node, { draft, sink }) => {
    const value = readIntegerOr(node, 0, 0, UINT_MAX, sink, (t) => `Invalid vrrp_garp_master_refresh '${t}' - ignoring`);
    draft.garpMasterRefreshMicros = (value ?? 0) * SECOND;
  },
  vrrp_garp_master_refresh_repeat: repeatCount('garpMasterRefreshRepeat'),
  vrrp_garp_lower_prio_delay: (node, { draft, sink }) => {
    const value = readIntegerOr(node, 0, 0, MAX_SECONDS, sink, (t) => `vrrp_garp_lower_prio_delay '${t}' invalid - ignoring`);
    if (value !== undefined) draft.garpLowerPrioDelayMicros = value * SECOND;
  },
  vrrp_garp_lower_prio_repeat: (node, { draft, sink }) => {
    const value = readIntegerOr(node, 0, 0, 2147483647, sink, (t) => `Invalid vrrp_garp_lower_prio_repeat '${t}'`);
    if (value !== undefined) draft.garpLowerPrioRepeat = value;
  },
  vrrp_garp_interval: intervalSeconds('garpIntervalMicros'),
  vrrp_gna_interval: intervalSeconds('gnaIntervalMicros'),
  vrrp_min_garp: minGarp,
  vrrp_garp_extra_if: garpExtraIf,
  vrrp_vmac_garp_intvl: garpExtraIf,
  vrrp_down_timer_adverts: (node, { draft, sink }) => {
    const value = readIntegerOr(node, 0, 1, 100, sink, (t) => `Invalid vrrp_down_timer_adverts [1:100] '${t}'`);
    if (value !== undefined) draft.downTimerAdverts = value;
  },
  vrrp_lower_prio_no_advert: boolSetting('lowerPrioNoAdvert', () => 'Invalid value for vrrp_lower_prio_no_advert specified'),
  vrrp_higher_prio_send_advert: boolSetting('higherPrioSendAdvert', () => 'Invalid value for vrrp_higher_prio_send_advert specified'),
  vrrp_owner_ignore_adverts: boolSetting('ownerIgnoreAdverts', globalBoolMessage('vrrp_owner_ignore_adverts')),
  v3_checksum_as_v2: boolSetting('v3ChecksumAsV2', globalBoolMessage('v3_checksum_as_v2')),
  vrrp_version: (node, { draft, sink }) => {
    const value = readIntegerOr(node, 0, 2, 3, sink, () => 'VRRP Error: Version must be either 2 or 3');
    if (value === 2 || value === 3) draft.vrrpVersion = value;
  },
  vrrp_check_unicast_src: flag('checkUnicastSrc'),
  vrrp_skip_check_adv_addr: flag('skipCheckAdvAddr'),
  vrrp_strict: flag('strict'),
  vrrp_iptables: (node, { draft, sink }) => {
    if (draft.iptables !== undefined) {
      sink.error('iptables already specified - ignoring', node.loc);
      return;
    }
    // No name: keepalived's default chains INPUT / OUTPUT.
    const [inChain = 'INPUT', outChain = node.args.length === 0 ? 'OUTPUT' : undefined] = node.args;
    draft.iptables = { inChain, ...(outChain === undefined ? {} : { outChain }) };
    notImplemented(node, sink, 'firewall');
  },
  vrrp_ipsets: (node, { draft, sink }) => {
    draft.ipsets = node.args;
    notImplemented(node, sink, 'firewall');
  },
  nftables: (node, { draft, sink }) => {
    if (draft.nftables !== undefined) {
      sink.error('nftables already specified - ignoring', node.loc);
      return;
    }
    draft.nftables = { table: node.args[0] ?? 'keepalived', priority: -1, counters: false, ifindex: false };
    notImplemented(node, sink, 'firewall');
  },
  nftables_priority: (node, { draft, sink }) => {
    const value = readIntegerOr(node, 0, -2147483648, 2147483647, sink, (t) => `invalid nftables chain priority '${t}'`);
    if (value !== undefined && draft.nftables !== undefined) draft.nftables = { ...draft.nftables, priority: value };
    notImplemented(node, sink, 'firewall');
  },
  nftables_counters: (node, { draft, sink }) => {
    if (draft.nftables !== undefined) draft.nftables = { ...draft.nftables, counters: true };
    notImplemented(node, sink, 'firewall');
  },
  nftables_ifindex: (node, { draft, sink }) => {
    if (draft.nftables !== undefined) draft.nftables = { ...draft.nftables, ifindex: true };
    notImplemented(node, sink, 'firewall');
  },
  vrrp_startup_delay: startupDelay,
  vrrp_delay_after_boot: startupDelay,
  log_unknown_vrids: flag('logUnknownVrids'),
  vmac_prefix: prefixSetting('vmacPrefix', 'vmac'),
  vmac_addr_prefix: prefixSetting('vmacAddrPrefix', 'vmac_addr'),
  vrrp_rx_bufs_policy: rxBufsPolicy,
  vrrp_rx_bufs_multiplier: (node, { draft, sink }) => {
    if (node.args.length !== 1) {
      sink.error('Invalid vrrp_rx_bufs_multiplier', node.loc);
      return;
    }
    const value = readIntegerOr(node, 0, 1, UINT_MAX, sink, (t) => `Invalid vrrp_rx_bufs_multiplier ${t}`);
    if (value !== undefined) draft.vrrpRxBufsMultiplier = value;
  },
  ...bufferKeywords('vrrp_netlink_cmd'),
  ...bufferKeywords('vrrp_netlink_monitor'),
  ...bufferKeywords('process_monitor'),
  ...bufferKeywords('lvs_netlink_cmd'),
  ...bufferKeywords('lvs_netlink_monitor'),
};
