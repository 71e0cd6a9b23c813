// The postmortem as JSON for machines: the same value, with bigints as decimal strings and maps
// as objects; times are µs after `originWallNs` on the reference node's clock.
import type { Postmortem } from './postmortem.js';

export function postmortemJson(p: Postmortem): unknown {
  return {
    nodes: p.nodes,
    reference: p.reference,
    originWallNs: p.originWallNs.toString(),
    origin: new Date(Number(p.originWallNs / 1_000_000n)).toISOString(),
    endMicros: p.endMicros,
    clocks: p.clocks,
    addresses: Object.fromEntries(p.addresses),
    routers: p.routers,
    notes: p.notes,
  };
}
