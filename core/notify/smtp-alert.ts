// VRRP smtp_alert mails: an instance or a sync group entering MASTER, BACKUP, FAULT or STOP
// (keepalived/vrrp/vrrp_notify.c vrrp_smtp_notifier / vrrp_sync_smtp_notifier, called last in
// send_instance_notifies / send_group_notifies; subjects from keepalived/core/smtp.c smtp_alert();
// reference keepalived.md §3.4). Pure.
import type { KeepalivedConfig } from '../config/model.js';
import type { InstanceState, SendMail } from '../events/index.js';
import { alertMail, subjectPrefix } from './mail.js';

/** Whose state changed: a vrrp_instance or a vrrp_sync_group, by its configured name. */
export interface VrrpAlertTarget {
  readonly kind: 'instance' | 'group';
  readonly name: string;
}

/** [subject tail, body] — smtp_alert()'s `subject` and `body` arguments, word for word. */
type Words = readonly [subject: string, body: string];

// vrrp_notify.c vrrp_smtp_notifier(): FAULT shares BACKUP's body. (Older releases wrote "nolonger"
// and mailed only MASTER and BACKUP; these are the 2.x words.)
const INSTANCE_WORDS: Partial<Record<InstanceState, Words>> = {
  master: ['Entering MASTER state', '=> VRRP Instance is now owning VRRP VIPs <='],
  backup: ['Entering BACKUP state', '=> VRRP Instance is no longer owning VRRP VIPs <='],
  fault: ['Entering FAULT state', '=> VRRP Instance is no longer owning VRRP VIPs <='],
  stop: ['Stopping', '=> VRRP Instance stopping <='],
};

// vrrp_notify.c vrrp_sync_smtp_notifier().
const GROUP_WORDS: Partial<Record<InstanceState, Words>> = {
  master: ['Entering MASTER state', '=> All VRRP group instances are now in MASTER state <='],
  backup: ['Entering BACKUP state', '=> All VRRP group instances are now in BACKUP state <='],
  fault: ['Entering FAULT state', '=> All VRRP group instances are now in FAULT state <='],
  stop: ['Stopping', '=> All VRRP group instances are now stopping <='],
};

/**
 * The mail keepalived sends when `target` enters `state`, or undefined when it sends none:
 * - the instance/group has `smtp_alert` off (already resolved from smtp_alert_vrrp / smtp_alert),
 *   or no such instance/group is configured;
 * - `state` is INIT or DELETED (keepalived mails only MASTER, BACKUP, FAULT, STOP);
 * - `no_email_faults` is set and `state` is FAULT;
 * - `state` is the last state mailed for this target (keepalived's `last_email_state`, which starts
 *   as INIT — so the first BACKUP after start-up is mailed);
 * - no smtp_server or no notification_email (smtp_alert() returns early).
 *
 * The caller keeps `lastMailed` per target and sets it to `state` whenever this returns a mail
 * (keepalived updates last_email_state exactly then; a FAULT skipped by no_email_faults is not
 * recorded, so BACKUP → FAULT → BACKUP mails BACKUP once).
 *
 * Subjects: `[<router_id>] VRRP Instance <iname> - <words>` and `[<router_id>] VRRP Group <gname> -
 * <words>` (smtp.c smtp_alert, SMTP_MSG_VRRP / SMTP_MSG_VGROUP).
 */
export function vrrpAlertMail(
  config: KeepalivedConfig,
  target: VrrpAlertTarget,
  state: InstanceState,
  lastMailed: InstanceState = 'init',
): SendMail | undefined {
  if (!alertEnabled(config, target)) return undefined;
  if (config.global.noEmailFaults && state === 'fault') return undefined;
  if (state === lastMailed) return undefined;
  const words = (target.kind === 'instance' ? INSTANCE_WORDS : GROUP_WORDS)[state];
  if (words === undefined) return undefined;
  const what = target.kind === 'instance' ? 'VRRP Instance' : 'VRRP Group';
  return alertMail(config, `${subjectPrefix(config)} ${what} ${target.name} - ${words[0]}`, words[1]);
}

function alertEnabled(config: KeepalivedConfig, target: VrrpAlertTarget): boolean {
  if (target.kind === 'instance') return config.vrrp.instances.find((i) => i.name === target.name)?.smtpAlert ?? false;
  return config.vrrp.syncGroups.find((g) => g.name === target.name)?.smtpAlert ?? false;
}
