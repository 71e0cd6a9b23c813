// One " VRRP Instance = NAME" block of keepalived.data (keepalived 2.2.7 vrrp_data.c dump_vrrp).
// Line texts and their order are those of Debian's 2.2.7 binary (its format strings and its own
// dumps); lines for things Vigil does not hold are left out (see README.md).
import type { GlobalConfig } from '../../core/config/global/model.js';
import type { NotifyKind, VrrpInstance } from '../../core/config/vrrp/model.js';
import type { InstanceRuntime } from '../../core/instance/runtime.js';
import { downTimerFor } from '../../core/instance/transitions.js';
import type { VigilState } from '../../core/reducer/state.js';
import { primaryAddress } from '../../core/tracking/world.js';
import { addressText } from './address.js';
import { enabledDisabled, notifyScriptLines, printfG, stateName, trueFalse, wholeSeconds, yesNo, type IdentityLookup } from './format.js';
import { trackingCounts } from './priority.js';
import { ctimeWithMicros, timevalText, wallTimeOf, type DumpTime } from './time.js';
import { trackedLists } from './trackers.js';

const INSTANCE_SCRIPTS: readonly (readonly [NotifyKind, string])[] = [
  ['backup', 'Backup'],
  ['master', 'Master'],
  ['fault', 'Fault'],
  ['stop', 'Stop'],
  ['deleted', 'Deleted'],
  ['generic', 'Generic'],
  ['masterRxLowerPri', 'Master rx lower pri'],
];

export function instanceLines(
  state: VigilState,
  inst: InstanceRuntime,
  global: GlobalConfig,
  now: DumpTime,
  lookup: IdentityLookup,
): string[] {
  const c = inst.config;
  const counts = trackingCounts(state, inst);
  const backup = inst.state === 'backup';
  const since = wallTimeOf(inst.since, now);
  const lines = [` VRRP Instance = ${c.name}`, `   VRRP Version = ${c.version}`];
  if (c.syncGroup !== undefined) lines.push(`   Sync group = ${c.syncGroup}`);
  if (c.family === 'inet6') lines.push('   Using Native IPv6');
  lines.push(`   State = ${stateName(inst.state)}`);
  if (backup) {
    // keepalived master_saddr starts as the multicast group, master_priority as 0.
    lines.push(`   Master router = ${inst.master?.address ?? c.mcastDstIp}`, `   Master priority = ${inst.master?.priority ?? 0}`);
    if (c.version === 3) lines.push(`   Master advert int = ${(inst.masterAdverIntervalMicros / 1_000_000).toFixed(2)} sec`);
  }
  lines.push(...flagLines(c));
  lines.push(
    `   Wantstate = ${stateName(inst.wantState)}`,
    `   Number of config faults = ${counts.configFaults}`,
    `   Number of interface and track script faults = ${counts.interfaceAndScriptFaults}`,
    `   Number of track scripts init = ${counts.scriptsInit}`,
    `   Last transition = ${timevalText(since)} (${ctimeWithMicros(since, now)})`,
  );
  if (inst.deadline === undefined) lines.push('   Read timeout = DISABLED');
  else {
    const sands = wallTimeOf(inst.deadline, now);
    lines.push(`   Read timeout = ${timevalText(sands)} (${ctimeWithMicros(sands, now)})`);
  }
  // keepalived computes ms_down_timer at start; Vigil sets it on entering BACKUP.
  lines.push(`   Master down timer = ${inst.downTimerMicros > 0 ? inst.downTimerMicros : downTimerFor(inst)} usecs`);
  lines.push(`   Interface = ${c.interface ?? '(none)'}`);
  if (c.dontTrackPrimary) lines.push('   VRRP interface tracking disabled');
  if (c.skipCheckAdvAddr) lines.push('   Skip checking advert IP addresses');
  if (c.strict) lines.push('   Enforcing strict VRRP compliance');
  lines.push(`   Using src_ip = ${sourceText(state, c)}`);
  if (!c.unicast) {
    const index = c.interface === undefined ? 0 : (state.world.links.get(c.interface)?.index ?? 0);
    lines.push(`   Multicast address ${c.mcastDstIp}${c.family === 'inet6' ? `, ifindex ${index}` : ''}`);
  }
  lines.push(...timingLines(inst, counts.totalPriority));
  lines.push(...authLines(c));
  if (c.kernelRxBufSize !== undefined && c.kernelRxBufSize > 0) lines.push(`   Kernel rx buffer size = ${c.kernelRxBufSize}`);
  if (c.debug !== 0) lines.push(`   Debug level = ${c.debug}`);
  if (c.vips.length > 0) lines.push(`   Virtual IP (${c.vips.length}):`, ...c.vips.map((a) => `     ${addressText(a, inst.vipsSet)}`));
  if (c.excludedVips.length > 0) lines.push('   Virtual IP Excluded :', ...c.excludedVips.map((a) => `     ${addressText(a, inst.vipsSet)}`));
  lines.push(...unicastLines(c));
  lines.push(...trackedLists(c.trackers, 'processes'));
  lines.push(`   Using smtp notification = ${yesNo(c.smtpAlert)}`, `   Notify deleted = ${c.notifyDeleted ? 'Deleted' : 'Fault'}`);
  lines.push(...notifyScriptLines(c.notify, INSTANCE_SCRIPTS, global, lookup));
  lines.push(`   Notify priority changes = ${trueFalse(c.notifyPriorityChanges)}`);
  return lines;
}

