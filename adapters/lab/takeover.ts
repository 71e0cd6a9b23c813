// The takeover as the wire saw it: the old master's last advert, the new master's first advert
// and first gratuitous ARP for the VIP, and how much of the gap is beyond what VRRP must wait.
import { masterDownIntervalMs, VRID } from './router-config.js';
import type { WireWatch } from './wire.js';

export interface Takeover {
  readonly lastOldAdvertMs: number;
  readonly firstNewAdvertMs: number;
  readonly firstGarpMs?: number;
  readonly masterDownMs: number;
}

export interface TakeoverQuery {
  readonly oldSource: string;
  readonly newSource: string;
  readonly newPriority: number;
  readonly vip: string;
  /** When the old master was stopped (wall clock ms): earlier adverts of the new one do not count. */
  readonly afterMs: number;
}

/** undefined when the wire does not show the takeover. */
export function takeoverOnWire(wire: WireWatch, q: TakeoverQuery): Takeover | undefined {
  const firstNew = wire.adverts((a) => a.vrid === VRID && a.source === q.newSource && a.priority > 0 && a.timeMs > q.afterMs)[0];
  if (firstNew === undefined) return undefined;
  const lastOld = wire.adverts((a) => a.vrid === VRID && a.source === q.oldSource && a.timeMs < firstNew.timeMs).at(-1);
  if (lastOld === undefined) return undefined;
  const garp = wire.garps(q.vip).find((g) => g.timeMs > lastOld.timeMs);
  return {
    lastOldAdvertMs: lastOld.timeMs,
    firstNewAdvertMs: firstNew.timeMs,
    ...(garp === undefined ? {} : { firstGarpMs: garp.timeMs }),
    masterDownMs: masterDownIntervalMs(q.newPriority),
  };
}

const clock = (ms: number): string => new Date(ms).toISOString().slice(11, 23);
const after = (ms: number, from: number): string => `+${(ms - from).toFixed(1)} ms`;

export function takeoverText(t: Takeover, oldName: string, newName: string, vip: string): string {
  const row = (what: string, ms: number, from?: number): string =>
    `  ${what.padEnd(38)} ${clock(ms)}${from === undefined ? '' : `  ${after(ms, from)}`}`;
  const beyond = (ms: number): string => `${(ms - t.lastOldAdvertMs - t.masterDownMs).toFixed(1)} ms`;
  const lines = [
    row(`last advert from ${oldName}`, t.lastOldAdvertMs),
    row(`first advert from ${newName}`, t.firstNewAdvertMs, t.lastOldAdvertMs),
    t.firstGarpMs === undefined ? `  no gratuitous ARP for ${vip} seen` : row(`first gratuitous ARP for ${vip}`, t.firstGarpMs, t.lastOldAdvertMs),
    `  ${newName}'s Master_Down_Interval: ${t.masterDownMs.toFixed(1)} ms (3 × advert_int + skew)`,
    `  takeover beyond Master_Down_Interval: ${beyond(t.firstNewAdvertMs)} to the first advert` +
      (t.firstGarpMs === undefined ? '' : `, ${beyond(t.firstGarpMs)} to the first GARP`),
  ];
  return `${lines.join('\n')}\n`;
}
