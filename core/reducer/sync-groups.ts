// Sync groups after each event (keepalived vrrp_sync.c vrrp_sync_master / vrrp_sync_backup /
// vrrp_sync_fault, run by vrrp_scheduler.c VRRP_TSM_HANDLE after a member changes state).
import { log, type Context } from '../instance/context.js';
import { patch, type InstanceRuntime } from '../instance/runtime.js';
import { gotoMaster, leaveMaster } from '../instance/transitions.js';
import { enterGroupState, membersOf, type GroupRuntime } from '../sync/group.js';
import { updateInstance } from './context.js';
import type { VigilState } from './state.js';

function withGroup(state: VigilState, index: number, group: GroupRuntime): VigilState {
  const groups = state.groups.slice();
  groups[index] = group;
  return { ...state, groups };
}

/** Runs `step` on every member of `group` except `except`, in config order. */
function forOtherMembers(
  state: VigilState,
  ctx: Context,
  group: GroupRuntime,
  except: (m: InstanceRuntime) => boolean,
  step: (m: InstanceRuntime) => InstanceRuntime,
): VigilState {
  let next = state;
  next.instances.forEach((m, index) => {
    if (m.config.syncGroup !== group.config.name || except(m)) return;
    next = updateInstance(next, ctx, index, step);
  });
  return next;
}

function reconcileOne(state: VigilState, ctx: Context, index: number): VigilState {
  const group = state.groups[index];
  if (group === undefined) return state;
  const name = group.config.name;
  const members = membersOf(group, state.instances);
  if (members.length === 0 || members.some((m) => m.state === 'init')) return state;
  const syncReason = { kind: 'syncGroup' as const, subject: name };
  const faulty = members.find((m) => m.state === 'fault');
  if (faulty !== undefined) {
    if (group.state === 'fault') return state;
    if (group.state !== 'init') log(ctx, `VRRP_Group(${name}) Syncing instances to FAULT state`);
    return withGroup(state, index, enterGroupState(ctx, group, 'fault', faulty.fault ?? syncReason));
  }
  const anyMaster = members.some((m) => m.state === 'master');
  if (group.state === 'master' && members.some((m) => m.state === 'backup')) {
    // One member yielded to a better master: the others follow (vrrp_sync_backup).
    log(ctx, `VRRP_Group(${name}) Syncing instances to BACKUP state`);
    const next = forOtherMembers(state, ctx, group, (m) => m.state !== 'master', (m) =>
      leaveMaster(ctx, patch(m, { wantState: 'backup' }), 'backup', syncReason),
    );
    return withGroup(next, index, enterGroupState(ctx, group, 'backup', syncReason));
  }
  if (group.state !== 'master' && anyMaster) {
    // One member became MASTER: the others go too (vrrp_sync_master).
    if (group.state !== 'init') log(ctx, `VRRP_Group(${name}) Syncing instances to MASTER state`);
    const next = forOtherMembers(state, ctx, group, (m) => m.state !== 'backup', (m) =>
      gotoMaster(ctx, patch(m, { wantState: 'master' }), syncReason),
    );
    return withGroup(next, index, enterGroupState(ctx, group, 'master', syncReason));
  }
  if (group.state === 'init' || group.state === 'fault') {
    const reason = group.state === 'init' ? { kind: 'startup' as const } : { kind: 'trackerRecovered' as const, subject: name };
    return withGroup(state, index, enterGroupState(ctx, group, 'backup', reason));
  }
  return state;
}

/** Every group brought into line with its members, in config order. */
export function reconcileGroups(state: VigilState, ctx: Context): VigilState {
  let next = state;
  for (let i = 0; i < next.groups.length; i++) next = reconcileOne(next, ctx, i);
  return next;
}

export function groupOf(state: VigilState, inst: InstanceRuntime): GroupRuntime | undefined {
  const name = inst.config.syncGroup;
  return name === undefined ? undefined : state.groups.find((g) => g.config.name === name);
}
