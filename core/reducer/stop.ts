// ShutdownRequested (SIGTERM): keepalived vrrp_daemon.c vrrp_terminate_phase1 / notify_shutdown.
import type { Effect, ShutdownRequested } from '../events/index.js';
import { instanceTimerId, log } from '../instance/context.js';
import { patch } from '../instance/runtime.js';
import { stopInstance } from '../instance/transitions.js';
import { enterGroupState } from '../sync/group.js';
import { contextFor } from './context.js';
import { stopLvs } from './lvs.js';
import type { VigilState } from './state.js';
import { scriptTimerId } from './tracking.js';

export function shutdown(state: VigilState, e: ShutdownRequested, at: number, effects: Effect[]): VigilState {
  const ctx = contextFor(state, at, effects);
  if (ctx === undefined) {
    effects.push({ kind: 'Exit', code: 0 });
    return { ...state, phase: 'stopped' };
  }
  log(ctx, `Stopping (${e.signal})`);
  const instances = state.instances.map((inst) => {
    const stopped = stopInstance(ctx, inst, { kind: 'shutdown', subject: e.signal });
    if (inst.armedAt !== undefined) effects.push({ kind: 'CancelTimer', timer: instanceTimerId(inst.config.name) });
    return patch(stopped, { armedAt: undefined });
  });
  // keepalived notify_shutdown: instances first, then the groups.
  const groups = state.groups.map((g) => enterGroupState(ctx, g, 'stop', { kind: 'shutdown', subject: e.signal }));
  for (const name of state.trackers.scripts.keys()) effects.push({ kind: 'CancelTimer', timer: scriptTimerId(name) });
  // Then the checker side (keepalived signals both children): its IPVS effects go out before Exit.
  const stopped = stopLvs(state, at, effects);
  effects.push({ kind: 'Exit', code: 0 });
  return { ...stopped, phase: 'stopped', instances, groups };
}
