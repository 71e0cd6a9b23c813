// Matching one node's sent adverts with another node's receptions of them, to compare clocks.
//
// A master sends the same bytes every advert interval, so a reception cannot name its send by
// content alone: in the middle of a run of identical adverts, any shift of the receiver's clock by
// whole intervals lines up as well as the right one. What tells the shifts apart are the edges: a
// run starts and ends (a node becomes MASTER, its priority changes, a daemon starts or stops). So:
// candidate shifts voted for by the starts of runs, and their neighbours a few intervals away, each
// refined by pairing every reception with the nearest send of the same bytes and re-estimating
// (repeated), then scored by the receptions that find a send within a tight tolerance. A wrong shift
// loses the receptions at the edges of runs. Where those were lost too, shifts tie.
// Where adverts went both ways, the other direction helps choose (clocks.ts).
import type { AdvertStamp } from './facts.js';

export interface AdvertPair {
  /** Sender's clock. */
  readonly sentAt: number;
  /** Receiver's clock. */
  readonly receivedAt: number;
}

export interface Alignment {
  /** Typical receivedAt − sentAt: the receiver's clock minus the sender's, plus the network delay. */
  readonly shift: number;
  readonly pairs: readonly AdvertPair[];
  /** Receptions of the sender's adverts considered (matched or not). */
  readonly receptions: number;
}

/** Run starts kept per key, and shifts tried: enough to find the edges, bounded for long journals. */
const STARTS_PER_KEY = 64;
const CANDIDATES = 8;
const NEIGHBOURS = 3;
const SAMPLE = 1000;
const REFINE_ROUNDS = 6;

/** A reception matches a send when it is this close to the estimate (never more than 100 ms). */
function tolerance(intervalMicros: number): number {
  return Math.min(intervalMicros / 4, 100_000);
}

function byKey(stamps: readonly AdvertStamp[]): Map<string, AdvertStamp[]> {
  const out = new Map<string, AdvertStamp[]>();
  for (const s of stamps) {
    const list = out.get(s.key) ?? [];
    list.push(s);
    out.set(s.key, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.at - b.at);
  return out;
}

/** The first stamp of each run: none of the same bytes in the 1.5 intervals before. */
function runStarts(sorted: readonly AdvertStamp[]): AdvertStamp[] {
  return sorted.filter((s, i) => {
    const previous = sorted[i - 1];
    return previous === undefined || s.at - previous.at > 1.5 * Math.max(s.intervalMicros, 1);
  });
}

/** The time in `sorted` nearest to `at` (binary search). */
function nearest(sorted: readonly AdvertStamp[], at: number): number | undefined {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid]?.at ?? 0) < at) lo = mid + 1;
    else hi = mid;
  }
  const after = sorted[lo]?.at;
  const before = sorted[lo - 1]?.at;
  if (before === undefined) return after;
  if (after === undefined) return before;
  return at - before <= after - at ? before : after;
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? (values[mid] ?? 0) : ((values[mid - 1] ?? 0) + (values[mid] ?? 0)) / 2;
}

/** About SAMPLE stamps spread over the journal, plus the given ones. */
function sample(stamps: readonly AdvertStamp[], keep: ReadonlySet<AdvertStamp>): AdvertStamp[] {
  const step = Math.max(1, Math.floor(stamps.length / SAMPLE));
  return stamps.filter((r, i) => i % step === 0 || keep.has(r));
}

/** How well a shift explains the receptions. */
export interface Fit {
  readonly shift: number;
  /** Receptions (of a sample, for long journals) that find a send within a tight tolerance. */
  readonly matched: number;
}

export interface Aligner {
  /** The shifts worth considering, refined and scored: vote winners and their neighbours. */
  readonly fits: readonly Fit[];
  /** The alignment nearest a guess of the shift, refined and scored. */
  fitNear(guess: number): Fit;
  /** The pairs under a shift. */
  align(shift: number): Alignment;
}

/**
 * An aligner of `received` (receiver's clock) with `sent` (sender's clock); receptions of adverts
 * the sender did not journal are ignored. undefined: no reception of any of these sends.
 */
export function advertAligner(sent: readonly AdvertStamp[], received: readonly AdvertStamp[]): Aligner | undefined {
  const sends = byKey(sent);
  const receptions = received.filter((r) => sends.has(r.key));
  if (receptions.length === 0) return undefined;
  const receivedByKey = byKey(receptions);

  // Every pairing of a reception run's start with a send run's start votes for its shift; the
  // right shift collects a vote from every run that was heard from its start.
  const starts = new Set<AdvertStamp>();
  const votes = new Map<number, { count: number; shift: number }>();
  const interval = median(receptions.map((r) => r.intervalMicros));
  const bucketWidth = tolerance(interval);
  for (const key of [...receivedByKey.keys()].sort()) {
    const receiveStarts = runStarts(receivedByKey.get(key) ?? []).slice(0, STARTS_PER_KEY);
    const firstSends = runStarts(sends.get(key) ?? []).slice(0, STARTS_PER_KEY);
    for (const r of receiveStarts) starts.add(r);
    for (const s of firstSends) {
      for (const r of receiveStarts) {
        const bucket = Math.round((r.at - s.at) / bucketWidth);
        const v = votes.get(bucket);
        votes.set(bucket, { count: (v?.count ?? 0) + 1, shift: v?.shift ?? r.at - s.at });
      }
    }
  }
  const candidates = [
    0,
    ...[...votes.values()]
      .sort((a, b) => b.count - a.count || Math.abs(a.shift) - Math.abs(b.shift))
      .slice(0, CANDIDATES)
      .map((v) => v.shift),
  ];
  const probe = sample(receptions, starts);

  const residual = (r: AdvertStamp, shift: number): number | undefined => {
    const s = nearest(sends.get(r.key) ?? [], r.at - shift);
    return s === undefined ? undefined : r.at - shift - s;
  };
  const refine = (start: number): number => {
    let shift = start;
    for (let round = 0; round < REFINE_ROUNDS; round++) {
      const close: number[] = [];
      for (const r of probe) {
        const d = residual(r, shift);
        if (d !== undefined && Math.abs(d) <= r.intervalMicros / 2) close.push(d);
      }
      if (close.length === 0) return shift;
      const step = median(close);
      shift += step;
      if (Math.abs(step) < 1) break;
    }
    return shift;
  };
  const score = (shift: number): Fit => ({
    shift,
    matched: probe.filter((r) => Math.abs(residual(r, shift) ?? Infinity) <= tolerance(r.intervalMicros)).length,
  });

  const scored = new Map<number, Fit>();
  const consider = (shift: number): void => {
    const bucket = Math.round(shift / 1000);
    if (!scored.has(bucket)) scored.set(bucket, score(shift));
  };
  const refined = new Set<number>();
  for (const candidate of candidates) {
    const shift = refine(candidate);
    if (refined.has(Math.round(shift / 1000))) continue;
    refined.add(Math.round(shift / 1000));
    for (let k = -NEIGHBOURS; k <= NEIGHBOURS; k++) consider(k === 0 ? shift : refine(shift + k * interval));
  }
  return {
    fits: [...scored.values()].filter((f) => f.matched > 0),
    fitNear: (guess) => score(refine(guess)),
    align: (shift) => {
      const pairs: AdvertPair[] = [];
      for (const r of receptions) {
        const d = residual(r, shift);
        if (d !== undefined && Math.abs(d) <= tolerance(r.intervalMicros)) pairs.push({ sentAt: r.at - shift - d, receivedAt: r.at });
      }
      return { shift, pairs, receptions: receptions.length };
    },
  };
}
