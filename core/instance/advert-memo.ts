// The last advert that passed validation cleanly, so the same bytes from the same sender skip a
// second validation. validateAdvert is a pure function of the received facts and the instance's
// expectations, so an identical advert gets an identical verdict: this is memoisation, not a
// shortcut in the rules. A steady master sends the same bytes every interval.
import type { AdvertReceived } from '../events/index.js';
import type { AdvertAccepted, VrrpPacket, VrrpStatCounter } from '../vrrp/index.js';

export interface AcceptedAdvert {
  readonly source: string;
  readonly destination: string;
  readonly ttlOrHopLimit: number | undefined;
  readonly ipHeaderLength: number;
  readonly ipTotalLength: number;
  readonly ipProtocol: number;
  readonly payload: Uint8Array;
  readonly packet: VrrpPacket;
  readonly counters: readonly VrrpStatCounter[];
}

export function sameAdvert(m: AcceptedAdvert, e: AdvertReceived): boolean {
  if (
    m.source !== e.source ||
    m.destination !== e.destination ||
    m.ttlOrHopLimit !== e.ttlOrHopLimit ||
    m.ipHeaderLength !== e.ipHeaderLength ||
    m.ipTotalLength !== e.ipTotalLength ||
    m.ipProtocol !== e.ipProtocol ||
    m.payload.length !== e.payload.length
  ) {
    return false;
  }
  for (let i = 0; i < m.payload.length; i++) if (m.payload[i] !== e.payload[i]) return false;
  return true;
}

/** Remembers a clean acceptance (no warnings: those must be logged by the rules each time). */
export function acceptedAdvert(e: AdvertReceived, v: AdvertAccepted): AcceptedAdvert | undefined {
  if (v.warnings.length > 0) return undefined;
  return {
    source: e.source,
    destination: e.destination,
    ttlOrHopLimit: e.ttlOrHopLimit,
    ipHeaderLength: e.ipHeaderLength,
    ipTotalLength: e.ipTotalLength,
    ipProtocol: e.ipProtocol,
    payload: e.payload.slice(),
    packet: v.packet,
    counters: v.counters,
  };
}
