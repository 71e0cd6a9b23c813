// A simulation's per-node history as journal records (schema/record.proto), for replay and
// postmortem, and their digest for the determinism check.
import { createHash } from 'node:crypto';
import { encodeRecord, type Record as JournalRecord } from '../../core/events/index.js';
import type { JournalEntry } from './node.js';

/** 2026-01-01T00:00:00Z in ns: the wall clock of a simulated node is this plus its monotonic time. */
const SIMULATION_EPOCH_NS = 1_767_225_600_000_000_000n;

export function journalRecords(nodeId: string, entries: readonly JournalEntry[]): JournalRecord[] {
  return entries.map((e, i) => {
    const monotonicNs = BigInt(e.at) * 1000n;
    return { sequence: BigInt(i + 1), monotonicNs, wallNs: SIMULATION_EPOCH_NS + monotonicNs, nodeId, body: e.body };
  });
}

/** SHA-256 over every node's encoded records, in node order: equal runs give equal digests. */
export function journalDigest(journals: ReadonlyMap<string, readonly JournalEntry[]>): string {
  const hash = createHash('sha256');
  for (const [node, entries] of [...journals].sort(([a], [b]) => a.localeCompare(b))) {
    for (const record of journalRecords(node, entries)) hash.update(encodeRecord(record));
  }
  return hash.digest('hex');
}
