// The reducer: (state, event) → (state, effects). Pure: time comes only from the input's
// timestamp, timers are effects, nothing is read or written (DESIGN.md "Determinism contract").
import type { Effect, EffectResult, Event } from '../events/index.js';
import { log, type Context } from '../instance/context.js';
import { applyAddressChanged, applyLinkChanged } from '../tracking/world.js';
import { onAdvertReceived } from './adverts.js';
import { contextFor, updateAll } from './context.js';
import { lvsAddressChanged, lvsCheckResult, lvsTableRead, reloadLvs, startLvs } from './lvs.js';
import { onVirtualAddressDeleted } from '../instance/lifecycle.js';
import { reload } from './reload.js';
import { start } from './start.js';
import { initialState, type VigilState } from './state.js';
import { shutdown } from './stop.js';
import { reconcileGroups } from './sync-groups.js';
import { onTimerFired, RELEASE_RETRY_MICROS, releaseTimerId } from './timers.js';
import { onScriptResult, reassessAll } from './tracking.js';

export interface ReducerInput {
  /** Monotonic time of the event, µs (the journal record's monotonic_ns / 1000). */
  readonly at: number;
  readonly event: Event;
}

export interface Step {
  readonly state: VigilState;
  readonly effects: readonly Effect[];
}

export { initialState };

export function reduce(state: VigilState, input: ReducerInput): Step {
  const effects: Effect[] = [];
  let next = reduceInto(state, input, effects);
  if (next.groups.length > 0 && next.phase === 'running' && next !== state) {
    const ctx = contextFor(next, input.at, effects);
    if (ctx !== undefined) next = reconcileGroups(next, ctx);
  }
  return { state: next, effects };
}

function reduceInto(state: VigilState, { at, event }: ReducerInput, effects: Effect[]): VigilState {
  // A new process knows nothing of the last one: the journal continues, the state starts afresh.
  if (event.kind === 'DaemonStarted') return initialState;
  if (state.phase === 'stopped') return state;
  // The world is known before any config: the daemon reports links and addresses first.
  if (event.kind === 'LinkChanged' || event.kind === 'AddressChanged') {
    const world = event.kind === 'LinkChanged' ? applyLinkChanged(state.world, event) : applyAddressChanged(state.world, event);
    let next = { ...state, world };
    const ctx = contextFor(next, at, effects);
    if (ctx === undefined) return next;
    if (event.kind === 'AddressChanged' && !event.present) {
      next = updateAll(next, ctx, (inst) => onVirtualAddressDeleted(ctx, inst, event.interface, event.address));
    }
    next = reassessAll(next, ctx);
    return event.kind === 'AddressChanged' ? lvsAddressChanged(next, event, at, effects) : next;
  }
  if (event.kind === 'ConfigLoaded') {
    // VRRP first, then the checker side, each as keepalived's process for it would.
    if (state.phase === 'waiting') return startLvs(start(state, event, at, effects), event.config, at, effects);
    return reloadLvs(reload(state, event, at, effects), event.config, at, effects);
  }
  if (event.kind === 'ShutdownRequested') return shutdown(state, event, at, effects);
  const ctx = contextFor(state, at, effects);
  if (ctx === undefined) return state;
  switch (event.kind) {
    case 'AdvertReceived':
      return onAdvertReceived(state, ctx, event);
    case 'TimerFired':
      return onTimerFired(state, ctx, event.timer);
    case 'ScriptResult':
      return onScriptResult(state, ctx, event);
    case 'TrackFileChanged': {
      const files = new Map(state.trackers.files).set(event.file, event.value);
      return reassessAll({ ...state, trackers: { ...state.trackers, files } }, ctx);
    }
    case 'ProcessCountChanged': {
      const processes = new Map(state.trackers.processes).set(event.process, event.count);
      return reassessAll({ ...state, trackers: { ...state.trackers, processes } }, ctx);
    }
    case 'CheckResult':
      return lvsCheckResult(state, event, at, effects);
    case 'EffectResult':
      return onEffectResult(state, ctx, event);
    case 'ReloadRequested':
      log(ctx, 'Reloading');
      effects.push({ kind: 'LoadConfig' });
      return state;
    case 'NotifyFinished':
      // Journaled for the record (issue 7); no decision depends on a notify script.
      return state;
    case 'IpvsTableRead':
      return lvsTableRead(state, event, at, effects);
  }
}

/**
 * A failed effect is logged; the state machine does not depend on any effect succeeding. One
 * exception keeps the LAN safe: a virtual address a non-MASTER could not release would answer
 * beside the real MASTER's, so the release is retried every second until it works.
 */
function onEffectResult(state: VigilState, ctx: Context, e: EffectResult): VigilState {
  if (e.ok) return state;
  if (e.effect.kind === 'LoadConfig') {
    log(ctx, `Reload failed, keeping the running configuration: ${e.error}`, 'error');
    return state;
  }
  log(ctx, `${describeEffect(e.effect)} failed: ${e.error}`, 'error');
  const effect = e.effect;
  if (effect.kind === 'DeleteAddress' || effect.kind === 'DeleteRoute' || effect.kind === 'DeleteRule') {
    const index = state.byName.get(effect.instance);
    const inst = index === undefined ? undefined : state.instances[index];
    if (inst !== undefined && inst.state !== 'master') {
      ctx.effects.push({ kind: 'ScheduleTimer', timer: releaseTimerId(effect.instance), atMicros: ctx.at + RELEASE_RETRY_MICROS });
    }
  }
  return state;
}

function describeEffect(effect: Effect): string {
  switch (effect.kind) {
    case 'AddAddress':
    case 'DeleteAddress':
      return `(${effect.instance}) ${effect.kind} ${effect.address.address}/${effect.address.prefixLength} dev ${effect.address.interface}`;
    case 'AddRoute':
    case 'DeleteRoute':
      return `(${effect.instance}) ${effect.kind} ${effect.route.destination}`;
    case 'AddRule':
    case 'DeleteRule':
      return `(${effect.instance}) ${effect.kind} preference ${effect.rule.preference}`;
    case 'SendAdvert':
      return `(${effect.instance}) SendAdvert to ${effect.destination}`;
    case 'RunScript':
      return `RunScript ${effect.argv.join(' ')}`;
    case 'WriteFifo':
      return `WriteFifo ${effect.path}`;
    default:
      return effect.kind;
  }
}
