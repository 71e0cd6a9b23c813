// How far each node's clock is from the reference node's, from adverts seen on both sides.
//
// NTP's idea (RFC 5905 §8), with adverts as the timestamps: a→b gives min(t_b − t_a) = offset +
// the fastest one-way delay, b→a gives min(t_a − t_b) = −offset + the fastest delay back, so
// offset ≈ (d_ab − d_ba) / 2, wrong by at most half the smallest round trip when delays are not
// negative. With one direction only, the estimate includes the one-way delay, and says so.
import { measureDirections, type DirectionalDelay } from './directions.js';

import type { NodeFacts } from './facts.js';

export type ClockMethod = 'reference' | 'two-way' | 'one-way' | 'none';

export interface ClockEstimate {
  readonly node: string;
  /** The node's clock minus the reference node's, µs: reference time = node time − offset. */
  readonly offsetMicros: number;
  /** The offset is within ± this; null when it cannot be bounded (one-way, or no adverts). */
  readonly uncertaintyMicros: number | null;
  readonly method: ClockMethod;
  /** Nodes from the reference to this one whose adverts gave the estimate. */
  readonly path: readonly string[];
  /** Two-way estimates whose round trip came out negative: drift, or adverts paired wrongly. */
  readonly inconsistent: boolean;
  /** Pairings whole advert intervals apart fit equally well: it may be off by whole intervals. */
  readonly ambiguous: boolean;
}

export interface Clocks {
  readonly reference: string;
  readonly estimates: readonly ClockEstimate[];
  readonly directions: readonly DirectionalDelay[];
}

interface Edge {
  readonly to: string;
  /** to's clock minus the source's. */
  readonly offset: number;
  readonly uncertainty: number | null;
  readonly inconsistent: boolean;
  readonly ambiguous: boolean;
}

/**
 * Path costs: summed two-way uncertainties (µs) first, then one-way edges (wrong by the one-way
 * delay), then ambiguous ones (possibly wrong by whole advert intervals).
 */
const ONE_WAY_COST = 1e9;
const AMBIGUOUS_COST = 1e12;
function edge(to: string, there: DirectionalDelay | undefined, back: DirectionalDelay | undefined): Edge | undefined {
  const ambiguous = (there?.alternatives ?? 1) > 1 || (back?.alternatives ?? 1) > 1;
  if (there !== undefined && back !== undefined) {
    const roundTrip = there.minDelta + back.minDelta;
    return { to, offset: (there.minDelta - back.minDelta) / 2, uncertainty: Math.abs(roundTrip) / 2, inconsistent: roundTrip < 0, ambiguous };
  }
  if (there !== undefined) return { to, offset: there.minDelta, uncertainty: null, inconsistent: false, ambiguous };
  if (back !== undefined) return { to, offset: -back.minDelta, uncertainty: null, inconsistent: false, ambiguous };
  return undefined;
}

function cost(e: Edge): number {
  return (e.uncertainty ?? ONE_WAY_COST) + (e.ambiguous ? AMBIGUOUS_COST : 0);
}

export function estimateClocks(facts: readonly NodeFacts[], reference: string): Clocks {
  const directions: DirectionalDelay[] = [];
  const edges = new Map<string, Edge[]>(facts.map((f) => [f.node, []]));
  for (const a of facts) {
    for (const b of facts) {
      if (a.node >= b.node) continue;
      const [ab, ba] = measureDirections(a, b);
      if (ab !== undefined) directions.push(ab);
      if (ba !== undefined) directions.push(ba);
      const forward = edge(b.node, ab, ba);
      const backward = edge(a.node, ba, ab);
      if (forward !== undefined) edges.get(a.node)?.push(forward);
      if (backward !== undefined) edges.get(b.node)?.push(backward);
    }
  }

  // Dijkstra from the reference: the cheapest path (see ONE_WAY_COST).
  interface Reached { offset: number; uncertainty: number | null; cost: number; path: string[]; inconsistent: boolean; ambiguous: boolean }
  const reached = new Map<string, Reached>([[reference, { offset: 0, uncertainty: 0, cost: 0, path: [reference], inconsistent: false, ambiguous: false }]]);
  const done = new Set<string>();
  for (;;) {
    let next: [string, Reached] | undefined;
    for (const entry of reached) if (!done.has(entry[0]) && (next === undefined || entry[1].cost < next[1].cost)) next = entry;
    if (next === undefined) break;
    const [node, here] = next;
    done.add(node);
    for (const e of edges.get(node) ?? []) {
      const c = here.cost + cost(e);
      const known = reached.get(e.to);
      if (done.has(e.to) || (known !== undefined && known.cost <= c)) continue;
      const uncertainty = here.uncertainty === null || e.uncertainty === null ? null : here.uncertainty + e.uncertainty;
      reached.set(e.to, {
        offset: here.offset + e.offset,
        uncertainty,
        cost: c,
        path: [...here.path, e.to],
        inconsistent: here.inconsistent || e.inconsistent,
        ambiguous: here.ambiguous || e.ambiguous,
      });
    }
  }

  const estimates = facts.map((f): ClockEstimate => {
    const r = reached.get(f.node);
    if (f.node === reference) return { node: f.node, offsetMicros: 0, uncertaintyMicros: 0, method: 'reference', path: [f.node], inconsistent: false, ambiguous: false };
    if (r === undefined) return { node: f.node, offsetMicros: 0, uncertaintyMicros: null, method: 'none', path: [], inconsistent: false, ambiguous: false };
    const method = r.uncertainty === null ? 'one-way' : 'two-way';
    return { node: f.node, offsetMicros: r.offset, uncertaintyMicros: r.uncertainty, method, path: r.path, inconsistent: r.inconsistent, ambiguous: r.ambiguous };
  });
  return { reference, estimates, directions };
}
