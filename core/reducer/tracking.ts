// Tracker events through to instances: vrrp_script runs and results, track files, processes,
// links and addresses (keepalived vrrp_track.c, vrrp_scheduler.c vrrp_script_thread).
import type { TrackerRef } from '../config/vrrp/model.js';
import type { ScriptResult } from '../events/index.js';
import { log, type Context } from '../instance/context.js';
import { applyAssessment } from '../instance/lifecycle.js';
import { assessInstance } from '../tracking/assess.js';
import { applyScriptResult, type ScriptTracker } from '../tracking/script.js';
import { updateAll } from './context.js';
import type { VigilState } from './state.js';

export function scriptTimerId(name: string): string {
  return `script:${name}`;
}

/** Group-level trackers apply to every member (keepalived vrrp_sync.c). */
function groupTrackers(state: VigilState, group: string | undefined): readonly TrackerRef[] {
  if (group === undefined) return [];
  return state.config?.vrrp.syncGroups.find((g) => g.name === group)?.trackers ?? [];
}

/**
 * Every instance re-assessed against the trackers and the world, in config order. A sync-group
 * member is also held in INIT while any member is (keepalived num_member_init) and in FAULT while
 * any member has a fault (num_member_fault).
 */
export function reassessAll(state: VigilState, ctx: Context): VigilState {
  const inputs = { trackers: state.trackers, world: state.world, processes: ctx.config.global.trackProcesses };
  const own = state.instances.map((inst) =>
    assessInstance(inst.config, inst.basePriority, groupTrackers(state, inst.config.syncGroup), inputs),
  );
  const groupFault = new Set<string>();
  const groupPending = new Set<string>();
  state.instances.forEach((inst, i) => {
    const group = inst.config.syncGroup;
    const a = own[i];
    if (group === undefined || a === undefined) return;
    if (a.fault !== undefined) groupFault.add(group);
    if (a.pending) groupPending.add(group);
  });
  return updateAll(state, ctx, (inst, i) => {
    const a = own[i];
    if (a === undefined) return inst;
    const group = inst.config.syncGroup;
    if (group === undefined) return applyAssessment(ctx, inst, a);
    return applyAssessment(ctx, inst, {
      pending: a.pending || groupPending.has(group),
      fault: a.fault ?? (groupFault.has(group) ? { kind: 'syncGroup', subject: group } : undefined),
      effectivePriority: a.effectivePriority,
    });
  });
}

function withScript(state: VigilState, tracker: ScriptTracker): VigilState {
  const scripts = new Map(state.trackers.scripts);
  scripts.set(tracker.config.name, tracker);
  return { ...state, trackers: { ...state.trackers, scripts } };
}

/**
 * keepalived vrrp_script_thread: every interval, run the script unless the last run is still
 * going ("Track script S is already running, expect idle - skipping run").
 */
export function runScript(state: VigilState, ctx: Context, name: string): VigilState {
  const t = state.trackers.scripts.get(name);
  if (t === undefined) return state;
  const nextRunAt = ctx.at + t.config.intervalMicros;
  ctx.effects.push({ kind: 'ScheduleTimer', timer: scriptTimerId(name), atMicros: nextRunAt });
  if (t.running) {
    log(ctx, `Track script ${name} is already running, expect idle - skipping run`);
    return withScript(state, { ...t, nextRunAt });
  }
  const script = t.config.script;
  ctx.effects.push({
    kind: 'RunScript',
    purpose: 'track',
    name,
    argv: script.argv,
    ...(script.user === undefined ? {} : { user: script.user }),
    ...(script.group === undefined ? {} : { group: script.group }),
    timeoutMicros: t.config.timeoutMicros,
  });
  return withScript(state, { ...t, running: true, nextRunAt });
}

export function onScriptResult(state: VigilState, ctx: Context, e: ScriptResult): VigilState {
  const t = state.trackers.scripts.get(e.script);
  if (t === undefined) return state;
  const step = applyScriptResult(t, e);
  for (const line of step.logs) log(ctx, line);
  return reassessAll(withScript(state, step.tracker), ctx);
}
