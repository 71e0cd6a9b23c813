// TimerFired, routed by the timer id's prefix to its owner.
import type { Context } from '../instance/context.js';
import { removeVirtualAddresses } from '../instance/addresses.js';
import { sendLinkUpdate } from '../instance/garp.js';
import { onInstanceTimer } from '../instance/lifecycle.js';
import type { InstanceRuntime } from '../instance/runtime.js';
import { updateInstance } from './context.js';
import { lvsTimer } from './lvs.js';
import type { VigilState } from './state.js';
import { groupOf } from './sync-groups.js';
import { runScript } from './tracking.js';
import { membersOf } from '../sync/group.js';
import { canGotoMaster, holdInBackup } from '../sync/hold.js';

// `check:` belongs to core/lvs (its ids.ts CHECK_TIMER_PREFIX): a checker's next run.
const PREFIXES = ['vrrp', 'garp', 'garp-lower', 'script', 'release', 'check'] as const;

/** A failed release of a non-MASTER's addresses is tried again after this. */
export const RELEASE_RETRY_MICROS = 1_000_000;

export function releaseTimerId(name: string): string {
  return `release:${name}`;
}
type TimerOwner = (typeof PREFIXES)[number];

function parseTimerId(id: string): { owner: TimerOwner; name: string } | undefined {
  const colon = id.indexOf(':');
  if (colon < 0) return undefined;
  // Compared in place, not sliced out: a timer fires for every advert a MASTER sends.
  for (const owner of PREFIXES) {
    if (owner.length === colon && id.startsWith(owner)) return { owner, name: id.slice(colon + 1) };
  }
  return undefined;
}

/**
 * The instance timer. A fire for a timer no longer armed is ignored. One that comes before the
 * armed time (a timer adapter waking early) re-arms it: the adapter has let go of it, and a timer
 * the reducer believes armed but nobody holds would never fire again. One before the deadline but
 * after the armed time re-arms too (lazy re-arm). The timer is disarmed after the step, by
 * updateInstance (syncTimer `fired`): nothing the step runs reads armedAt.
 */
function instanceTimer(state: VigilState, ctx: Context, inst: InstanceRuntime): InstanceRuntime {
  if (inst.armedAt === undefined) return inst;
  if (ctx.at < inst.armedAt) return inst;
  if (inst.deadline === undefined || inst.deadline > ctx.at) return inst;
  const group = groupOf(state, inst);
  if (inst.state === 'backup' && group !== undefined && !canGotoMaster(inst, group, membersOf(group, state.instances))) {
    return holdInBackup(ctx, inst);
  }
  return onInstanceTimer(ctx, inst);
}

/** keepalived vrrp_gratuitous_arp_thread / vrrp_lower_prio_gratuitous_arp_thread. */
function garpBurst(ctx: Context, inst: InstanceRuntime, repeat: number): InstanceRuntime {
  if (inst.state === 'master') sendLinkUpdate(ctx, inst, repeat);
  return inst;
}

export function onTimerFired(state: VigilState, ctx: Context, id: string): VigilState {
  const parsed = parseTimerId(id);
  if (parsed === undefined) return state;
  if (parsed.owner === 'check') return lvsTimer(state, id, ctx.at, ctx.effects);
  if (parsed.owner === 'script') {
    const t = state.trackers.scripts.get(parsed.name);
    if (t === undefined) return state;
    if (ctx.at < t.nextRunAt) {
      // Early (see instanceTimer): arm it again for the run now due.
      ctx.effects.push({ kind: 'ScheduleTimer', timer: id, atMicros: t.nextRunAt });
      return state;
    }
    return runScript(state, ctx, parsed.name);
  }
  const index = state.byName.get(parsed.name);
  if (index === undefined) return state;
  switch (parsed.owner) {
    case 'vrrp':
      return updateInstance(state, ctx, index, (inst) => instanceTimer(state, ctx, inst), true);
    case 'garp':
      return updateInstance(state, ctx, index, (inst) => garpBurst(ctx, inst, inst.config.garp.masterRepeat));
    case 'release':
      // Only while not MASTER: a MASTER wants its addresses.
      return updateInstance(state, ctx, index, (inst) => (inst.state === 'master' ? inst : removeVirtualAddresses(ctx, inst, true)));
    case 'garp-lower':
      return updateInstance(state, ctx, index, (inst) => garpBurst(ctx, inst, inst.config.garp.lowerPrioRepeat));
  }
}
