// The postmortem of several nodes' journals: one clock, who was MASTER when, every split brain and
// its cause. Pure: journal records in, a Postmortem value out.
import type { Record as JournalRecord } from '../../core/events/index.js';
import { nameCauses, type Cause } from './causes.js';
import { estimateClocks, type Clocks } from './clocks.js';
import { gatherEvidence, type AdvertFlow } from './evidence.js';
import { readFacts, type NodeFacts, type RouterInfo } from './facts.js';
import { earliestWall, localTimes } from './local-time.js';
import { masterIntervals, splitBrainSpans, type IntervalEnd, type MasterInterval } from './masters.js';

export interface PostmortemOptions {
  /** The node whose clock the report uses; default the first node by name. */
  readonly reference?: string;
}

export interface SplitBrainWindow {
  readonly from: number;
  readonly until: number;
  readonly durationMicros: number;
  readonly nodes: readonly string[];
  /** Shorter than one advert interval: the overlap of an ordinary handover (still listed). */
  readonly handover: boolean;
  /** The strongest explanation; `causes` has every one found, this one first. */
  readonly cause: Cause;
  readonly causes: readonly Cause[];
  readonly adverts: readonly AdvertFlow[];
  /** The MASTER that made it a split brain, and how it became MASTER. */
  readonly opened: { readonly node: string; readonly instance: string; readonly entered: MasterInterval['entered'] } | undefined;
  /** The MASTER whose end ended it, and how it ended. */
  readonly closed: { readonly node: string; readonly instance: string; readonly ended: IntervalEnd } | undefined;
}

export interface RouterReport {
  readonly key: string;
  readonly vrid: number;
  readonly family: 'inet' | 'inet6';
  /** The largest advert_int any node configured for it, µs. */
  readonly advertIntervalMicros: number;
  readonly masters: readonly MasterInterval[];
  readonly splitBrains: readonly SplitBrainWindow[];
}

export interface Postmortem {
  readonly nodes: readonly string[];
  readonly reference: string;
  /** Wall time (ns, reference clock) that the report's times count from: the earliest record. */
  readonly originWallNs: bigint;
  /** The last record of any node, µs after the origin. */
  readonly endMicros: number;
  readonly clocks: Clocks;
  /** Each node's own addresses (how an advert's source names its sender). */
  readonly addresses: ReadonlyMap<string, readonly string[]>;
  readonly routers: readonly RouterReport[];
  /** Caveats: addresses claimed by two nodes, clocks that could not be compared, ... */
  readonly notes: readonly string[];
}

export class PostmortemError extends Error {}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const isLoopback = (address: string): boolean => address === '::1' || address.startsWith('127.');

/** Addresses that name exactly one node; the others (loopback aside) are reported. */
function addressBook(facts: readonly NodeFacts[], notes: string[]): Map<string, string> {
  const owners = new Map<string, string[]>();
  for (const f of facts) for (const a of f.ownAddresses) owners.set(a, [...(owners.get(a) ?? []), f.node]);
  const book = new Map<string, string>();
  for (const [address, nodes] of owners) {
    const [only] = nodes;
    if (nodes.length === 1 && only !== undefined) book.set(address, only);
    // Every host has loopback; no advert comes from it, so it is not worth a note.
    else if (!isLoopback(address)) notes.push(`address ${address} is claimed by ${nodes.join(' and ')}: adverts from it are not attributed`);
  }
  return book;
}

function mergeRouters(facts: readonly NodeFacts[]): Map<string, RouterInfo> {
  const out = new Map<string, RouterInfo>();
  for (const f of facts) {
    for (const r of f.routers.values()) {
      const known = out.get(r.key);
      out.set(r.key, known === undefined ? r : { ...known, advertIntervalMicros: Math.max(known.advertIntervalMicros, r.advertIntervalMicros) });
    }
  }
  return out;
}

