// keepalived vrrp_sync_can_goto_master: a member goes MASTER only when every other member wants to.
import type { Context } from '../instance/context.js';
import { patch, type InstanceRuntime } from '../instance/runtime.js';
import { downTimerFor } from '../instance/transitions.js';
import type { GroupRuntime } from './group.js';

export function canGotoMaster(inst: InstanceRuntime, group: GroupRuntime, members: readonly InstanceRuntime[]): boolean {
  if (group.state === 'master') return true;
  return members.every((m) => m === inst || m.config.name === inst.config.name || m.wantState === 'master');
}

/**
 * Held in BACKUP: it now wants MASTER, and waits another Master_Down_Interval for the others
 * ("Make sure we give time for other instances to be ready to become master").
 */
export function holdInBackup(ctx: Context, inst: InstanceRuntime): InstanceRuntime {
  const held = patch(inst, { wantState: 'master' });
  const downTimerMicros = downTimerFor(held);
  return patch(held, { downTimerMicros, deadline: ctx.at + downTimerMicros });
}
