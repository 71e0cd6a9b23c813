// A sync group's runtime state and its notifies (keepalived vrrp_notify.c send_group_notifies).
import type { SyncGroup } from '../config/vrrp/model.js';
import type { InstanceState, Reason } from '../events/index.js';
import type { Context } from '../instance/context.js';
import { runNotify, writeFifos } from '../instance/notify.js';
import type { InstanceRuntime } from '../instance/runtime.js';
import { vrrpAlertMail } from '../notify/smtp-alert.js';

export interface GroupRuntime {
  readonly config: SyncGroup;
  readonly state: InstanceState;
  /** keepalived last_email_state: no smtp_alert for the state last mailed (core/notify). */
  readonly lastMailedState: InstanceState;
}

export function newGroup(config: SyncGroup): GroupRuntime {
  return { config, state: 'init', lastMailedState: 'init' };
}

export function membersOf(group: GroupRuntime, instances: readonly InstanceRuntime[]): InstanceRuntime[] {
  return instances.filter((i) => i.config.syncGroup === group.config.name);
}

/**
 * The group enters `to`: a Transition record, then keepalived's send_group_notifies — the state's
 * script, the generic notify with GROUP NAME STATE 0 (priority is 0 for groups), the FIFO line.
 */
export function enterGroupState(ctx: Context, group: GroupRuntime, to: InstanceState, reason: Reason): GroupRuntime {
  const name = group.config.name;
  ctx.effects.push({ kind: 'Transition', instance: name, group: true, from: group.state, to, reason, priority: 0 });
  const word = to.toUpperCase();
  const scripts = [
    ...group.config.notify.filter((s) => s.kind === to).map((s) => ({ script: s, argv: s.argv })),
    ...group.config.notify.filter((s) => s.kind === 'generic').map((s) => ({ script: s, argv: [...s.argv, 'GROUP', name, word, '0'] })),
  ];
  for (const { script, argv } of scripts) runNotify(ctx, name, script, argv, to);
  writeFifos(ctx, `GROUP "${name}" ${word} 0\n`);
  // keepalived vrrp_sync_smtp_notifier comes last.
  const mail = vrrpAlertMail(ctx.config, { kind: 'group', name }, to, group.lastMailedState);
  if (mail === undefined) return { ...group, state: to };
  ctx.effects.push(mail);
  return { ...group, state: to, lastMailedState: to };
}
