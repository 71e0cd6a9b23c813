// "------< VRRP Sync groups >------" (keepalived 2.2.7 vrrp_data.c dump_vgroup; line texts from the
// Debian 2.2.7 binary's own dump).
import type { GlobalConfig } from '../../core/config/global/model.js';
import type { NotifyKind } from '../../core/config/vrrp/model.js';
import type { VigilState } from '../../core/reducer/state.js';
import { membersOf, type GroupRuntime } from '../../core/sync/group.js';
import { notifyScriptLines, stateName, yesNo, type IdentityLookup } from './format.js';
import { trackedLists } from './trackers.js';

const GROUP_SCRIPTS: readonly (readonly [NotifyKind, string])[] = [
  ['backup', 'Backup'],
  ['master', 'Master'],
  ['fault', 'Fault'],
  ['stop', 'Stop'],
  ['generic', 'Generic'],
];

export function syncGroupsSection(state: VigilState, global: GlobalConfig, lookup: IdentityLookup): string[] {
  if (state.groups.length === 0) return [];
  const lines = ['------< VRRP Sync groups >------'];
  for (const group of state.groups) lines.push(...groupLines(state, group, global, lookup));
  return lines;
}

function groupLines(state: VigilState, group: GroupRuntime, global: GlobalConfig, lookup: IdentityLookup): string[] {
  const c = group.config;
  const members = membersOf(group, state.instances);
  const lines = [
    ` VRRP Sync Group = ${c.name}, ${stateName(group.state)}`,
    // keepalived num_member_fault / num_member_init: members in FAULT / still in INIT.
    `   Num member fault ${members.filter((m) => m.state === 'fault').length}, num member init ${members.filter((m) => m.state === 'init').length}`,
    '   VRRP member instances :',
    ...c.members.map((m) => `     ${m}`),
  ];
  if (c.trackingWeight) lines.push('   sync group tracking weight set');
  lines.push(`   Using smtp notification = ${yesNo(c.smtpAlert)}`);
  lines.push(...trackedLists(c.trackers, 'process'));
  lines.push(...notifyScriptLines(c.notify, GROUP_SCRIPTS, global, lookup));
  return lines;
}
