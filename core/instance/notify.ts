// Notify scripts and FIFO lines for an instance (keepalived vrrp_notify.c; reference
// keepalived.md §3.1, §3.2).
import type { NotifyKind, NotifyScript } from '../config/vrrp/model.js';
import type { InstanceState } from '../events/index.js';
import { vrrpAlertMail } from '../notify/smtp-alert.js';
import type { Context } from './context.js';
import { patch, stateWord, type InstanceRuntime } from './runtime.js';

const STATE_SCRIPT: Partial<Record<InstanceState, NotifyKind>> = {
  backup: 'backup',
  master: 'master',
  fault: 'fault',
  stop: 'stop',
  deleted: 'deleted',
};

/**
 * One notify script run: fire and forget, as the script's `user` if given (the adapter applies
 * script_user otherwise). keepalived gives STOP scripts 1 s, then kills their process group
 * (child_killed_thread).
 */
export function runNotify(ctx: Context, name: string, script: NotifyScript, argv: readonly string[], state?: InstanceState): void {
  ctx.effects.push({
    kind: 'RunScript',
    purpose: 'notify',
    name,
    argv,
    ...(script.user === undefined ? {} : { user: script.user }),
    ...(script.group === undefined ? {} : { group: script.group }),
    ...(state === 'stop' ? { timeoutMicros: 1_000_000 } : {}),
  });
}

/** One FIFO line to each configured FIFO (notify_fifo, then vrrp_notify_fifo). */
export function writeFifos(ctx: Context, line: string): void {
  const g = ctx.config.global;
  for (const fifo of [g.notifyFifo, g.vrrpNotifyFifo]) {
    if (fifo !== undefined) ctx.effects.push({ kind: 'WriteFifo', path: fifo.path, line });
  }
}

/**
 * keepalived send_instance_notifies: the state's script with only its configured argv, then the
 * generic `notify` with INSTANCE NAME STATE PRIORITY appended, then the FIFO line.
 */
export function sendInstanceNotifies(ctx: Context, inst: InstanceRuntime): InstanceRuntime {
  const c = inst.config;
  const word = stateWord(inst.state);
  const kind = STATE_SCRIPT[inst.state];
  for (const script of c.notify) {
    if (script.kind === kind) runNotify(ctx, c.name, script, script.argv, inst.state);
  }
  for (const script of c.notify) {
    if (script.kind !== 'generic') continue;
    const argv = [...script.argv, 'INSTANCE', c.name, word, String(inst.effectivePriority)];
    runNotify(ctx, c.name, script, argv, inst.state);
  }
  writeFifos(ctx, `INSTANCE "${c.name}" ${word} ${inst.effectivePriority}\n`);
  // keepalived vrrp_smtp_notifier comes last.
  const mail = vrrpAlertMail(ctx.config, { kind: 'instance', name: c.name }, inst.state, inst.lastMailedState);
  if (mail !== undefined) ctx.effects.push(mail);
  const mailed = mail === undefined ? {} : { lastMailedState: inst.state };
  return inst.notifiesSent && mail === undefined ? inst : patch(inst, { notifiesSent: true, ...mailed });
}

/** keepalived send_event_notify(MASTER_RX_LOWER_PRI): its script, then the FIFO line. */
export function sendMasterRxLowerPriNotify(ctx: Context, inst: InstanceRuntime): void {
  const c = inst.config;
  for (const script of c.notify) {
    if (script.kind === 'masterRxLowerPri') runNotify(ctx, c.name, script, script.argv);
  }
  writeFifos(ctx, `INSTANCE "${c.name}" MASTER_RX_LOWER_PRI ${inst.effectivePriority}\n`);
}

/** keepalived send_instance_priority_notifies (with notify_priority_changes). */
export function sendPriorityNotify(ctx: Context, inst: InstanceRuntime): void {
  const event = inst.state === 'master' ? 'MASTER_PRIORITY' : 'BACKUP_PRIORITY';
  writeFifos(ctx, `INSTANCE "${inst.config.name}" ${event} ${inst.effectivePriority}\n`);
}
