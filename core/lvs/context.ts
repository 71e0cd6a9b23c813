// What every LVS step needs besides the state it changes: the time, the settings, and the list
// the step appends its effects to (created by the caller, so the step stays pure).
import type { KeepalivedConfig } from '../config/model.js';
import type { Effect, LogLevel } from '../events/index.js';
import type { LvsSettings } from './state.js';

export interface LvsContext {
  /** Monotonic µs of the event being reduced. */
  readonly at: number;
  readonly settings: LvsSettings;
  readonly effects: Effect[];
}

export function log(ctx: LvsContext, message: string, level: LogLevel = 'info'): void {
  ctx.effects.push({ kind: 'Log', level, message });
}

export function settingsOf(config: KeepalivedConfig): LvsSettings {
  const g = config.global;
  const fifos: string[] = [];
  if (g.notifyFifo !== undefined) fifos.push(g.notifyFifo.path);
  if (g.lvsNotifyFifo !== undefined) fifos.push(g.lvsNotifyFifo.path);
  return { fifos, rsInitNotifies: g.rsInitNotifies, lvsFlush: g.lvsFlush, lvsFlushOnStop: g.lvsFlushOnStop };
}
