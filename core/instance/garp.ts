// Gratuitous ARP / unsolicited NA bursts (keepalived vrrp.c vrrp_send_link_update; reference
// keepalived.md §2.7). Pacing by garp_interval / gna_interval is the sending adapter's job.
import { logFor, type Context } from './context.js';
import type { InstanceRuntime } from './runtime.js';

export function garpDelayTimerId(name: string): string {
  return `garp:${name}`;
}

export function garpLowerPrioTimerId(name: string): string {
  return `garp-lower:${name}`;
}

/** `repeat` rounds over every VIP then every eVIP; nothing unless this instance set them. */
export function sendLinkUpdate(ctx: Context, inst: InstanceRuntime, repeat: number): void {
  if (!inst.vipsSet) return;
  const c = inst.config;
  const all = [...c.vips, ...c.excludedVips];
  for (let round = 0; round < repeat; round++) {
    for (const a of all) {
      const iface = a.dev ?? c.interface ?? '';
      if (round === 0) {
        const what = a.family === 'inet' ? 'gratuitous ARPs' : 'Unsolicited Neighbour Adverts';
        logFor(ctx, inst, `Sending/queueing ${what} on ${iface} for ${a.address}`);
      }
      const kind = a.family === 'inet' ? 'SendGratuitousArp' : 'SendUnsolicitedNa';
      ctx.effects.push({ kind, instance: c.name, interface: iface, address: a.address });
    }
  }
}

/** A one-shot timer for a later burst (keepalived thread_add_timer; a newer one replaces it). */
export function scheduleBurst(ctx: Context, timer: string, delayMicros: number): void {
  ctx.effects.push({ kind: 'ScheduleTimer', timer, atMicros: ctx.at + delayMicros });
}
