// Who hears an advert, when, and how many times, under the network settings and the faults
// active at the moment it is sent.
import type { Fault, NetworkSettings } from './scenario.js';
import type { Random } from './random.js';

export interface Delivery {
  /** Global µs at which the receiver gets it. */
  readonly at: number;
}

function inWindow(f: Fault, at: number): boolean {
  return f.at <= at && (f.duration === undefined || at < f.at + f.duration);
}

function matches(side: string | undefined, node: string): boolean {
  return side === undefined || side === node;
}

/** Blocked: a partition separates them, or either end is isolated. */
function blocked(faults: readonly Fault[], from: string, to: string, at: number): boolean {
  for (const f of faults) {
    if (!inWindow(f, at)) continue;
    if (f.kind === 'isolate' && (f.node === from || f.node === to)) return true;
    if (f.kind === 'partition') {
      const gFrom = f.groups.findIndex((g) => g.includes(from));
      const gTo = f.groups.findIndex((g) => g.includes(to));
      if (gFrom < 0 || gTo < 0 || gFrom === gTo) continue;
      // one_way: only traffic from an earlier group to a later one is cut.
      if (!f.oneWay || gFrom < gTo) return true;
    }
  }
  return false;
}

/** The deliveries of one packet from `from` to `to` sent at `at` (none, one, or a duplicate). */
export function deliveries(
  net: NetworkSettings,
  faults: readonly Fault[],
  rng: Random,
  from: string,
  to: string,
  at: number,
): Delivery[] {
  if (blocked(faults, from, to, at)) return [];
  let loss = net.loss;
  let clogUntil = at;
  for (const f of faults) {
    if (!inWindow(f, at) || !matches(f.kind === 'loss' || f.kind === 'clog' ? f.from : undefined, from)) continue;
    if (f.kind === 'loss' && matches(f.to, to)) loss = Math.max(loss, f.rate);
    if (f.kind === 'clog' && matches(f.to, to)) clogUntil = Math.max(clogUntil, f.duration === undefined ? Infinity : f.at + f.duration);
  }
  if (clogUntil === Infinity || rng.chance(loss)) return [];
  const delay = (): number => net.latency + (net.jitter > 0 ? Math.floor(rng.between(0, net.jitter)) : 0);
  const out: Delivery[] = [{ at: clogUntil + delay() }];
  if (rng.chance(net.duplicate)) out.push({ at: clogUntil + delay() });
  return out;
}