/**
 * "   Flags: none" when keepalived's vrrp->flags is empty; otherwise "   Flags:" and a line for the
 * unicast ones. The config options that set a flag in 2.2.7 (observed one by one on Debian's
 * binary): unicast keywords, nopreempt, promote_secondaries, dont_track_primary,
 * skip_check_adv_addr, unicast_src_ip/mcast_src_ip, garp_extra_if all.
 */
function flagLines(c: VrrpInstance): string[] {
  // Every unicast keyword of the instance sets it (global vrrp_check_unicast_src does not).
  const unicastConfigured = c.unicast || c.unicastWithoutPeers;
  const any =
    unicastConfigured || c.nopreempt || c.promoteSecondaries || c.dontTrackPrimary || c.skipCheckAdvAddr || c.srcIp !== undefined || c.garp.extraIfAll;
  if (!any) return ['   Flags: none'];
  const lines = ['   Flags:'];
  if (c.unicast) lines.push('     Using unicast');
  else if (c.unicastWithoutPeers) lines.push('     Unicast config option specified but using multicast');
  if (c.unicastFaultNoPeer) lines.push('     If unicast go to fault state if no peers');
  return lines;
}

/** keepalived saddr: configured, else the interface's own address at the time of the dump. */
function sourceText(state: VigilState, c: VrrpInstance): string {
  if (c.srcIp !== undefined) return `${c.srcIp} (from configuration)`;
  const own = c.interface === undefined ? undefined : primaryAddress(state.world, c.interface, c.family, state.ownAddresses);
  return own ?? '(none)';
}

function timingLines(inst: InstanceRuntime, totalPriority: number): string[] {
  const c = inst.config;
  const g = c.garp;
  const lines = [
    `   Gratuitous ARP delay = ${wholeSeconds(g.masterDelayMicros)}`,
    `   Gratuitous ARP repeat = ${g.masterRepeat}`,
    `   Gratuitous ARP refresh = ${wholeSeconds(g.masterRefreshMicros)}`,
    `   Gratuitous ARP refresh repeat = ${g.masterRefreshRepeat}`,
    `   Gratuitous ARP lower priority delay = ${wholeSeconds(g.lowerPrioDelayMicros)}`,
    `   Gratuitous ARP lower priority repeat = ${g.lowerPrioRepeat}`,
    `   Down timer adverts = ${c.downTimerAdverts}`,
    `   Send advert after receive lower priority advert = ${trueFalse(!c.lowerPrioNoAdvert)}`,
    `   Send advert after receive higher priority advert = ${trueFalse(c.higherPrioSendAdvert)}`,
    `   Virtual Router ID = ${c.vrid}`,
    `   Priority = ${inst.basePriority}`,
    `   Effective priority = ${inst.effectivePriority}`,
    `   Total priority = ${totalPriority}`,
    c.version === 2
      ? `   Advert interval = ${wholeSeconds(c.advertIntervalMicros)} sec`
      : `   Advert interval = ${Math.trunc(c.advertIntervalMicros / 1000)} milli-sec`,
  ];
  if (inst.state === 'backup' && c.version === 3) {
    lines.push(`   Master advert interval = ${Math.trunc(inst.masterAdverIntervalMicros / 1000)} milli-sec`);
  }
  lines.push(`   Accept = ${enabledDisabled(c.accept)}`, `   Preempt = ${enabledDisabled(!c.nopreempt)}`);
  if (c.preemptDelayMicros > 0) lines.push(`   Preempt delay = ${printfG(c.preemptDelayMicros / 1_000_000)} secs`);
  lines.push(`   Promote_secondaries = ${enabledDisabled(c.promoteSecondaries)}`);
  return lines;
}

/** VRRPv3 has no authentication: keepalived prints nothing for it. */
function authLines(c: VrrpInstance): string[] {
  if (c.version !== 2) return [];
  if (c.auth === undefined) return ['   Authentication type = none'];
  if (c.auth.type === 'AH') return ['   Authentication type = IPSEC_AH'];
  // auth_data is 8 bytes, printed up to the first NUL.
  return ['   Authentication type = SIMPLE_PASSWORD', `   Password = ${c.auth.password.slice(0, 8)}`];
}

function unicastLines(c: VrrpInstance): string[] {
  if (!c.unicast) return [];
  // Vigil's `old_unicast_checksum` without an argument is keepalived's CHKSUM_COMPATIBILITY_CONFIG.
  const compat = c.oldUnicastChecksum === undefined ? 'no' : c.oldUnicastChecksum === 'never' ? 'never' : 'config';
  return [
    `   Unicast TTL = ${c.unicastTtl}`,
    `   Check unicast src : ${yesNo(c.checkUnicastSrc)}`,
    '   Unicast Peer :',
    ...c.unicastPeers.map((p) => `     ${p.address} min_ttl ${p.minTtl} max_ttl ${p.maxTtl}`),
    `   Unicast checksum compatibility = ${compat}`,
  ];
}
