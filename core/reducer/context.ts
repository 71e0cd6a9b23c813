// Building the instance Context for one reduce call, and applying a step to one instance.
import type { Effect } from '../events/index.js';
import { syncTimer, type Context } from '../instance/context.js';
import type { InstanceRuntime } from '../instance/runtime.js';
import { withInstances, type VigilState } from './state.js';

export function contextFor(state: VigilState, at: number, effects: Effect[]): Context | undefined {
  if (state.config === undefined) return undefined;
  return {
    at,
    config: state.config,
    world: state.world,
    ownAddresses: state.ownAddresses,
    delayedStartUntil: state.delayedStartUntil,
    effects,
  };
}

/**
 * Runs `step` on instance `index` and keeps its timer in step with the new deadline. `timerFired`:
 * the step is the instance timer's own (syncTimer).
 */
export function updateInstance(
  state: VigilState,
  ctx: Context,
  index: number,
  step: (inst: InstanceRuntime) => InstanceRuntime,
  timerFired = false,
): VigilState {
  const before = state.instances[index];
  if (before === undefined) return state;
  const after = syncTimer(ctx, step(before), timerFired);
  if (after === before) return state;
  const instances = state.instances.slice();
  instances[index] = after;
  return withInstances(state, instances);
}

/** Runs `step` on every instance, in config order. */
export function updateAll(
  state: VigilState,
  ctx: Context,
  step: (inst: InstanceRuntime, index: number) => InstanceRuntime,
): VigilState {
  const instances = state.instances.map((before, index) => syncTimer(ctx, step(before, index)));
  return instances.every((after, i) => after === state.instances[i]) ? state : withInstances(state, instances);
}
