// Sending adverts (keepalived vrrp.c vrrp_send_adv / vrrp_build_pkt).
import type { VrrpInstance } from '../config/vrrp/model.js';
import { primaryAddress } from '../tracking/world.js';
import {
  VRRP_TTL,
  VRRP_TYPE_ADVERTISEMENT,
  VrrpAuth,
  encodeVrrp,
  passwordAuthData,
  type VrrpPacket,
} from '../vrrp/index.js';
import type { Context } from './context.js';
import { countStats, patch, type AdvertCache, type InstanceRuntime } from './runtime.js';
import { microsToCentis, microsToSeconds, PRIORITY_STOP } from './timing.js';

/** keepalived saddr: unicast_src_ip / mcast_src_ip, else the interface's own address. */
export function advertSource(ctx: Context, config: VrrpInstance): string | undefined {
  if (config.srcIp !== undefined) return config.srcIp;
  if (config.interface === undefined) return undefined;
  return primaryAddress(ctx.world, config.interface, config.family, ctx.ownAddresses);
}

function packetFor(config: VrrpInstance, priority: number): VrrpPacket {
  // RFC 5798 §5.2.9: the advert lists the virtual addresses (keepalived: virtual_ipaddress only).
  const addresses = config.vips.map((v) => v.address);
  if (config.version === 2) {
    return {
      version: 2,
      type: VRRP_TYPE_ADVERTISEMENT,
      addressFamily: 'inet',
      vrid: config.vrid,
      priority,
      addresses,
      authType: config.auth === undefined ? VrrpAuth.none : config.auth.type === 'PASS' ? VrrpAuth.pass : VrrpAuth.ah,
      // RFC 2338 §5.3.10: the PASS password, NUL-padded; zero otherwise.
      authData: config.auth?.type === 'PASS' ? passwordAuthData(config.auth.password) : new Uint8Array(8),
      advertIntervalSeconds: microsToSeconds(config.advertIntervalMicros),
    };
  }
  return {
    version: 3,
    type: VRRP_TYPE_ADVERTISEMENT,
    addressFamily: config.family,
    vrid: config.vrid,
    priority,
    addresses,
    maxAdvertIntervalCentis: microsToCentis(config.advertIntervalMicros),
  };
}

/**
 * One advert with `priority` to the multicast group, or to each unicast peer (RFC 5798 §6.4.3
 * "send an ADVERTISEMENT"; keepalived sends the unicast copies in peer order).
 */
export function sendAdvert(ctx: Context, inst: InstanceRuntime, priority: number): InstanceRuntime {
  const config = inst.config;
  const source = advertSource(ctx, config);
  // A MASTER sends the same bytes every interval: encode once per priority and source.
  const cached = inst.advertCache;
  const reuse = cached?.priority === priority && cached.source === source;
  if (config.unicast) {
    const destinations = config.unicastPeers.map((p) => p.address);
    const messages = reuse ? cached.messages : encodeAdverts(config, priority, source, destinations);
    destinations.forEach((destination, i) => {
      pushAdvert(ctx, config, source, destination, messages[i] ?? new Uint8Array());
    });
    return advertsSent(inst, priority, source, reuse ? cached : undefined, messages);
  }
  // Multicast, the usual case: one advert, built without the lists (the replay's throughput rests on it).
  const messages = reuse ? cached.messages : encodeAdverts(config, priority, source, [config.mcastDstIp]);
  pushAdvert(ctx, config, source, config.mcastDstIp, messages[0] ?? new Uint8Array());
  return advertsSent(inst, priority, source, reuse ? cached : undefined, messages);
}

function pushAdvert(ctx: Context, config: VrrpInstance, source: string | undefined, destination: string, message: Uint8Array): void {
  const ttl = config.unicast ? config.unicastTtl : VRRP_TTL;
  // Two literals rather than a spread of the optional source: the keys in the same order either way.
  ctx.effects.push(
    source === undefined
      ? { kind: 'SendAdvert', instance: config.name, interface: config.interface ?? '', family: config.family, destination, ttl, message }
      : { kind: 'SendAdvert', instance: config.name, interface: config.interface ?? '', family: config.family, source, destination, ttl, message },
  );
}

/** The instance after sending: counted, and the encoded adverts kept for next time. */
function advertsSent(inst: InstanceRuntime, priority: number, source: string | undefined, cached: AdvertCache | undefined, messages: readonly Uint8Array[]): InstanceRuntime {
  const counters = priority === PRIORITY_STOP ? (['advert_sent', 'pri_zero_sent'] as const) : (['advert_sent'] as const);
  const stats = countStats(inst.stats, counters);
  if (cached !== undefined) return patch(inst, { stats });
  return patch(inst, { stats, advertCache: { priority, source, messages } });
}

function encodeAdverts(config: VrrpInstance, priority: number, source: string | undefined, destinations: readonly string[]): Uint8Array[] {
  const packet = packetFor(config, priority);
  const unspecified = config.family === 'inet' ? '0.0.0.0' : '::';
  return destinations.map((destination) =>
    encodeVrrp(packet, { source: source ?? unspecified, destination, v3ChecksumAsV2: config.v3ChecksumAsV2 }),
  );
}
