// What every instance step needs besides the instance: the time, the config, the world, and
// the list the step appends its effects to (created per reduce call, so the reducer stays pure).
import type { KeepalivedConfig } from '../config/model.js';
import type { Effect, LogLevel } from '../events/index.js';
import type { World } from '../tracking/world.js';
import { patch, type InstanceRuntime } from './runtime.js';

export interface Context {
  /** Monotonic µs of the event being reduced. */
  readonly at: number;
  readonly config: KeepalivedConfig;
  readonly world: World;
  /** VIP and eVIP addresses of every instance: never an interface's own address. */
  readonly ownAddresses: ReadonlySet<string>;
  /** keepalived vrrp_delayed_start_time: BACKUP timers start no earlier (vrrp_startup_delay). */
  readonly delayedStartUntil: number;
  readonly effects: Effect[];
}

export function log(ctx: Context, message: string, level: LogLevel = 'info'): void {
  ctx.effects.push({ kind: 'Log', level, message });
}

/** "(VI_1) message", keepalived's instance prefix. */
export function logFor(ctx: Context, inst: InstanceRuntime, message: string, level: LogLevel = 'info'): void {
  log(ctx, `(${inst.config.name}) ${message}`, level);
}

export function instanceTimerId(name: string): string {
  return `vrrp:${name}`;
}

/**
 * Keeps the instance's one timer in step with its deadline. Timers are re-armed lazily: a later
 * deadline leaves the armed timer alone (it re-arms when it fires), so a BACKUP accepting adverts
 * emits nothing; an earlier one replaces it (ScheduleTimer with the same id replaces).
 * `fired`: the step ran because that timer fired, so it is armed no more whatever `armedAt` still
 * says (the timer's step leaves armedAt to this, and one copy of the instance is saved per fire).
 */
export function syncTimer(ctx: Context, inst: InstanceRuntime, fired = false): InstanceRuntime {
  const armedAt = fired ? undefined : inst.armedAt;
  if (inst.deadline === undefined) {
    if (armedAt === undefined) return inst.armedAt === undefined ? inst : patch(inst, { armedAt: undefined });
    ctx.effects.push({ kind: 'CancelTimer', timer: instanceTimerId(inst.config.name) });
    return patch(inst, { armedAt: undefined });
  }
  if (armedAt !== undefined && armedAt <= inst.deadline) return inst;
  ctx.effects.push({ kind: 'ScheduleTimer', timer: instanceTimerId(inst.config.name), atMicros: inst.deadline });
  return patch(inst, { armedAt: inst.deadline });
}
