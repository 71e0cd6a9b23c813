// Real server and virtual server notifications: notify_up/notify_down, quorum_up/quorum_down and
// the lvs_notify_fifo lines (keepalived ipwrapper.c do_rs_notifies, do_vs_notifies,
// notify_fifo_rs, notify_fifo_vs; reference keepalived.md §3.1, §3.2).
import type { ScriptRef } from '../config/environment.js';
import type { LvsContext } from './context.js';
import type { RealServerRuntime, VirtualServerRuntime } from './state.js';

/** keepalived gives the scripts it runs while stopping 1 s, then kills them (child_killed_thread). */
export const STOPPING_SCRIPT_TIMEOUT_MICROS = 1_000_000;

/** A notify script, fire and forget, with only its configured argv. */
function runScript(ctx: LvsContext, name: string, script: ScriptRef, stopping: boolean): void {
  ctx.effects.push({
    kind: 'RunScript',
    purpose: 'notify',
    name,
    argv: script.argv,
    ...(script.user === undefined ? {} : { user: script.user }),
    ...(script.group === undefined ? {} : { group: script.group }),
    ...(stopping ? { timeoutMicros: STOPPING_SCRIPT_TIMEOUT_MICROS } : {}),
  });
}

/** One line to notify_fifo, then to lvs_notify_fifo: exactly the line, no NUL (size = strlen). */
function writeFifos(ctx: LvsContext, line: string): void {
  for (const path of ctx.settings.fifos) ctx.effects.push({ kind: 'WriteFifo', path, line });
}

/** keepalived do_rs_notifies: notify_up or notify_down as the server now is, then "RS <rs> <vs> UP|DOWN". */
export function rsNotifies(ctx: LvsContext, vs: VirtualServerRuntime, rs: RealServerRuntime, stopping = false): void {
  const script = rs.alive ? rs.config.notifyUp : rs.config.notifyDown;
  if (script !== undefined) runScript(ctx, rs.config.label, script, stopping);
  writeFifos(ctx, `RS ${rs.config.label} ${vs.label} ${rs.alive ? 'UP' : 'DOWN'}\n`);
}

/**
 * keepalived do_vs_notifies: quorum_up or quorum_down as the quorum now is, then
 * "VS <vs> UP|DOWN". While stopping only with omega.
 */
export function vsNotifies(ctx: LvsContext, vs: VirtualServerRuntime, stopping = false): void {
  if (stopping && !vs.config.omega) return;
  const script = vs.quorumUp ? vs.config.quorumUp : vs.config.quorumDown;
  if (script !== undefined) runScript(ctx, vs.label, script, stopping);
  writeFifos(ctx, `VS ${vs.label} ${vs.quorumUp ? 'UP' : 'DOWN'}\n`);
}