export function postmortem(journals: ReadonlyMap<string, readonly JournalRecord[]>, options: PostmortemOptions = {}): Postmortem {
  const nodes = [...journals.keys()].sort(byName);
  const reference = options.reference ?? nodes[0];
  if (reference === undefined) throw new PostmortemError('no journals to analyse');
  if (!journals.has(reference)) throw new PostmortemError(`reference node ${reference} has no journal (nodes: ${nodes.join(', ')})`);
  const notes: string[] = [];
  const earliest = earliestWall(journals.values());
  const facts = nodes.map((node) => {
    const records = [...(journals.get(node) ?? [])].sort((a, b) => (a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0));
    return readFacts(node, records, localTimes(records, earliest));
  });
  const factsOf = new Map(facts.map((f) => [f.node, f]));
  const book = addressBook(facts, notes);

  const clocks = estimateClocks(facts, reference);
  const offset = new Map(clocks.estimates.map((e) => [e.node, e.offsetMicros]));
  for (const e of clocks.estimates) {
    if (e.method === 'none') notes.push(`${e.node}: no advert seen both in its journal and another's: its wall clock is used as it is`);
    if (e.inconsistent) notes.push(`${e.node}: the adverts give a negative round trip (clock drift?): its offset is less certain than stated`);
    if (e.ambiguous) notes.push(`${e.node}: pairings whole advert intervals apart fit its adverts equally well; the one nearest the wall clocks is used`);
  }
  // The origin is the earliest record once every clock is corrected.
  const shift = Math.min(...facts.map((f) => f.firstAt - (offset.get(f.node) ?? 0)));
  const toReference = (node: string, at: number): number => at - (offset.get(node) ?? 0) - shift;

  const intervals = facts.flatMap((f) => masterIntervals(f, (at) => toReference(f.node, at)));
  const spans = splitBrainSpans(intervals);
  const routerInfo = mergeRouters(facts);
  for (const i of intervals) {
    if (!routerInfo.has(i.router)) notes.push(`${i.node}: ${i.instance} is in no config it loaded`);
  }

  const routers = [...routerInfo.values()]
    .sort((a, b) => a.vrid - b.vrid || byName(a.family, b.family))
    .map((r): RouterReport => {
      const masters = intervals.filter((i) => i.router === r.key).sort((a, b) => a.from - b.from || byName(a.node, b.node));
      const interval = r.advertIntervalMicros;
      const splitBrains = spans
        .filter((s) => s.router === r.key)
        .map((s): SplitBrainWindow => {
          const durationMicros = s.until - s.from;
          // Master_Down_Interval is under four advert intervals (RFC 5798 §6.1): what made a backup
          // take over happened within that much before the window.
          const evidence = gatherEvidence({ facts: factsOf, toReference }, r.key, s.nodes, s, 4 * interval, interval / 2, interval);
          const causes = nameCauses(evidence, s, interval);
          const opener = masters.find((m) => m.from === s.from);
          const closer = masters.find((m) => m.until === s.until);
          return {
            from: s.from,
            until: s.until,
            durationMicros,
            nodes: s.nodes,
            handover: durationMicros < interval,
            cause: causes[0] ?? { kind: 'unknown', text: '', nodes: [] },
            causes,
            adverts: evidence.flows,
            opened: opener === undefined ? undefined : { node: opener.node, instance: opener.instance, entered: opener.entered },
            closed: closer === undefined ? undefined : { node: closer.node, instance: closer.instance, ended: closer.ended },
          };
        });
      return { key: r.key, vrid: r.vrid, family: r.family, advertIntervalMicros: interval, masters, splitBrains };
    });

  return {
    nodes,
    reference,
    originWallNs: earliest + BigInt(Math.round(shift * 1000)),
    endMicros: Math.max(...facts.map((f) => toReference(f.node, f.lastAt))),
    clocks,
    addresses: new Map([...factsOf].map(([n, f]) => [n, f.ownAddresses.filter((a) => book.get(a) === n)])),
    routers,
    notes,
  };
}
