// One line per transition, with its reason, from a node's journal (`vigil replay --timeline`).
import type { Effect, Record as JournalRecord } from '../../core/events/index.js';
import { describeReason } from '../sim/report.js';

export interface TimelineEntry {
  readonly sequence: bigint;
  readonly wallNs: bigint;
  readonly nodeId: string;
  readonly transition: Extract<Effect, { kind: 'Transition' }>;
}

export function transitionsOf(records: Iterable<JournalRecord>): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const r of records) {
    if (r.body.kind === 'Transition') out.push({ sequence: r.sequence, wallNs: r.wallNs, nodeId: r.nodeId, transition: r.body });
  }
  return out;
}

/** ISO 8601 with microseconds, UTC. */
export function wallTime(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const micros = Number((ns / 1000n) % 1000n).toString().padStart(3, '0');
  return new Date(ms).toISOString().replace('Z', `${micros}Z`);
}

export function timelineLine(e: TimelineEntry): string {
  const t = e.transition;
  const what = t.group ? `group ${t.instance}` : t.instance;
  return `${wallTime(e.wallNs)} #${e.sequence} ${e.nodeId} ${what} ${t.from.toUpperCase()} -> ${t.to.toUpperCase()} (prio ${t.priority}; ${describeReason(t.reason)})`;
}
