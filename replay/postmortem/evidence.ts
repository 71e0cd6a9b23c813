// What the journals show around one split-brain window: adverts per direction (sent, arrived,
// rejected), pauses, priority changes, restarts and reloads of the nodes that were MASTER.
import type { NodeFacts } from './facts.js';
import { seconds } from './format.js';
import type { RejectionKind } from './rejections.js';

/** Times on the reference clock, µs after the origin. */
export interface Span {
  readonly from: number;
  readonly until: number;
}

export interface RejectionCount {
  readonly kind: RejectionKind;
  readonly count: number;
  /** false: logged but used anyway (a warning). */
  readonly rejects: boolean;
  /** The first such log line. */
  readonly message: string;
}

/** Adverts of one virtual router from one node to another within the span. */
export interface AdvertFlow {
  readonly from: string;
  readonly to: string;
  readonly sent: number;
  /** Arrivals at `to` (rejected ones included), at most `sent`. */
  readonly received: number;
  readonly lost: number;
  readonly rejections: readonly RejectionCount[];
}

export interface Pause {
  readonly node: string;
  readonly from: number;
  readonly until: number;
}

export interface NodeEvent {
  readonly node: string;
  readonly at: number;
  readonly text: string;
}

export interface Evidence {
  readonly flows: readonly AdvertFlow[];
  readonly pauses: readonly Pause[];
  readonly priorityChanges: readonly NodeEvent[];
  readonly restarts: readonly NodeEvent[];
  readonly reloads: readonly NodeEvent[];
}

export interface EvidenceContext {
  readonly facts: ReadonlyMap<string, NodeFacts>;
  /** A node-local time on the reference clock. */
  readonly toReference: (node: string, at: number) => number;
}

/** A timer this late means the process did not run (floor for very short advert intervals). */
function pauseThreshold(advertIntervalMicros: number): number {
  return Math.max(100_000, advertIntervalMicros / 2);
}

function within(span: Span, at: number): boolean {
  return at >= span.from && at <= span.until;
}

function flow(ctx: EvidenceContext, router: string, from: NodeFacts, to: NodeFacts, span: Span, slack: number): AdvertFlow {
  const sent = from.sent.filter((s) => s.router === router && within(span, ctx.toReference(from.node, s.at))).length;
  const addresses = new Set(from.ownAddresses);
  const late = { from: span.from, until: span.until + slack };
  const arrivals = to.received.filter((r) => r.router === router && addresses.has(r.source) && within(late, ctx.toReference(to.node, r.at)));
  const counts = new Map<RejectionKind, RejectionCount>();
  for (const r of arrivals) {
    if (r.rejection === undefined) continue;
    const known = counts.get(r.rejection.kind);
    counts.set(r.rejection.kind, { kind: r.rejection.kind, count: (known?.count ?? 0) + 1, rejects: r.rejection.rejects, message: known?.message ?? r.rejection.message });
  }
  const received = Math.min(arrivals.length, sent);
  return { from: from.node, to: to.node, sent, received, lost: sent - received, rejections: [...counts.values()] };
}

/** Late timers of one node merged into pauses, on the reference clock. */
function pausesOf(ctx: EvidenceContext, f: NodeFacts, threshold: number): Pause[] {
  const out: Pause[] = [];
  const late = f.lateTimers.filter((t) => t.firedAt - t.dueAt >= threshold).sort((a, b) => a.dueAt - b.dueAt);
  for (const t of late) {
    const from = ctx.toReference(f.node, t.dueAt);
    const until = ctx.toReference(f.node, t.firedAt);
    const last = out[out.length - 1];
    if (last !== undefined && from <= last.until) out[out.length - 1] = { ...last, until: Math.max(last.until, until) };
    else out.push({ node: f.node, from, until });
  }
  return out;
}

/**
 * The evidence for a window of `router` in which `nodes` were MASTER, looking back `lead` µs (the
 * time a backup waits before it takes over) and `slack` µs past the end (adverts still in flight).
 */
export function gatherEvidence(ctx: EvidenceContext, router: string, nodes: readonly string[], span: Span, lead: number, slack: number, advertIntervalMicros: number): Evidence {
  const looked: Span = { from: span.from - lead, until: span.until };
  const involved = nodes.flatMap((n) => {
    const f = ctx.facts.get(n);
    return f === undefined ? [] : [f];
  });
  const flows: AdvertFlow[] = [];
  for (const a of involved) for (const b of involved) if (a !== b) flows.push(flow(ctx, router, a, b, looked, slack));
  const pauses = involved.flatMap((f) => pausesOf(ctx, f, pauseThreshold(advertIntervalMicros))).filter((p) => p.until >= looked.from && p.from <= looked.until + slack);
  const at = (node: string, local: number): number => ctx.toReference(node, local);
  const priorityChanges = involved.flatMap((f) =>
    f.priorityChanges
      .filter((p) => p.router === router && !p.byReload && within(looked, at(f.node, p.at)))
      .map((p) => ({ node: f.node, at: at(f.node, p.at), text: `${f.node} (${p.instance}) priority ${p.from} → ${p.to} at ${seconds(at(f.node, p.at))} s: ${p.why}` })),
  );
  const restarts = involved.flatMap((f) =>
    f.lifecycle.flatMap((s) =>
      s.kind === 'restart' && within(looked, at(f.node, s.at))
        ? [{ node: f.node, at: at(f.node, s.at), text: `${f.node}'s daemon started again at ${seconds(at(f.node, s.at))} s (its previous run's last record at ${seconds(at(f.node, s.previousEnd))} s)` }]
        : [],
    ),
  );
  const reloads = involved.flatMap((f) =>
    f.reloads
      .filter((r) => within(looked, at(f.node, r)))
      .map((r) => {
        const changes = f.priorityChanges.filter((p) => p.byReload && p.at === r && p.router === router).map((p) => `, ${p.instance} priority ${p.from} → ${p.to}`);
        return { node: f.node, at: at(f.node, r), text: `${f.node} loaded its config again (reload) at ${seconds(at(f.node, r))} s${changes.join('')}` };
      }),
  );
  return { flows, pauses, priorityChanges, restarts, reloads };
}
