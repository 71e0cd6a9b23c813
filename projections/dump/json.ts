// /tmp/keepalived.json (SIGRTMIN+2, `--signum=JSON`): keepalived 2.2.7 vrrp_json.c vrrp_json_dump,
// an array of { data, stats } per vrrp_instance, field names and order as 2.2.7 writes them
// (checked against the Debian binary's output). jsonDump gives the value; jsonDumpText the text
// as keepalived's json_writer prints it ("/" escaped, last_transition with "%f").
import type { InstanceRuntime } from '../../core/instance/runtime.js';
import type { VigilState } from '../../core/reducer/state.js';
import { addressText } from './address.js';
import { commandText, printfG, stateNumber, wholeSeconds } from './format.js';
import { timevalSeconds, timevalText, wallTimeOf, type DumpTime } from './time.js';

/** A number with the text keepalived prints for it. */
class Num {
  readonly value: number;
  readonly text: string;

  constructor(value: number, text: string) {
    this.value = value;
    this.text = text;
  }
}

type Node = string | boolean | Num | readonly Node[] | { readonly [key: string]: Node };

const uint = (n: number): Num => new Num(n, String(n));
const flag = (b: boolean): Num => uint(b ? 1 : 0);
const float = (n: number): Num => new Num(n, printfG(n));

const NOTIFY_FIELDS = [
  ['backup', 'script_backup'],
  ['master', 'script_master'],
  ['fault', 'script_fault'],
  ['stop', 'script_stop'],
  ['deleted', 'script_deleted'],
  ['generic', 'script'],
  ['masterRxLowerPri', 'script_master_rx_lower_pri'],
] as const;

/** include/vrrp.h VRRP_AUTH_*: none 0, PASS 1, AH 2; VRRPv3 has none. */
function authType(inst: InstanceRuntime): number {
  const auth = inst.config.version === 2 ? inst.config.auth : undefined;
  return auth === undefined ? 0 : auth.type === 'PASS' ? 1 : 2;
}

function dataOf(state: VigilState, inst: InstanceRuntime, now: DumpTime): Record<string, Node> {
  const c = inst.config;
  const since = wallTimeOf(inst.since, now);
  const d: Record<string, Node> = {
    iname: c.name,
    dont_track_primary: flag(c.dontTrackPrimary),
    skip_check_adv_addr: flag(c.skipCheckAdvAddr),
    strict_mode: flag(c.strict),
    // Vigil creates no VMAC interface.
    vmac_ifname: '',
  };
  if (c.interface !== undefined) d['ifp_ifname'] = c.interface;
  Object.assign(d, {
    master_priority: uint(inst.master?.priority ?? 0),
    last_transition: new Num(timevalSeconds(since), timevalText(since)),
    garp_delay: float(c.garp.masterDelayMicros / 1_000_000),
    garp_refresh: uint(wholeSeconds(c.garp.masterRefreshMicros)),
    garp_rep: uint(c.garp.masterRepeat),
    garp_refresh_rep: uint(c.garp.masterRefreshRepeat),
    garp_lower_prio_delay: uint(wholeSeconds(c.garp.lowerPrioDelayMicros)),
    garp_lower_prio_rep: uint(c.garp.lowerPrioRepeat),
    lower_prio_no_advert: flag(c.lowerPrioNoAdvert),
    higher_prio_send_advert: flag(c.higherPrioSendAdvert),
    vrid: uint(c.vrid),
    base_priority: uint(inst.basePriority),
    effective_priority: uint(inst.effectivePriority),
    vipset: inst.vipsSet,
    promote_secondaries: c.promoteSecondaries,
    adver_int: float(c.advertIntervalMicros / 1_000_000),
    master_adver_int: float(inst.masterAdverIntervalMicros / 1_000_000),
    accept: flag(c.accept),
    nopreempt: c.nopreempt,
    preempt_delay: uint(wholeSeconds(c.preemptDelayMicros)),
    state: uint(stateNumber(inst.state)),
    wantstate: uint(stateNumber(inst.wantState)),
    version: uint(c.version),
    smtp_alert: c.smtpAlert,
    notify_deleted: c.notifyDeleted,
  });
  for (const [kind, field] of NOTIFY_FIELDS) {
    const script = c.notify.find((s) => s.kind === kind);
    if (script !== undefined) d[field] = commandText(script.argv);
  }
  // vrrp_json_array_dump writes nothing for an empty list.
  const array = (field: string, items: readonly string[]): void => {
    if (items.length > 0) d[field] = items;
  };
  array('vips', c.vips.map((a) => addressText(a, inst.vipsSet)));
  array('evips', c.excludedVips.map((a) => addressText(a, inst.vipsSet)));
  array('track_ifp', c.trackers.filter((t) => t.kind === 'interface').map((t) => t.name));
  const scripts = state.config?.global.vrrpScripts ?? [];
  const tracked = c.trackers.filter((t) => t.kind === 'script');
  array('track_script', tracked.flatMap((t) => scripts.filter((s) => s.name === t.name).map((s) => commandText(s.script.argv))));
  const type = authType(inst);
  d['auth_type'] = uint(type);
  // The 8 bytes of auth_data, up to the first NUL (AH keeps the configured password there too).
  if (type !== 0) d['auth_data'] = (c.auth?.password ?? '').slice(0, 8);
  return d;
}

function statsOf(inst: InstanceRuntime): Record<string, Node> {
  const s = inst.stats;
  return {
    advert_rcvd: uint(s.advert_rcvd),
    advert_sent: uint(s.advert_sent),
    become_master: uint(s.become_master),
    release_master: uint(s.release_master),
    packet_len_err: uint(s.packet_len_err),
    advert_interval_err: uint(s.advert_interval_err),
    ip_ttl_err: uint(s.ip_ttl_err),
    invalid_type_rcvd: uint(s.invalid_type_rcvd),
    addr_list_err: uint(s.addr_list_err),
    invalid_authtype: uint(s.invalid_authtype),
    authtype_mismatch: uint(s.authtype_mismatch),
    auth_failure: uint(s.auth_failure),
    pri_zero_rcvd: uint(s.pri_zero_rcvd),
    pri_zero_sent: uint(s.pri_zero_sent),
  };
}

function tree(state: VigilState, now: DumpTime): Node[] {
  return state.instances.map((inst) => ({ data: dataOf(state, inst, now), stats: statsOf(inst) }));
}

function plain(node: Node): unknown {
  if (node instanceof Num) return node.value;
  if (typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map(plain);
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, plain(v)]));
}

/** The JSON value keepalived writes, per vrrp_instance in config order. */
export function jsonDump(state: VigilState, now: DumpTime): unknown {
  return plain(tree(state, now));
}

// keepalived json_writer.c jsonw_puts: '/' is escaped, a single quote is not.
function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\' || ch === '/') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\b') out += '\\b';
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function text(node: Node): string {
  if (node instanceof Num) return node.text;
  if (typeof node === 'string') return quote(node);
  if (typeof node === 'boolean') return node ? 'true' : 'false';
  if (Array.isArray(node)) return `[${node.map(text).join(',')}]`;
  return `{${Object.entries(node).map(([k, v]) => `${quote(k)}:${text(v)}`).join(',')}}`;
}

/** The file's text, byte for byte as keepalived 2.2.7 would write it for this state. */
export function jsonDumpText(state: VigilState, now: DumpTime): string {
  return `${text(tree(state, now))}\n`;
}
