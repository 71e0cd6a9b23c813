// Who was MASTER when, per virtual router, and the windows in which two or more nodes were.
import type { InstanceState, Reason } from '../../core/events/index.js';
import type { NodeFacts } from './facts.js';

export type IntervalEnd =
  | { readonly kind: 'transition'; readonly to: InstanceState; readonly reason: Reason }
  /**
   * The daemon started again. The previous run was last seen at `lastSeen` (its last record) and
   * was dead by the interval's end (the first of its timers that never fired).
   */
  | { readonly kind: 'restart'; readonly lastSeen: number }
  /** Still MASTER at the node's last record. */
  | { readonly kind: 'journalEnd' };

export interface MasterInterval {
  readonly router: string;
  readonly node: string;
  readonly instance: string;
  /** µs after the report's origin, on the reference clock. */
  readonly from: number;
  readonly until: number;
  /** Priority when it became MASTER. */
  readonly priority: number;
  readonly entered: Reason;
  readonly ended: IntervalEnd;
}

export interface SplitBrainSpan {
  readonly router: string;
  readonly from: number;
  readonly until: number;
  /** Every node that was MASTER at some point of the window, by name. */
  readonly nodes: readonly string[];
}

/** The node's MASTER intervals, times mapped to the reference clock by `toReference`. */
export function masterIntervals(facts: NodeFacts, toReference: (at: number) => number): MasterInterval[] {
  const out: MasterInterval[] = [];
  const open = new Map<string, { router: string; from: number; priority: number; entered: Reason }>();
  const close = (instance: string, at: number, ended: IntervalEnd): void => {
    const o = open.get(instance);
    if (o === undefined) return;
    open.delete(instance);
    out.push({ router: o.router, node: facts.node, instance, from: toReference(o.from), until: toReference(at), priority: o.priority, entered: o.entered, ended });
  };
  for (const step of facts.lifecycle) {
    if (step.kind === 'restart') {
      for (const instance of [...open.keys()]) close(instance, step.deadBy, { kind: 'restart', lastSeen: toReference(step.previousEnd) });
      continue;
    }
    if (step.to === 'master' && step.router !== undefined && !open.has(step.instance)) {
      open.set(step.instance, { router: step.router, from: step.at, priority: step.priority, entered: step.reason });
    } else if (step.to !== 'master') {
      close(step.instance, step.at, { kind: 'transition', to: step.to, reason: step.reason });
    }
  }
  for (const instance of [...open.keys()]) close(instance, facts.lastAt, { kind: 'journalEnd' });
  return out;
}

/** Windows with two or more nodes MASTER of the same router, in time order. */
export function splitBrainSpans(intervals: readonly MasterInterval[]): SplitBrainSpan[] {
  const routers = [...new Set(intervals.map((i) => i.router))].sort();
  return routers.flatMap((router) => spansOf(router, intervals.filter((i) => i.router === router)));
}

function spansOf(router: string, intervals: readonly MasterInterval[]): SplitBrainSpan[] {
  // Ends before starts at the same instant: a handover in one step is no overlap.
  const steps = intervals
    .filter((i) => i.until > i.from)
    .flatMap((i) => [
      { at: i.from, delta: 1, node: i.node },
      { at: i.until, delta: -1, node: i.node },
    ])
    .sort((a, b) => a.at - b.at || a.delta - b.delta || a.node.localeCompare(b.node));
  const active = new Map<string, number>();
  const out: SplitBrainSpan[] = [];
  let open: { from: number; nodes: Set<string> } | undefined;
  for (const s of steps) {
    const count = (active.get(s.node) ?? 0) + s.delta;
    if (count === 0) active.delete(s.node);
    else active.set(s.node, count);
    if (active.size >= 2) {
      open ??= { from: s.at, nodes: new Set() };
      for (const n of active.keys()) open.nodes.add(n);
    } else if (open !== undefined) {
      out.push({ router, from: open.from, until: s.at, nodes: [...open.nodes].sort() });
      open = undefined;
    }
  }
  return out;
}
