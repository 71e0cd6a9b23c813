// One pair of nodes, each direction: which adverts of one the other received, and the fastest
// delivery they show. Adverts went both ways only when both nodes were MASTER at some time; the
// direction with many adverts then places the one with few.
import type { NodeFacts, ReceivedAdvert } from './facts.js';
import { advertAligner, type Aligner, type Alignment, type Fit } from './pairing.js';

/** Adverts from one node matched at another. */
export interface DirectionalDelay {
  readonly from: string;
  readonly to: string;
  readonly pairs: number;
  /** Receptions of `from`'s adverts at `to`, matched or not. */
  readonly receptions: number;
  /** min(received − sent): to's clock minus from's, plus the fastest delivery, µs. */
  readonly minDelta: number;
  /** Alignments that fit equally well (whole advert intervals apart); 1 = unambiguous. */
  readonly alternatives: number;
}

/** Costs of the joint choice: one direction only, and an impossible (negative) round trip. */
const ONE_WAY = 1e9;
const IMPOSSIBLE = 1e12;
/** Jitter can make a round trip of typical (median) delays look slightly negative. */
const ROUND_TRIP_SLACK = 5_000;
const MIN_OUTLIER_GAP = 5_000;

/**
 * Receptions whose time says when the advert arrived. Not those read after a pause, nor bursts of
 * identical adverts closer than half an interval: held back somewhere (a clogged path, a full
 * queue) and delivered together, they would pair with later sends and make the delay look shorter.
 */
function arrivals(received: readonly ReceivedAdvert[]): ReceivedAdvert[] {
  const lastOfKey = new Map<string, number>();
  const burst = new Set<number>();
  received.forEach((r, i) => {
    const previous = lastOfKey.get(r.key);
    const before = previous === undefined ? undefined : received[previous];
    if (before !== undefined && r.at - before.at < r.intervalMicros / 2) {
      burst.add(i);
      if (previous !== undefined) burst.add(previous);
    }
    lastOfKey.set(r.key, i);
  });
  return received.filter((r, i) => !r.queued && !burst.has(i));
}

function aligner(from: NodeFacts, to: NodeFacts): Aligner | undefined {
  return advertAligner(from.sent, arrivals(to.received));
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * The fastest delivery of a direction. A packet held back (a clogged path) and delivered next to a
 * later send of the same bytes pairs with that send and looks faster than light; such pairs sit far
 * below the others, so anything more than max(6 MAD, 5 ms) below the median delay is left out.
 */
function delay(from: NodeFacts, to: NodeFacts, a: Alignment | undefined, alternatives: number): DirectionalDelay | undefined {
  if (a === undefined || a.pairs.length === 0) return undefined;
  const deltas = a.pairs.map((p) => p.receivedAt - p.sentAt).sort((x, y) => x - y);
  const middle = median(deltas);
  const spread = median(deltas.map((d) => Math.abs(d - middle)).sort((x, y) => x - y));
  const kept = deltas.filter((d) => d >= middle - Math.max(6 * spread, MIN_OUTLIER_GAP));
  return { from: from.node, to: to.node, pairs: kept.length, receptions: a.receptions, minDelta: kept[0] ?? middle, alternatives };
}

/**
 * The best fit of one direction alone: the most receptions explained; among equals the smallest
 * shift (with nothing else to go by, the wall clocks' word). `ties` counts the equals.
 */
function alone(a: Aligner | undefined): { fit: Fit; ties: number } | undefined {
  const fits = [...(a?.fits ?? [])].sort((x, y) => y.matched - x.matched || Math.abs(x.shift) - Math.abs(y.shift));
  const [best] = fits;
  if (best === undefined) return undefined;
  return { fit: best, ties: fits.filter((f) => f.matched === best.matched).length };
}

interface Joint {
  readonly there: Fit;
  readonly back: Fit;
  readonly ties: number;
}

/**
 * Both directions at once, for each offset either direction suggests: the pair explaining the most
 * receptions, then the smallest round trip that is not negative (delays are not), then the smallest
 * offset. A direction with few adverts (a backup's one advert after a partition heals) is placed by
 * the other's many.
 */
function joint(ab: Aligner, ba: Aligner): Joint | undefined {
  const guesses = new Map<number, number>();
  for (const f of ab.fits) guesses.set(Math.round(f.shift / 1000), f.shift);
  for (const f of ba.fits) guesses.set(Math.round(-f.shift / 1000), -f.shift);
  const options = [...guesses.values()].map((theta) => ({ there: ab.fitNear(theta), back: ba.fitNear(-theta) }));
  const total = (o: { there: Fit; back: Fit }): number => o.there.matched + o.back.matched;
  // A round trip exists only where both directions matched; a negative one is impossible.
  const cost = (o: { there: Fit; back: Fit }): number => {
    if (o.there.matched === 0 || o.back.matched === 0) return ONE_WAY;
    const roundTrip = o.there.shift + o.back.shift;
    return roundTrip < -ROUND_TRIP_SLACK ? IMPOSSIBLE - roundTrip : Math.abs(roundTrip);
  };
  options.sort((a, b) => total(b) - total(a) || cost(a) - cost(b) || Math.abs(a.there.shift) - Math.abs(b.there.shift));
  const [best] = options;
  if (best === undefined || total(best) === 0) return undefined;
  const equal = options.filter((o) => total(o) === total(best) && Math.abs(cost(o) - cost(best)) <= ROUND_TRIP_SLACK);
  return { ...best, ties: new Set(equal.map((o) => Math.round(o.there.shift / 1000))).size };
}

/** a→b and b→a, aligned together when adverts went both ways. */
export function measureDirections(a: NodeFacts, b: NodeFacts): [DirectionalDelay | undefined, DirectionalDelay | undefined] {
  const there = aligner(a, b);
  const back = aligner(b, a);
  const both = there !== undefined && back !== undefined ? joint(there, back) : undefined;
  if (both !== undefined) {
    // A direction whose receptions do not fit the offset the other gives (held back, say) is left out.
    return [
      both.there.matched > 0 ? delay(a, b, there?.align(both.there.shift), both.ties) : undefined,
      both.back.matched > 0 ? delay(b, a, back?.align(both.back.shift), both.ties) : undefined,
    ];
  }
  const thereAlone = alone(there);
  const backAlone = alone(back);
  return [
    thereAlone === undefined ? undefined : delay(a, b, there?.align(thereAlone.fit.shift), thereAlone.ties),
    backAlone === undefined ? undefined : delay(b, a, back?.align(backAlone.fit.shift), backAlone.ties),
  ];
}
