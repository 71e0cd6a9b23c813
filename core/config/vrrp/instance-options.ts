import type { KeywordTable } from '../blocks.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { ConfigNode } from '../syntax.js';
import type { InstanceDraft } from './draft.js';
import { UINT_MAX } from '../values.js';

/**
 * The boolean, GARP and timer options of a vrrp_instance (keepalived
 * vrrp_parser.c), with keepalived's per-option messages.
 */

const TRUE_WORDS = new Set(['on', 'true', 'yes']);
const FALSE_WORDS = new Set(['off', 'false', 'no']);
const SECOND = 1_000_000;

/** check_true_false(): a bare keyword means true; undefined after reporting `message`. */
export function boolArg(node: ConfigNode, sink: DiagnosticSink, message: (word: string) => string): boolean | undefined {
  const word = node.args[0];
  if (word === undefined || TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  sink.error(message(word), node.loc);
  return undefined;
}

export function unsignedArg(text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}


export function instanceOptions(sink: DiagnosticSink): KeywordTable<InstanceDraft> {
  const flag = (set: (d: InstanceDraft, v: boolean) => void, name: string) => (node: ConfigNode, d: InstanceDraft): void => {
    const value = boolArg(node, sink, (w) => `(${d.name}) invalid ${name} ${w} specified`);
    if (value !== undefined) set(d, value);
  };
  const repeat = (node: ConfigNode, d: InstanceDraft, name: string): number | undefined => {
    const value = unsignedArg(node.args[0], 0, UINT_MAX);
    if (value === undefined) {
      sink.error(`(${d.name}): ${name} '${node.args[0] ?? ''}' invalid - ignoring`, node.loc);
      return undefined;
    }
    if (value === 0) {
      sink.error(`(${d.name}): ${name} must be greater than 0, setting to 1`, node.loc);
      return 1;
    }
    return value;
  };
  return {
    nopreempt: (_n, d) => { d.nopreempt = true; },
    preempt: (_n, d) => { d.nopreempt = false; },
    accept: (_n, d) => { d.accept = true; },
    no_accept: (_n, d) => { d.accept = false; },
    dont_track_primary: (_n, d) => { d.dontTrackPrimary = true; },
    track_src_ip: (_n, d) => { d.trackSrcIp = true; },
    promote_secondaries: (_n, d) => { d.promoteSecondaries = true; },
    no_virtual_ipaddress: (_n, d) => { d.noVirtualIpaddress = true; },
    skip_check_adv_addr: flag((d, v) => { d.skipCheckAdvAddr = v; }, 'skip_check_adv_addr'),
    strict_mode: flag((d, v) => { d.strict = v; }, 'strict_mode'),
    lower_prio_no_advert: flag((d, v) => { d.lowerPrioNoAdvert = v; }, 'lower_prio_no_advert'),
    higher_prio_send_advert: flag((d, v) => { d.higherPrioSendAdvert = v; }, 'higher_prio_send_advert'),
    v3_checksum_as_v2: flag((d, v) => { d.v3ChecksumAsV2 = v; }, 'v3_checksum_as_v2'),
    owner_ignore_adverts: flag((d, v) => { d.ownerIgnoreAdverts = v; }, 'owner_ignore_adverts'),
    notify_priority_changes: (node, d) => {
      const v = boolArg(node, sink, (w) => `(${d.name}) Invalid value '${w}' for notify_priority_changes specified`);
      if (v !== undefined) d.notifyPriorityChanges = v;
    },
    smtp_alert: (node, d) => {
      const v = boolArg(node, sink, (w) => `Invalid vrrp_instance smtp_alert parameter ${w}`);
      if (v !== undefined) d.smtpAlert = v;
    },
    preempt_delay: (node, d) => {
      const text = node.args[0];
      const seconds = text !== undefined && /^\d+(\.\d*)?$|^\.\d+$/.test(text) ? Number(text) : Number.NaN;
      if (!(seconds >= 0 && seconds <= 1000)) {
        sink.error(`(${d.name}) Preempt_delay not valid! must be between 0-1000`, node.loc);
        d.preemptDelayMicros = 0;
      } else d.preemptDelayMicros = Math.round(seconds * SECOND);
    },
    garp_master_delay: (node, d) => {
      const v = unsignedArg(node.args[0], 0, Math.floor(UINT_MAX / SECOND));
      if (v === undefined) sink.error(`(${d.name}): garp_master_delay '${node.args[0] ?? ''}' invalid - ignoring`, node.loc);
      else d.garpMasterDelayMicros = v * SECOND;
    },
    garp_master_refresh: (node, d) => {
      const v = unsignedArg(node.args[0], 0, UINT_MAX);
      if (v === undefined) {
        sink.error(`(${d.name}): Invalid garp_master_refresh '${node.args[0] ?? ''}' - ignoring`, node.loc);
        d.garpMasterRefreshMicros = 0;
      } else d.garpMasterRefreshMicros = v * SECOND;
    },
    garp_master_repeat: (node, d) => {
      const v = repeat(node, d, 'garp_master_repeat');
      if (v !== undefined) d.garpMasterRepeat = v;
    },
    garp_master_refresh_repeat: (node, d) => {
      const v = repeat(node, d, 'garp_master_refresh_repeat');
      if (v !== undefined) d.garpMasterRefreshRepeat = v;
    },
    garp_lower_prio_delay: (node, d) => {
      const v = unsignedArg(node.args[0], 0, Math.floor(UINT_MAX / SECOND));
      if (v === undefined) sink.error(`(${d.name}): garp_lower_prio_delay '${node.args[0] ?? ''}' invalid - ignoring`, node.loc);
      else d.garpLowerPrioDelayMicros = v * SECOND;
    },
    garp_lower_prio_repeat: (node, d) => {
      const v = unsignedArg(node.args[0], 0, 2147483647);
      if (v === undefined) sink.error(`(${d.name}): Invalid garp_lower_prio_repeat '${node.args[0] ?? ''}'`, node.loc);
      else d.garpLowerPrioRepeat = v;
    },
    down_timer_adverts: (node, d) => {
      const v = unsignedArg(node.args[0], 1, 100);
      if (v === undefined) sink.error(`(${d.name}): Invalid down_timer_adverts [1:100] '${node.args[0] ?? ''}'`, node.loc);
      else d.downTimerAdverts = v;
    },
    timer_expired_backup: timerExpiredBackup(sink),
    thread_timer_expired: timerExpiredBackup(sink),
    garp_extra_if: garpExtraIf(sink),
    vmac_garp_intvl: garpExtraIf(sink),
    kernel_rx_buf_size: (node, d) => {
      const v = node.args.length === 1 ? unsignedArg(node.args[0], 0, UINT_MAX) : undefined;
      if (v === undefined) sink.error(`(${d.name}) invalid kernel_rx_buf_size specified`, node.loc);
      else d.kernelRxBufSize = v;
    },
    debug: (node, d) => {
      const v = unsignedArg(node.args[0], 0, 4);
      if (v === undefined) sink.error(`(${d.name}) Debug value '${node.args[0] ?? ''}' not valid; must be between 0-4`, node.loc);
      else d.debug = v;
      sink.report('notImplemented', `(${d.name}) debug is not implemented`, node.loc);
    },
  };
}

function timerExpiredBackup(sink: DiagnosticSink) {
  return (node: ConfigNode, d: InstanceDraft): void => {
    let prio = 254;
    if (node.args[0] !== undefined) {
      const v = unsignedArg(node.args[0], 1, 254);
      if (v === undefined) {
        sink.error(`(${d.name}) timer_expired _backup highest_other_priority not valid! must be between 1 & 254`, node.loc);
        return;
      }
      prio = v;
    }
    d.timerExpiredBackup = prio;
  };
}

function garpExtraIf(sink: DiagnosticSink) {
  return (node: ConfigNode, d: InstanceDraft): void => {
    if (node.keyword === 'vmac_garp_intvl') {
      sink.warning('Keyword "vmac_garp_intvl" is deprecated - please use "garp_extra_if"', node.loc);
    }
    let all = false;
    let seconds: number | undefined;
    for (const word of node.args) {
      if (word === 'all') { all = true; continue; }
      seconds = unsignedArg(word, 0, 86400);
      if (seconds === undefined) {
        sink.error(`(${d.name}): ${node.keyword} '${word}' invalid - ignoring`, node.loc);
        return;
      }
    }
    if (seconds === undefined) {
      sink.error(`(${d.name}): ${node.keyword} specified without time - ignoring`, node.loc);
      return;
    }
    d.garpExtraIf = { all, intervalMicros: seconds * SECOND };
  };
}
